import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkedEntries, entryChecksum, missingBeforeSnapshot, parsedSnapshot, type StoredRow, type StreamHead } from './integrity.js';
import { LogIntegrityError, SeqConflictError, type LogAppend, type LogStore, type StreamSnapshot } from './log.js';

export const LOG_FILE = 'openfloor.sqlite';

/**
 * The schema's version, in SQLite's `user_version`. 1 added a checksum to every entry and the
 * `stream_head` table (each stream's last seq and checksum, updated in the same transaction):
 * a file of version 0 is migrated on open, its entries checked for gaps and checksummed once.
 */
const SCHEMA_VERSION = 1;

/** The meeting log file cannot be opened: not a database, damaged, or from a newer server. */
export class StoreOpenError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file} cannot be opened as OpenFloor's log (${reason}). Restore it from a backup (with its -wal file), or move it away to start without the meetings it holds.`);
  }
}

/**
 * All logs in one SQLite file, WAL mode with a full sync on every commit (one per group commit).
 * Every read checks what it returns (integrity.ts). The promises of the port settle at once:
 * better-sqlite3 is synchronous, and one local sync is shorter than a thread hop.
 */
export class SqliteLogStore implements LogStore {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly headOf: Database.Statement;
  private readonly countUpTo: Database.Statement;
  private readonly seqsUpTo: Database.Statement;
  private readonly saveHead: Database.Statement;
  private readonly names: Database.Statement;
  private readonly snapshotOf: Database.Statement;
  private readonly saveSnapshot: Database.Statement;
  private readonly documentOf: Database.Statement;
  private readonly saveDocument: Database.Statement;
  private readonly documentKeys: Database.Statement;
  private readonly write: (appends: readonly LogAppend[]) => void;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, LOG_FILE);
    try {
      this.db = new Database(this.file);
      this.db.pragma('journal_mode = WAL');
      // FULL: an acknowledged command survives a power cut, not only a process crash.
      this.db.pragma('synchronous = FULL');
      this.migrate();
    } catch (error) {
      if (error instanceof LogIntegrityError || error instanceof StoreOpenError) throw error;
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('SQLITE_')) throw new StoreOpenError(this.file, `${code}: ${(error as Error).message}`);
      throw error;
    }
    this.insert = this.db.prepare('INSERT INTO event_log (stream, seq, entry, checksum) VALUES (?, ?, ?, ?)');
    this.select = this.db.prepare('SELECT seq, entry, checksum FROM event_log WHERE stream = ? AND seq > ? ORDER BY seq');
    this.countUpTo = this.db.prepare('SELECT COUNT(*) AS n FROM event_log WHERE stream = ? AND seq <= ?');
    this.seqsUpTo = this.db.prepare('SELECT seq FROM event_log WHERE stream = ? AND seq <= ? ORDER BY seq');
    this.headOf = this.db.prepare('SELECT seq, checksum FROM stream_head WHERE stream = ?');
    this.saveHead = this.db.prepare('INSERT OR REPLACE INTO stream_head (stream, seq, checksum) VALUES (?, ?, ?)');
    this.names = this.db.prepare('SELECT DISTINCT stream FROM event_log WHERE substr(stream, 1, ?) = ?');
    this.snapshotOf = this.db.prepare('SELECT seq, state FROM snapshot WHERE stream = ?');
    this.saveSnapshot = this.db.prepare('INSERT OR REPLACE INTO snapshot (stream, seq, state) VALUES (?, ?, ?)');
    this.documentOf = this.db.prepare('SELECT value FROM document WHERE key = ?');
    this.saveDocument = this.db.prepare('INSERT OR REPLACE INTO document (key, value) VALUES (?, ?)');
    this.documentKeys = this.db.prepare('SELECT key FROM document WHERE substr(key, 1, ?) = ?');
    const lastSeq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM event_log WHERE stream = ?');
    const transaction = this.db.transaction((appends: readonly LogAppend[]) => {
      const heads = new Map<string, { seq: number; checksum: string }>();
      for (const { stream, seq, entry } of appends) {
        const expected = (heads.get(stream)?.seq ?? (lastSeq.get(stream) as { seq: number }).seq) + 1;
        if (seq !== expected) throw new SeqConflictError(stream, seq);
        const text = JSON.stringify(entry);
        const checksum = entryChecksum(stream, seq, text);
        this.insert.run(stream, seq, text, checksum);
        heads.set(stream, { seq, checksum });
      }
      for (const [stream, { seq, checksum }] of heads) this.saveHead.run(stream, seq, checksum);
    });
    this.write = (appends) => transaction.immediate(appends);
  }

  /**
   * Creates the tables, or brings an older file to SCHEMA_VERSION. Entries written before
   * checksums existed are accepted once, here, if their sequence has no gap, and checksummed.
   */
  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) throw new StoreOpenError(this.file, `it was written by a newer OpenFloor (schema ${version}; this one reads ${SCHEMA_VERSION})`);
    this.db.transaction(() => {
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS event_log (
          stream TEXT NOT NULL,
          seq INTEGER NOT NULL,
          entry TEXT NOT NULL,
          checksum TEXT,
          PRIMARY KEY (stream, seq)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS stream_head (
          stream TEXT PRIMARY KEY,
          seq INTEGER NOT NULL,
          checksum TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS snapshot (
          stream TEXT PRIMARY KEY,
          seq INTEGER NOT NULL,
          state TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS document (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
      const columns = this.db.prepare("SELECT name FROM pragma_table_info('event_log')").all() as { name: string }[];
      if (!columns.some(({ name }) => name === 'checksum')) this.db.exec('ALTER TABLE event_log ADD COLUMN checksum TEXT');
      const rows = this.db.prepare('SELECT stream, seq, entry FROM event_log ORDER BY stream, seq').iterate() as IterableIterator<{ stream: string; seq: number; entry: string }>;
      const setChecksum = this.db.prepare('UPDATE event_log SET checksum = ? WHERE stream = ? AND seq = ?');
      const saveHead = this.db.prepare('INSERT OR REPLACE INTO stream_head (stream, seq, checksum) VALUES (?, ?, ?)');
      const updates: Array<[string, string, number]> = [];
      const heads = new Map<string, { seq: number; checksum: string }>();
      for (const { stream, seq, entry } of rows) {
        const expected = (heads.get(stream)?.seq ?? 0) + 1;
        if (seq !== expected) throw new LogIntegrityError(stream, expected, `missing (the next entry kept is ${seq})`);
        const checksum = entryChecksum(stream, seq, entry);
        updates.push([checksum, stream, seq]);
        heads.set(stream, { seq, checksum });
      }
      for (const update of updates) setChecksum.run(...update);
      for (const [stream, { seq, checksum }] of heads) saveHead.run(stream, seq, checksum);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  }

  async append(stream: string, seq: number, entry: unknown): Promise<void> {
    return this.appendBatch([{ stream, seq, entry }]);
  }

  async appendBatch(appends: readonly LogAppend[]): Promise<void> {
    if (appends.length > 0) this.write(appends);
  }

  async read(stream: string, afterSeq = 0): Promise<unknown[]> {
    if (afterSeq > 0) this.checkCountUpTo(stream, afterSeq);
    return this.readNewer(stream, afterSeq);
  }

  async readNewer(stream: string, heldSeq: number): Promise<unknown[]> {
    const rows = this.select.all(stream, heldSeq) as StoredRow[];
    return checkedEntries(stream, heldSeq, rows, this.headOf.get(stream) as StreamHead | undefined);
  }

  private checkCountUpTo(stream: string, seq: number): void {
    if ((this.countUpTo.get(stream, seq) as { n: number }).n === seq) return;
    throw missingBeforeSnapshot(stream, seq, (this.seqsUpTo.all(stream, seq) as { seq: number }[]).map((row) => row.seq));
  }

  async streams(prefix: string): Promise<string[]> {
    return (this.names.all(prefix.length, prefix) as { stream: string }[]).map((row) => row.stream);
  }

  async readSnapshot(stream: string): Promise<StreamSnapshot | null> {
    return parsedSnapshot(stream, this.snapshotOf.get(stream) as { seq: number; state: string } | undefined);
  }

  async writeSnapshot(stream: string, snapshot: StreamSnapshot): Promise<void> {
    this.saveSnapshot.run(stream, snapshot.seq, JSON.stringify(snapshot.state));
  }

  async readDocument(key: string): Promise<unknown> {
    const row = this.documentOf.get(key) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  }

  async writeDocument(key: string, value: unknown): Promise<void> {
    this.saveDocument.run(key, JSON.stringify(value));
  }

  async documents(prefix: string): Promise<string[]> {
    return (this.documentKeys.all(prefix.length, prefix) as { key: string }[]).map((row) => row.key);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
