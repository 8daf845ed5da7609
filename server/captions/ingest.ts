import express, { type NextFunction, type Request, type Response } from 'express';
import { appError, type AppError } from '../../shared/errors.js';
import { Language, type MeetingState } from '../../shared/meeting/model.js';
import { DeltaText, normaliseLineBreaks } from '../../shared/captions/model.js';
import { recentLines } from '../../shared/captions/stream.js';
import { checkAgainst, type LinkSigner, type VerifiedLink } from '../access/links.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { CaptionHub } from './hub.js';

export interface IngestDeps {
  registry: MeetingRegistry;
  captions: CaptionHub;
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
      return 409;
    case 'RATE_LIMITED':
      return 429;
    case 'INTERNAL':
      return 500;
    default:
      return 403;
  }
};

/** `en-US`, `ar-SA`, `zh-CN` → the meeting language; absent → the meeting's first language. */
function languageOf(param: unknown, state: MeetingState): Language | null {
  if (param === undefined) return state.languages[0] ?? null;
  if (typeof param !== 'string') return null;
  const base = Language.safeParse(param.split(/[-_]/)[0]?.toLowerCase());
  return base.success && state.languages.includes(base.data) ? base.data : null;
}

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
  for (const line of normaliseLineBreaks(text).split('\n')) {
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

/**
 * CAT-software ingest, so captioners keep their own tools: the Zoom third-party caption API
 * (POST text with `seq` and `lang`, GET `/seq`), YouTube's timestamped format, and a
 * GETlivecap-style pull for broadcast overlays.
 */
export function createCaptionIngest({ registry, captions, signer, clock }: IngestDeps): express.Router {
  const router = express.Router();
  const rawBody = express.raw({ type: () => true, limit: '16kb' });

  /** The seat behind the token in the URL, or a plain-text 403 as Zoom answers. */
  const seatOf = (req: Request, res: Response, roles: readonly string[]): { link: VerifiedLink; state: MeetingState } | null => {
    const token = typeof req.query.token === 'string' ? req.query.token : '';
    const verified = signer.verify(token);
    const meeting = verified.ok ? registry.get(verified.value.meetingId) : undefined;
    const problem = verified.ok && meeting ? checkAgainst(meeting.state, verified.value, clock()) : appError('UNAUTHORIZED');
    if (problem || !verified.ok || !meeting || !roles.includes(verified.value.actor.role)) {
      reply(res, 403, (problem ?? appError('FORBIDDEN')).message);
      return null;
    }
    return { link: verified.value, state: meeting.state };
  };

  const seqOf = (req: Request): number | null => {
    const seq = typeof req.query.seq === 'string' && /^\d{1,15}$/.test(req.query.seq) ? Number(req.query.seq) : NaN;
    return Number.isSafeInteger(seq) ? seq : null;
  };

  /** Appends each piece as its own caption post, separated from the tail by a space. */
  const post = async (req: Request, res: Response, pieces: (state: MeetingState, language: Language) => string | null) => {
    const seat = seatOf(req, res, ['captioner']);
    if (!seat) return;
    const seq = seqOf(req);
    if (seq === null) return reply(res, 403, appError('BAD_REQUEST', 'seq').message);
    if (seat.state.status !== 'open') return reply(res, 400, appError('MEETING_NOT_OPEN').message);
    const language = languageOf(req.query.lang, seat.state);
    if (!language) return reply(res, 400, appError('UNKNOWN_LANGUAGE').message);
    const text = pieces(seat.state, language);
    if (text === null) return reply(res, 400, appError('BAD_REQUEST', 'body must be UTF-8 caption text').message);
    if (!DeltaText.safeParse(text).success) return reply(res, 400, appError('BAD_REQUEST', 'caption text').message);
    const tail = captions.fullStream(seat.state.id, language)?.tail.text ?? '';
    const joined = tail && !/\s$/.test(tail) && text && !/^\s/.test(text) ? ` ${text}` : text;
    const result = await captions.write(seat.state.id, language, { kind: 'captioner', linkId: seat.link.actor.linkId }, {
      type: 'caption:write',
      erase: 0,
      text: joined,
      ingestSeq: seq,
    });
    if (!result.ok) return reply(res, statusOfRefusal(result.error), result.error.message);
    reply(res, 200, `${new Date(clock()).toISOString()}\n`);
  };

  router.get('/closedcaption/seq', (req, res) => {
    const seat = seatOf(req, res, ['captioner']);
    if (!seat) return;
    const seqs = seat.state.languages.map(
      (language) => captions.fullStream(seat.state.id, language)?.ingestSeqs[seat.link.actor.linkId] ?? 0,
    );
    reply(res, 200, String(Math.max(0, ...seqs)));
  });

  router.post('/closedcaption', rawBody, (req, res) => {
    void post(req, res, () => {
      const text = decodeBody(req.body);
      return text === null ? null : normaliseLineBreaks(text);
    });
  });

  router.post('/youtube', rawBody, (req, res) => {
    void post(req, res, () => {
      const text = decodeBody(req.body);
      const cues = text === null ? null : parseYoutubeBody(text);
      // Each YouTube cue is a caption of its own: it commits as a line.
      return cues && cues.map((cue) => `${cue}\n`).join('');
    });
  });

  router.get('/getlivecap', (req, res) => {
    const seat = seatOf(req, res, ['chair', 'moderator', 'captioner', 'screen', 'viewer', 'participant']);
    if (!seat) return;
    const language = languageOf(req.query.lang, seat.state);
    if (!language) return reply(res, 400, appError('UNKNOWN_LANGUAGE').message);
    const count = Math.min(8, Math.max(1, Number(req.query.lines) || 2));
    const stream = captions.fullStream(seat.state.id, language);
    const lines = stream ? recentLines(stream, count) : [];
    const xml = lines.map((line, index) => `<line${index + 1}>${escapeXml(line)}</line${index + 1}>`).join('');
    res
      .status(200)
      .type('application/xml; charset=utf-8')
      .set('cache-control', 'no-store')
      .send(`<?xml version="1.0" encoding="UTF-8"?>\n<caption>${xml}</caption>\n`);
  });

  // Zoom documents 405 for anything but POST on the caption URL.
  router.all(['/closedcaption', '/youtube'], (_req, res) => reply(res, 405, 'Method not allowed'));
  router.use((error: { status?: number; type?: string }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.status === 413) return reply(res, 413, appError('BAD_REQUEST', 'caption body too large').message);
    reply(res, error.status && error.status < 500 ? 400 : 500, appError(error.status ? 'BAD_REQUEST' : 'INTERNAL').message);
  });
  return router;
}
