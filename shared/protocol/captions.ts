import { z } from 'zod';
import { CaptionLine, CaptionLogEntry, CaptionStream, DeltaText, MAX_DELTA_CHARS } from '../captions/model.js';
import { Language } from '../meeting/model.js';

/** Client → server: start receiving a language's captions, resuming after `lastSeq` if given. */
export const CaptionSubscribe = z.strictObject({
  language: Language,
  lastSeq: z.number().int().nonnegative().optional(),
});

export const CaptionUnsubscribe = z.strictObject({ language: Language });

/** Client → server, captioners only: one delta of live typing. */
export const CaptionWrite = z.strictObject({
  language: Language,
  erase: z.number().int().min(0).max(MAX_DELTA_CHARS),
  text: DeltaText,
});

export const CaptionTakeOver = z.strictObject({ language: Language });

export const CaptionSnapshot = z.object({
  language: Language,
  seq: z.number().int().nonnegative(),
  stream: CaptionStream,
});
export type CaptionSnapshot = z.infer<typeof CaptionSnapshot>;

export const CaptionCatchUp = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('entries'), language: Language, entries: z.array(CaptionLogEntry) }),
  z.object({ kind: z.literal('snapshot'), snapshot: CaptionSnapshot }),
]);
export type CaptionCatchUp = z.infer<typeof CaptionCatchUp>;

/**
 * The caption event stream (`GET /api/captions/events?token=…&lang=…`, Server-Sent Events): the
 * names of its events. `snapshot`: a CaptionSnapshot; `entries`: the entries a reader coming
 * back with `Last-Event-ID` missed (CaptionCatchUp of kind `entries`); `caption`: one
 * CaptionChanged, its entry's seq as the event's id; `ended`: the AppError that closed the
 * stream (its link revoked or expired); `unavailable`: the AppError of storage that is away,
 * after which the stream ends and the reader comes back after the `retry` delay.
 */
export const CAPTION_EVENTS_PATH = '/api/captions/events';
export const CAPTION_EVENTS = {
  snapshot: 'snapshot',
  entries: 'entries',
  caption: 'caption',
  ended: 'ended',
  unavailable: 'unavailable',
} as const;

/** How long EventSource waits before coming back to a stream that ended or dropped. */
export const CAPTION_EVENTS_RETRY_MS = 3000;

/**
 * How often an event stream (this one, and the meeting's) carries a comment when it carries
 * nothing else: proxies and NATs keep it open, and a page that hears nothing for twice as long
 * knows its connection is dead (a phone roaming between access points, whose network dropped it
 * without a word), as Socket.IO's pings tell a socket's page within 30 s.
 */
export const EVENT_STREAM_KEEP_ALIVE_MS = 10_000;

/** Server → subscribers of a language: one accepted caption command. */
export const CaptionChanged = z.object({ language: Language, entry: CaptionLogEntry });
export type CaptionChanged = z.infer<typeof CaptionChanged>;

/**
 * Server → every page of a meeting, on connection and whenever it changes: the languages being
 * captioned now (written in the last two minutes, `CAPTIONS_LIVE_MS`), in the meeting's order.
 */
export const CaptionLiveChanged = z.object({ languages: z.array(Language) });
export type CaptionLiveChanged = z.infer<typeof CaptionLiveChanged>;

/** How many committed lines a snapshot carries; older ones stay in the log and the archive. */
export const SNAPSHOT_LINES = 100;

/**
 * Most lines one `caption:fetchLines` answers (about 90 KB of JSON at the longest lines): a
 * viewer back after hours asks page after page, never for the whole transcript at once.
 */
export const LINES_PAGE_MAX = 200;

/**
 * Client → server: committed lines `fromLine` (1-based line number) onwards, at most `limit`.
 * A page that comes back from a long absence fills its transcript with the lines a snapshot
 * leaves out, since catch-up entries only cover the server's recent tail.
 */
export const CaptionFetchLines = z.strictObject({
  language: Language,
  fromLine: z.number().int().positive(),
  limit: z.number().int().min(1).max(LINES_PAGE_MAX).default(LINES_PAGE_MAX),
});

/** The same, over HTTP (`GET /api/captions/lines?lang=…&fromLine=…&limit=…`, the link as a bearer), for a page without a socket. */
export const CAPTION_LINES_PATH = '/api/captions/lines';
export const CaptionLinesQuery = z.strictObject({
  /** The link, unless it comes as a bearer. */
  token: z.string().max(2000).optional(),
  lang: Language,
  fromLine: z.coerce.number().int().positive(),
  limit: z.coerce.number().int().min(1).max(LINES_PAGE_MAX).default(LINES_PAGE_MAX),
});

/** The answer: the durable lines from `fromLine` on (fewer at the end), and how many the stream has. */
export const CaptionLinesPage = z.object({
  language: Language,
  fromLine: z.number().int().positive(),
  lines: z.array(CaptionLine),
  lineCount: z.number().int().nonnegative(),
});
export type CaptionLinesPage = z.infer<typeof CaptionLinesPage>;

export interface CaptionAccepted {
  seq: number;
  /** Nothing was written: a CAT-software retry of a seq already applied, or a take-over by the seat already writing. */
  duplicate: boolean;
}
