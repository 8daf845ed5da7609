import express, { type NextFunction, type Request, type Response } from 'express';
import { loadNamedMeetings } from './load-meeting.js';
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString, type ParsedUrlQuery } from 'node:querystring';
import { z } from 'zod';
import { SECRETARIAT, type Actor } from '../../shared/access/actor.js';
import { issuedLinkProblem } from '../../shared/access/links.js';
import { appError, httpStatusOf, rateLimited, type AppError } from '../../shared/errors.js';
import { MeetingCommand } from '../../shared/meeting/commands.js';
import {
  CaptionLanguages,
  Id,
  MAX_LINK_GRACE_HOURS,
  MeetingDetails,
  ParticipantDetails,
  BoothLanguage,
  Role,
  Timestamp,
  type MeetingState,
} from '../../shared/meeting/model.js';
import { sameRegistrant } from '../../shared/meeting/selectors.js';
import type { Result } from '../../shared/result.js';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import { linkUrl, type LinkSigner } from '../access/links.js';
import type { ContactBook } from '../mail/contacts.js';
import { mailLanguageOf, personalLinkMail, type PersonalLinkLine } from '../mail/link-mail.js';
import type { Mailer } from '../mail/mailer.js';
import type { CommandGuard, Dispatched, MeetingRegistry } from '../meetings/registry.js';
import { Budgets, KeyedRateLimiter, type Limit } from '../realtime/rate-limit.js';
import type { VenueAddresses } from './venue-addresses.js';
import { sendLargeJson } from './encodings.js';
import { logger, noteAccess } from '../observability/log.js';
import { writeFailureCode } from '../storage/health.js';

export interface ApiDeps {
  registry: MeetingRegistry;
  signer: LinkSigner;
  adminToken: string;
  publicUrl: string;
  /** Grace period after the meeting's end given to meetings created without one. */
  linkGraceHours: number;
  /** Null when no SMTP server is configured: links are then only shown, never sent. */
  mailer: Mailer | null;
  contacts: ContactBook;
  clock: () => number;
  newMeetingId: () => string;
  /** Public registrations allowed per address and per meeting (REGISTRATION_PER_…). */
  registrationLimits: { perAddressPerHour: number; perMeetingPerMinute: number; venue: VenueAddresses };
  /** The record under review before archiving, and the checks on corrections the meeting cannot make. */
  review: {
    preview(meetingId: string): Promise<Result<ArchiveRecord>>;
    /** Judged on the meeting as the command is applied to it (a guard of the room's dispatch). */
    checkCommand(meetingId: string, command: MeetingCommand, state: MeetingState): Result<null>;
  };
}

