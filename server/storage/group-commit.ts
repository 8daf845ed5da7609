import { SeqConflictError, type LogAppend, type LogStore } from './log.js';

interface Unit {
  appends: readonly LogAppend[];
  /** Asked just before the unit is written: false once its writer took its entries back. */
  wanted: () => boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
  /** A unit that only makes sense after another (caption context after the floor change). */
  after: Unit | null;
  failed: boolean;
}

/**
 * Group commit: what the server appends within a few milliseconds goes to the store in one
 * transaction, so a reconnect storm or six caption languages cost one sync per window instead
 * of one per entry. Each `append` is a unit that is written entirely or not at all, and its
 * promise settles only once the store said so: callers still persist before they acknowledge.
 *
 * One batch is written at a time, in order: a stream's entry N+1 never reaches the store before
 * entry N did. What is appended while a batch is on its way (a database round trip) waits for
 * it and goes in the next one, so a slower store means bigger batches, not more of them.
 *
 * When the shared transaction fails (a stream refused an entry), each unit is tried again on
 * its own, so one failing stream does not take the others' changes down with it.
 *
 * An entry staged on top of one that failed was judged on a state that never was: it is not
 * written, even where the store would take it (another node's entry now has the seq before
 * it). Its writer says so through `wanted` (it rolled the entries back); within one batch a
 * unit after a failed unit of the same stream is refused alike. Both refusals are
 * SeqConflictError, so the writer judges the command again on what the log holds.
 *
 * What nobody waits for (attendance: no page is answered on it) is appended with a longer
 * window of its own (`appendUnhurried`): it goes with the next batch anyone else starts (in a
 * captioned meeting, the next caption's) or at the end of its window, so a hall of delegates
 * joining does not cost a sync each.
 */
export class GroupCommit {
  private queue: Unit[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** When the timer fires (performance.now()), so an entry with a shorter window brings it forward. */
  private timerDue = 0;
  private flushes = 0;
  /** The batch being written, if any; the next one starts after it. */
  private writing: Promise<void> | null = null;

  constructor(
    private readonly store: LogStore,
    private readonly windowMs = 2,
  ) {}

  append(appends: readonly LogAppend[], wanted: () => boolean = always): Promise<void> {
    return this.chain([{ appends, wanted }])[0]!;
  }

  /** Appends what nobody waits for: written with the next batch, or within `withinMs` at the latest. */
  appendUnhurried(appends: readonly LogAppend[], withinMs: number): Promise<void> {
    return this.chain([{ appends }], withinMs)[0]!;
  }

  /** Units that are written in order, each only if the one before it was. */
  chain(units: ReadonlyArray<{ appends: readonly LogAppend[]; wanted?: () => boolean }>, withinMs = this.windowMs): Promise<void>[] {
    let after: Unit | null = null;
    return units.map(({ appends, wanted = always }) => {
      let unit!: Unit;
      const promise = new Promise<void>((resolve, reject) => {
        unit = { appends, wanted, resolve, reject, after, failed: false };
      });
      after = unit;
      this.queue.push(unit);
      // While a batch is on its way, what is queued goes right after it.
      if (!this.writing) this.flushWithin(withinMs);
      return promise;
    });
  }

  private flushWithin(ms: number): void {
    const due = performance.now() + ms;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => void this.flush(), ms);
  }

  /** Syncs written so far: a benchmark divides entries by it. */
  get syncs(): number {
    return this.flushes;
  }

  /**
   * Writes everything queued now, after the batch on its way (also on close, so nothing
   * acknowledged-to-be is dropped); resolves once all of it is settled.
   */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.writing) await this.writing;
    const units = this.queue;
    this.queue = [];
    if (units.length === 0) return;
    this.writing = this.write(units);
    try {
      await this.writing;
    } finally {
      this.writing = null;
    }
    // What came in meanwhile has waited a window already.
    if (this.queue.length > 0) void this.flush();
  }

  private async write(queued: Unit[]): Promise<void> {
    this.flushes += 1;
    const units = queued.filter((unit) => {
      if (unit.wanted() && !unit.after?.failed) return true;
      refuse(unit, withdrawn(unit));
      return false;
    });
    try {
      await this.store.appendBatch(units.flatMap((unit) => unit.appends));
    } catch {
      const failedStreams = new Set<string>();
      for (const unit of units) {
        try {
          if (unit.after?.failed) throw new Error('the change it follows was not written');
          const stale = unit.appends.find(({ stream }) => failedStreams.has(stream));
          if (stale) throw new SeqConflictError(stale.stream, stale.seq);
          if (!unit.wanted()) throw withdrawn(unit);
          await this.store.appendBatch(unit.appends);
        } catch (error) {
          for (const { stream } of unit.appends) failedStreams.add(stream);
          refuse(unit, error);
          continue;
        }
        unit.resolve();
      }
      return;
    }
    for (const unit of units) unit.resolve();
  }
}

const always = () => true;

const withdrawn = (unit: Unit) => new SeqConflictError(unit.appends[0]?.stream ?? '', unit.appends[0]?.seq ?? 0);

function refuse(unit: Unit, error: unknown): void {
  unit.failed = true;
  unit.reject(error);
}
