import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LogEntry } from '../../shared/protocol/socket.js';
import { SeqConflictError, type MeetingLogStore } from './log.js';

/** Append-only meeting logs in one SQLite file, WAL mode with a full sync on every commit. */
export class SqliteLogStore implements MeetingLogStore {
  private readonly db: Database.Database;
  private readonly insert: Database.Statement;
  private readonly select: Database.Statement;
  private readonly lastSeq: Database.Statement;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'openfloor.sqlite'));
    this.db.pragma('journal_mode = WAL');
    // FULL: an acknowledged command survives a power cut, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meeting_log (
        meeting_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        entry TEXT NOT NULL,
        PRIMARY KEY (meeting_id, seq)
      ) WITHOUT ROWID;
    `);
    this.insert = this.db.prepare('INSERT INTO meeting_log (meeting_id, seq, entry) VALUES (?, ?, ?)');
    this.select = this.db.prepare('SELECT entry FROM meeting_log WHERE meeting_id = ? ORDER BY seq');
    this.lastSeq = this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM meeting_log WHERE meeting_id = ?');
  }

  append(meetingId: string, entry: LogEntry): void {
    const write = this.db.transaction(() => {
      const { seq } = this.lastSeq.get(meetingId) as { seq: number };
      if (entry.seq !== seq + 1) throw new SeqConflictError(meetingId, entry.seq);
      this.insert.run(meetingId, entry.seq, JSON.stringify(entry));
    });
    write.immediate();
  }

  read(meetingId: string): LogEntry[] {
    return (this.select.all(meetingId) as { entry: string }[]).map((row) => LogEntry.parse(JSON.parse(row.entry)));
  }

  meetingIds(): string[] {
    return (this.db.prepare('SELECT DISTINCT meeting_id FROM meeting_log').all() as { meeting_id: string }[]).map(
      (row) => row.meeting_id,
    );
  }

  close(): void {
    this.db.close();
  }
}
