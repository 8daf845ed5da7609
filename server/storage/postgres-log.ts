import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { checkedEntries, entryChecksum, missingBeforeSnapshot, parsedSnapshot, type StoredRow } from './integrity.js';
import { LogIntegrityError, SeqConflictError, type LogAppend, type LogStore, type StreamSnapshot, type StreamWatcher } from './log.js';
import type { WorkLease } from './work-lease.js';
import { z } from 'zod';
import { logger } from '../observability/log.js';
import { answeredWithin } from '../timers.js';

/**
 * The schema's version, in `openfloor_schema`. Version 1 is SQLite's version 1: every entry has
 * its checksum and `stream_head` holds each stream's last seq and checksum, written in the same
 * transaction. There never was a PostgreSQL schema without them, so migrating means creating.
 */
const SCHEMA_VERSION = 1;

/** Any fixed number: two nodes starting at once create the schema one after the other. */
const SCHEMA_LOCK = 0x0f10_0001;

/**
 * The database cannot be reached or cannot take the write now (down, restarting, refusing
 * connections, out of disk): the change was not made, and the same request may succeed later.
 * Its code is one health.ts treats as storage failing, so callers answer STORAGE_UNAVAILABLE.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(reason: string) {
    super(`the database is unavailable: ${reason}`);
  }
}

/** The database holds a schema this server cannot use (written by a newer OpenFloor). */
export class DatabaseOpenError extends Error {}

/**
 * SQLSTATE classes that say the database, not the request, is the problem: 08 connection
 * exception, 53 insufficient resources (disk full, too many connections), 57 operator
 * intervention (shutting down, starting up), 58 system error (I/O). The rest (a constraint,
 * a syntax error) are the request's.
 */
const UNAVAILABLE_STATES = /^(08|53|57|58)/;

