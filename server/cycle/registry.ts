import { z } from 'zod';
import { CycleLogEntry, type CycleActor, type CycleCommand } from '../../shared/cycle/commands.js';
import { executeCycle, replayCycle } from '../../shared/cycle/execute.js';
import { CycleState } from '../../shared/cycle/model.js';
import { cycleSchedule } from '../../shared/cycle/schedule.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { LiveLog } from '../storage/live-log.js';
import { conflictBackoff, loadStream, LogIntegrityError, parsedAt, SeqConflictError, type LogStore } from '../storage/log.js';
import { logger } from '../observability/log.js';
import { writeFailureCode } from '../storage/health.js';

const CYCLE_LOG_PREFIX = 'cycle:';
const SUMMARY_PREFIX = 'cycle-summary:';

/** What lists of cycles show, and what tells a finished cycle, kept for every cycle whether loaded or not. */
export const CycleSummary = z.object({
  id: z.string(),
  title: z.string(),
  meetingId: z.string().nullable(),
  groupMeeting: z.object({ name: z.string(), startsOn: z.string() }),
  launchedAt: z.number().nullable(),
  /** When the responses close (the day after the deadline starts, in the cycle's zone). */
  closesAt: z.number(),
  reportPublished: z.boolean(),
});
export type CycleSummary = z.infer<typeof CycleSummary>;

const summaryOf = (state: CycleState): CycleSummary => ({
  id: state.id,
  title: state.title,
  meetingId: state.meetingId,
  groupMeeting: { name: state.nextGroupMeeting.name, startsOn: state.nextGroupMeeting.startsOn },
  launchedAt: state.launchedAt,
  closesAt: cycleSchedule(state).closesAt,
  reportPublished: state.report !== null,
});
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
   * most), each with its confirmation and moderation, and every start loads every cycle under way.
   */
  snapshotEvery?: number;
  /**
   * Whether a cycle is over for good (its report out, its meeting archived): such a cycle is not
   * read at start, only when first asked for. Without it every cycle is read at start.
   */
  finished?: (summary: CycleSummary) => boolean;
  /** A finished cycle nobody asked for in this long leaves memory again (10 minutes by default). */
  idleUnloadMs?: number;
}

/**
 * A router's `cycleId` parameter handler: a finished cycle is read from its log before the
 * route runs, so the handlers find every cycle held (`get`).
 */
export function holdingCycleParam(cycles: CycleRegistry) {
  return (_req: unknown, _res: unknown, next: (error?: unknown) => void, cycleId: unknown): void => {
    cycles.open(String(cycleId)).then(() => next(), next);
  };
}

/**
 * The consultation cycles, each in its own log stream (`cycle:<id>`). Like the meetings:
 * executed, appended durably, and only then announced or acknowledged. Where several nodes share
 * the store, each follows what the others append, and a command that lost its seq to another
 * node is judged again on what that node wrote.
 *
 * Cycles still under way are held from the start. A finished one (`finished`) is only
 * summarised (`cycle-summary:<id>`), and read when first asked for (`open`): years of them, each
 * a few megabytes of responses, would otherwise be read at every start and held for good.
 */
export class CycleRegistry {
  private readonly cycles = new Map<string, LiveLog<CycleState, CycleLogEntry>>();
  private readonly summaries = new Map<string, CycleSummary>();
  private readonly summaryWrites = new Set<Promise<void>>();
  /** When each finished cycle held was last asked for: a crawler reading years of reports does not keep them all. */
  private readonly lastAsked = new Map<string, number>();
  private readonly sweep: NodeJS.Timeout;
  private readonly sinceSnapshot = new Map<string, number>();
  private readonly listeners = new Set<(committed: CycleCommitted) => void>();
  /** The command or read under way: the next one runs after it, on the state it left. */
  private writing: Promise<unknown> = Promise.resolve();
  private unwatch: () => void = () => {};

  private constructor(
    private readonly store: LogStore,
    private readonly clock: () => number,
    private readonly snapshotEvery: number,
    private readonly finished: (summary: CycleSummary) => boolean,
    private readonly idleUnloadMs: number,
  ) {
    this.sweep = setInterval(() => void this.inTurn(async () => this.unloadIdle()), Math.max(1000, idleUnloadMs / 2));
    this.sweep.unref();
  }

