import { z } from 'zod';
import { Id, Timestamp, type Speech } from '../meeting/model.js';

/**
 * The floor's audio in the record (issue 16). A speech's audio is the recording cut on the
 * speech's own times with its pauses removed; a topic's audio is its speeches' audio back to
 * back. The server cuts the files; these shapes and timelines are shared so the record, its
 * WebVTT and the cutter agree on where every instant lands.
 */

export const Interval = z.object({ startedAt: Timestamp, endedAt: Timestamp });
export type Interval = z.infer<typeof Interval>;

/** One audio file of the published record, as the bundle's manifest also lists it. */
export const AudioFile = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/),
  mediaType: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AudioFile = z.infer<typeof AudioFile>;

export const RecordedAudio = z.object({
  /** OGG/Opus first, then the MP3 copy when the secretariat asked for one. */
  files: z.array(AudioFile).min(1),
  durationMs: z.number().int().nonnegative(),
  /** Where the recorder was not running (it crashed or lost the media server): silence there. */
  gaps: z.array(Interval),
});
export type RecordedAudio = z.infer<typeof RecordedAudio>;

/** What the server cut from a meeting's recording, by speech and by topic. */
export const AudioIndex = z.object({
  speeches: z.record(Id, RecordedAudio),
  topics: z.record(Id, RecordedAudio),
  /** Every time the meeting was open with recording on but no recorder was running. */
  gaps: z.array(Interval),
});
export type AudioIndex = z.infer<typeof AudioIndex>;

export const OPUS_MEDIA_TYPE = 'audio/ogg; codecs=opus';
export const MP3_MEDIA_TYPE = 'audio/mpeg';

export const audioFileNames = {
  speech: (speechId: string, extension: 'ogg' | 'mp3') => `audio-speech-${speechId}.${extension}`,
  topic: (topicId: string, extension: 'ogg' | 'mp3') => `audio-topic-${topicId}.${extension}`,
  /** The topic's transcript timed on the topic's audio, for the player's `<track>`. */
  topicCaptions: (topicId: string, language: string) => `audio-topic-${topicId}-${language}.vtt`,
} as const;

/** The times a speech was actually spoken: from its start to its end, less its pauses. */
export function spokenIntervals(speech: Pick<Speech, 'startedAt' | 'pauses'> & { endedAt: number }): Interval[] {
  const intervals: Interval[] = [];
  let from = speech.startedAt;
  for (const pause of [...speech.pauses].sort((a, b) => a.startedAt - b.startedAt)) {
    const pauseEnd = pause.endedAt ?? speech.endedAt;
    // A pause resumed in the same millisecond removes no audio and must not cut the speech in two.
    if (pauseEnd <= pause.startedAt) continue;
    if (pause.startedAt > from) intervals.push({ startedAt: from, endedAt: Math.min(pause.startedAt, speech.endedAt) });
    from = Math.max(from, pauseEnd);
  }
  if (speech.endedAt > from) intervals.push({ startedAt: from, endedAt: speech.endedAt });
  return intervals.filter((interval) => interval.endedAt > interval.startedAt);
}

/** Back-to-back intervals as one timeline: where each begins in the concatenated audio. */
export interface TimelinePiece extends Interval {
  offsetMs: number;
}

export function concatenated(intervals: readonly Interval[]): TimelinePiece[] {
  let offsetMs = 0;
  return intervals.map((interval) => {
    const piece = { ...interval, offsetMs };
    offsetMs += interval.endedAt - interval.startedAt;
    return piece;
  });
}

/**
 * Where a wall-clock instant falls in a concatenated timeline: inside a piece, its offset; in a
 * pause or between speeches, the end of the piece before (the words being captioned late
 * belong to what was just said); before the first piece, null.
 */
export function offsetIn(timeline: readonly TimelinePiece[], at: number): number | null {
  let found: number | null = null;
  for (const piece of timeline) {
    if (at < piece.startedAt) break;
    found = piece.offsetMs + Math.min(at, piece.endedAt) - piece.startedAt;
  }
  return found;
}

/** Parts of `interval` not covered by any of `covered`. */
export function uncovered(interval: Interval, covered: readonly Interval[]): Interval[] {
  const sorted = [...covered].sort((a, b) => a.startedAt - b.startedAt);
  const gaps: Interval[] = [];
  let from = interval.startedAt;
  for (const cover of sorted) {
    if (cover.endedAt <= from || cover.endedAt <= cover.startedAt) continue;
    if (cover.startedAt >= interval.endedAt) break;
    if (cover.startedAt > from) gaps.push({ startedAt: from, endedAt: cover.startedAt });
    from = Math.max(from, cover.endedAt);
  }
  if (from < interval.endedAt) gaps.push({ startedAt: from, endedAt: interval.endedAt });
  return gaps;
}
