import type { Actor } from '../../shared/access/actor.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { execute, replay } from '../../shared/meeting/execute.js';
import type { MeetingState } from '../../shared/meeting/model.js';
import { LogEntry } from '../../shared/protocol/socket.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { LiveLog } from '../storage/live-log.js';
import type { LogStore } from '../storage/log.js';
import { logger } from '../observability/log.js';

const MEETING_LOG_PREFIX = 'meeting:';

export interface Committed {
  meetingId: string;
  entry: LogEntry;
  state: MeetingState;
  createdId: string | null;
}

export type CommitListener = (committed: Committed) => void;

/**
 * Holds every meeting's current state in memory and is the only writer of the meeting logs.
 * A command is executed, appended durably, and only then announced to listeners, so
 * nothing is acknowledged or broadcast that a restart could lose.
 */
export class MeetingRegistry {
  private readonly meetings = new Map<string, LiveLog<MeetingState, LogEntry>>();
  private readonly listeners = new Set<CommitListener>();

  constructor(
    private readonly store: LogStore,
    private readonly clock: () => number,
    private readonly tailSize = 1000,
  ) {
    for (const stream of store.streams(MEETING_LOG_PREFIX)) {
      const entries = store.read(stream).map((entry) => LogEntry.parse(entry));
      const state = replay(entries);
      if (state) this.meetings.set(state.id, new LiveLog(store, stream, state, entries, tailSize));
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
    const at = live ? live.timeOfNext(this.clock()) : this.clock();
    const result = execute(live?.state ?? null, command, { actor, now: at });
    if (!result.ok) return result;
    const entry: LogEntry = { seq: (live?.seq ?? 0) + 1, at, actor, command };
    const log = live ?? new LiveLog(this.store, MEETING_LOG_PREFIX + meetingId, result.value.state, [], this.tailSize);
    try {
      log.append(entry, result.value.state);
    } catch (error) {
      logger.error({ err: error, meetingId, command: command.type }, 'could not persist a meeting command');
      return fail('INTERNAL');
    }
    this.meetings.set(meetingId, log);
    const committed: Committed = { meetingId, entry, state: result.value.state, createdId: result.value.createdId };
    for (const listener of this.listeners) listener(committed);
    return ok(committed);
  }

  entriesSince(meetingId: string, lastSeq: number): LogEntry[] | null {
    return this.meetings.get(meetingId)?.entriesSince(lastSeq) ?? null;
  }
}
