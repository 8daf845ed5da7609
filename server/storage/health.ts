import { logger } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { LogStore } from './log.js';

/**
 * Errors that say the storage cannot take a write now: the disk (full, over quota, read-only,
 * failing), as SQLite (`SQLITE_FULL`, `SQLITE_IOERR_…`) and Node's fs (`ENOSPC`…) report them,
 * or the database (down, restarting, unreachable: postgres-log.ts's DATABASE_UNAVAILABLE).
 * Other errors (a sequence conflict, a bug) are not the storage's and stay what they are.
 */
const DISK_CODES = /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN)(_\w+)?|ENOSPC|EDQUOT|EROFS|EIO|DATABASE_UNAVAILABLE)$/;

export function isDiskFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && DISK_CODES.test(code);
}

/** A write the disk refused: the change was not made, and the same request may succeed later. */
export class StorageUnavailableError extends Error {
  readonly code = 'STORAGE_UNAVAILABLE';
  constructor(
    readonly operation: string,
    readonly reason: string,
  ) {
    super(`storage unavailable (${operation}): ${reason}`);
  }
}

/** The error code a failed write is answered with: the disk's, or the server's own. */
export function writeFailureCode(error: unknown): 'STORAGE_UNAVAILABLE' | 'INTERNAL' {
  return error instanceof StorageUnavailableError || isDiskFailure(error) ? 'STORAGE_UNAVAILABLE' : 'INTERNAL';
}

export interface StorageProblem {
  /** What failed, e.g. `appendBatch` or `recording`, and the disk's own words. */
  operation: string;
  reason: string;
  since: number;
}

/**
 * Whether the server can write now. The first refused write (disk or database) turns it unwritable (a log line,
 * the metric, `/readyz` answers 503 with the reason); meanwhile the meeting is read-only: every
 * change is refused with STORAGE_UNAVAILABLE and nothing is acknowledged that is not on disk.
 * Any write that succeeds, or the probe that retries every `probeMs`, turns it back.
 */
export class StorageHealth {
  private current: StorageProblem | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private probe: (() => Promise<void>) | null = null;
  private closed = false;

  constructor(
    private readonly metrics: Metrics,
    private readonly clock: () => number = Date.now,
    private readonly probeMs = 1000,
  ) {
    metrics.storageWritable(true);
  }

  get problem(): StorageProblem | null {
    return this.current;
  }

  /** A write that cannot hurt (the store's probe), tried while the disk refuses writes. */
  useProbe(probe: () => Promise<void>): void {
    this.probe = probe;
  }

  /** A write failed; returns the error to throw in its place (disk failures become StorageUnavailableError). */
  failed(operation: string, error: unknown): unknown {
    if (!isDiskFailure(error)) return error;
    const reason = error instanceof Error ? error.message : String(error);
    this.metrics.storageWriteFailed(operation);
    if (!this.current) {
      this.current = { operation, reason, since: this.clock() };
      this.metrics.storageWritable(false);
      logger.error({ err: error, operation }, 'storage: writes are failing; the meetings continue read-only until the disk takes writes again');
      this.scheduleProbe();
    }
    return new StorageUnavailableError(operation, reason);
  }

  succeeded(): void {
    if (!this.current) return;
    const { operation, since } = this.current;
    this.current = null;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
    this.metrics.storageWritable(true);
    logger.info({ operation, unavailableMs: this.clock() - since }, 'storage: writes succeed again');
  }

  close(): void {
    this.closed = true;
    if (this.probeTimer) clearTimeout(this.probeTimer);
    this.probeTimer = null;
  }

  private scheduleProbe(): void {
    if (!this.probe || this.probeTimer || this.closed) return;
    this.probeTimer = setTimeout(() => {
      if (!this.current) {
        this.probeTimer = null;
        return;
      }
      // The timer stays set while the probe runs, so no second probe starts beside it.
      this.probe!().then(
        () => {
          this.probeTimer = null;
          this.succeeded();
        },
        (error: unknown) => {
          this.probeTimer = null;
          if (!isDiskFailure(error)) logger.error({ err: error }, 'storage: the write probe failed for another reason');
          if (this.current) this.scheduleProbe();
        },
      );
    }, this.probeMs);
    this.probeTimer.unref();
  }
}

const WRITES: ReadonlySet<string> = new Set(['append', 'appendBatch', 'appendJudged', 'writeSnapshot', 'writeDocument']);

/**
 * The store as given, with every write reported to `health`: a disk failure is thrown as
 * StorageUnavailableError (callers answer STORAGE_UNAVAILABLE), a success clears the problem.
 */
export function guardedStore<S extends LogStore>(store: S, health: StorageHealth): S {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !WRITES.has(key) || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        let result: unknown;
        try {
          result = await value.apply(target, args);
        } catch (error) {
          throw health.failed(key, error);
        }
        health.succeeded();
        return result;
      };
    },
  });
}
