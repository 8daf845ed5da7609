import type { Actor } from '../../shared/access/actor.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { execute, replay } from '../../shared/meeting/execute.js';
import type { MeetingState } from '../../shared/meeting/model.js';
import { LogEntry } from '../../shared/protocol/socket.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { LogStore } from '../storage/log.js';

const MEETING_LOG_PREFIX = 'meeting:';

interface LiveMeeting {
  state: MeetingState;
  seq: number;
  lastAt: number;
  /** Recent entries, so a reconnecting client gets what it missed instead of everything. */
  tail: LogEntry[];
}

export interface Committed {
  meetingId: string;
  entry: LogEntry;
  state: MeetingState;
  createdId: string | null;
}

export type CommitListener = (committed: Committed) => void;

/**
 * Holds every meeting's current state in memory and is the only writer of the logs.
 * A command is executed, appended durably, and only then announced to listeners, so
 * nothing is acknowledged or broadcast that a restart could lose.
 */
export class MeetingRegistry {
  private readonly meetings = new Map<string, LiveMeeting>();
  private readonly listeners = new Set<CommitListener>();

  constructor(
    private readonly store: LogStore,
    private readonly clock: () => number,
    private readonly tailSize = 1000,
  ) {
    for (const stream of store.streams(MEETING_LOG_PREFIX)) {
      const meetingId = stream.slice(MEETING_LOG_PREFIX.length);
      const entries = store.read(stream).map((entry) => LogEntry.parse(entry));
      const state = replay(entries);
      const last = entries.at(-1);
      if (!state || !last) continue;
      this.meetings.set(meetingId, { state, seq: last.seq, lastAt: last.at, tail: entries.slice(-tailSize) });
    }
  }

  onCommitted(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(meetingId: string): { state: MeetingState; seq: number } | undefined {
    return this.meetings.get(meetingId);
  }

  list(): MeetingState[] {
    return [...this.meetings.values()].map((meeting) => meeting.state);
  }

  dispatch(meetingId: string, actor: Actor, command: MeetingCommand): Result<Committed> {
    const live = this.meetings.get(meetingId);
    if (!live && command.type !== 'meeting:create') return fail('MEETING_NOT_FOUND');
    // Log times never go backwards, even if the wall clock does.
    const at = Math.max(this.clock(), live?.lastAt ?? 0);
    const result = execute(live?.state ?? null, command, { actor, now: at });
    if (!result.ok) return result;
    const entry: LogEntry = { seq: (live?.seq ?? 0) + 1, at, actor, command };
    try {
      this.store.append(MEETING_LOG_PREFIX + meetingId, entry.seq, entry);
    } catch (error) {
      console.error(`Could not persist ${command.type} for meeting ${meetingId}:`, error);
      return fail('INTERNAL');
    }
    const tail = [...(live?.tail ?? []), entry];
    if (tail.length > this.tailSize) tail.splice(0, tail.length - this.tailSize);
    this.meetings.set(meetingId, { state: result.value.state, seq: entry.seq, lastAt: at, tail });
    const committed: Committed = { meetingId, entry, state: result.value.state, createdId: result.value.createdId };
    for (const listener of this.listeners) listener(committed);
    return ok(committed);
  }

  /** The entries after `lastSeq`, or null when they are no longer held and a snapshot is needed. */
  entriesSince(meetingId: string, lastSeq: number): LogEntry[] | null {
    const live = this.meetings.get(meetingId);
    if (!live || lastSeq > live.seq) return null;
    const first = live.tail[0];
    if (lastSeq === live.seq) return [];
    if (!first || first.seq > lastSeq + 1) return null;
    return live.tail.slice(lastSeq + 1 - first.seq);
  }
}
