import { z } from 'zod';
import type { WorkLease } from './work-lease.js';

/**
 * The port to durable storage: append-only logs of JSON entries, one per stream (a meeting,
 * a meeting's caption stream in one language, its attendance), each stream's latest snapshot,
 * and documents (a meeting's summary, an archived meeting's record).
 *
 * Every method is asynchronous, as a database over the network is: `appendBatch` resolves only
 * once every entry of the batch is durable, in one transaction, so the group commit writes what
 * many requests appended within a few milliseconds with one sync, and nothing is acknowledged
 * before its promise resolved. Entries come back unparsed: each caller parses them with its own
 * zod schema, as at any boundary. Implementations: SQLite (default), PostgreSQL (`DATABASE_URL`),
 * in memory (tests).
 */
export interface LogStore {
  /** One entry in its own transaction; throws SeqConflictError unless `seq` is the stream's next. */
  append(stream: string, seq: number, entry: unknown): Promise<void>;
  /** All or nothing; throws SeqConflictError unless each `seq` is the next number of its stream. */
  appendBatch(appends: readonly LogAppend[]): Promise<void>;
  /** The entries of a stream after `afterSeq` (all of them by default), in sequence order. */
  read(stream: string, afterSeq?: number): Promise<unknown[]>;
  /**
   * The entries after `heldSeq`, for a reader that holds and checked those up to it already (a
   * node following what others append): checked as `read` checks them, but the entries before
   * are not counted again, so it costs what it returns, not the length of the stream. `read`
   * after a snapshot counts them: at the end of a three-hour caption stream that is 24 ms of
   * PostgreSQL's time for each follower's read of one new delta (`npm run bench:storage`).
   */
  readNewer(stream: string, heldSeq: number): Promise<unknown[]>;
  /** Names of the streams that start with `prefix`. */
  streams(prefix: string): Promise<string[]>;
  /** The stream's latest snapshot, if any: its state after entry `seq`. */
  readSnapshot(stream: string): Promise<StreamSnapshot | null>;
  /** Replaces the stream's snapshot; the entries it covers must already be durable. */
  writeSnapshot(stream: string, snapshot: StreamSnapshot): Promise<void>;
  readDocument(key: string): Promise<unknown>;
  writeDocument(key: string, value: unknown): Promise<void>;
  /** Keys of the documents that start with `prefix`. */
  documents(prefix: string): Promise<string[]>;
  /**
   * Tells of entries other nodes append to the same store, for a store that several nodes share
   * (PostgreSQL); absent where one process is the only writer. `resync` follows a time when
   * notices may have been missed (the listening connection was lost and is back): every stream
   * in memory must be read again from where it is.
   */
  watch?(watcher: StreamWatcher): () => void;
  /**
   * Where several nodes share the store: holds the stream's lock, reads its entries after
   * `afterSeq`, and appends what `judge` makes of them (nothing if it returns none), so no other
   * node can append in between. For a command that keeps losing the race for its seq.
   */
  appendJudged?(stream: string, afterSeq: number, judge: (newer: unknown[]) => LogAppend[]): Promise<void>;
  /** Where several nodes share the store: which one runs the work named (work-lease.ts). */
  lease?(name: string): WorkLease;
  close(): Promise<void>;
}

export interface StreamWatcher {
  appended(stream: string, seq: number): void;
  resync(): void;
}

export interface LogAppend {
  stream: string;
  seq: number;
  entry: unknown;
}

export interface StreamSnapshot {
  seq: number;
  state: unknown;
}

export class SeqConflictError extends Error {
  constructor(stream: string, seq: number) {
    super(`Log ${stream} cannot take entry ${seq}: it is not the next one`);
  }
}

/**
 * A stream's stored entries are not what was written: one is missing (a gap in the sequence or
 * a cut-off end), altered (its checksum does not match), unreadable, or does not apply. Loading
 * stops rather than rebuild a meeting without one of its commands.
 */
/**
 * Before reading what the other node wrote and judging the command again: a random wait that
 * doubles with each lost race (up to 0.13 s), so two nodes that keep writing one stream stop
 * colliding in step. The read comes after the wait, so the retry starts from the latest state.
 */
export const conflictBackoff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt + 1, 7)));

/** Parses what a stream holds at `seq`; what does not parse names its stream and seq. */
export function parsedAt<T>(stream: string, seq: number, what: string, parse: (raw: unknown) => T, raw: unknown): T {
  try {
    return parse(raw);
  } catch (error) {
    const detail = error instanceof z.ZodError ? error.issues.map((issue) => issue.path.join('.') || what).join(', ') : String(error);
    throw new LogIntegrityError(stream, seq, `${what} does not have the expected form (${detail})`);
  }
}

/** Reads a stream's snapshot and the entries after it. */
export async function loadStream<S, E extends { seq: number; at: number }>(
  store: LogStore,
  stream: string,
  parseState: (raw: unknown) => S,
  parseEntry: (raw: unknown) => E,
): Promise<{ state: S | null; seq: number; entries: E[] }> {
  const snapshot = await store.readSnapshot(stream);
  const after = snapshot?.seq ?? 0;
  const entries = (await store.read(stream, after)).map((raw, index) => parsedAt(stream, after + index + 1, 'the entry', parseEntry, raw));
  return { state: snapshot ? parsedAt(stream, snapshot.seq, 'its snapshot', parseState, snapshot.state) : null, seq: after, entries };
}

export class LogIntegrityError extends Error {
  constructor(
    readonly stream: string,
    readonly seq: number,
    readonly problem: string,
  ) {
    super(`log ${stream}, entry ${seq}: ${problem}`);
  }
}
