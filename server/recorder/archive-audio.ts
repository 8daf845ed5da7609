import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AudioIndex,
  audioFileNames,
  MP3_MEDIA_TYPE,
  OPUS_MEDIA_TYPE,
  spokenIntervals,
  uncovered,
  type AudioFile,
  type Interval,
  type RecordedAudio,
} from '../../shared/archive/audio.js';
import type { MeetingState, Speech } from '../../shared/meeting/model.js';
import { coverage, cutIntervals, loadTracks, MIN_GAP_MS, type LoadedTrack } from './cut.js';
import { readJournals } from './journal.js';
import { writeOpus } from './ogg.js';
import { logger } from '../observability/log.js';
import { RecentMap } from '../recent-map.js';

export interface ArchiveAudioOptions {
  dataDir: string;
  /** Debian's ffmpeg, for the MP3 copies a meeting may ask for; null: no copies. */
  ffmpegPath: string | null;
  /** Waits for the meeting's recorder to close its files before they are cut. */
  settled?: (meetingId: string) => Promise<void>;
}

export type AudioReadiness = { ready: true; index: AudioIndex | null } | { ready: false };

const INDEX = 'index.json';
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The meeting's floor recording: journals and OGG files written by the recorder. */
export const recordingsDir = (dataDir: string, meetingId: string) => join(dataDir, 'recordings', meetingId);

/** Indexes kept in memory: the one on disk is the answer, so readers of years of meetings pin none of them. */
const KEPT_INDEXES = 64;

/**
 * Cuts a sealed meeting's recording into the archive's audio: one OGG/Opus file per published
 * speech (on its own times, pauses removed) and one per topic (its speeches back to back), an
 * MP3 copy of each when the secretariat asked, all in DATA_DIR/archive-audio/<meeting>/ with
 * an index (sizes, SHA-256, durations, gaps) the record is built from. Done once: the index on
 * disk is the answer after a restart.
 */
export class ArchiveAudio {
  private readonly jobs = new Map<string, Promise<AudioIndex | null>>();
  /** The last meetings' indexes (null: no recording). */
  private readonly done = new RecentMap<string, AudioIndex | null>(KEPT_INDEXES);

  constructor(private readonly options: ArchiveAudioOptions) {}

  outDir(meetingId: string): string {
    return join(this.options.dataDir, 'archive-audio', meetingId);
  }

  /** What is known now; starts the cut when it has not started. */
  readiness(state: MeetingState): AudioReadiness {
    const known = this.cutIndex(state.id);
    if (known !== undefined) return { ready: true, index: known };
    void this.prepare(state).catch(() => undefined);
    return { ready: false };
  }

  /** The meeting's index once its audio is cut, null when it has no recording, undefined before the cut. */
  cutIndex(meetingId: string): AudioIndex | null | undefined {
    if (this.done.has(meetingId)) return this.done.get(meetingId)!;
    const saved = join(this.outDir(meetingId), INDEX);
    if (existsSync(saved)) return this.done.set(meetingId, AudioIndex.parse(JSON.parse(readFileSync(saved, 'utf8'))));
    if (!existsSync(recordingsDir(this.options.dataDir, meetingId))) return this.done.set(meetingId, null);
    return undefined;
  }

  prepare(state: MeetingState): Promise<AudioIndex | null> {
    let job = this.jobs.get(state.id);
    if (!job) {
      job = this.cut(state).then((index) => {
        // Its index is on disk now: the job need not keep it.
        this.jobs.delete(state.id);
        return this.done.set(state.id, index);
      });
      // A failed cut is tried again by the next reader, and said in the server's log.
      job.catch((error: unknown) => {
        logger.error({ err: error, meetingId: state.id }, 'cutting the archive audio failed');
        this.jobs.delete(state.id);
      });
      this.jobs.set(state.id, job);
    }
    return job;
  }

  /** The path of an archived audio file named in the index; null for any other name. */
  filePath(meetingId: string, name: string, index: AudioIndex): string | null {
    const named = [...Object.values(index.speeches), ...Object.values(index.topics)].some((audio) =>
      audio.files.some((file) => file.name === name),
    );
    return named ? join(this.outDir(meetingId), name) : null;
  }