/** A coded error as JSON, from an Express route or from one served before Express (the event streams). */
export function sendError(res: ServerResponse, error: AppError): void {
  // For the access log and the metrics of errors by code.
  noteAccess(res, { errorCode: error.code });
  const body = JSON.stringify({ error });
  res.writeHead(httpStatusOf(error.code), { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** A refusal for going too fast (429 RATE_LIMITED), saying when `spent` lets the same request pass, in Retry-After and in the coded error. */
export function refuseForNow(res: ServerResponse, spent: Pick<Limit, 'wait'>, detail?: string): void {
  const retryAfterMs = spent.wait();
  res.setHeader('retry-after', String(Math.ceil(retryAfterMs / 1000)));
  sendError(res, rateLimited(retryAfterMs, detail));
}

/**
 * A request's query string as Express parses it (its "simple" parser is `querystring`: a
 * repeated parameter becomes a list), for routes served before Express as well.
 */
export function queryOf(req: IncomingMessage): ParsedUrlQuery {
  const url = req.url ?? '';
  const start = url.indexOf('?');
  return parseQueryString(start < 0 ? '' : url.slice(start + 1));
}

export function parseBody<T>(schema: z.ZodType<T>, req: Request, res: Response): T | null {
  return parseInput(schema, req.body, 'body', res);
}

/** The query string, parsed as strictly as a body: an unknown or repeated parameter is refused. */
export function parseQuery<T>(schema: z.ZodType<T>, req: IncomingMessage, res: ServerResponse): T | null {
  return parseInput(schema, queryOf(req), 'query', res);
}

function parseInput<T>(schema: z.ZodType<T>, input: unknown, what: string, res: ServerResponse): T | null {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || what}: ${issue.message}`).join('; ');
  sendError(res, appError('BAD_REQUEST', detail));
  return null;
}

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const IssueLinkRequest = z.strictObject({
  role: Role.exclude(['participant']),
  label: z.string().trim().max(120).default(''),
  /** Without it the link follows the meeting: its end plus the meeting's grace period. */
  expiresAt: Timestamp.optional(),
  captions: CaptionLanguages.optional(),
  /** Captioner links: the seat of the lead captioner. */
  lead: z.boolean().optional(),
  /** Interpreter links: the language of their booth (`sgn`: sign language). */
  booth: BoothLanguage.optional(),
});

const CreateMeetingRequest = z.strictObject({
  details: MeetingDetails.extend({ linkGraceHours: z.number().int().min(0).max(MAX_LINK_GRACE_HOURS).optional() }),
});

const EmailAddress = z
  .string()
  .trim()
  .max(254)
  .refine((value) => value === '' || z.email().safeParse(value).success, 'must be an e-mail address');

const RegistrationRequest = ParticipantDetails.extend({
  /** Optional: where to send the personal link. Kept apart from the meeting (see ContactBook). */
  email: EmailAddress.default(''),
  /** The language the registrant reads the page in, for the e-mail. */
  language: z.string().max(35).optional(),
  /** The registrant saw that someone with the same name and affiliation is registered, and goes on. */
  confirmDuplicate: z.boolean().default(false),
});

const ResendRequest = z.strictObject({
  email: EmailAddress.refine((value) => value !== '', 'required'),
  language: z.string().max(35).optional(),
});

/** The field a registrant has to fix, as a coded error the form shows next to it. */
function registrationRefusal(error: z.ZodError): AppError {
  const fieldOf = (issue: z.core.$ZodIssue) => issue.path[0];
  const issues = error.issues;
  if (issues.some((issue) => fieldOf(issue) === 'displayName' && issue.code !== 'too_big')) return appError('NAME_REQUIRED');
  if (issues.some((issue) => fieldOf(issue) === 'stakeholderGroup')) return appError('STAKEHOLDER_GROUP_REQUIRED');
  if (issues.some((issue) => fieldOf(issue) === 'email')) return appError('EMAIL_INVALID');
  return appError('BAD_REQUEST', issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
}

/** HTTP adapter: the secretariat's set-up API and public registration. */
export function createApi(deps: ApiDeps): express.Router {
  const { registry, signer } = deps;
  const api = express.Router();
  loadNamedMeetings(api, registry);
  api.use(express.json({ limit: '256kb' }));

  const meetingOf = (req: Request, res: Response): MeetingState | null => {
    const id = Id.safeParse(req.params.meetingId);
    const meeting = id.success ? registry.get(id.data) : undefined;
    if (!meeting) sendError(res, appError('MEETING_NOT_FOUND'));
    return meeting?.state ?? null;
  };

  const dispatch = async (res: Response, meetingId: string, actor: Actor, command: MeetingCommand, guard?: CommandGuard): Promise<Dispatched | null> => {
    const result: Result<Dispatched> = await registry.dispatch(meetingId, actor, command, guard);
    if (result.ok) return result.value;
    sendError(res, result.error);
    return null;
  };

  const personalLinkOf = (state: MeetingState, participantId: string): PersonalLinkLine | null => {
    const link = state.links.find(
      (candidate) =>
        candidate.participantId === participantId && issuedLinkProblem(candidate, deps.clock()) === null,
    );
    const participant = state.participants.find((candidate) => candidate.id === participantId);
    return link && participant ? { name: participant.displayName, url: linkUrl(deps.publicUrl, signer, state.id, link) } : null;
  };

  /** Sends personal links; true once the SMTP server took the message. Never logs the links or the address. */
  const mailLinks = async (state: MeetingState, to: string, language: string | undefined, links: PersonalLinkLine[]) => {
    if (!deps.mailer || links.length === 0) return false;
    try {
      await deps.mailer.send(personalLinkMail(to, mailLanguageOf(language), state, links));
      return true;
    } catch (error) {
      const { code, responseCode } = error as { code?: string; responseCode?: number };
      logger.error({ meetingId: state.id, code, responseCode }, 'could not e-mail a personal link');
      return false;
    }
  };

  /** Keeps the address for "send my link again"; the registration and its e-mail stand even if that fails. */
  const rememberAddress = (meetingId: string, participantId: string, email: string, language: string | undefined) => {
    deps.contacts.add(meetingId, participantId, email, mailLanguageOf(language)).catch((error: unknown) => {
      logger.error({ meetingId, error: error instanceof Error ? error.name : 'error' }, 'could not keep a contact address');
    });
  };

  const { perAddressPerHour, perMeetingPerMinute, venue } = deps.registrationLimits;
  const registrationByAddress = new KeyedRateLimiter({ burst: perAddressPerHour, perSecond: perAddressPerHour / 3600, clock: deps.clock });
  const registrationByMeeting = new KeyedRateLimiter({ burst: perMeetingPerMinute, perSecond: perMeetingPerMinute / 60, clock: deps.clock });

  // "Send my link again": a few tries a minute from one place, fewer for one address.
  const resendByClient = new KeyedRateLimiter({ burst: 5, perSecond: 1 / 60, clock: deps.clock });
  const resendByAddress = new KeyedRateLimiter({ burst: 2, perSecond: 1 / 600, clock: deps.clock });

  /** What a public request draws on: its client address's bucket (the venue's addresses have none) and `also`; a refusal by one spends nothing of the other. */
  const drawnOn = (address: string | undefined, byAddress: KeyedRateLimiter, also: Limit) =>
    new Budgets(venue(address) ? [also] : [byAddress.bucket(address ?? ''), also]);

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
    // A draft is the secretariat's until it is scheduled: to everyone else it does not exist yet.
    if (state.status === 'draft') return sendError(res, appError('MEETING_NOT_FOUND'));
    const { id, title, venue, status, languages, startsAt, endsAt, timeZone } = state;
    const registrationOpen = status === 'scheduled' || status === 'open';
    const mail = deps.mailer !== null;
    // Registrants are told before they sign up that the floor is recorded (issue 16), and whether the secretariat admits each registration.
    res.json({ id, title, venue, status, languages, startsAt, endsAt, timeZone, registrationOpen, mail, recordFloor: state.recordFloor, registrationApproval: state.registrationApproval });
  });

  api.post('/meetings/:meetingId/registrations', async (req, res) => {
    const state = meetingOf(req, res);
    if (!state) return;
    // One script must not fill a meeting: a few registrations an hour per address, and a pace per meeting.
    const budget = drawnOn(req.ip, registrationByAddress, registrationByMeeting.bucket(state.id));
    if (!budget.take()) return refuseForNow(res, budget, 'registrations');
    const parsed = RegistrationRequest.safeParse(req.body);
    if (!parsed.success) return sendError(res, registrationRefusal(parsed.error));
    const { email, language, confirmDuplicate, ...details } = parsed.data;
    // Checked against the latest state (registrations on their way to the disk included) and
    // registered in the same turn of the event loop: no second registration slips between.
    const duplicate = sameRegistrant(registry.room(state.id)?.latest ?? state, details).length > 0;
    if (duplicate && !confirmDuplicate) return sendError(res, appError('DUPLICATE_REGISTRATION'));
    const committed = await dispatch(res, state.id, { kind: 'registrant' }, { type: 'participant:register', details });
    if (!committed?.createdId) return;
    const link = personalLinkOf(committed.state, committed.createdId);
    if (!link) return sendError(res, appError('INTERNAL'));
    if (email) rememberAddress(state.id, committed.createdId, email, language);
    const emailed = email ? await mailLinks(committed.state, email, language, [link]) : false;
    const registration = committed.state.participants.find((participant) => participant.id === committed.createdId)?.registration;
    res.status(201).json({ participantId: committed.createdId, url: link.url, duplicate, emailed, registration });
  });

  /**
   * Answers the same whether or not the address is known, and before any e-mail goes out, so
   * neither the answer nor its timing tells who registered.
   */
  api.post('/meetings/:meetingId/registrations/resend', (req, res) => {
    const state = meetingOf(req, res);
    const body = state && parseBody(ResendRequest, req, res);
    if (!state || !body) return;
    if (!deps.mailer) return sendError(res, appError('MAIL_UNAVAILABLE'));
    const budget = drawnOn(req.ip, resendByClient, resendByAddress.bucket(deps.contacts.keyOf(body.email)));
    if (!budget.take()) return refuseForNow(res, budget);
    res.status(202).json({ accepted: true });
    void deps.contacts.find(state.id, body.email).then(
      (contacts) => {
        const current = registry.get(state.id)?.state ?? state;
        const links = contacts.flatMap((contact) => personalLinkOf(current, contact.participantId) ?? []);
        return mailLinks(current, body.email, body.language ?? contacts[0]?.language, links);
      },
      (error: unknown) => logger.error({ meetingId: state.id, error: error instanceof Error ? error.name : 'error' }, 'could not read the contact addresses'),
    );
  });

  // Everything below is the secretariat's.
  api.use('/meetings', requireSecretariat);

  // Archived meetings included, from the summaries: years of them are listed without reading a log.
  api.get('/meetings', (_req, res) => {
    const meetings = registry
      .catalogue()
      .map(({ id, title, status, venue, startsAt, endsAt, timeZone }) => ({ id, title, status, venue, startsAt, endsAt, timeZone }))
      .sort((a, b) => a.startsAt - b.startsAt);
    res.json({ meetings });
  });

  api.post('/meetings', async (req, res) => {
    const body = parseBody(CreateMeetingRequest, req, res);
    if (!body) return;
    const meetingId = deps.newMeetingId();
    const details = { ...body.details, linkGraceHours: body.details.linkGraceHours ?? deps.linkGraceHours };
    const committed = await dispatch(res, meetingId, SECRETARIAT, { type: 'meeting:create', meetingId, details });
    if (committed) res.status(201).json({ meetingId, seq: committed.seq });
  });

  /**
   * The secretariat's page follows the meeting by asking again with the seq it holds
   * (`If-None-Match: "<seq>"`): most of the time nothing changed, and it is told so without the
   * state, which is hundreds of kilobytes at a thousand registrations. Compared by hand: a
   * browser asking past its cache also sends `Cache-Control: no-cache`, which Express's
   * `req.fresh` takes as "send it all".
   */
  const unchangedSince = (req: Request, res: Response, meetingId: string): boolean => {
    const tag = `"${registry.get(meetingId)?.seq ?? 0}"`;
    res.set('etag', tag).set('cache-control', 'no-store');
    if (req.get('if-none-match') !== tag) return false;
    res.status(304).end();
    return true;
  };

  api.get('/meetings/:meetingId', async (req, res) => {
    const state = meetingOf(req, res);
    if (state && !unchangedSince(req, res, state.id)) await sendLargeJson(req, res, { seq: registry.get(state.id)?.seq, state });
  });

  api.post('/meetings/:meetingId/commands', async (req, res) => {
    const state = meetingOf(req, res);
    const command = state && parseBody(MeetingCommand, req, res);
    if (!state || !command) return;
    if (command.type === 'meeting:create') return sendError(res, appError('MEETING_EXISTS'));
    const committed = await dispatch(res, state.id, SECRETARIAT, command, (judged) => deps.review.checkCommand(state.id, command, judged));
    if (committed) res.json({ seq: committed.seq, createdId: committed.createdId });
  });

  // The record as it would be sealed now, corrections applied: what the secretariat reviews.
  api.get('/meetings/:meetingId/review', async (req, res) => {
    const state = meetingOf(req, res);
    if (!state) return;
    const record = await deps.review.preview(state.id);
    if (!record.ok) return sendError(res, record.error);
    await sendLargeJson(req, res, { record: record.value });
  });

  api.get('/meetings/:meetingId/links', async (req, res) => {
    const state = meetingOf(req, res);
    if (!state || unchangedSince(req, res, state.id)) return;
    await sendLargeJson(req, res, { links: state.links.map((link) => ({ ...link, url: linkUrl(deps.publicUrl, signer, state.id, link) })) });
  });

  api.post('/meetings/:meetingId/links', async (req, res) => {
    const state = meetingOf(req, res);
    const body = state && parseBody(IssueLinkRequest, req, res);
    if (!state || !body) return;
    const committed = await dispatch(res, state.id, SECRETARIAT, { type: 'link:issue', ...body });
    const link = committed?.state.links.find((candidate) => candidate.id === committed.createdId);
    if (link) res.status(201).json({ linkId: link.id, url: linkUrl(deps.publicUrl, signer, state.id, link) });
  });

  endApi(api);
  return api;
}

/** Unknown paths answer a coded error; malformed JSON and oversize bodies too, their text never reaching the client. */
export function endApi(api: express.Router): void {
  api.use((_req: Request, res: Response) => sendError(res, appError('BAD_REQUEST', 'no such endpoint')));
  api.use((error: unknown, req: Request, res: Response, _next: NextFunction) => answerFailure(error, req, res));
}

/**
 * A request's failure as a coded answer: the body parsers' refusals (malformed JSON, an oversize
 * body: their own 4xx status) are the client's BAD_REQUEST, anything else the server's, logged.
 */
export function answerFailure(error: unknown, req: Request, res: Response): void {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return sendError(res, appError('BAD_REQUEST', typeof type === 'string' ? type : 'body'));
  }
  req.log.error({ err: error }, 'request failed');
  sendError(res, appError(writeFailureCode(error)));
}
