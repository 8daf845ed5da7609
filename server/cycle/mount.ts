import type express from 'express';
import { randomBytes } from 'node:crypto';
import type { PdfPrinter } from '../archive/pdf.js';
import type { ArchiveRenderer } from '../archive/renderer.js';
import type { Mailer } from '../mail/mailer.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { LogStore } from '../storage/log.js';
import { createCycleApi } from './api.js';
import { DocumentStore } from './documents.js';
import { CONSULT_BASE } from './pages.js';
import { createConsultationRoutes } from './public-routes.js';
import { CycleRegistry, type CycleSummary } from './registry.js';
import { CycleService } from './service.js';

export interface CycleDeps {
  store: LogStore;
  meetings: MeetingRegistry;
  clock: () => number;
  adminToken: string;
  linkSecret: string;
  mailer: Mailer | null;
  printer: PdfPrinter | null;
  renderer: ArchiveRenderer;
  publicUrl: () => string;
}

/**
 * Over for good: its report is out and its meeting archived (or gone, or never named). Nothing
 * of such a cycle changes by itself, and its meeting no longer asks it anything.
 */
export const finishedBeside =
  (meetings: Pick<MeetingRegistry, 'summary'>) =>
  ({ reportPublished, meetingId }: CycleSummary): boolean => {
    const meeting = meetingId === null ? undefined : meetings.summary(meetingId);
    return reportPublished && (meeting === undefined || meeting.status === 'archived');
  };

const newCycleId = () => `c${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}`;

/**
 * The consultation cycle on the web server: the secretariat's API under `/api/cycles` (before
 * the general API, whose catch-all answers unknown /api paths) and the public consultation
 * pages under `/consult`.
 */
export async function mountCycles(web: express.Express, deps: CycleDeps): Promise<{ service: CycleService }> {
  const cycles = await CycleRegistry.load(deps.store, deps.clock, { finished: finishedBeside(deps.meetings) });
  const service = new CycleService(cycles, deps.meetings, {
    documents: new DocumentStore(deps.store),
    linkSecret: deps.linkSecret,
    publicUrl: deps.publicUrl,
    mailer: deps.mailer,
    renderer: deps.renderer,
  });
  web.use(
    '/api/cycles',
    createCycleApi({ service, meetings: deps.meetings, adminToken: deps.adminToken, clock: deps.clock, newCycleId, publicUrl: deps.publicUrl }),
  );
  web.use(
    CONSULT_BASE,
    createConsultationRoutes({ service, mailer: deps.mailer, clock: deps.clock, printer: deps.printer, publicUrl: deps.publicUrl }),
  );
  // Wrapped: CycleService has a `then` of its own (its queue), so a promise would adopt it as a thenable.
  return { service };
}
