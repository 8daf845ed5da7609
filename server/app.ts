import express from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { LinkSigner } from './access/links.js';
import { createApi } from './http/api.js';
import { serveClient } from './http/client.js';
import { PdfPrinter, type PdfPrinterOptions } from './archive/pdf.js';
import { createArchiveRoutes, printRecord } from './archive/routes.js';
import { ArchiveService } from './archive/service.js';
import { CaptionHub } from './captions/hub.js';
import { createCaptionIngest } from './captions/ingest.js';
import { MediaCoordinator } from './livekit/coordinator.js';
import { createMediaRoutes } from './livekit/routes.js';
import { attachMediaRealtime } from './livekit/socket.js';
import { ContactBook } from './mail/contacts.js';
import type { Mailer } from './mail/mailer.js';
import { MeetingRegistry } from './meetings/registry.js';
import { useDirectFrames } from './realtime/fan-out.js';
import { ProjectionFeeds } from './realtime/projections.js';
import { attachRealtime, broadcastExtension, type RealtimeServer } from './realtime/socket.js';
import type { LogStore } from './storage/log.js';

export interface AppDeps {
  store: LogStore;
  clock: () => number;
  adminToken: string;
  linkSecret: string;
  /** Base of generated links; when omitted, the address the server listens on. */
  publicUrl?: string;
  /** Grace period after the meeting's end for meetings created without one (LINK_GRACE_HOURS). */
  linkGraceHours: number;
  /** Sends participants their personal links; null without SMTP_URL. */
  mailer: Mailer | null;
  /** Quiet period after which a caption line commits by itself. */
  captionQuietMs: number;
  /** How long the group commit gathers appends before one sync (a few ms). */
  commitWindowMs?: number;
  /** A participant back within this after their last device left is not recorded as leaving. */
  attendanceGraceMs?: number;
  /** How often the LiveKit room is compared with the meeting, as webhooks can be lost. */
  mediaReconcileMs: number;
  newMeetingId: () => string;
  clientDistDir: string;
  /** Prints archived records to PDF; without it the archive offers no PDF. */
  pdf?: PdfPrinterOptions;
}

export interface App {
  registry: MeetingRegistry;
  captions: CaptionHub;
  media: MediaCoordinator;
  archive: ArchiveService;
  signer: LinkSigner;
  httpServer: HttpServer;
  io: RealtimeServer;
  /** Resolves with the base URL once listening; port 0 picks a free port. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Wires the adapters around one registry. Nothing here reads the environment. */
export function createApp(deps: AppDeps): App {
  const registry = new MeetingRegistry(deps.store, deps.clock, {
    captionQuietMs: deps.captionQuietMs,
    commitWindowMs: deps.commitWindowMs,
    attendanceGraceMs: deps.attendanceGraceMs,
  });
  const signer = new LinkSigner(deps.linkSecret);
  const web = express();
  web.disable('x-powered-by');
  // Meeting pages are addressed by meeting and role; none of that goes to the sites they link to.
  web.use((_req, res, next) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  const httpServer = createServer(web);
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    perMessageDeflate: false,
  });
  // A caption delta goes to thousands of viewers: one finished frame per connection (fan-out.ts).
  useDirectFrames(io);
  const captions = new CaptionHub(registry);
  const feeds = new ProjectionFeeds();
  attachRealtime(io, { registry, captions, signer, clock: deps.clock, feeds });
  const media = new MediaCoordinator(registry, { reconcileMs: deps.mediaReconcileMs });
  attachMediaRealtime(io, media, deps.clock);
  const archive = new ArchiveService(registry, deps.store, deps.clock);
  const printer = deps.pdf ? new PdfPrinter(deps.pdf) : null;
  // A sealed record is printed at once, so the first reader does not wait for Chromium.
  if (printer) archive.onSealed((record) => printRecord(printer, record));
  // The rooms' side effects, in this order: tell the connections first, then LiveKit, then the archive.
  registry.setExtensions([broadcastExtension(io, feeds), media.extension(), archive.extension()]);

  let publicUrl = deps.publicUrl ?? '';
  // Before the general API, whose catch-all answers unknown /api paths.
  web.use('/api/captions', createCaptionIngest({ registry, captions, signer, clock: deps.clock }));
  web.use('/api', createMediaRoutes({ coordinator: media, registry, signer, clock: deps.clock }));
  web.use(
    '/api',
    createApi({
      registry,
      signer,
      adminToken: deps.adminToken,
      get publicUrl() {
        return publicUrl;
      },
      linkGraceHours: deps.linkGraceHours,
      mailer: deps.mailer,
      contacts: new ContactBook(deps.store, deps.linkSecret),
      clock: deps.clock,
      newMeetingId: deps.newMeetingId,
      review: archive,
    }),
  );
  web.use('/archive', createArchiveRoutes(archive, printer));
  web.use(serveClient(deps.clientDistDir));

  return {
    registry,
    captions,
    media,
    archive,
    signer,
    httpServer,
    io,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          publicUrl ||= `http://${shownHost}:${address.port}`;
          resolve(publicUrl);
        });
      });
    },
    async close() {
      registry.close();
      media.close();
      deps.mailer?.close();
      await io.close();
      deps.store.close();
    },
  };
}
