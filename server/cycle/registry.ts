import { CycleLogEntry, type CycleActor, type CycleCommand } from '../../shared/cycle/commands.js';
import { executeCycle, replayCycle } from '../../shared/cycle/execute.js';
import type { CycleState } from '../../shared/cycle/model.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { LiveLog } from '../storage/live-log.js';
import type { LogStore } from '../storage/log.js';
import { logger } from '../observability/log.js';
import { writeFailureCode } from '../storage/health.js';

const CYCLE_LOG_PREFIX = 'cycle:';

export interface CycleCommitted {
  cycleId: string;
  entry: CycleLogEntry;
  /** The state before the command, to see what it changed. */
  before: CycleState | null;
  state: CycleState;
  createdId: string | null;
}

/**
 * Every consultation cycle's state in memory, each in its own log stream (`cycle:<id>`). Like
 * the meetings: executed, appended durably, and only then announced or acknowledged.
 */
export class CycleRegistry {
  private readonly cycles = new Map<string, LiveLog<CycleState, CycleLogEntry>>();
  private readonly listeners = new Set<(committed: CycleCommitted) => void>();
  /** The command being written: the next one runs after it, on the state it left. */
  private writing: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly store: LogStore,
    private readonly clock: () => number,
  ) {}

  static async load(store: LogStore, clock: () => number): Promise<CycleRegistry> {
    const registry = new CycleRegistry(store, clock);
    for (const stream of await store.streams(CYCLE_LOG_PREFIX)) {
      const entries = (await store.read(stream)).map((entry) => CycleLogEntry.parse(entry));
      const state = replayCycle(entries);
      if (state) registry.cycles.set(state.id, new LiveLog(stream, state, entries.at(-1)?.seq ?? 0, entries, 1));
    }
    return registry;
  }

  onCommitted(listener: (committed: CycleCommitted) => void): void {
    this.listeners.add(listener);
  }

  get(cycleId: string): { state: CycleState; seq: number } | undefined {
    const live = this.cycles.get(cycleId);
    return live && { state: live.durableState, seq: live.durableSeq };
  }

  list(): CycleState[] {
    return [...this.cycles.values()].map((cycle) => cycle.durableState);
  }

  /** The cycle whose open consultation meeting this is. */
  ofMeeting(meetingId: string): CycleState | undefined {
    return this.list().find((cycle) => cycle.meetingId === meetingId);
  }

  /** Commands run one at a time, each judged on the state the one before it left. */
  dispatch(cycleId: string, actor: CycleActor, command: CycleCommand): Promise<Result<CycleCommitted>> {
    const done = this.writing.then(() => this.run(cycleId, actor, command));
    this.writing = done.catch(() => undefined);
    return done;
  }

  private async run(cycleId: string, actor: CycleActor, command: CycleCommand): Promise<Result<CycleCommitted>> {
    const live = this.cycles.get(cycleId);
    if (!live && command.type !== 'cycle:create') return fail('CYCLE_NOT_FOUND');
    const meetingId = command.type === 'cycle:create' ? command.details.meetingId : command.type === 'cycle:update' ? command.details.meetingId : null;
    // A meeting is the open consultation meeting of one cycle at most.
    const holder = meetingId ? this.ofMeeting(meetingId) : undefined;
    if (holder && holder.id !== cycleId) return fail('MEETING_IN_OTHER_CYCLE', holder.id);
    const at = live ? live.timeOfNext(this.clock()) : this.clock();
    const result = executeCycle(live?.state ?? null, command, { actor, now: at });
    if (!result.ok) return result;
    const entry: CycleLogEntry = { seq: (live?.seq ?? 0) + 1, at, actor, command };
    const log = live ?? new LiveLog<CycleState, CycleLogEntry>(CYCLE_LOG_PREFIX + cycleId, result.value.state, 0, [], 1);
    const before = live?.state ?? null;
    // Cycles change a few times a day: each entry is its own synced write, before anything else.
    const append = log.stage(entry, result.value.state);
    try {
      await this.store.appendBatch([append]);
    } catch (error) {
      log.rollback(entry.seq);
      logger.error({ err: error, cycleId, command: command.type }, 'could not persist a cycle command');
      return fail(writeFailureCode(error));
    }
    log.settle(entry.seq);
    this.cycles.set(cycleId, log);
    const committed: CycleCommitted = { cycleId, entry, before, state: result.value.state, createdId: result.value.createdId };
    for (const listener of this.listeners) listener(committed);
    return ok(committed);
  }
}
