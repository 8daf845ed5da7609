import type { LogEntry } from '../../shared/protocol/socket.js';

/**
 * The port to durable storage: one append-only log per meeting. `append` returns only once
 * the entry is durable, so the server can acknowledge and broadcast right after it.
 * Implementations: SQLite (default), in memory (tests); PostgreSQL can follow.
 */
export interface MeetingLogStore {
  /** Throws if `entry.seq` is not the next number of that meeting's log. */
  append(meetingId: string, entry: LogEntry): void;
  read(meetingId: string): LogEntry[];
  meetingIds(): string[];
  close(): void;
}

export class SeqConflictError extends Error {
  constructor(meetingId: string, seq: number) {
    super(`Meeting ${meetingId} already has log entry ${seq}`);
  }
}
