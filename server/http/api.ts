import express, { type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SECRETARIAT, type Actor } from '../../shared/access/actor.js';
import { appError, httpStatusOf, type AppError } from '../../shared/errors.js';
import { MeetingCommand } from '../../shared/meeting/commands.js';
import { CaptionLanguages, Id, MeetingDetails, ParticipantDetails, Role, Timestamp, type MeetingState } from '../../shared/meeting/model.js';
import type { Result } from '../../shared/result.js';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import { linkUrl, type LinkSigner } from '../access/links.js';
import type { Committed, MeetingRegistry } from '../meetings/registry.js';

export interface ApiDeps {
  registry: MeetingRegistry;
  signer: LinkSigner;
  adminToken: string;
  publicUrl: string;
  roleLinkDays: number;
  clock: () => number;
  newMeetingId: () => string;
  /** The record under review before archiving, and the checks on corrections the meeting cannot make. */
  review: {
    preview(meetingId: string): Result<ArchiveRecord>;
    checkCommand(meetingId: string, command: MeetingCommand): Result<null>;
  };
}

function sendError(res: Response, error: AppError): void {
  res.status(httpStatusOf(error.code)).json({ error });
}

function parseBody<T>(schema: z.ZodType<T>, req: Request, res: Response): T | null {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  sendError(res, appError('BAD_REQUEST', detail));
  return null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const IssueLinkRequest = z.strictObject({
  role: Role.exclude(['participant']),
  label: z.string().trim().max(120).default(''),
  expiresAt: Timestamp.optional(),
  captions: CaptionLanguages.optional(),
});

/** HTTP adapter: the secretariat's set-up API and public registration. */
export function createApi(deps: ApiDeps): express.Router {
  const { registry, signer } = deps;
  const api = express.Router();
  api.use(express.json({ limit: '256kb' }));

  const meetingOf = (req: Request, res: Response): MeetingState | null => {
    const id = Id.safeParse(req.params.meetingId);
    const meeting = id.success ? registry.get(id.data) : undefined;
    if (!meeting) sendError(res, appError('MEETING_NOT_FOUND'));
    return meeting?.state ?? null;
  };

  const dispatch = (res: Response, meetingId: string, actor: Actor, command: MeetingCommand): Committed | null => {
    const result: Result<Committed> = registry.dispatch(meetingId, actor, command);
    if (result.ok) return result.value;
    sendError(res, result.error);
    return null;
  };

  const requireSecretariat = (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (token && sameSecret(token, deps.adminToken)) return next();
    sendError(res, appError('UNAUTHORIZED', 'secretariat token required'));
  };

  api.get('/health', (_req, res) => {
    res.json({ ok: true });
  });

  // Public: what a registrant needs to see before registering.
  api.get('/meetings/:meetingId/public', (req, res) => {
    const state = meetingOf(req, res);
    if (!state) return;
    const { id, title, venue, status, languages, startsAt, endsAt, timeZone } = state;
    const registrationOpen = status === 'scheduled' || status === 'open';
    // Registrants are told before they sign up that the floor is recorded (issue 16).
    res.json({ id, title, venue, status, languages, startsAt, endsAt, timeZone, registrationOpen, recordFloor: state.recordFloor });
  });

  api.post('/meetings/:meetingId/registrations', (req, res) => {
    const state = meetingOf(req, res);
    const details = state && parseBody(ParticipantDetails, req, res);
    if (!state || !details) return;
    const committed = dispatch(res, state.id, { kind: 'registrant' }, { type: 'participant:register', details });
    if (!committed) return;
    const link = committed.state.links.find((candidate) => candidate.participantId === committed.createdId);
    if (!link) return sendError(res, appError('INTERNAL'));
    res.status(201).json({ participantId: committed.createdId, url: linkUrl(deps.publicUrl, signer, state.id, link) });
  });

  // Everything below is the secretariat's.
  api.use('/meetings', requireSecretariat);

  api.get('/meetings', (_req, res) => {
    const meetings = registry
      .list()
      .map(({ id, title, status, venue, startsAt, endsAt }) => ({ id, title, status, venue, startsAt, endsAt }))
      .sort((a, b) => a.startsAt - b.startsAt);
    res.json({ meetings });
  });

  api.post('/meetings', (req, res) => {
    const body = parseBody(z.strictObject({ details: MeetingDetails }), req, res);
    if (!body) return;
    const meetingId = deps.newMeetingId();
    const committed = dispatch(res, meetingId, SECRETARIAT, { type: 'meeting:create', meetingId, details: body.details });
    if (committed) res.status(201).json({ meetingId, seq: committed.entry.seq });
  });

  api.get('/meetings/:meetingId', (req, res) => {
    const state = meetingOf(req, res);
    if (state) res.json({ seq: registry.get(state.id)?.seq, state });
  });

  api.post('/meetings/:meetingId/commands', (req, res) => {
    const state = meetingOf(req, res);
    const command = state && parseBody(MeetingCommand, req, res);
    if (!state || !command) return;
    if (command.type === 'meeting:create') return sendError(res, appError('MEETING_EXISTS'));
    const checked = deps.review.checkCommand(state.id, command);
    if (!checked.ok) return sendError(res, checked.error);
    const committed = dispatch(res, state.id, SECRETARIAT, command);
    if (committed) res.json({ seq: committed.entry.seq, createdId: committed.createdId });
  });

  // The record as it would be sealed now, corrections applied: what the secretariat reviews.
  api.get('/meetings/:meetingId/review', (req, res) => {
    const state = meetingOf(req, res);
    if (!state) return;
    const record = deps.review.preview(state.id);
    if (!record.ok) return sendError(res, record.error);
    res.json({ record: record.value });
  });

  api.get('/meetings/:meetingId/links', (req, res) => {
    const state = meetingOf(req, res);
    if (!state) return;
    res.json({ links: state.links.map((link) => ({ ...link, url: linkUrl(deps.publicUrl, signer, state.id, link) })) });
  });

  api.post('/meetings/:meetingId/links', (req, res) => {
    const state = meetingOf(req, res);
    const body = state && parseBody(IssueLinkRequest, req, res);
    if (!state || !body) return;
    const expiresAt = body.expiresAt ?? deps.clock() + deps.roleLinkDays * 24 * 3600 * 1000;
    const committed = dispatch(res, state.id, SECRETARIAT, {
      type: 'link:issue',
      role: body.role,
      label: body.label,
      expiresAt,
      captions: body.captions,
    });
    const link = committed?.state.links.find((candidate) => candidate.id === committed.createdId);
    if (link) res.status(201).json({ linkId: link.id, url: linkUrl(deps.publicUrl, signer, state.id, link) });
  });

  api.use((_req: Request, res: Response) => sendError(res, appError('BAD_REQUEST', 'no such endpoint')));
  // Malformed JSON and oversize bodies end here; their text never reaches the client.
  api.use((error: { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.status && error.status < 500) return sendError(res, appError('BAD_REQUEST', error.type ?? 'body'));
    console.error(error);
    sendError(res, appError('INTERNAL'));
  });
  return api;
}
