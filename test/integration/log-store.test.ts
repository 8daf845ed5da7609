import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRETARIAT } from '../../shared/access/actor.js';
import type { LogEntry } from '../../shared/protocol/socket.js';
import type { LogStore } from '../../server/storage/log.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { SqliteLogStore } from '../../server/storage/sqlite-log.js';
import { removeDir } from '../support/harness.js';

const entry = (seq: number): LogEntry => ({
  seq,
  at: 1_700_000_000_000 + seq,
  actor: SECRETARIAT,
  command: { type: 'meeting:setSpeakingTime', seconds: 60 + seq },
});
const append = (store: LogStore, stream: string, seq: number) => store.append(stream, seq, entry(seq));

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) removeDir(dir);
});

/** One contract for every store implementation: a PostgreSQL store must pass it too. */
const implementations: Array<[string, () => LogStore]> = [
  ['memory', () => new MemoryLogStore()],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'openfloor-store-'));
      dirs.push(dir);
      return new SqliteLogStore(dir);
    },
  ],
];

for (const [name, create] of implementations) {
  describe(`${name} meeting log store`, () => {
    it('returns the entries of each meeting in sequence order', () => {
      const store = create();
      append(store, 'meeting:a', 1);
      append(store, 'meeting:b', 1);
      append(store, 'meeting:a', 2);
      append(store, 'captions:a:en', 1);
      expect(store.read('meeting:a')).toEqual([entry(1), entry(2)]);
      expect(store.read('meeting:b')).toEqual([entry(1)]);
      expect(store.streams('meeting:').sort()).toEqual(['meeting:a', 'meeting:b']);
      expect(store.streams('captions:a:')).toEqual(['captions:a:en']);
      expect(store.streams('meeting%')).toEqual([]);
      expect(store.read('missing')).toEqual([]);
      store.close();
    });

    it('refuses an entry whose seq is not the next one, and keeps the log unchanged', () => {
      const store = create();
      append(store, 'a', 1);
      expect(() => append(store, 'a', 1)).toThrow();
      expect(() => append(store, 'a', 3)).toThrow();
      expect(() => append(store, 'b', 2)).toThrow();
      expect(store.read('a')).toEqual([entry(1)]);
      expect(store.read('b')).toEqual([]);
      store.close();
    });

    it('hands out copies: changing a read entry does not change the log', () => {
      const store = create();
      append(store, 'a', 1);
      const [read] = store.read('a') as LogEntry[];
      read!.seq = 99;
      expect(store.read('a')).toEqual([entry(1)]);
      store.close();
    });
  });
}
