import { describe, expect, it, vi } from 'vitest';
import { GroupCommit } from '../../server/storage/group-commit.js';
import { SeqConflictError } from '../../server/storage/log.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';

const append = (stream: string, seq: number, by: string) => ({ stream, seq, entry: { seq, by } });

describe('group commit', () => {
  it('writes what was appended within its window in one batch, each unit settled once durable', async () => {
    const store = new MemoryLogStore();
    const commits = new GroupCommit(store, 5);
    await Promise.all([commits.append([append('s', 1, 'us')]), commits.append([append('s', 2, 'us')]), commits.append([append('t', 1, 'us')])]);
    expect(commits.syncs).toBe(1);
    expect(await store.read('s')).toEqual([{ seq: 1, by: 'us' }, { seq: 2, by: 'us' }]);
  });

  it('what nobody waits for goes with the next batch anyone starts, or alone at the end of its own window', async () => {
    vi.useFakeTimers();
    try {
      const store = new MemoryLogStore();
      const commits = new GroupCommit(store, 5);
      const attendance = commits.appendUnhurried([append('attendance', 1, 'us')], 250);
      await vi.advanceTimersByTimeAsync(100);
      expect(commits.syncs).toBe(0);
      // A caption's batch takes the attendance entry with it.
      const caption = commits.append([append('captions', 1, 'us')]);
      await vi.advanceTimersByTimeAsync(5);
      await Promise.all([attendance, caption]);
      expect(commits.syncs).toBe(1);
      expect(await store.read('attendance')).toEqual([{ seq: 1, by: 'us' }]);
      // Alone, it waits its window, then goes.
      const alone = commits.appendUnhurried([append('attendance', 2, 'us')], 250);
      await vi.advanceTimersByTimeAsync(249);
      expect(commits.syncs).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await alone;
      expect(commits.syncs).toBe(2);
      // And a flush (the archive reading attendance, a shutdown) writes it at once.
      const flushed = commits.appendUnhurried([append('attendance', 3, 'us')], 250);
      await commits.flush();
      await flushed;
      expect(await store.read('attendance')).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('an entry staged on one the store refused is not written, even though the store would now take it after another writer\'s entry', async () => {
    const store = new MemoryLogStore();
    // Another node took seq 1 of the stream after this one staged its own 1 and 2.
    await store.append('s', 1, { seq: 1, by: 'other' });
    const commits = new GroupCommit(store, 5);
    const [first, second, elsewhere] = await Promise.allSettled([
      commits.append([append('s', 1, 'us')]),
      commits.append([append('s', 2, 'us')]),
      commits.append([append('t', 1, 'us')]),
    ]);
    expect(first).toMatchObject({ status: 'rejected', reason: expect.any(SeqConflictError) });
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(SeqConflictError) });
    expect(elsewhere.status).toBe('fulfilled');
    expect(await store.read('s')).toEqual([{ seq: 1, by: 'other' }]);
    expect(await store.read('t')).toEqual([{ seq: 1, by: 'us' }]);
  });

  it('a unit its writer no longer wants (its entries were rolled back meanwhile) is refused as a conflict and not written', async () => {
    const store = new MemoryLogStore();
    const commits = new GroupCommit(store, 5);
    let wanted = true;
    const pending = commits.append([append('s', 1, 'us')], () => wanted);
    wanted = false;
    await expect(pending).rejects.toBeInstanceOf(SeqConflictError);
    expect(await store.read('s')).toEqual([]);
  });

  it('a unit chained after one its writer withdrew is not written either, in the same batch', async () => {
    const store = new MemoryLogStore();
    const commits = new GroupCommit(store, 5);
    const [first, second] = await Promise.allSettled(commits.chain([{ appends: [append('s', 1, 'us')], wanted: () => false }, { appends: [append('t', 1, 'us')] }]));
    expect(first).toMatchObject({ status: 'rejected', reason: expect.any(SeqConflictError) });
    expect(second).toMatchObject({ status: 'rejected', reason: expect.any(SeqConflictError) });
    expect(await store.read('t')).toEqual([]);
  });
});
