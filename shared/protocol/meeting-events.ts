import { z } from 'zod';
import { Language } from '../meeting/model.js';
import { CAPTION_EVENTS } from './captions.js';

/** Where a page that only reads follows its meeting over Server-Sent Events. */
export const MEETING_EVENTS_PATH = '/api/meetings/events';

/**
 * The meeting event stream's events: one stream carries what a page that only reads needs
 * (the room screen, a webcast viewer), so the page holds one connection, as it would with a
 * socket: browsers open at most six HTTP/1.1 connections to a server, and two streams per tab
 * would leave a viewer with three tabs nothing to ask for a LiveKit token with.
 *
 * - `meeting`: a CatchUp (socket.ts's): the snapshot of the meeting as the link's role sees it,
 *   or, to a page that named the seq it has, the changes it missed;
 * - `changed`: a MeetingChange (`meeting:changed`);
 * - `self`: a SelfChanged (a participant's own registration and statements);
 * - `presence`: a MediaPresenceView (`media:presence`), on arrival and when it changes;
 * - `live`: the languages captioned now (`caption:liveChanged`), on arrival and when they change;
 * - `captions`: a CaptionCatchUp for each language followed, on arrival;
 * - `caption`: a CaptionChanged, as on the caption event stream;
 * - `ended`: the AppError that closed the stream (its link revoked or expired);
 * - `unavailable`: the AppError of storage that is away; the stream ends, and the page comes back.
 *
 * A page comes back by itself, with what it has (`seq`, each language's seq) in the address:
 * one stream mixes several sequences, which one `Last-Event-ID` cannot carry.
 */
export const MEETING_EVENTS = {
  meeting: 'meeting',
  changed: 'changed',
  self: 'self',
  presence: 'presence',
  live: 'live',
  captions: 'captions',
  caption: CAPTION_EVENTS.caption,
  ended: CAPTION_EVENTS.ended,
  unavailable: CAPTION_EVENTS.unavailable,
} as const;

/** The caption languages a page follows, and the last seq it has of each: `en:340,fr`. */
export interface FollowedCaptions {
  language: Language;
  lastSeq?: number;
}

/** At most the six official languages, twice over for a stray repeat. */
const MAX_FOLLOWED = 12;

const FOLLOWED_ENTRY = /^([a-z]{2,3})(?::(\d{1,15}))?$/;

function followedEntry(entry: string): FollowedCaptions | null {
  const [, code, seq] = FOLLOWED_ENTRY.exec(entry) ?? [];
  const language = Language.safeParse(code);
  if (!language.success) return null;
  return seq === undefined ? { language: language.data } : { language: language.data, lastSeq: Number(seq) };
}

/** Preferences a page names, as `chooseCaptionLanguage` reads them: `fr,ar-SA`. */
const MAX_PREFERENCES = 8;

export const MeetingEventsQuery = z.strictObject({
  /** The link, unless it comes as a bearer (as the pages send it: an address is logged). */
  token: z.string().min(1).max(2000).optional(),
  /** The page's PROTOCOL_VERSION, checked as the socket's handshake checks it. */
  v: z.coerce.number().int(),
  /** The last meeting seq the page applied: it is sent the changes since, when still held. */
  seq: z.coerce.number().int().nonnegative().optional(),
  captions: z
    .string()
    .max(400)
    .optional()
    .transform((list, context) => {
      const entries = list ? list.split(',') : [];
      if (entries.length > MAX_FOLLOWED) {
        context.addIssue({ code: 'custom', message: `at most ${MAX_FOLLOWED} languages` });
        return z.NEVER;
      }
      const followed: FollowedCaptions[] = [];
      for (const entry of entries) {
        const parsed = followedEntry(entry);
        if (!parsed) {
          context.addIssue({ code: 'custom', message: `not a language: ${entry.slice(0, 20)}` });
          return z.NEVER;
        }
        if (!followed.some((known) => known.language === parsed.language)) followed.push(parsed);
      }
      return followed;
    }),
  /**
   * A page that cannot name its caption language before it has the meeting (a viewer's, whose
   * choice falls back on the meeting's first language) names its preferences instead: the
   * stream also follows the first of them the meeting is captioned in, else its first, so the
   * page need not open the stream again once it has the meeting.
   */
  prefer: z
    .string()
    .max(200)
    .optional()
    .transform((list, context) => {
      if (list === undefined) return undefined;
      const preferences = list === '' ? [] : list.split(',');
      if (preferences.length > MAX_PREFERENCES || preferences.some((preference) => !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(preference))) {
        context.addIssue({ code: 'custom', message: 'not a list of language tags' });
        return z.NEVER;
      }
      return preferences;
    }),
});
export type MeetingEventsQuery = z.infer<typeof MeetingEventsQuery>;

/** The address of a meeting event stream, as MeetingEventsQuery reads it. */
export function meetingEventsQuery({ token, v, seq, captions, prefer }: {
  token?: string;
  v: number;
  seq?: number;
  captions?: readonly FollowedCaptions[];
  prefer?: readonly string[];
}): URLSearchParams {
  const query = new URLSearchParams({ ...(token === undefined ? {} : { token }), v: String(v) });
  if (seq !== undefined) query.set('seq', String(seq));
  if (prefer) query.set('prefer', prefer.join(','));
  if (captions?.length) query.set('captions', captions.map(({ language, lastSeq }) => (lastSeq === undefined ? language : `${language}:${lastSeq}`)).join(','));
  return query;
}
