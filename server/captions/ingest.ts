import { noteAccess } from '../observability/log.js';
import express, { type NextFunction, type Request, type Response } from 'express';
import { loadNamedMeetings, queryToken } from '../http/load-meeting.js';
import { appError, type AppError } from '../../shared/errors.js';
import { Language, type MeetingState } from '../../shared/meeting/model.js';
import type { CaptionSource, DeskMessage } from '../../shared/captions/desk.js';
import { DeltaText, normaliseCaptionText } from '../../shared/captions/model.js';
import { emptyStream, ingestWrite, overlayRows, type PostFormat } from '../../shared/captions/stream.js';
import { checkAgainst, type LinkSigner, type VerifiedLink } from '../access/links.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { CaptionDesk } from './desk.js';
import type { CaptionHub } from './hub.js';
import { writeFailureCode } from '../storage/health.js';

/** Characters per overlay row unless the address asks otherwise: StreamText's pull default. */
export const OVERLAY_LINE_LENGTH = 32;

export interface IngestDeps {
  registry: MeetingRegistry;
  captions: CaptionHub;
  desk: CaptionDesk;
  signer: LinkSigner;
  clock: () => number;
}

/** CAT software reads the status line and perhaps the body; both stay plain text. */
function reply(res: Response, status: number, body: string): void {
  res.status(status).type('text/plain; charset=utf-8').send(body);
}

const statusOfRefusal = (error: AppError): number => {
  switch (error.code) {
    case 'MEETING_NOT_OPEN':
    case 'UNKNOWN_LANGUAGE':
    case 'BAD_REQUEST':
      return 400;
    case 'CAPTION_NOT_WRITER':
    case 'CAPTION_SEQ_OLD':
    case 'CAPTION_SEQ_REUSED':
      return 409;
    case 'RATE_LIMITED':
      return 429;
    case 'INTERNAL':
      return 500;
    case 'STORAGE_UNAVAILABLE':
      return 503;
    default:
      return 403;
  }
};

/** `en-US`, `ar-SA`, `zh-CN` → the meeting language; absent → the meeting's first language. */
export function languageOf(param: unknown, state: MeetingState): Language | null {
  if (param === undefined) return state.languages[0] ?? null;
  if (typeof param !== 'string') return null;
  const base = Language.safeParse(param.split(/[-_]/)[0]?.toLowerCase());
  return base.success && state.languages.includes(base.data) ? base.data : null;
}

/**
 * A `lang` written into the seat address comes first in the query; the software appends its
 * own after it (plover2CAT always adds `lang=en-US`). The seat's own wins.
 */
const pinnedLanguage = (param: unknown): unknown => (Array.isArray(param) ? param[0] : param);

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Body bytes → text, refusing invalid UTF-8 instead of posting replacement characters. */
function decodeBody(body: unknown): string | null {
  if (!Buffer.isBuffer(body)) return '';
  try {
    return decoder.decode(body);
  } catch {
    return null;
  }
}

/** YouTube's format: a timestamp line (optionally with a region) before each caption's text. */
const YOUTUBE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}[:.]\d{2}\.\d{3}(\s+region:\S+)?\s*$/;

