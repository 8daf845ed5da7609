import type { Language } from '../meeting/model.js';
import type { CaptionStream } from './model.js';
import { writerSilent } from './stream.js';

/**
 * How long after its last input a language still counts as being captioned. Captioners fall
 * silent between speakers and while the chair reads out a list; two minutes covers those, and
 * a language nobody has written for longer is one a viewer should be told to look beyond.
 */
export const CAPTIONS_LIVE_MS = 120_000;

/** What decides liveness: who holds the stream and when they (or a feed) last wrote. */
export type LivenessOf = Pick<CaptionStream, 'writer' | 'lastInputAt'>;

/** When a stream stops counting as live; null when it does not count now. */
export function liveUntil(stream: LivenessOf | null, now: number, windowMs = CAPTIONS_LIVE_MS): number | null {
  // The stream's own rule for a writer gone silent, over a longer window.
  if (!stream || stream.writer === null || stream.lastInputAt === null || writerSilent(stream, now, windowMs)) return null;
  return stream.lastInputAt + windowMs;
}

export interface CaptionsLive {
  /** The languages being captioned now, in the meeting's order. */
  languages: Language[];
  /** When the next of them stops counting as live, if nothing is written before; null when none is. */
  nextChangeAt: number | null;
}

/**
 * Which of the meeting's languages are being captioned now: a viewer whose language has no
 * captioner at the moment can then be pointed to one that has.
 */
export function captionsLive(
  languages: readonly Language[],
  streamOf: (language: Language) => LivenessOf | null,
  now: number,
  windowMs = CAPTIONS_LIVE_MS,
): CaptionsLive {
  const live: Language[] = [];
  let nextChangeAt: number | null = null;
  for (const language of languages) {
    const until = liveUntil(streamOf(language), now, windowMs);
    if (until === null) continue;
    live.push(language);
    nextChangeAt = nextChangeAt === null ? until : Math.min(nextChangeAt, until);
  }
  return { languages: live, nextChangeAt };
}

/**
 * The language a room screen set to one caption language shows instead, while nobody writes
 * its own and another is being written: the first live one in the meeting's order. A screen in
 * the room cannot be switched by whoever reads it, and an empty box tells the back row nothing.
 * Null: show the screen's own language (it is live, or nothing is).
 */
export function standInLanguage(own: Language, live: readonly Language[]): Language | null {
  return live.length === 0 || live.includes(own) ? null : live[0]!;
}
