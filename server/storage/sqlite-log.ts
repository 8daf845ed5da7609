import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SeqConflictError, type LogAppend, type LogStore, type StreamSnapshot } from './log.js';

/** All logs in one SQLite file, WAL mode with a full sync on every commit (one per group commit). */
export class SqliteLogStore implements LogStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly lastSeq: Database.Statement;
  private readonly names: Database.Statement;
  private readonly snapshotOf: Database.Statement;
  private readonly saveSnapshot: Database.Statement;
  private readonly documentOf: Database.Statement;
  private readonly saveDocument: Database.Statement;
  private readonly documentKeys: Database.Statement;
  private readonly write: (appends: readonly LogAppend[]) => void;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'openfloor.sqlite'));
    this.db.pragma('journal_mode = WAL');
    // FULL: an acknowledged command survives a power cut, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS event_log (
        stream TEXT NOT NULL,
        seq INTEGER NOT NULL,
        entry TEXT NOT NULL,
        PRIMARY KEY (stream, seq)
      ) WITHOUT ROWID;
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
    this.insert = this.db.prepare('INSERT INTO event_log (stream, seq, entry) VALUES (?, ?, ?)');
    this.select = this.db.prepare('SELECT entry FROM event_log WHERE stream = ? AND seq > ? ORDER BY seq');
    this.lastSeq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM event_log WHERE stream = ?');
    this.names = this.db.prepare('SELECT DISTINCT stream FROM event_log WHERE substr(stream, 1, ?) = ?');
    this.snapshotOf = this.db.prepare('SELECT seq, state FROM snapshot WHERE stream = ?');
    this.saveSnapshot = this.db.prepare('INSERT OR REPLACE INTO snapshot (stream, seq, state) VALUES (?, ?, ?)');
    this.documentOf = this.db.prepare('SELECT value FROM document WHERE key = ?');
    this.saveDocument = this.db.prepare('INSERT OR REPLACE INTO document (key, value) VALUES (?, ?)');
    this.documentKeys = this.db.prepare('SELECT key FROM document WHERE substr(key, 1, ?) = ?');
    const transaction = this.db.transaction((appends: readonly LogAppend[]) => {
      const next = new Map<string, number>();
      for (const { stream, seq, entry } of appends) {
        const expected = next.get(stream) ?? (this.lastSeq.get(stream) as { seq: number }).seq + 1;
        if (seq !== expected) throw new SeqConflictError(stream, seq);
        this.insert.run(stream, seq, JSON.stringify(entry));
        next.set(stream, seq + 1);
      }
    });
    this.write = (appends) => transaction.immediate(appends);
  }

  append(stream: string, seq: number, entry: unknown): void {
    this.appendBatch([{ stream, seq, entry }]);
  }

  appendBatch(appends: readonly LogAppend[]): void {
    if (appends.length > 0) this.write(appends);
  }

  read(stream: string, afterSeq = 0): unknown[] {
    return (this.select.all(stream, afterSeq) as { entry: string }[]).map((row) => JSON.parse(row.entry));
  }

  streams(prefix: string): string[] {
    return (this.names.all(prefix.length, prefix) as { stream: string }[]).map((row) => row.stream);
  }

  readSnapshot(stream: string): StreamSnapshot | null {
    const row = this.snapshotOf.get(stream) as { seq: number; state: string } | undefined;
    return row ? { seq: row.seq, state: JSON.parse(row.state) } : null;
  }

  writeSnapshot(stream: string, snapshot: StreamSnapshot): void {
    this.saveSnapshot.run(stream, snapshot.seq, JSON.stringify(snapshot.state));
  }

  readDocument(key: string): unknown {
    const row = this.documentOf.get(key) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  }

  writeDocument(key: string, value: unknown): void {
    this.saveDocument.run(key, JSON.stringify(value));
  }

  documents(prefix: string): string[] {
    return (this.documentKeys.all(prefix.length, prefix) as { key: string }[]).map((row) => row.key);
  }

  close(): void {
    this.db.close();
  }
}