export function parseYoutubeBody(text: string): string[] | null {
  const cues: string[] = [];
  let current: string[] | null = null;
  for (const line of normaliseCaptionText(text).split('\n')) {
    if (YOUTUBE_TIMESTAMP.test(line)) {
      if (current) cues.push(current.join(' '));
      current = [];
    } else if (line.trim()) {
      if (!current) return null;
      current.push(...line.split(/<br\s*\/?>/i).map((part) => part.trim()).filter(Boolean));
    }
  }
  if (current) cues.push(current.join(' '));
  return cues.length > 0 ? cues : null;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

const SOURCE_NAMES: Record<CaptionSource, string> = {
  browser: 'the console',
  zoom: 'Zoom-style software',
  streamtext: 'StreamText',
  teams: 'Teams-style software',
  youtube: 'YouTube-style software',
  tcp: 'the TCP realtime connection',
  'streamtext-pull': 'the StreamText event',
};

/** The refusal in plain words, with the numbers the captioner needs to put it right. */
function refusalText(error: AppError, source: CaptionSource, seq: number, last: number): DeskMessage {
  const who = SOURCE_NAMES[source];
  switch (error.code) {
    case 'CAPTION_SEQ_OLD':
      return {
        code: 'seqOld',
        params: { source, seq, last },
        message: `${who} sent seq ${seq} after seq ${last}: older than the last caption accepted from this seat, so it was not applied. Read the last seq at /closedcaption/seq and continue from it.`,
      };
    case 'CAPTION_SEQ_REUSED':
      return {
        code: 'seqReused',
        params: { source, seq },
        message: `${who} sent seq ${seq} again with different text: not applied. Another program may be using this seat's address.`,
      };
    case 'CAPTION_NOT_WRITER':
      return { code: 'notWriter', params: {}, message: `${error.message} The other seat yields by itself after it has been silent for the quiet period.` };
    default:
      return { code: `errors.${error.code}`, params: {}, message: error.message };
  }
}

/**
 * Ingest for captioners' own tools, so they change nothing but the address they paste:
 * the Zoom third-party caption API (TypeWell, plover2CAT, Text on Top…), StreamText's
 * Real-Time Caption Ingestion, Teams-style CART posts without seq, YouTube's timestamped
 * format, and GETlivecap-style pulls for broadcast overlays.
 */
export function createCaptionIngest(deps: IngestDeps): express.Router {
  const { registry, captions, desk, signer, clock } = deps;
  const router = express.Router();
  loadNamedMeetings(router, registry, { signer, of: queryToken });
  const rawBody = express.raw({ type: () => true, limit: '16kb' });

  const seqOf = (req: Request): number | null => {
    const seq = typeof req.query.seq === 'string' && /^\d{1,15}$/.test(req.query.seq) ? Number(req.query.seq) : NaN;
    return Number.isSafeInteger(seq) ? seq : null;
  };

  /**
   * One post from a seat's software. `seq` null (Teams) numbers the post after the sender's
   * last one: such senders cannot say which post is a retry, and their window format makes a
   * repeated post add nothing.
   */
  const post = async (
    req: Request,
    res: Response,
    source: CaptionSource,
    format: PostFormat,
    seqRequired: boolean,
    body: (text: string) => string | null,
    resendsUnderNewSeq = false,
  ) => {
    const seat = seatOf(registry, signer, clock, req, res, ['captioner']);
    if (!seat) return;
    const given = seqOf(req);
    // Zoom's page lists 403 for a missing seq, but CAT software reads 403 as a bad token and asks
    // the captioner for a new URL: a 400 that says what is wrong leads to the real fix.
    if (seqRequired && given === null) {
      return reply(res, 400, `${appError('BAD_REQUEST').message} The seq parameter must be a whole number, one more for each new caption.`);
    }
    if (seat.state.status !== 'open') return reply(res, 400, appError('MEETING_NOT_OPEN').message);
    const language = languageOf(pinnedLanguage(req.query.lang), seat.state);
    if (!language) return reply(res, 400, appError('UNKNOWN_LANGUAGE').message);
    const decoded = decodeBody(req.body);
    const raw = decoded === null ? null : body(decoded);
    const linkId = seat.link.actor.linkId;
    if (raw === null) return reply(res, 400, appError('BAD_REQUEST', 'body must be UTF-8 caption text').message);
    // Judged against the writes still on their way to the disk: posts in one commit window chain.
    const stream = captions.latest(seat.state.id, language);
    const cursor = stream?.ingest[linkId];
    const seq = given ?? (cursor?.seq ?? 0) + 1;
    const { verdict, command } = ingestWrite(stream, linkId, seq, raw, format, resendsUnderNewSeq ? clock() : undefined);
    if (!DeltaText.safeParse(command.text).success) return reply(res, 400, appError('BAD_REQUEST', 'caption text').message);
    const result = await captions.write(seat.state.id, language, { kind: 'captioner', linkId }, command);
    if (!result.ok) {
      const refusal = refusalText(result.error, source, seq, cursor?.seq ?? 0);
      desk.failed(seat.state.id, linkId, source, language, refusal);
      return reply(res, statusOfRefusal(result.error), refusal.message);
    }
    if (verdict.kind === 'restart') {
      desk.noted(seat.state.id, linkId, source, language, {
        code: 'restarted',
        params: { source, last: cursor?.seq ?? 0 },
        message: `${SOURCE_NAMES[source]} sent seq 1 again after seq ${cursor?.seq}: treated as a new session.`,
      });
    }
    if (verdict.kind === 'resend' && seq > (cursor?.seq ?? 0)) {
      desk.noted(seat.state.id, linkId, source, language, {
        code: 'resent',
        params: { source, seq },
        message: `${SOURCE_NAMES[source]} sent seq ${seq} starting with the text of the post before it, already written: only what follows was written.`,
      });
    }
    const sentAt = Date.parse(String(req.get('x-timestamp') ?? ''));
    if (!result.value.duplicate) desk.heard(seat.state.id, linkId, source, language, command.text, Number.isNaN(sentAt) ? undefined : sentAt);
    reply(res, 200, `${new Date(clock()).toISOString()}\n`);
  };

  /** Zoom-style posts: `format=window` for senders that post their whole caption window (plover2CAT). */
  const zoomPost = (req: Request, res: Response) =>
    post(req, res, 'zoom', req.query.format === 'window' ? 'window' : 'append', true, normaliseCaptionText);

  /** The last seq applied from this seat, in any language (Zoom's `GET …/closedcaption/seq`). */
  const lastSeq = (req: Request, res: Response) => {
    const seat = seatOf(registry, signer, clock, req, res, ['captioner']);
    if (!seat) return;
    const seqs = seat.state.languages.map(
      (language) => captions.current(seat.state.id, language)?.ingest[seat.link.actor.linkId]?.seq ?? 0,
    );
    reply(res, 200, String(Math.max(0, ...seqs)));
  };

  router.get('/closedcaption/seq', lastSeq);
  router.post('/closedcaption', rawBody, zoomPost);
  router.post('/streamtext', rawBody, (req, res) => post(req, res, 'streamtext', 'realtime', true, (text) => text, true));
  router.post('/teams', rawBody, (req, res) => post(req, res, 'teams', 'window', false, normaliseCaptionText));
  router.post('/youtube', rawBody, (req, res) =>
    post(req, res, 'youtube', 'append', true, (text) => {
      const cues = parseYoutubeBody(text);
      // Each YouTube cue is a caption of its own: it commits as a line.
      return cues && cues.map((cue) => `${cue}\n`).join('');
    }),
  );

  /** A seat's software takes the stream over without waiting for the quiet period. */
  router.post('/takeover', async (req, res) => {
    const seat = seatOf(registry, signer, clock, req, res, ['captioner']);
    if (!seat) return;
    const language = languageOf(pinnedLanguage(req.query.lang), seat.state);
    if (!language) return reply(res, 400, appError('UNKNOWN_LANGUAGE').message);
    const result = await captions.write(seat.state.id, language, { kind: 'captioner', linkId: seat.link.actor.linkId }, { type: 'caption:takeOver' });
    if (!result.ok) return reply(res, statusOfRefusal(result.error), result.error.message);
    reply(res, 200, `${new Date(clock()).toISOString()}\n`);
  });

  router.get('/getlivecap', (req, res) => {
    const seat = seatOf(registry, signer, clock, req, res, ['chair', 'moderator', 'captioner', 'screen', 'viewer', 'participant']);
    if (!seat) return;
    const language = languageOf(pinnedLanguage(req.query.lang), seat.state);
    if (!language) return reply(res, 400, appError('UNKNOWN_LANGUAGE').message);
    const count = Math.min(8, Math.max(1, Number(req.query.lines) || 2));
    const length = Math.min(80, Math.max(10, Number(req.query.length) || OVERLAY_LINE_LENGTH));
    const stream = captions.current(seat.state.id, language);
    const rows = overlayRows(stream ?? emptyStream(language), count, length);
    res.status(200).set('cache-control', 'no-store');
    if (req.query.format === 'rss') {
      const items = rows.map((row) => `<item><title>${escapeXml(row)}</title></item>`).join('');
      res
        .type('application/rss+xml; charset=utf-8')
        .send(`<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${escapeXml(seat.state.title)}</title><link>${escapeXml(`${req.protocol}://${req.get('host')}`)}</link><description>Live captions (${language})</description>${items}</channel></rss>\n`);
      return;
    }
    const xml = rows.map((row, index) => `<line${index + 1}>${escapeXml(row)}</line${index + 1}>`).join('');
    res.type('application/xml; charset=utf-8').send(`<?xml version="1.0" encoding="UTF-8"?>\n<caption>${xml}</caption>\n`);
  });

  // Zoom documents 405 for anything but POST on the caption URL.
  router.all(['/closedcaption', '/streamtext', '/teams', '/youtube', '/takeover'], (_req, res) => reply(res, 405, 'Method not allowed'));
  router.use(apiNotFound);
  router.use(apiErrors);
  return router;
}

/** An API path never answers the web page: plain text, which CAT software can log. */
function apiNotFound(_req: Request, res: Response): void {
  reply(res, 404, 'No such caption endpoint.');
}

function apiErrors(error: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction): void {
  if (error.status === 413) return reply(res, 413, appError('BAD_REQUEST', 'caption body too large').message);
  if (error.status && error.status < 500) return reply(res, 400, appError('BAD_REQUEST').message);
  const code = writeFailureCode(error);
  reply(res, code === 'STORAGE_UNAVAILABLE' ? 503 : 500, appError(code).message);
}

/**
 * plover2CAT and others replace the path of the pasted address with `/closedcaption/seq`
 * (Zoom's own host has it at the root), so the Zoom-compatible ingest also answers there.
 */
export function createRootCaptionIngest(deps: IngestDeps): express.Router {
  const ingest = createCaptionIngest(deps);
  const router = express.Router();
  router.use('/closedcaption', (req, res, next) => {
    req.url = `/closedcaption${req.url === '/' ? '' : req.url}`;
    ingest(req, res, next);
  });
  return router;
}

/** The seat behind the token in the URL, or a plain-text 403 as Zoom answers. */
export function seatOf(
  registry: MeetingRegistry,
  signer: LinkSigner,
  clock: () => number,
  req: Request,
  res: Response,
  roles: readonly string[],
): { link: VerifiedLink; state: MeetingState } | null {
  const token = typeof req.query.token === 'string' ? req.query.token : '';
  const verified = signer.verify(token);
  const meeting = verified.ok ? registry.get(verified.value.meetingId) : undefined;
  const problem = verified.ok && meeting ? checkAgainst(meeting.state, verified.value, clock()) : appError('UNAUTHORIZED');
  if (problem || !verified.ok || !meeting || !roles.includes(verified.value.actor.role)) {
    reply(res, 403, (problem ?? appError('FORBIDDEN')).message);
    return null;
  }
  // The access log names the meeting a seat's post went to; its URL names none.
  noteAccess(res, { meetingId: meeting.state.id });
  return { link: verified.value, state: meeting.state };
}