function unavailableOrAsIs(error: unknown): unknown {
  if (error instanceof SeqConflictError || error instanceof LogIntegrityError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  // pg's own connection errors ("Connection terminated unexpectedly", a connect timeout) carry no code.
  if (error instanceof pg.DatabaseError && !(typeof code === 'string' && UNAVAILABLE_STATES.test(code))) return error;
  return new DatabaseUnavailableError(error instanceof Error ? error.message : String(error));
}

const heartbeatUnanswered = (ms: number) => new Error(`no answer to a heartbeat within ${ms} ms`);

const UNIQUE_VIOLATION = '23505';
const INSUFFICIENT_PRIVILEGE = '42501';

/** The channel on which each committed batch names the streams it moved and their new last seq. */
const APPENDED_CHANNEL = 'openfloor_appended';
/** PostgreSQL refuses a notice over 8,000 bytes: a batch touching many streams sends several. */
const STREAMS_PER_NOTICE = 40;

/** An entry as written: what tells, after an unanswered COMMIT, whether the batch is in the log. */
interface WrittenEntry {
  stream: string;
  seq: number;
  checksum: string;
}

const AppendedNotice = z.object({ node: z.string(), streams: z.array(z.tuple([z.string(), z.number().int()])) });

export interface PostgresOptions {
  connectionString: string;
  /** Connections per node; a group commit holds one per flush. */
  max?: number;
  /** How long a command may wait for a connection before it is refused as unavailable. */
  connectionTimeoutMs?: number;
  /**
   * How often the listening connection is asked a `SELECT 1`, and how long it may take to
   * answer before the connection is replaced (the watchers then resync).
   */
  heartbeatMs?: number;
  /**
   * How long any statement may go unanswered before it fails as the database being
   * unavailable and its connection is dropped. A connection the network cut off mid-statement
   * (a failover moving the primary's address) otherwise waits for TCP to give up, about 15
   * minutes, and the group commit, one batch at a time, holds every write of the node behind it.
   * Reads stay far below it (a room reads its snapshot and at most 5,000 entries after it); a
   * future schema migration that rewrites tables would need a connection of its own.
   */
  statementTimeoutMs?: number;
  /**
   * How long the database keeps a session that is in a transaction but sends nothing. This
   * node's transactions never pause between statements; a node cut off from the database
   * halfway through one (its network, not its process, gone) cannot end its session itself,
   * and the database would keep it, with the stream heads it locked, until TCP gave up hours
   * later. Below the other nodes' statement timeout, so they wait for it rather than fail.
   */
  idleInTransactionTimeoutMs?: number;
}

interface ReadRow {
  head_seq: number | null;
  head_checksum: string | null;
  covered: number | null;
  seq: number | null;
  entry: string | null;
  checksum: string | null;
}

/**
 * All logs in one PostgreSQL database, for several nodes serving the same meetings. The order of
 * a stream is the database's: the primary key (stream, seq) and the conditional update of
 * `stream_head` make an append whose seq is taken fail with SeqConflictError, whichever node
 * tried it. That is chosen over a per-meeting lease with fencing: a lease needs a holder,
 * renewals and a fencing token checked on every write anyway, and a node that lost it keeps
 * believing it holds it until it learns otherwise; a unique (stream, seq) is the check itself,
 * done by the one party that sees every write, and the loser of a race learns it on the very
 * write that lost, so it can reload and retry. Nothing forks a log, whatever the nodes believe.
 *
 * Entries are stored as the text that was checksummed (not jsonb, which reorders keys), and
 * every read checks them as SQLite's store does (integrity.ts).
 */
export class PostgresLogStore implements LogStore {
  /** Tells this node's own notices from the others'. */
  private readonly node = randomUUID();
  private readonly watchers = new Set<StreamWatcher>();
  private listener: pg.Client | null = null;
  private relisten: NodeJS.Timeout | null = null;
  private closed = false;
  /** Each pooled connection's application name, unique, so that its session can be found and ended. */
  private readonly sessions = new WeakMap<pg.PoolClient, string>();

  private constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly heartbeatMs: number,
  ) {}

  /** Connects and creates or migrates the schema; refuses a schema from a newer server. */
  static async open(options: PostgresOptions): Promise<PostgresLogStore> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 3000,
      query_timeout: options.statementTimeoutMs ?? 15_000,
    });
    // An idle connection the database drops (a restart) is reported here; without a listener it would end the process.
    pool.on('error', (error) => logger.warn({ err: error }, 'postgres: an idle connection failed; the next query opens another'));
    const store = new PostgresLogStore(pool, options.connectionString, options.heartbeatMs ?? 2000);
    // Sent before any query of the connection (pg queues them in order).
    const idleInTransaction = `${options.idleInTransactionTimeoutMs ?? 10_000}ms`;
    pool.on('connect', (client) => {
      const session = `openfloor-${randomUUID()}`;
      store.sessions.set(client, session);
      client
        .query("SELECT set_config('application_name', $1, false), set_config('idle_in_transaction_session_timeout', $2, false)", [session, idleInTransaction])
        .catch(() => {});
    });
    try {
      await store.migrate();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  private async migrate(): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS openfloor_schema (version integer NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM openfloor_schema');
      const version = rows[0]?.version ?? 0;
      if (version === SCHEMA_VERSION) return;
      if (version > SCHEMA_VERSION) {
        throw new DatabaseOpenError(`The database holds OpenFloor's log in schema ${version}, written by a newer OpenFloor; this one reads ${SCHEMA_VERSION}. Run the newer version, or point DATABASE_URL at another database.`);
      }
      await client.query(`
        CREATE TABLE IF NOT EXISTS event_log (
          stream text NOT NULL,
          seq integer NOT NULL,
          entry text NOT NULL,
          checksum text NOT NULL,
          PRIMARY KEY (stream, seq)
        );
        CREATE TABLE IF NOT EXISTS stream_head (
          stream text PRIMARY KEY,
          seq integer NOT NULL,
          checksum text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS snapshot (
          stream text PRIMARY KEY,
          seq integer NOT NULL,
          state text NOT NULL
        );
        CREATE TABLE IF NOT EXISTS document (
          key text PRIMARY KEY,
          value text NOT NULL
        );
      `);
      await client.query('DELETE FROM openfloor_schema');
      await client.query('INSERT INTO openfloor_schema (version) VALUES ($1)', [SCHEMA_VERSION]);
    });
  }

  /**
   * `committed`, when the COMMIT went unanswered: whether the transaction's writes are in the
   * database after all (read on another connection once the first one's session has ended).
   */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>, committed?: () => Promise<boolean>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailableOrAsIs(error);
    }
    let broken = false;
    /** Set once the work is done and the COMMIT is sent. */
    let ready: { result: T } | null = null;
    try {
      await client.query('BEGIN');
      ready = { result: await work(client) };
      await client.query('COMMIT');
      return ready.result;
    } catch (error) {
      // pg's own message for a statement past query_timeout: the connection is still waiting for
      // that answer, so a ROLLBACK would only wait behind it.
      if (error instanceof Error && error.message === 'Query read timeout') broken = true;
      else {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      if (broken) {
        // The database may not know the connection is gone (a cut-off flow looks open for hours),
        // and its session would keep the stream heads it locked from every node: it is ended now.
        await this.endSession(client);
        if (ready && committed) {
          try {
            if (await committed()) {
              logger.warn({ err: error }, 'postgres: a COMMIT went unanswered; the transaction was found committed');
              return ready.result;
            }
          } catch (checkError) {
            logger.warn({ err: checkError }, 'postgres: could not tell whether an unanswered COMMIT went through');
          }
        }
      }
      throw unavailableOrAsIs(error);
    } finally {
      // A connection that could not even roll back is dropped, not handed to the next command.
      client.release(broken);
    }
  }

  /**
   * Ends the database session of a connection this node gave up on, waiting up to 5 s for it to
   * end: whatever it held is released, and a transaction it had not committed is rolled back.
   * Found by its process id and the application name this node gave it, so no other session is
   * ended (process ids are reused).
   */
  private async endSession(client: pg.PoolClient): Promise<void> {
    const pid = (client as unknown as { processID?: number }).processID;
    const session = this.sessions.get(client);
    if (pid === undefined || session === undefined) return;
    try {
      await this.pool.query('SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE pid = $1 AND application_name = $2', [pid, session]);
    } catch (error) {
      logger.warn({ err: error }, 'postgres: could not end the session of a connection given up on');
    }
  }

  private async query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (error) {
      throw unavailableOrAsIs(error);
    }
  }

  append(stream: string, seq: number, entry: unknown): Promise<void> {
    return this.appendBatch([{ stream, seq, entry }]);
  }

  /**
   * One transaction. Per stream, the head moves from the seq before the batch's first entry to
   * its last one, or the batch fails: that update also locks the head row, so a second node
   * appending the same stream waits for the first to commit and then finds the head moved.
   * The primary key refuses a taken seq even if the head were wrong.
   */
  async appendBatch(appends: readonly LogAppend[]): Promise<void> {
    if (appends.length === 0) return;
    let written: WrittenEntry | null = null;
    await this.transaction(
      async (client) => {
        written = await this.write(client, appends);
      },
      () => this.holds(written),
    );
  }

  /** Whether the log holds this very entry (its checksum covers the stream, the seq and the text). */
  private async holds(entry: WrittenEntry | null): Promise<boolean> {
    if (!entry) return false;
    const rows = await this.query('SELECT 1 FROM event_log WHERE stream = $1 AND seq = $2 AND checksum = $3', [entry.stream, entry.seq, entry.checksum]);
    return rows.length === 1;
  }

  /**
   * `SELECT … FOR UPDATE` on the stream's head holds any other node's append to the stream
   * (its head update waits for this transaction, then finds the head moved) while this one
   * reads the newer entries, judges and writes.
   */
  async appendJudged(stream: string, afterSeq: number, judge: (newer: unknown[]) => LogAppend[]): Promise<void> {
    let written: WrittenEntry | null = null;
    await this.transaction(async (client) => {
      const head = await client.query<{ seq: number; checksum: string }>('SELECT seq, checksum FROM stream_head WHERE stream = $1 FOR UPDATE', [stream]);
      const rows = await client.query<StoredRow>('SELECT seq, entry, checksum FROM event_log WHERE stream = $1 AND seq > $2 ORDER BY seq', [stream, afterSeq]);
      const appends = judge(checkedEntries(stream, afterSeq, rows.rows, head.rows[0]));
      if (appends.length > 0) written = await this.write(client, appends);
    }, async () => written === null || (await this.holds(written)));
  }

  /** Writes the batch; returns one of its entries, which the log holds if and only if the batch committed. */
  private async write(client: pg.PoolClient, appends: readonly LogAppend[]): Promise<WrittenEntry> {
    const rows: Array<{ stream: string; seq: number; text: string; checksum: string }> = [];
    const spans = new Map<string, { first: number; last: number; checksum: string }>();
    for (const { stream, seq, entry } of appends) {
      const span = spans.get(stream);
      if (span && seq !== span.last + 1) throw new SeqConflictError(stream, seq);
      const text = JSON.stringify(entry);
      const checksum = entryChecksum(stream, seq, text);
      rows.push({ stream, seq, text, checksum });
      spans.set(stream, { first: span?.first ?? seq, last: seq, checksum });
    }
    for (const [stream, { first, last, checksum }] of spans) {
      const moved =
        first === 1
          ? await client.query('INSERT INTO stream_head (stream, seq, checksum) VALUES ($1, $2, $3) ON CONFLICT (stream) DO NOTHING', [stream, last, checksum])
          : await client.query('UPDATE stream_head SET seq = $2, checksum = $3 WHERE stream = $1 AND seq = $4', [stream, last, checksum, first - 1]);
      if (moved.rowCount !== 1) throw new SeqConflictError(stream, first);
    }
    try {
      await client.query('INSERT INTO event_log (stream, seq, entry, checksum) SELECT * FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[])', [
        rows.map((row) => row.stream),
        rows.map((row) => row.seq),
        rows.map((row) => row.text),
        rows.map((row) => row.checksum),
      ]);
    } catch (error) {
      if ((error as { code?: unknown }).code !== UNIQUE_VIOLATION) throw error;
      const taken = rows.find(({ stream }) => (error as pg.DatabaseError).detail?.includes(stream)) ?? rows[0]!;
      throw new SeqConflictError(taken.stream, taken.seq);
    }
    // Sent by PostgreSQL when, and only if, the transaction commits.
    const moved = [...spans].map(([stream, { last }]): [string, number] => [stream, last]);
    const notices: string[] = [];
    for (let start = 0; start < moved.length; start += STREAMS_PER_NOTICE) {
      notices.push(JSON.stringify({ node: this.node, streams: moved.slice(start, start + STREAMS_PER_NOTICE) }));
    }
    await client.query('SELECT pg_notify($1, notice) FROM unnest($2::text[]) AS notice', [APPENDED_CHANNEL, notices]);
    return rows.at(-1)!;
  }

  /**
   * LISTENs on one connection of its own. Each time it is (re)established the watchers resync,
   * since a notice sent while nobody listened is gone: a lost connection costs a re-read of the
   * streams in memory, never a missed entry.
   */
  watch(watcher: StreamWatcher): () => void {
    this.watchers.add(watcher);
    if (this.watchers.size === 1 && !this.listener && !this.relisten) void this.listen(500);
    return () => this.watchers.delete(watcher);
  }

  /**
   * A session-level advisory lock on a connection of its own: PostgreSQL frees it the moment
   * that connection ends, a node killed included, and the other nodes try for it every
   * `retryMs`. A node that loses its connection stops the work before it tries again.
   *
   * While held, the connection is asked a `SELECT 1` every `retryMs` and given up when no
   * answer comes in time: a connection the network cut off (a failover moving the primary's
   * address) would otherwise never be noticed, since nothing else is sent on it, and the node
   * would go on with the work while another node took the lock on the new primary. A session
   * given up on may still hold the lock in the database's eyes (only the flow was lost): the
   * next connection ends it by its application name, unique per connection, so the lock is
   * free again for whichever node asks first.
   */
  lease(name: string, retryMs = 2000): WorkLease {
    const listeners = new Set<(held: boolean) => void>();
    let held = false;
    let client: pg.Client | null = null;
    /** The application name of the current connection's session, once the database has it. */
    let established: string | null = null;
    /** Sessions this node gave up on that the database may still keep, holding the lock. */
    const abandoned = new Set<string>();
    let timer: NodeJS.Timeout | null = null;
    let closed = false;
    const set = (now: boolean) => {
      if (held === now) return;
      held = now;
      logger.info({ lease: name }, now ? 'this node runs the timed work of all nodes' : 'this node no longer runs the timed work');
      for (const listener of listeners) listener(now);
    };
    const drop = () => {
      const lost = client;
      client = null;
      if (established) abandoned.add(established);
      established = null;
      set(false);
      void lost?.end().catch(() => {});
    };
    const attempt = async () => {
      timer = null;
      if (closed || this.closed) return;
      try {
        if (!client) {
          const session = `openfloor-lease-${randomUUID()}`;
          const fresh = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 3000, application_name: session });
          fresh.on('error', () => client === fresh && drop());
          fresh.on('end', () => client === fresh && drop());
          client = fresh;
          await fresh.connect();
          established = session;
          if (abandoned.size > 0) {
            await this.endSessions(fresh, [...abandoned]);
            abandoned.clear();
          }
        }
        if (!held) {
          const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken', [`openfloor:${name}`]);
          if (rows[0]?.taken) set(true);
        } else await answeredWithin(client.query('SELECT 1'), retryMs, () => heartbeatUnanswered(retryMs));
      } catch {
        drop();
      }
      if (!closed && !this.closed) {
        timer = setTimeout(() => void attempt(), retryMs);
        timer.unref();
      }
    };
    void attempt();
    return {
      get held() {
        return held;
      },
      onChange: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      close: async () => {
        closed = true;
        if (timer) clearTimeout(timer);
        const last = client;
        client = null;
        held = false;
        await last?.end().catch(() => {});
      },
    };
  }

  /**
   * Ends this node's earlier sessions of these application names, where the database still
   * keeps them. Fails as the connection does; not being allowed to (a role without the right)
   * is only logged: the database frees the lock once it notices the session is gone.
   */
  private async endSessions(client: pg.Client, applicationNames: string[]): Promise<void> {
    try {
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ANY($1::text[])', [applicationNames]);
    } catch (error) {
      if (!(error instanceof pg.DatabaseError && error.code === INSUFFICIENT_PRIVILEGE)) throw error;
      logger.warn({ err: error }, 'postgres: not allowed to end the lease session this node gave up on');
    }
  }

  /**
   * The listening connection only ever receives: a flow the network dropped without a word (a
   * NAT or firewall forgetting an idle connection) would leave this node deaf to the others'
   * appends, its pages told nothing of their changes, until TCP gave up minutes later. So it
   * is asked a `SELECT 1` every heartbeat, and replaced when the answer does not come in time.
   */
  private async listen(retryMs: number): Promise<void> {
    this.relisten = null;
    if (this.closed || this.watchers.size === 0) return;
    const client = new pg.Client({ connectionString: this.connectionString, connectionTimeoutMillis: 3000, keepAlive: true });
    let lost = false;
    let heartbeat: NodeJS.Timeout | undefined;
    const again = (error?: Error) => {
      if (lost) return;
      lost = true;
      clearInterval(heartbeat);
      if (this.listener === client) this.listener = null;
      // Not awaited: on a dropped flow the goodbye is never answered.
      void client.end().catch(() => {});
      if (this.closed) return;
      if (error) logger.warn({ err: error }, 'postgres: the connection that follows other nodes was lost; trying again');
      this.relisten = setTimeout(() => void this.listen(Math.min(retryMs * 2, 5000)), retryMs);
      this.relisten.unref();
    };
    client.on('error', again);
    client.on('end', () => again());
    client.on('notification', ({ payload }) => {
      let parsed: unknown = null;
      try {
        parsed = JSON.parse(payload ?? 'null');
      } catch {
        // Not one of ours: another program may NOTIFY on the same channel name.
      }
      const notice = AppendedNotice.safeParse(parsed);
      if (!notice.success || notice.data.node === this.node) return;
      for (const [stream, seq] of notice.data.streams) for (const watcher of this.watchers) watcher.appended(stream, seq);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${APPENDED_CHANNEL}`);
    } catch (error) {
      again(error as Error);
      return;
    }
    if (lost) return;
    this.listener = client;
    heartbeat = setInterval(() => {
      answeredWithin(client.query('SELECT 1'), this.heartbeatMs, () => heartbeatUnanswered(this.heartbeatMs)).catch(again);
    }, this.heartbeatMs);
    heartbeat.unref();
    for (const watcher of this.watchers) watcher.resync();
  }

  async read(stream: string, afterSeq = 0): Promise<unknown[]> {
    return this.readAfter(stream, afterSeq, afterSeq > 0);
  }

  async readNewer(stream: string, heldSeq: number): Promise<unknown[]> {
    return this.readAfter(stream, heldSeq, false);
  }

  /**
   * One statement, so the entries and the head come from the same snapshot even while another
   * node appends: a head read after the entries would look like a cut-off log. `countBefore`:
   * the entries up to `afterSeq` must all be there (counted on the primary key's index).
   */
  private async readAfter(stream: string, afterSeq: number, countBefore: boolean): Promise<unknown[]> {
    const covered = countBefore ? '(SELECT count(*)::integer FROM event_log c WHERE c.stream = $1 AND c.seq <= $2)' : 'NULL::integer';
    const rows = await this.query<ReadRow>(
      `SELECT h.seq AS head_seq, h.checksum AS head_checksum, ${covered} AS covered,
              e.seq, e.entry, e.checksum
         FROM (SELECT $1::text AS stream) s
         LEFT JOIN stream_head h ON h.stream = s.stream
         LEFT JOIN event_log e ON e.stream = s.stream AND e.seq > $2
        ORDER BY e.seq`,
      [stream, afterSeq],
    );
    const first = rows[0]!;
    if (countBefore && first.covered !== afterSeq) {
      const kept = await this.query<{ seq: number }>('SELECT seq FROM event_log WHERE stream = $1 AND seq <= $2 ORDER BY seq', [stream, afterSeq]);
      throw missingBeforeSnapshot(stream, afterSeq, kept.map((row) => row.seq));
    }
    const entries: StoredRow[] = rows.flatMap(({ seq, entry, checksum }) => (seq === null ? [] : [{ seq, entry: entry!, checksum }]));
    const head = first.head_seq === null ? undefined : { seq: first.head_seq, checksum: first.head_checksum! };
    return checkedEntries(stream, afterSeq, entries, head);
  }

  /** From the heads, one row per stream, rather than every entry of every stream. */
  async streams(prefix: string): Promise<string[]> {
    return (await this.query<{ stream: string }>('SELECT stream FROM stream_head WHERE starts_with(stream, $1)', [prefix])).map((row) => row.stream);
  }

  async readSnapshot(stream: string): Promise<StreamSnapshot | null> {
    const [row] = await this.query<{ seq: number; state: string }>('SELECT seq, state FROM snapshot WHERE stream = $1', [stream]);
    return parsedSnapshot(stream, row);
  }

  /** A node that loaded the stream earlier never replaces a later snapshot with its older one. */
  async writeSnapshot(stream: string, snapshot: StreamSnapshot): Promise<void> {
    await this.query(
      'INSERT INTO snapshot (stream, seq, state) VALUES ($1, $2, $3) ON CONFLICT (stream) DO UPDATE SET seq = excluded.seq, state = excluded.state WHERE snapshot.seq <= excluded.seq',
      [stream, snapshot.seq, JSON.stringify(snapshot.state)],
    );
  }

  async readDocument(key: string): Promise<unknown> {
    const [row] = await this.query<{ value: string }>('SELECT value FROM document WHERE key = $1', [key]);
    return row ? JSON.parse(row.value) : undefined;
  }

  async writeDocument(key: string, value: unknown): Promise<void> {
    await this.query('INSERT INTO document (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, JSON.stringify(value)]);
  }

  async documents(prefix: string): Promise<string[]> {
    return (await this.query<{ key: string }>('SELECT key FROM document WHERE starts_with(key, $1)', [prefix])).map((row) => row.key);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.relisten) clearTimeout(this.relisten);
    await this.listener?.end().catch(() => {});
    await this.pool.end();
  }
}
