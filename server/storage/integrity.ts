import { createHash } from 'node:crypto';
import { LogIntegrityError, type StreamSnapshot } from './log.js';

/** Over the stream, the seq and the stored text: an entry moved, renumbered or edited no longer matches. */
export function entryChecksum(stream: string, seq: number, text: string): string {
  return createHash('sha256').update(`${stream}\n${seq}\n${text}`).digest('hex');
}

export interface StoredRow {
  seq: number;
  entry: string;
  checksum: string | null;
}

export interface StreamHead {
  seq: number;
  checksum: string;
}

/**
 * What every durable store checks before it hands a stream's entries out (after `afterSeq`):
 * consecutive seqs up to the stream's recorded head, each entry's checksum, the head's own
 * checksum. A deleted, cut-off or edited entry stops the reader with LogIntegrityError.
 */
export function checkedEntries(stream: string, afterSeq: number, rows: readonly StoredRow[], head: StreamHead | undefined): unknown[] {
  let expected = afterSeq + 1;
  const entries = rows.map(({ seq, entry, checksum }) => {
    if (seq !== expected) throw new LogIntegrityError(stream, expected, `missing (the next entry kept is ${seq})`);
    expected += 1;
    if (checksum !== entryChecksum(stream, seq, entry)) {
      throw new LogIntegrityError(stream, seq, checksum === null ? 'has no checksum' : 'does not match its checksum (it was changed after it was written)');
    }
    try {
      return JSON.parse(entry) as unknown;
    } catch {
      throw new LogIntegrityError(stream, seq, 'is not valid JSON');
    }
  });
  const last = rows.at(-1);
  if (!head && last) throw new LogIntegrityError(stream, last.seq, 'has no head record (the stream_head table was changed)');
  if (head && head.seq > afterSeq && (last?.seq ?? afterSeq) !== head.seq) {
    throw new LogIntegrityError(stream, expected, `missing: the log was written up to entry ${head.seq}`);
  }
  if (head && last && last.seq === head.seq && head.checksum !== last.checksum) {
    throw new LogIntegrityError(stream, head.seq, 'is not the last entry that was written (its checksum differs from the head record)');
  }
  return entries;
}

/**
 * The entries a snapshot covers are not read, but they must all be there: a row deleted before
 * the snapshot is found by counting (the primary key's index only); `seqs` lists what is kept
 * up to the snapshot, asked for only when the count is short, to name the first missing entry.
 */
export function missingBeforeSnapshot(stream: string, seq: number, kept: readonly number[]): LogIntegrityError {
  const missing = kept.findIndex((value, index) => value !== index + 1);
  const first = missing < 0 ? kept.length + 1 : missing + 1;
  return new LogIntegrityError(stream, first, `missing (the snapshot covers entries up to ${seq})`);
}

/** A stored snapshot row as the log's snapshot, refused when its state is not the JSON written. */
export function parsedSnapshot(stream: string, row: { seq: number; state: string } | undefined): StreamSnapshot | null {
  if (!row) return null;
  try {
    return { seq: row.seq, state: JSON.parse(row.state) };
  } catch {
    throw new LogIntegrityError(stream, row.seq, 'its snapshot is not valid JSON');
  }
}
