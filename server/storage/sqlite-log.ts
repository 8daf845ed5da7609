import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SeqConflictError, type LogStore } from './log.js';

/** All logs in one SQLite file, WAL mode with a full sync on every commit. */
export class SqliteLogStore implements LogStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly lastSeq: Database.Statement;
  private readonly names: Database.Statement;

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
    `);
    this.insert = this.db.prepare('INSERT INTO event_log (stream, seq, entry) VALUES (?, ?, ?)');
    this.select = this.db.prepare('SELECT entry FROM event_log WHERE stream = ? ORDER BY seq');
    this.lastSeq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM event_log WHERE stream = ?');
    this.names = this.db.prepare('SELECT DISTINCT stream FROM event_log WHERE substr(stream, 1, ?) = ?');
  }

  append(stream: string, seq: number, entry: unknown): void {
    const write = this.db.transaction(() => {
      const last = this.lastSeq.get(stream) as { seq: number };
      if (seq !== last.seq + 1) throw new SeqConflictError(stream, seq);
      this.insert.run(stream, seq, JSON.stringify(entry));
    });
    write.immediate();
  }

  read(stream: string): unknown[] {
    return (this.select.all(stream) as { entry: string }[]).map((row) => JSON.parse(row.entry));
  }

  streams(prefix: string): string[] {
    return (this.names.all(prefix.length, prefix) as { stream: string }[]).map((row) => row.stream);
  }

  close(): void {
    this.db.close();
  }
}
