import type { LogAppend, LogStore } from './log.js';

interface Unit {
  appends: readonly LogAppend[];
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
 * When the shared transaction fails (a stream refused an entry), each unit is tried again on
 * its own, so one failing stream does not take the others' changes down with it.
 */
export class GroupCommit {
  private queue: Unit[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushes = 0;

  constructor(
    private readonly store: LogStore,
    private readonly windowMs = 2,
  ) {}

  append(appends: readonly LogAppend[]): Promise<void> {
    return this.chain([appends])[0]!;
  }

  /** Units that are written in order, each only if the one before it was. */
  chain(units: ReadonlyArray<readonly LogAppend[]>): Promise<void>[] {
    let after: Unit | null = null;
    return units.map((appends) => {
      let unit!: Unit;
      const promise = new Promise<void>((resolve, reject) => {
        unit = { appends, resolve, reject, after, failed: false };
      });
      after = unit;
      this.queue.push(unit);
      this.timer ??= setTimeout(() => this.flush(), this.windowMs);
      return promise;
    });
  }

  /** Syncs written so far: a benchmark divides entries by it. */
  get syncs(): number {
    return this.flushes;
  }

  /** Writes everything queued now (also on close, so nothing acknowledged-to-be is dropped). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const units = this.queue;
    this.queue = [];
    if (units.length === 0) return;
    this.flushes += 1;
    try {
      this.store.appendBatch(units.flatMap((unit) => unit.appends));
    } catch {
      for (const unit of units) {
        try {
          if (unit.after?.failed) throw new Error('the change it follows was not written');
          this.store.appendBatch(unit.appends);
        } catch (error) {
          unit.failed = true;
          unit.reject(error);
          continue;
        }
        unit.resolve();
      }
      return;
    }
    for (const unit of units) unit.resolve();
  }
}