  private async cut(state: MeetingState): Promise<AudioIndex | null> {
    await this.options.settled?.(state.id);
    const source = recordingsDir(this.options.dataDir, state.id);
    const journal = readJournals(source);
    if (journal.sessions.length === 0) return null;
    const tracks = loadTracks(source, journal);
    const covered = coverage(journal, tracks);
    const out = this.outDir(state.id);
    mkdirSync(out, { recursive: true });
    const adjournedAt = state.statusHistory.filter((change) => change.status === 'adjourned').at(-1)?.at ?? Date.now();
    const leftOut = new Set(
      state.corrections.flatMap(({ edit }) => (edit.kind === 'removeSpeech' || edit.kind === 'withholdAudio' ? [edit.speechId] : [])),
    );
    const index: AudioIndex = { speeches: {}, topics: {}, gaps: meetingGaps(state, covered) };
    for (const topic of state.topics) {
      const published = topic.history.filter((speech) => !leftOut.has(speech.id));
      const topicIntervals: Interval[] = [];
      const topicPicks: ((identity: string) => boolean)[] = [];
      for (const speech of published) {
        const intervals = spokenIntervals({ ...speech, endedAt: speech.endedAt ?? adjournedAt });
        if (intervals.length === 0) continue;
        const wanted = speakerTracks(speech);
        index.speeches[speech.id] = await this.write(out, audioFileNames.speech(speech.id, 'ogg'), state, tracks, intervals, wanted, covered);
        topicIntervals.push(...intervals);
        topicPicks.push(...intervals.map(() => wanted));
      }
      if (topicIntervals.length === 0) continue;
      index.topics[topic.id] = await this.writeTopic(out, audioFileNames.topic(topic.id, 'ogg'), state, tracks, topicIntervals, topicPicks, covered);
    }
    const saved = join(out, INDEX);
    writeFileSync(`${saved}.partial`, `${JSON.stringify(index, null, 2)}\n`);
    renameSync(`${saved}.partial`, saved);
    return index;
  }

  private async write(
    out: string,
    name: string,
    state: MeetingState,
    tracks: readonly LoadedTrack[],
    intervals: Interval[],
    wanted: (identity: string) => boolean,
    covered: readonly Interval[],
  ): Promise<RecordedAudio> {
    const cut = cutIntervals(tracks, intervals, wanted, covered);
    const bytes = writeOpus(cut.packets, { channels: cut.channels, serialSeed: `${state.id}/${name}` });
    return this.files(out, name, bytes, state, cut.samples, cut.gaps);
  }

  /** A topic's audio: each speech's intervals cut from that speaker's tracks, in order. */
  private async writeTopic(
    out: string,
    name: string,
    state: MeetingState,
    tracks: readonly LoadedTrack[],
    intervals: Interval[],
    picks: ((identity: string) => boolean)[],
    covered: readonly Interval[],
  ): Promise<RecordedAudio> {
    const packets: Uint8Array[] = [];
    let samples = 0;
    let channels = 2;
    const gaps: Interval[] = [];
    intervals.forEach((interval, i) => {
      const cut = cutIntervals(tracks, [interval], picks[i]!, covered);
      packets.push(...cut.packets);
      samples += cut.samples;
      channels = cut.channels;
      gaps.push(...cut.gaps);
    });
    const bytes = writeOpus(packets, { channels, serialSeed: `${state.id}/${name}` });
    return this.files(out, name, bytes, state, samples, gaps);
  }

  private async files(
    out: string,
    name: string,
    bytes: Uint8Array,
    state: MeetingState,
    samples: number,
    gaps: Interval[],
  ): Promise<RecordedAudio> {
    writeFileSync(join(out, name), bytes);
    const files: AudioFile[] = [{ name, mediaType: OPUS_MEDIA_TYPE, bytes: bytes.length, sha256: sha256(bytes) }];
    if (state.playableAudioCopy && this.options.ffmpegPath) {
      const copy = name.replace(/\.ogg$/, '.mp3');
      await mp3Copy(this.options.ffmpegPath, join(out, name), join(out, copy));
      const mp3 = readFileSync(join(out, copy));
      files.push({ name: copy, mediaType: MP3_MEDIA_TYPE, bytes: mp3.length, sha256: sha256(mp3) });
    }
    return { files, durationMs: Math.round(samples / 48), gaps };
  }
}

/** A room speech is heard through the venue station; a remote one through the speaker's own microphone. */
function speakerTracks(speech: Speech): (identity: string) => boolean {
  return speech.attendance === 'remote'
    ? (identity) => identity === `participant.${speech.participantId}`
    : (identity) => identity.startsWith('venue.');
}

/** Times the meeting sat open but no recorder was running (setting off, starting, or crashed). */
function meetingGaps(state: MeetingState, covered: readonly Interval[]): Interval[] {
  const open: Interval[] = [];
  state.statusHistory.forEach((change, i) => {
    if (change.status !== 'open') return;
    const next = state.statusHistory[i + 1];
    if (next) open.push({ startedAt: change.at, endedAt: next.at });
  });
  return open.flatMap((interval) => uncovered(interval, covered)).filter((gap) => gap.endedAt - gap.startedAt >= MIN_GAP_MS);
}

/** Debian's ffmpeg turns an OGG/Opus file into an MP3 that any player plays; same input, same bytes. */
function mp3Copy(ffmpeg: string, from: string, to: string): Promise<void> {
  const args = ['-nostdin', '-v', 'error', '-y', '-i', from, '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:a', '+bitexact',
    '-codec:a', 'libmp3lame', '-q:a', '4', `${to}.partial.mp3`];
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`ffmpeg exited with ${code}: ${stderr.trim()}`));
      renameSync(`${to}.partial.mp3`, to);
      resolve();
    });
  });
}
