import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SECRETARIAT } from '../../shared/access/actor.js';
import type { LogEntry } from '../../shared/protocol/socket.js';
import Database from 'better-sqlite3';
import pg from 'pg';
import { LogIntegrityError, SeqConflictError, type LogStore } from '../../server/storage/log.js';
import { MemoryLogStore } from '../../server/storage/memory-log.js';
import { LOG_FILE, SqliteLogStore } from '../../server/storage/sqlite-log.js';
import { DatabaseUnavailableError, PostgresLogStore } from '../../server/storage/postgres-log.js';
import { startBlackholeProxy, type BlackholeProxy } from '../support/blackhole-proxy.js';
import { removeDir, until, within } from '../support/harness.js';
import { startTestDatabase, type TestDatabase } from '../support/postgres.js';

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

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
}, 60_000);
afterAll(async () => {
  await database?.stop();
});

/**
 * One contract for every store implementation. The PostgreSQL stores of one file share its
 * database, so each test names its streams apart (`prefix`).
 */
const implementations: Array<[string, () => Promise<LogStore>]> = [
  ['memory', async () => new MemoryLogStore()],
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'openfloor-store-'));
      dirs.push(dir);
      return new SqliteLogStore(dir);
    },
  ],
  ['postgresql', () => PostgresLogStore.open({ connectionString: database.url })],
];

let testCount = 0;

for (const [name, create] of implementations) {
  describe(`${name} meeting log store`, () => {
    it('returns the entries of each meeting in sequence order', async () => {
      const store = await create();
      const p = `t${++testCount}-`;
      await append(store, `${p}meeting:a`, 1);
      await append(store, `${p}meeting:b`, 1);
      await append(store, `${p}meeting:a`, 2);
      await append(store, `${p}captions:a:en`, 1);
      expect(await store.read(`${p}meeting:a`)).toEqual([entry(1), entry(2)]);
      expect(await store.read(`${p}meeting:b`)).toEqual([entry(1)]);
      expect((await store.streams(`${p}meeting:`)).sort()).toEqual([`${p}meeting:a`, `${p}meeting:b`]);
      expect(await store.streams(`${p}captions:a:`)).toEqual([`${p}captions:a:en`]);
      expect(await store.streams(`${p}meeting%`)).toEqual([]);
      expect(await store.read(`${p}missing`)).toEqual([]);
      await store.close();
    });

    it('refuses an entry whose seq is not the next one, and keeps the log unchanged', async () => {
      const store = await create();
      const p = `t${++testCount}-`;
      await append(store, `${p}a`, 1);
      await expect(append(store, `${p}a`, 1)).rejects.toThrow(SeqConflictError);
      await expect(append(store, `${p}a`, 3)).rejects.toThrow(SeqConflictError);
      await expect(append(store, `${p}b`, 2)).rejects.toThrow(SeqConflictError);
      expect(await store.read(`${p}a`)).toEqual([entry(1)]);
      expect(await store.read(`${p}b`)).toEqual([]);
      await store.close();
    });

    it('writes a batch all or nothing: one refused entry leaves none of the batch behind', async () => {
      const store = await create();
      const p = `t${++testCount}-`;
      await append(store, `${p}a`, 1);
      const batch = [
        { stream: `${p}b`, seq: 1, entry: entry(1) },
        { stream: `${p}a`, seq: 2, entry: entry(2) },
        { stream: `${p}a`, seq: 4, entry: entry(4) },
      ];
      await expect(store.appendBatch(batch)).rejects.toThrow(SeqConflictError);
      expect(await store.read(`${p}a`)).toEqual([entry(1)]);
      expect(await store.read(`${p}b`)).toEqual([]);
      await store.appendBatch(batch.slice(0, 2));
      expect(await store.read(`${p}a`, 1)).toEqual([entry(2)]);
      await store.close();
    });

    it('keeps snapshots and documents, and lists documents by prefix', async () => {
      const store = await create();
      const p = `t${++testCount}-`;
      expect(await store.readSnapshot(`${p}a`)).toBeNull();
      await store.writeSnapshot(`${p}a`, { seq: 3, state: { title: 'x' } });
      expect(await store.readSnapshot(`${p}a`)).toEqual({ seq: 3, state: { title: 'x' } });
      expect(await store.readDocument(`${p}doc:1`)).toBeUndefined();
      await store.writeDocument(`${p}doc:1`, { n: 1 });
      await store.writeDocument(`${p}doc:1`, { n: 2 });
      await store.writeDocument(`${p}other`, { n: 3 });
      expect(await store.readDocument(`${p}doc:1`)).toEqual({ n: 2 });
      expect(await store.documents(`${p}doc:`)).toEqual([`${p}doc:1`]);
      await store.close();
    });

    it('hands out copies: changing a read entry does not change the log', async () => {
      const store = await create();
      const p = `t${++testCount}-`;
      await append(store, `${p}a`, 1);
      const [read] = (await store.read(`${p}a`)) as LogEntry[];
      read!.seq = 99;
      expect(await store.read(`${p}a`)).toEqual([entry(1)]);
      await store.close();
    });
  });
}

