import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Interval } from '../../shared/archive/audio.js';

/**
 * The journals the Go recorder writes (server/recorder/go/main.go), read back. Every line is
 * parsed at this boundary; a torn last line (the process was killed mid-write) is skipped.
 */
const JournalLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), session: z.string(), at: z.number() }),
  z.object({ type: z.literal('alive'), session: z.string(), at: z.number() }),
  z.object({ type: z.literal('end'), session: z.string(), at: z.number(), reason: z.string() }),
  z.object({
    type: z.literal('track'),
    session: z.string(),
    file: z.string(),
    identity: z.string(),
    trackSid: z.string(),
    at: z.number(),
    rtp: z.number(),
  }),
  z.object({ type: z.literal('sync'), file: z.string(), at: z.number(), granule: z.number() }),
  z.object({
    type: z.literal('trackEnd'),
    file: z.string(),
    at: z.number(),
    granule: z.number(),
    reason: z.string(),
    sha256: z.string().optional(),
  }),
]);
type JournalLine = z.infer<typeof JournalLine>;

export interface SyncPoint {
  at: number;
  granule: number;
}

export interface RecordedTrack {
  file: string;
  identity: string;
  session: string;
  /** Wall clock of the first packet. */
  startedAt: number;
  /** Wall clock and file position pairs, about one a second, in order. */
  syncs: SyncPoint[];
  /** Set when the recorder closed the file itself (not when it was killed). */
  ended: { at: number; granule: number } | null;
}

export interface RecordingSession {
  id: string;
  startedAt: number;
  /** The last moment the session is known to have been recording. */
  lastSeenAt: number;
  endReason: string | null;
}

export interface RecordingJournal {
  sessions: RecordingSession[];
  tracks: RecordedTrack[];
}

export const journalFileName = (session: string) => `journal-${session}.jsonl`;

export function parseJournalText(text: string): JournalLine[] {
  const lines: JournalLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      continue;
    }
    const parsed = JournalLine.safeParse(value);
    if (parsed.success) lines.push(parsed.data);
  }
  return lines;
}

/** Every session and track the recorder journaled in a meeting's recording folder. */
export function readJournals(dir: string): RecordingJournal {
  if (!existsSync(dir)) return { sessions: [], tracks: [] };
  const sessions = new Map<string, RecordingSession>();
  const tracks = new Map<string, RecordedTrack>();
  const names = readdirSync(dir).filter((name) => /^journal-.+\.jsonl$/.test(name)).sort();
  for (const name of names) {
    for (const line of parseJournalText(readFileSync(join(dir, name), 'utf8'))) {
      switch (line.type) {
        case 'session':
          sessions.set(line.session, { id: line.session, startedAt: line.at, lastSeenAt: line.at, endReason: null });
          break;
        case 'alive':
        case 'end': {
          const session = sessions.get(line.session);
          if (!session) break;
          session.lastSeenAt = Math.max(session.lastSeenAt, line.at);
          if (line.type === 'end') session.endReason = line.reason;
          break;
        }
        case 'track':
          tracks.set(line.file, {
            file: line.file,
            identity: line.identity,
            session: line.session,
            startedAt: line.at,
            syncs: [],
            ended: null,
          });
          break;
        case 'sync':
          tracks.get(line.file)?.syncs.push({ at: line.at, granule: line.granule });
          break;
        case 'trackEnd': {
          const track = tracks.get(line.file);
          if (track) track.ended = { at: line.at, granule: line.granule };
          break;
        }
        default:
          line satisfies never;
      }
    }
  }
  return { sessions: [...sessions.values()], tracks: [...tracks.values()].filter((track) => track.syncs.length > 0) };
}

/** When each session was recording: from joining the room to its last sign of life. */
export const coverageOf = (journal: RecordingJournal): Interval[] =>
  journal.sessions.map((session) => ({ startedAt: session.startedAt, endedAt: session.lastSeenAt }));
