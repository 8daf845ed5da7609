import { CycleLogEntry, type CycleActor, type CycleCommand } from '../../shared/cycle/commands.js';
import { executeCycle, replayCycle } from '../../shared/cycle/execute.js';
import { CycleState } from '../../shared/cycle/model.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { LiveLog } from '../storage/live-log.js';
import { conflictBackoff, loadStream, LogIntegrityError, parsedAt, SeqConflictError, type LogStore } from '../storage/log.js';
import { logger } from '../observability/log.js';
import { writeFailureCode } from '../storage/health.js';

const CYCLE_LOG_PREFIX = 'cycle:';
/** A command that lost its seq to another node this many times is answered BUSY (nothing changed). */
const CONFLICT_RETRIES = 8;

export interface CycleCommitted {
  cycleId: string;
  entry: CycleLogEntry;
  /** The state before the command, to see what it changed. */
  before: CycleState | null;
  state: CycleState;
  createdId: string | null;
}

export interface CycleRegistryOptions {
  /**
   * A snapshot is written every so many entries, so a start reads one snapshot and replays at
   * most that many: a consultation's public form may take thousands of responses (20,000 at
   * most), each with its confirmation and moderation, and every node start loads every cycle.
   */
  snapshotEvery?: number;
}

/**
 * Every consultation cycle's state in memory, each in its own log stream (`cycle:<id>`). Like
 * the meetings: executed, appended durably, and only then announced or acknowledged. Where
 * several nodes share the store, each follows what the others append, and a command that lost
 * its seq to another node is judged again on what that node wrote.
 */
export class CycleRegistry {
  private readonly cycles = new Map<string, LiveLog<CycleState, CycleLogEntry>>();
  private readonly sinceSnapshot = new Map<string, number>();
  private readonly listeners = new Set<(committed: CycleCommitted) => void>();
  /** The command or read under way: the next one runs after it, on the state it left. */
  private writing: Promise<unknown> = Promise.resolve();
  private unwatch: () => void = () => {};

  private constructor(
    private readonly store: LogStore,
    private readonly clock: () => number,
    private readonly snapshotEvery: number,
  ) {}

  static async load(store: LogStore, clock: () => number, options: CycleRegistryOptions = {}): Promise<CycleRegistry> {
    const registry = new CycleRegistry(store, clock, options.snapshotEvery ?? 200);
    const readAll = () =>
      registry.inTurn(async () => {
        for (const stream of await store.streams(CYCLE_LOG_PREFIX)) await registry.readAhead(stream);
      });
    // Watched first, read in turn: a notice that comes while the cycles load is read after them.
    registry.unwatch =
      store.watch?.({
        appended: (stream) => {
          if (stream.startsWith(CYCLE_LOG_PREFIX)) void registry.inTurn(() => registry.readAhead(stream));
        },
        resync: () => void readAll(),
      }) ?? (() => {});
    await readAll();
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
    return this.inTurn(() => this.run(cycleId, actor, command));
  }

  /** Stops following other nodes and waits for what is under way. */
  async close(): Promise<void> {
    this.unwatch();
    await this.writing;
  }

  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const done = this.writing.then(step);
    this.writing = done.catch((error: unknown) => logger.error({ err: error }, 'a consultation cycle could not follow its log'));
    return done;
  }

  private async run(cycleId: string, actor: CycleActor, command: CycleCommand, attempt = 0): Promise<Result<CycleCommitted>> {
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
    const stream = CYCLE_LOG_PREFIX + cycleId;
    const log = live ?? new LiveLog<CycleState, CycleLogEntry>(stream, result.value.state, 0, [], 1);
    const before = live?.state ?? null;
    // Cycles change a few times a day: each entry is its own synced write, before anything else.
    const append = log.stage(entry, result.value.state);
    try {
      await this.store.appendBatch([append]);
    } catch (error) {
      log.rollback(entry.seq);
      if (error instanceof SeqConflictError) {
        if (attempt >= CONFLICT_RETRIES) return fail('BUSY');
        await conflictBackoff(attempt);
        await this.readAhead(stream);
        return this.run(cycleId, actor, command, attempt + 1);
      }
      logger.error({ err: error, cycleId, command: command.type }, 'could not persist a cycle command');
      return fail(writeFailureCode(error));
    }
    log.settle(entry.seq);
    this.cycles.set(cycleId, log);
    this.counted(log, 1);
    const committed: CycleCommitted = { cycleId, entry, before, state: result.value.state, createdId: result.value.createdId };
    for (const listener of this.listeners) listener(committed);
    return ok(committed);
  }

  /**
   * Brings a cycle up to its durable log: the entries another node appended after those held
   * here, or, for a cycle not held yet, its snapshot and the entries after it.
   */
  private async readAhead(stream: string): Promise<void> {
    const cycleId = stream.slice(CYCLE_LOG_PREFIX.length);
    const live = this.cycles.get(cycleId);
    if (!live) {
      const { state: from, seq: after, entries } = await loadStream(this.store, stream, (raw) => CycleState.parse(raw), (raw) => CycleLogEntry.parse(raw));
      const state = replayCycle(entries, from);
      if (!state) return;
      const loaded = new LiveLog<CycleState, CycleLogEntry>(stream, state, entries.at(-1)?.seq ?? after, entries, 1);
      this.cycles.set(cycleId, loaded);
      this.counted(loaded, entries.length);
      return;
    }
    const newer = await this.store.readNewer(stream, live.durableSeq);
    for (const raw of newer) {
      const seq = live.durableSeq + 1;
      const entry = parsedAt(stream, seq, 'the entry', (value) => CycleLogEntry.parse(value), raw);
      const result = executeCycle(live.state, entry.command, { actor: entry.actor, now: entry.at });
      if (!result.ok) throw new LogIntegrityError(stream, seq, `does not apply to the cycle before it (${result.error.code})`);
      live.adopt(entry, result.value.state);
    }
    this.counted(live, newer.length);
  }

  /** Counts entries since the cycle's last snapshot, and writes one when enough have come. */
  private counted(log: LiveLog<CycleState, CycleLogEntry>, entries: number): void {
    const count = (this.sinceSnapshot.get(log.stream) ?? 0) + entries;
    if (count < this.snapshotEvery) {
      this.sinceSnapshot.set(log.stream, count);
      return;
    }
    this.sinceSnapshot.set(log.stream, 0);
    const snapshot = { seq: log.durableSeq, state: log.durableState };
    // Only a faster start rests on it: a snapshot that fails is written again later.
    this.store.writeSnapshot(log.stream, snapshot).catch((error: unknown) => {
      this.sinceSnapshot.set(log.stream, (this.sinceSnapshot.get(log.stream) ?? 0) + count);
      logger.warn({ err: error, stream: log.stream }, 'could not write a cycle snapshot');
    });
  }
}