  static async load(store: LogStore, clock: () => number, options: CycleRegistryOptions = {}): Promise<CycleRegistry> {
    const registry = new CycleRegistry(store, clock, options.snapshotEvery ?? 200, options.finished ?? (() => false), options.idleUnloadMs ?? 600_000);
    const readAll = () =>
      registry.inTurn(async () => {
        for (const key of await store.documents(SUMMARY_PREFIX)) {
          const summary = CycleSummary.safeParse(await store.readDocument(key));
          if (summary.success && !registry.cycles.has(summary.data.id)) registry.summaries.set(summary.data.id, summary.data);
        }
        for (const stream of await store.streams(CYCLE_LOG_PREFIX)) {
          const cycleId = stream.slice(CYCLE_LOG_PREFIX.length);
          const summary = registry.summaries.get(cycleId);
          if (summary && !registry.cycles.has(cycleId) && registry.finished(summary)) continue;
          await registry.readAhead(stream);
          // A log written before summaries existed is summarised once; if finished, it is let go.
          const written = registry.summaries.get(cycleId);
          if (!summary && written) {
            registry.storeSummary(written);
            if (registry.finished(written)) registry.cycles.delete(cycleId);
          }
        }
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

  /** A cycle held in memory: every cycle under way, and a finished one once `open` has read it. */
  get(cycleId: string): { state: CycleState; seq: number } | undefined {
    const live = this.cycles.get(cycleId);
    return live && { state: live.durableState, seq: live.durableSeq };
  }

  /** Any cycle, read from its log first if it is a finished one not yet held. */
  async open(cycleId: string): Promise<{ state: CycleState; seq: number } | undefined> {
    if (!this.cycles.has(cycleId) && this.summaries.has(cycleId)) await this.inTurn(() => this.held(cycleId));
    if (this.cycles.has(cycleId)) this.lastAsked.set(cycleId, this.clock());
    return this.get(cycleId);
  }

  /** Every cycle, finished ones included, as lists show them. */
  catalogue(): CycleSummary[] {
    return [...this.summaries.values()];
  }

  /** The cycles held in memory: every one under way. */
  loaded(): CycleState[] {
    return [...this.cycles.values()].map((cycle) => cycle.durableState);
  }

  /** The cycle whose open consultation meeting this is, if held: a meeting not archived yet has its cycle held. */
  ofMeeting(meetingId: string): CycleState | undefined {
    // Asked on every meeting command: no array of every cycle made for it.
    for (const live of this.cycles.values()) if (live.durableState.meetingId === meetingId) return live.durableState;
    return undefined;
  }

  /** The cycle whose open consultation meeting this is, finished or not. */
  async openOfMeeting(meetingId: string): Promise<CycleState | undefined> {
    const summary = this.catalogue().find((candidate) => candidate.meetingId === meetingId);
    return summary && (await this.open(summary.id))?.state;
  }

  /** Commands run one at a time, each judged on the state the one before it left. */
  dispatch(cycleId: string, actor: CycleActor, command: CycleCommand): Promise<Result<CycleCommitted>> {
    return this.inTurn(() => this.run(cycleId, actor, command));
  }

  /** Stops following other nodes and waits for what is under way. */
  async close(): Promise<void> {
    clearInterval(this.sweep);
    this.unwatch();
    await this.writing;
    await Promise.allSettled([...this.summaryWrites]);
  }

  /** Lets go of the finished cycles nobody asked for lately (run in turn, so no command is under way). */
  private unloadIdle(): void {
    const before = this.clock() - this.idleUnloadMs;
    for (const cycleId of this.cycles.keys()) {
      const summary = this.summaries.get(cycleId);
      if (!summary || !this.finished(summary) || (this.lastAsked.get(cycleId) ?? 0) > before) continue;
      this.cycles.delete(cycleId);
      this.lastAsked.delete(cycleId);
    }
  }

  /** Reads a finished cycle's log into memory unless it is there already (run in turn). */
  private async held(cycleId: string): Promise<void> {
    if (!this.cycles.has(cycleId)) await this.readAhead(CYCLE_LOG_PREFIX + cycleId);
  }

  /** Keeps the cycle's summary current, here and in the store, for lists and for the next start. */
  private summarise(state: CycleState): void {
    const summary = summaryOf(state);
    if (JSON.stringify(this.summaries.get(state.id)) === JSON.stringify(summary)) return;
    this.summaries.set(state.id, summary);
    this.storeSummary(summary);
  }

  private storeSummary(summary: CycleSummary): void {
    const written = this.store.writeDocument(SUMMARY_PREFIX + summary.id, summary).catch((error: unknown) => {
      // The next change writes it again; a start without it reads the cycle's log instead.
      logger.error({ err: error, cycleId: summary.id }, 'could not write the summary of a cycle');
    });
    this.summaryWrites.add(written);
    void written.finally(() => this.summaryWrites.delete(written));
  }

  private inTurn<T>(step: () => Promise<T>): Promise<T> {
    const done = this.writing.then(step);
    this.writing = done.catch((error: unknown) => logger.error({ err: error }, 'a consultation cycle could not follow its log'));
    return done;
  }

  private async run(cycleId: string, actor: CycleActor, command: CycleCommand, attempt = 0): Promise<Result<CycleCommitted>> {
    if (command.type !== 'cycle:create') await this.held(cycleId);
    const live = this.cycles.get(cycleId);
    if (!live && command.type !== 'cycle:create') return fail('CYCLE_NOT_FOUND');
    if (live) this.lastAsked.set(cycleId, this.clock());
    const meetingId = command.type === 'cycle:create' ? command.details.meetingId : command.type === 'cycle:update' ? command.details.meetingId : null;
    // A meeting is the open consultation meeting of one cycle at most, finished cycles included.
    const holder = meetingId ? this.catalogue().find((summary) => summary.meetingId === meetingId) : undefined;
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
    this.summarise(result.value.state);
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
      // Listed as it is now, also a cycle another node just made; that node stores the summary.
      this.summaries.set(cycleId, summaryOf(state));
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
    // The node that appended keeps the stored summary; this one lists the cycle as it is now.
    if (newer.length > 0) this.summaries.set(cycleId, summaryOf(live.durableState));
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
