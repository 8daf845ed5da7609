import type { LogAppend, LogStore, StreamSnapshot } from '../../server/storage/log.js';

/** A store whose appends fail on demand, as a full disk or a broken volume would make them. */
export class FailingStore implements LogStore {
  /** Streams whose appends throw, as a full disk would make them. */
  failing: ((stream: string) => boolean) | null = null;

  constructor(private readonly inner: LogStore) {}

  append(stream: string, seq: number, entry: unknown): void {
    this.appendBatch([{ stream, seq, entry }]);
  }
  /** A group commit with one failing stream fails as a whole, as one transaction does. */
  appendBatch(appends: readonly LogAppend[]): void {
    const refused = appends.find(({ stream }) => this.failing?.(stream));
    if (refused) throw new Error(`test: ${refused.stream} cannot be written`);
    this.inner.appendBatch(appends);
  }
  read(stream: string, afterSeq?: number): unknown[] {
    return this.inner.read(stream, afterSeq);
  }
  streams(prefix: string): string[] {
    return this.inner.streams(prefix);
  }
  readSnapshot(stream: string): StreamSnapshot | null {
    return this.inner.readSnapshot(stream);
  }
  writeSnapshot(stream: string, snapshot: StreamSnapshot): void {
    this.inner.writeSnapshot(stream, snapshot);
  }
  readDocument(key: string): unknown {
    return this.inner.readDocument(key);
  }
  writeDocument(key: string, value: unknown): void {
    this.inner.writeDocument(key, value);
  }
  documents(prefix: string): string[] {
    return this.inner.documents(prefix);
  }
  close(): void {
    this.inner.close();
  }
}