/** Two stores on one database stand for two nodes serving the same meeting. */
describe('postgresql log store shared by two nodes', () => {
  const nodes = async () => [await PostgresLogStore.open({ connectionString: database.url }), await PostgresLogStore.open({ connectionString: database.url })] as const;

  it("a node whose listening connection the network cut off alone notices within a heartbeat or two, listens again on a new one, reads again what it may have missed, and hears the other node's appends", async () => {
    const proxy = await startBlackholeProxy(database.url);
    const writer = await PostgresLogStore.open({ connectionString: database.url });
    const follower = await PostgresLogStore.open({ connectionString: proxy.url, heartbeatMs: 200 });
    const stream = `deaf-${++testCount}`;
    const heard: number[] = [];
    let resyncs = 0;
    const stop = follower.watch({ appended: (name, seq) => name === stream && heard.push(seq), resync: () => resyncs++ });
    try {
      await until(async () => (resyncs > 0 ? true : null), 'the follower to listen', 10_000, 20);
      await append(writer, stream, 1);
      await until(async () => (heard.includes(1) ? true : null), 'the follower to hear the first append', 5_000, 20);
      expect(proxy.blackhole(/LISTEN/), 'the listening connection is cut off').toBe(1);
      const before = resyncs;
      await append(writer, stream, 2);
      await until(async () => (resyncs > before ? true : null), 'the follower to listen again on a new connection', 10_000, 20);
      await append(writer, stream, 3);
      await until(async () => (heard.includes(3) ? true : null), 'the follower to hear an append made after it listened again', 5_000, 20);
      expect(await follower.read(stream)).toEqual([entry(1), entry(2), entry(3)]);
    } finally {
      stop();
      await writer.close();
      await follower.close();
      await proxy.close();
    }
  });

  it('a write on a connection the network cut off fails as the database being unavailable once the statement timeout passes, not when TCP gives up, and the next write goes through on a new connection', async () => {
    const proxy = await startBlackholeProxy(database.url);
    const store = await PostgresLogStore.open({ connectionString: proxy.url, statementTimeoutMs: 300 });
    const stream = `cut-${++testCount}`;
    try {
      await append(store, stream, 1);
      expect(proxy.blackhole(/./), 'the pooled connection is cut off').toBeGreaterThan(0);
      await expect(within(append(store, stream, 2), 'the write on the cut-off connection to fail', 5_000)).rejects.toThrow(DatabaseUnavailableError);
      await within(append(store, stream, 2), 'the next write, on a new connection', 5_000);
      expect(await store.read(stream)).toEqual([entry(1), entry(2)]);
    } finally {
      await within(store.close(), 'the store to close', 5_000);
      await proxy.close();
    }
  });

  /**
   * A node writing through a proxy that can cut its flows off, and another node connected
   * directly, both on a fresh stream holding entry 1.
   */
  async function withCutOffNode(name: string, options: { idleInTransactionTimeoutMs?: number }, body: (nodes: { proxy: BlackholeProxy; store: PostgresLogStore; other: PostgresLogStore; stream: string }) => Promise<void>) {
    const proxy = await startBlackholeProxy(database.url);
    const store = await PostgresLogStore.open({ connectionString: proxy.url, statementTimeoutMs: 300, ...options });
    const other = await PostgresLogStore.open({ connectionString: database.url, statementTimeoutMs: 5_000 });
    const stream = `${name}-${++testCount}`;
    try {
      await append(store, stream, 1);
      await body({ proxy, store, other, stream });
    } finally {
      await proxy.close();
      await within(store.close(), 'the store to close', 10_000);
      await other.close();
    }
  }

  it('a COMMIT the database received but whose answer the network lost is found committed: the append succeeds, and is in the log once', async () => {
    await withCutOffNode('commit-answer-lost', {}, async ({ proxy, store, other, stream }) => {
      const cut = proxy.cutWhen(/COMMIT/, true);
      await within(append(store, stream, 2), 'the append whose COMMIT went unanswered', 10_000);
      await cut;
      expect(await other.read(stream)).toEqual([entry(1), entry(2)]);
      // The next seq follows, from either node.
      await within(append(other, stream, 3), "the other node's next append", 5_000);
    });
  });

  it.each([
    ['a COMMIT the network lost on its way', /COMMIT/],
    // After the head is updated (and locked), on the entry's insert.
    ['a transaction the network cut off halfway', /INSERT INTO event_log/],
  ])('%s fails as unavailable, leaves nothing in the log, and does not hold the stream from the other nodes', async (_, sending) => {
    await withCutOffNode('cut-transaction', {}, async ({ proxy, store, other, stream }) => {
      const cut = proxy.cutWhen(sending, false);
      await expect(within(append(store, stream, 2), 'the append cut off', 10_000)).rejects.toThrow(DatabaseUnavailableError);
      await cut;
      // Its session, still open in the database's eyes, had locked the stream's head.
      await within(append(other, stream, 2), "the other node's append of the same seq", 5_000);
      expect(await other.read(stream)).toEqual([entry(1), entry(2)]);
    });
  });

  it('a node cut off from the database halfway through a transaction, unable to end its session, holds the stream from the other nodes only until the database ends the idle session', async () => {
    await withCutOffNode('isolated', { idleInTransactionTimeoutMs: 1_000 }, async ({ proxy, store, other, stream }) => {
      const cut = proxy.cutWhen(/INSERT INTO event_log/, false);
      const failed = expect(within(append(store, stream, 2), 'the append of the isolated node', 10_000)).rejects.toThrow(DatabaseUnavailableError);
      await cut;
      // Its attempt to end the session from a new connection goes nowhere either.
      proxy.isolate();
      await within(append(other, stream, 2), "the other node's append of the same seq, once the database ended the idle session", 5_000);
      await failed;
      expect(await other.read(stream)).toEqual([entry(1), entry(2)]);
    });
  });

  it('a node whose lease connection the network cut off gives the timed work up within a heartbeat or two, never while another node holds it, and the lease is held again', async () => {
    const proxy = await startBlackholeProxy(database.url);
    const a = await PostgresLogStore.open({ connectionString: proxy.url });
    const b = await PostgresLogStore.open({ connectionString: database.url });
    const name = `cut-lease-${++testCount}`;
    const leaseA = a.lease(name, 100);
    const leaseB = b.lease(name, 100);
    let overlapped = false;
    leaseA.onChange((held) => (overlapped ||= held && leaseB.held));
    leaseB.onChange((held) => (overlapped ||= held && leaseA.held));
    try {
      await until(async () => (leaseA.held || leaseB.held ? true : null), 'a node to take the lease', 5_000, 20);
      if (leaseB.held) {
        // Node A must be the holder for the test: B lets go, and A takes it.
        await leaseB.close();
        await until(async () => (leaseA.held ? true : null), 'node A to take the lease', 5_000, 20);
      }
      expect(proxy.blackhole(/pg_try_advisory_lock/), "node A's lease connection is cut off").toBe(1);
      await until(async () => (leaseA.held ? null : true), 'node A to give the timed work up', 5_000, 20);
      await until(async () => (leaseA.held || leaseB.held ? true : null), 'a node to hold the lease again', 10_000, 20);
      expect(overlapped, 'two nodes held the lease at once').toBe(false);
    } finally {
      await leaseA.close();
      await leaseB.close();
      await a.close();
      await b.close();
      await proxy.close();
    }
  });

  it('two nodes racing on every seq of one stream: exactly one wins each, the other gets SeqConflictError, the log has no gap or fork', async () => {
    const [a, b] = await nodes();
    const stream = `race-${++testCount}`;
    const tagged = (node: string, seq: number) => ({ ...entry(seq), node });
    const winners: string[] = [];
    for (let seq = 1; seq <= 40; seq += 1) {
      const results = await Promise.allSettled([a.append(stream, seq, tagged('a', seq)), b.append(stream, seq, tagged('b', seq))]);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]).toBeInstanceOf(SeqConflictError);
      winners.push(results[0]!.status === 'fulfilled' ? 'a' : 'b');
    }
    const fromA = (await a.read(stream)) as Array<{ seq: number; node: string }>;
    expect(fromA.map((read) => read.seq)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
    expect(fromA.map((read) => read.node)).toEqual(winners);
    expect(await b.read(stream)).toEqual(fromA);
    await a.close();
    await b.close();
  });

  it('a node that judges under the stream\'s lock sees what the other wrote and cannot be overtaken: the other node\'s append meanwhile waits, then is refused', async () => {
    const [a, b] = await nodes();
    const stream = `judged-${++testCount}`;
    await a.append(stream, 1, entry(1));
    await b.append(stream, 2, entry(2));
    let racing: Promise<unknown> | null = null;
    let seen: unknown[] = [];
    await a.appendJudged(stream, 1, (newer) => {
      seen = newer;
      // Node B tries the same seq while node A holds the lock.
      // Its refusal is taken at once, so it never stands unhandled while node A commits.
      racing = b.append(stream, 3, { ...entry(3), node: 'b' }).then(() => 'written', (error: unknown) => error);
      return [{ stream, seq: 3, entry: { ...entry(3), node: 'a' } }];
    });
    expect(seen).toEqual([entry(2)]);
    expect(await racing).toBeInstanceOf(SeqConflictError);
    expect(await b.read(stream)).toEqual([entry(1), entry(2), { ...entry(3), node: 'a' }]);
    await a.close();
    await b.close();
  });

  it('a node that keeps appending after losing a race is refused until it reads the stream again', async () => {
    const [a, b] = await nodes();
    const stream = `stale-${++testCount}`;
    await a.append(stream, 1, entry(1));
    await b.append(stream, 2, entry(2));
    await expect(a.append(stream, 2, entry(2))).rejects.toThrow(SeqConflictError);
    const next = (await a.read(stream)).length + 1;
    await a.append(stream, next, entry(next));
    expect(await b.read(stream)).toEqual([entry(1), entry(2), entry(3)]);
    await a.close();
    await b.close();
  });

  it('a batch that conflicts with another node leaves nothing behind, in any of its streams', async () => {
    const [a, b] = await nodes();
    const p = `batch-${++testCount}-`;
    await a.append(`${p}meeting`, 1, entry(1));
    const many = Array.from({ length: 20 }, (_, index) => ({ stream: `${p}captions`, seq: index + 1, entry: entry(index + 1) }));
    const results = await Promise.allSettled([
      a.appendBatch([...many, { stream: `${p}meeting`, seq: 2, entry: entry(2) }]),
      b.appendBatch([{ stream: `${p}meeting`, seq: 2, entry: { ...entry(2), node: 'b' } }, { stream: `${p}attendance`, seq: 1, entry: entry(1) }]),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const loser = results.findIndex((result) => result.status === 'rejected');
    expect((results[loser] as PromiseRejectedResult).reason).toBeInstanceOf(SeqConflictError);
    const meeting = (await a.read(`${p}meeting`)) as Array<{ node?: string }>;
    expect(meeting).toHaveLength(2);
    if (loser === 0) {
      expect(meeting[1]!.node).toBe('b');
      expect(await a.read(`${p}captions`)).toEqual([]);
      expect(await a.read(`${p}attendance`)).toEqual([entry(1)]);
    } else {
      expect(meeting[1]!.node).toBeUndefined();
      expect(await a.read(`${p}captions`)).toHaveLength(20);
      expect(await a.read(`${p}attendance`)).toEqual([]);
    }
    await a.close();
    await b.close();
  });
});

/** The durable stores, each with a way to change its rows behind its back (an operator's mistake, a bad restore). */
const tamperable: Array<[string, () => Promise<{ store: LogStore; tamper(sql: string): Promise<void> }>]> = [
  [
    'sqlite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'openfloor-held-'));
      dirs.push(dir);
      const tamper = async (sql: string) => {
        const db = new Database(join(dir, LOG_FILE));
        db.exec(sql);
        db.close();
      };
      return { store: new SqliteLogStore(dir), tamper };
    },
  ],
  [
    'postgresql',
    async () => {
      const tamper = async (sql: string) => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        await client.query(sql);
        await client.end();
      };
      return { store: await PostgresLogStore.open({ connectionString: database.url }), tamper };
    },
  ],
];

