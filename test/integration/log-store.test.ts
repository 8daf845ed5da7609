import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRETARIAT } from '../../shared/access/actor.js';
import type { LogEntry } from '../../shared/protocol/socket.js';
import Database from 'better-sqlite3';
import { LogIntegrityError, type LogStore } from '../../server/storage/log.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { LOG_FILE, SqliteLogStore } from '../../server/storage/sqlite-log.js';
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

describe('sqlite log integrity', () => {
  const opened = () => {
    const dir = mkdtempSync(join(tmpdir(), 'openfloor-integrity-'));
    dirs.push(dir);
    const store = new SqliteLogStore(dir);
    for (let seq = 1; seq <= 4; seq += 1) append(store, 'meeting:a', seq);
    append(store, 'meeting:b', 1);
    store.close();
    // What an operator's mistake, a bad restore or a damaged disk does to the file.
    const tamper = (sql: string) => {
      const db = new Database(join(dir, LOG_FILE));
      db.exec(sql);
      db.close();
    };
    return { dir, tamper, reopen: () => new SqliteLogStore(dir) };
  };

  it('a deleted entry in the middle of a stream is found, naming the stream and the seq', () => {
    const { tamper, reopen } = opened();
    tamper("DELETE FROM event_log WHERE stream = 'meeting:a' AND seq = 2");
    const store = reopen();
    expect(() => store.read('meeting:a')).toThrow(new LogIntegrityError('meeting:a', 2, 'missing (the next entry kept is 3)'));
    expect(store.read('meeting:b')).toEqual([entry(1)]);
    store.close();
  });

  it('a deleted last entry is found against the head the stream was written up to', () => {
    const { tamper, reopen } = opened();
    tamper("DELETE FROM event_log WHERE stream = 'meeting:a' AND seq = 4");
    const store = reopen();
    expect(() => store.read('meeting:a')).toThrow(/^log meeting:a, entry 4: missing: the log was written up to entry 4$/);
    store.close();
  });

  it('a deleted entry that a snapshot covers is found too, without reading the covered entries', () => {
    const { tamper, reopen } = opened();
    tamper("DELETE FROM event_log WHERE stream = 'meeting:a' AND seq = 1");
    const store = reopen();
    expect(() => store.read('meeting:a', 3)).toThrow(/^log meeting:a, entry 1: missing \(the snapshot covers entries up to 3\)$/);
    store.close();
  });

  it('an entry changed after it was written no longer matches its checksum', () => {
    const { tamper, reopen } = opened();
    tamper(`UPDATE event_log SET entry = replace(entry, '"seconds":63', '"seconds":600') WHERE stream = 'meeting:a' AND seq = 3`);
    const store = reopen();
    expect(() => store.read('meeting:a')).toThrow(/^log meeting:a, entry 3: does not match its checksum/);
    store.close();
  });

  it('a log written before checksums is migrated once: its entries are accepted if none is missing, and checked from then on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openfloor-v0-'));
    dirs.push(dir);
    // The schema of version 0, as files written before checksums have it.
    const old = new Database(join(dir, LOG_FILE));
    old.exec(`
      CREATE TABLE event_log (stream TEXT NOT NULL, seq INTEGER NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (stream, seq)) WITHOUT ROWID;
      CREATE TABLE snapshot (stream TEXT PRIMARY KEY, seq INTEGER NOT NULL, state TEXT NOT NULL);
      CREATE TABLE document (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    const insert = old.prepare('INSERT INTO event_log (stream, seq, entry) VALUES (?, ?, ?)');
    for (let seq = 1; seq <= 3; seq += 1) insert.run('meeting:old', seq, JSON.stringify(entry(seq)));
    old.close();

    const store = new SqliteLogStore(dir);
    expect(store.read('meeting:old')).toEqual([entry(1), entry(2), entry(3)]);
    append(store, 'meeting:old', 4);
    expect(store.read('meeting:old', 2)).toEqual([entry(3), entry(4)]);
    store.close();
    const migrated = new Database(join(dir, LOG_FILE));
    expect(migrated.pragma('user_version', { simple: true })).toBe(1);
    expect(migrated.prepare('SELECT COUNT(*) AS n FROM event_log WHERE checksum IS NULL').get()).toEqual({ n: 0 });
    migrated.close();
  });

  it('an old log with a missing entry is not migrated: opening it stops naming the stream and the seq', () => {
    const dir = mkdtempSync(join(tmpdir(), 'openfloor-v0-gap-'));
    dirs.push(dir);
    const old = new Database(join(dir, LOG_FILE));
    old.exec('CREATE TABLE event_log (stream TEXT NOT NULL, seq INTEGER NOT NULL, entry TEXT NOT NULL, PRIMARY KEY (stream, seq)) WITHOUT ROWID;');
    const insert = old.prepare('INSERT INTO event_log (stream, seq, entry) VALUES (?, ?, ?)');
    for (const seq of [1, 2, 4]) insert.run('meeting:old', seq, JSON.stringify(entry(seq)));
    old.close();
    expect(() => new SqliteLogStore(dir)).toThrow(new LogIntegrityError('meeting:old', 3, 'missing (the next entry kept is 4)'));
    // Nothing was changed: the file stays as it was, for the operator to restore or repair.
    const unchanged = new Database(join(dir, LOG_FILE));
    expect(unchanged.pragma('user_version', { simple: true })).toBe(0);
    unchanged.close();
  });
});
