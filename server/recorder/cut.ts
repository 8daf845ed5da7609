import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { uncovered, type Interval } from '../../shared/archive/audio.js';
import type { RecordedTrack, RecordingJournal } from './journal.js';
import { OPUS_RATE, readOpus, SILENCE_FRAME, SILENCE_SAMPLES, type OpusStream } from './ogg.js';

const samplesPerMs = OPUS_RATE / 1000;

/** A recorded track with its packets, and when its audio ends on the wall clock. */
export interface LoadedTrack {
  track: RecordedTrack;
  stream: OpusStream;
  endAt: number;
}

/** Where a wall-clock instant is in a track's file, from the nearest sync point before it. */
export function positionAt(loaded: Pick<LoadedTrack, 'track' | 'stream'>, at: number): number {
  const { syncs } = loaded.track;
  let sync = syncs[0]!;
  for (const candidate of syncs) {
    if (candidate.at > at) break;
    sync = candidate;
  }
  const position = Math.round(sync.granule + (at - sync.at) * samplesPerMs);
  return Math.min(Math.max(position, 0), loaded.stream.samples);
}

export function loadTracks(dir: string, journal: RecordingJournal): LoadedTrack[] {
  return journal.tracks.flatMap((track) => {
    let stream: OpusStream;
    try {
      stream = readOpus(readFileSync(join(dir, track.file)));
    } catch {
      return [];
    }
    const last = track.syncs.at(-1)!;
    return [{ track, stream, endAt: last.at + (stream.samples - last.granule) / samplesPerMs }];
  });
}

/**
 * When the recorder was recording: each session from its first sign (joining, or a first
 * packet) to its last (heartbeat, or the last packet written before it was killed).
 */
export function coverage(journal: RecordingJournal, tracks: readonly LoadedTrack[]): Interval[] {
  return journal.sessions.map((session) => {
    const own = tracks.filter((loaded) => loaded.track.session === session.id);
    return {
      startedAt: Math.min(session.startedAt, ...own.map((loaded) => loaded.track.startedAt)),
      endedAt: Math.max(session.lastSeenAt, ...own.map((loaded) => loaded.endAt)),
    };
  });
}

export interface Cut {
  packets: Uint8Array[];
  channels: number;
  samples: number;
  /** Parts of the cut intervals when no recorder was running (filled with silence). */
  gaps: Interval[];
}

/** How close to an outage's start a track must have been sending to count as cut off by it. */
const CUT_OFF_SLACK_MS = 1000;

/**
 * A restarted recorder hears a track again only once it has subscribed anew, which takes a
 * while on a busy machine: when the speaker was sending right up to the outage, the silence
 * until their next packet is part of the outage, and the gap says so instead of hiding it.
 */
function throughResubscription(gap: Interval, interval: Interval, candidates: readonly LoadedTrack[]): Interval {
  const cutOff = candidates.some((loaded) => loaded.track.startedAt < gap.startedAt && loaded.endAt >= gap.startedAt - CUT_OFF_SLACK_MS);
  const sendingAtEnd = candidates.some((loaded) => loaded.track.startedAt <= gap.endedAt && gap.endedAt < loaded.endAt);
  if (!cutOff || sendingAtEnd) return gap;
  const resumed = candidates.find((loaded) => loaded.track.startedAt >= gap.endedAt)?.track.startedAt ?? interval.endedAt;
  return { ...gap, endedAt: Math.min(Math.max(gap.endedAt, resumed), interval.endedAt) };
}

/** Gaps shorter than this are the recorder's heartbeat granularity, not a lost recording. */
export const MIN_GAP_MS = 250;

/**
 * The audio of `intervals` (wall clock, in order) from the tracks `wanted` picks, back to back:
 * packets copied as they are, silence frames where no track of theirs was sending (the
 * speaker's microphone not yet on, or the recorder down). Every interval yields its own
 * length of audio, within one 20 ms frame, so the cut's timeline is the speech's.
 */
export function cutIntervals(
  tracks: readonly LoadedTrack[],
  intervals: readonly Interval[],
  wanted: (identity: string) => boolean,
  covered: readonly Interval[],
): Cut {
  const candidates = tracks.filter((loaded) => wanted(loaded.track.identity)).sort((a, b) => a.track.startedAt - b.track.startedAt);
  const packets: Uint8Array[] = [];
  let samples = 0;
  let targetMs = 0;
  const silenceUntil = (target: number) => {
    while (samples + SILENCE_SAMPLES <= target) {
      packets.push(SILENCE_FRAME);
      samples += SILENCE_SAMPLES;
    }
  };
  for (const interval of intervals) {
    let at = interval.startedAt;
    while (at < interval.endedAt) {
      const playing = candidates.find((loaded) => loaded.track.startedAt <= at && at < loaded.endAt);
      if (!playing) {
        const next = candidates.find((loaded) => loaded.track.startedAt > at)?.track.startedAt ?? interval.endedAt;
        const stop = Math.min(next, interval.endedAt);
        targetMs += stop - at;
        silenceUntil(Math.round(targetMs * samplesPerMs));
        at = stop;
        continue;
      }
      const stop = Math.min(playing.endAt, interval.endedAt);
      const from = positionAt(playing, at);
      const to = positionAt(playing, stop);
      for (const packet of playing.stream.packets) {
        if (packet.start >= to) break;
        if (packet.start < from) continue;
        packets.push(packet.data);
        samples += packet.samples;
      }
      targetMs += stop - at;
      silenceUntil(Math.round(targetMs * samplesPerMs));
      at = stop;
    }
  }
  const channels = candidates[0]?.stream.channels ?? 2;
  const gaps = intervals
    .flatMap((interval) => uncovered(interval, covered).map((gap) => throughResubscription(gap, interval, candidates)))
    .filter((gap) => gap.endedAt - gap.startedAt >= MIN_GAP_MS);
  return { packets, channels, samples, gaps };
}