for (const [name, open] of tamperable) {
  describe(`${name} store: a node reading on from the entries it holds`, () => {
    it('gets the entries after them, checked as every read is: a missing or edited newer entry is found', async () => {
      const { store, tamper } = await open();
      const stream = `held-${++testCount}`;
      for (let seq = 1; seq <= 6; seq += 1) await append(store, stream, seq);
      expect(await store.readNewer(stream, 4)).toEqual([entry(5), entry(6)]);
      expect(await store.readNewer(stream, 6)).toEqual([]);
      await tamper(`UPDATE event_log SET entry = replace(entry, '"seconds":66', '"seconds":600') WHERE stream = '${stream}' AND seq = 6`);
      await expect(store.readNewer(stream, 4)).rejects.toThrow(new RegExp(`^log ${stream}, entry 6: does not match its checksum`));
      await tamper(`DELETE FROM event_log WHERE stream = '${stream}' AND seq = 5`);
      await expect(store.readNewer(stream, 4)).rejects.toThrow(new LogIntegrityError(stream, 5, 'missing (the next entry kept is 6)'));
      await store.close();
    });

    it('does not count the entries it holds again (it checked them as they came), where a read after a snapshot at the same place does', async () => {
      const { store, tamper } = await open();
      const stream = `held-${++testCount}`;
      for (let seq = 1; seq <= 6; seq += 1) await append(store, stream, seq);
      await tamper(`DELETE FROM event_log WHERE stream = '${stream}' AND seq = 2`);
      expect(await store.readNewer(stream, 4)).toEqual([entry(5), entry(6)]);
      await expect(store.read(stream, 4)).rejects.toThrow(new LogIntegrityError(stream, 2, 'missing (the snapshot covers entries up to 4)'));
      await store.close();
    });
  });
}

