/**
 * The port to durable storage: append-only logs of JSON entries, one per stream (a meeting,
 * a meeting's caption stream in one language). `append` returns only once the entry is durable,
 * so callers can acknowledge and broadcast right after it. Entries come back unparsed: each
 * caller parses them with its own zod schema, as at any boundary.
 * Implementations: SQLite (default), in memory (tests); PostgreSQL can follow.
 */
export interface LogStore {
  /** Throws SeqConflictError unless `seq` is the next number of that stream. */
  append(stream: string, seq: number, entry: unknown): void;
  read(stream: string): unknown[];
  /** Names of the streams that start with `prefix`. */
  streams(prefix: string): string[];
  close(): void;
}

export class SeqConflictError extends Error {
  constructor(stream: string, seq: number) {
    super(`Log ${stream} cannot take entry ${seq}: it is not the next one`);
  }
}
