import { describe, expect, it } from 'vitest';
import { noMetrics, type Metrics } from '../../server/observability/metrics.js';
import { guardedStore, StorageHealth, StorageUnavailableError, writeFailureCode } from '../../server/storage/health.js';
import { SeqConflictError } from '../../server/storage/log.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { waitFor } from '../support/harness.js';

/** What better-sqlite3 throws on a full disk: an Error with SQLite's extended code. */
const diskFull = () => Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });

/** A memory store whose writes fail while `full` is set, as a full disk fails SQLite's. */
class FullableStore extends MemoryLogStore {
  full = false;
  override async appendBatch(...args: Parameters<MemoryLogStore['appendBatch']>): Promise<void> {
    if (this.full) throw diskFull();
    await super.appendBatch(...args);
  }
  override async writeDocument(key: string, value: unknown): Promise<void> {
    if (this.full) throw diskFull();
    await super.writeDocument(key, value);
  }
}

function recordingMetrics() {
  const seen: { writable: boolean[]; failures: string[] } = { writable: [], failures: [] };
  const metrics: Metrics = {
    ...noMetrics,
    storageWritable: (writable) => seen.writable.push(writable),
    storageWriteFailed: (operation) => seen.failures.push(operation),
  };
  return { metrics, seen };
}

describe('storage health', () => {
  it('a write the disk refuses becomes STORAGE_UNAVAILABLE and marks storage unwritable until a write succeeds', async () => {
    const { metrics, seen } = recordingMetrics();
    const health = new StorageHealth(metrics, () => 1000);
    const inner = new FullableStore();
    const store = guardedStore(inner, health);
    inner.full = true;
    let thrown: unknown;
    try {
      await store.append('meeting:a', 1, { n: 1 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(StorageUnavailableError);
    expect(writeFailureCode(thrown)).toBe('STORAGE_UNAVAILABLE');
    expect(health.problem).toEqual({ operation: 'append', reason: 'database or disk is full', since: 1000 });
    await expect(store.writeDocument('summary:a', {})).rejects.toThrow(StorageUnavailableError);
    expect(seen).toEqual({ writable: [true, false], failures: ['append', 'writeDocument'] });

    inner.full = false;
    await store.append('meeting:a', 1, { n: 1 });
    expect(health.problem).toBeNull();
    expect(seen.writable).toEqual([true, false, true]);
    expect(await store.read('meeting:a')).toEqual([{ n: 1 }]);
    health.close();
  });

  it('errors that are not the disk\'s pass through unchanged and leave storage writable', async () => {
    const health = new StorageHealth(noMetrics);
    const store = guardedStore(new MemoryLogStore(), health);
    await expect(store.append('meeting:a', 2, {})).rejects.toThrow(SeqConflictError);
    expect(health.problem).toBeNull();
    expect(writeFailureCode(new Error('a bug'))).toBe('INTERNAL');
    health.close();
  });

  it('the probe notices by itself that the disk takes writes again, with no other write', async () => {
    const health = new StorageHealth(noMetrics, Date.now, 5);
    const inner = new FullableStore();
    health.useProbe(() => inner.writeDocument('health:probe', {}));
    inner.full = true;
    await expect(guardedStore(inner, health).append('a', 1, {})).rejects.toThrow(StorageUnavailableError);
    expect(health.problem).not.toBeNull();
    inner.full = false;
    await waitFor(() => health.problem === null, 'the probe to find the disk writable again');
    health.close();
  });
});