describe('sqlite log integrity', () => {
  const opened = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openfloor-integrity-'));
    dirs.push(dir);
    const store = new SqliteLogStore(dir);
    for (let seq = 1; seq <= 4; seq += 1) await append(store, 'meeting:a', seq);
    await append(store, 'meeting:b', 1);
    await store.close();
    // What an operator's mistake, a bad restore or a damaged disk does to the file.
    const tamper = (sql: string) => {
      const db = new Database(join(dir, LOG_FILE));
      db.exec(sql);
      db.close();
    };
    return { dir, tamper, reopen: () => new SqliteLogStore(dir) };
  };

  it('a deleted entry in the middle of a stream is found, naming the stream and the seq', async () => {
    const { tamper, reopen } = await opened();
    tamper("DELETE FROM event_log WHERE stream = 'meeting:a' AND seq = 2");
    const store = reopen();
    await expect(store.read('meeting:a')).rejects.toThrow(new LogIntegrityError('meeting:a', 2, 'missing (the next entry kept is 3)'));
    expect(await store.read('meeting:b')).toEqual([entry(1)]);
    await store.close();
  });

  it('a deleted last entry is found against the head the stream was written up to', async () => {
    const { tamper, reopen } = await opened();
    tamper("DELETE FROM event_log WHERE stream = 'meeting:a' AND seq = 4");
    const store = reopen();
    await expect(store.read('meeting:a')).rejects.toThrow(/^log meeting:a, entry 4: missing: the log was written up to entry 4$/);
    await store.close();
  });

  it('a deleted entry that a snapshot covers is found too, without reading the covered entries', async () => {
    const { tamper, reopen } = await opened();
    tamper("DELETE FROM event_log WHERE stream = 'meeting:a' AND seq = 1");
    const store = reopen();
    await expect(store.read('meeting:a', 3)).rejects.toThrow(/^log meeting:a, entry 1: missing \(the snapshot covers entries up to 3\)$/);
    await store.close();
  });

  it('an entry changed after it was written no longer matches its checksum', async () => {
    const { tamper, reopen } = await opened();
    tamper(`UPDATE event_log SET entry = replace(entry, '"seconds":63', '"seconds":600') WHERE stream = 'meeting:a' AND seq = 3`);
    const store = reopen();
    await expect(store.read('meeting:a')).rejects.toThrow(/^log meeting:a, entry 3: does not match its checksum/);
    await store.close();
  });

  it('a log written before checksums is migrated once: its entries are accepted if none is missing, and checked from then on', async () => {
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
    expect(await store.read('meeting:old')).toEqual([entry(1), entry(2), entry(3)]);
    await append(store, 'meeting:old', 4);
    expect(await store.read('meeting:old', 2)).toEqual([entry(3), entry(4)]);
    await store.close();
    const migrated = new Database(join(dir, LOG_FILE));
    expect(migrated.pragma('user_version', { simple: true })).toBe(1);
    expect(migrated.prepare('SELECT COUNT(*) AS n FROM event_log WHERE checksum IS NULL').get()).toEqual({ n: 0 });
    migrated.close();
  });

  it('an old log with a missing entry is not migrated: opening it stops naming the stream and the seq', async () => {
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
