import type { LogAppend, LogStore, StreamSnapshot } from '../../server/storage/log.js';

/** A store whose appends fail on demand, as a full disk or a broken volume would make them. */
export class FailingStore implements LogStore {
  /** Streams whose appends throw, as a full disk would make them. */
  failing: ((stream: string) => boolean) | null = null;

  constructor(private readonly inner: LogStore) {}

  append(stream: string, seq: number, entry: unknown): Promise<void> {
    return this.appendBatch([{ stream, seq, entry }]);
  }
  /** A group commit with one failing stream fails as a whole, as one transaction does. */
  async appendBatch(appends: readonly LogAppend[]): Promise<void> {
    const refused = appends.find(({ stream }) => this.failing?.(stream));
    if (refused) throw new Error(`test: ${refused.stream} cannot be written`);
    await this.inner.appendBatch(appends);
  }
  read(stream: string, afterSeq?: number): Promise<unknown[]> {
    return this.inner.read(stream, afterSeq);
  }
  readNewer(stream: string, heldSeq: number): Promise<unknown[]> {
    return this.inner.readNewer(stream, heldSeq);
  }
  streams(prefix: string): Promise<string[]> {
    return this.inner.streams(prefix);
  }
  readSnapshot(stream: string): Promise<StreamSnapshot | null> {
    return this.inner.readSnapshot(stream);
  }
  writeSnapshot(stream: string, snapshot: StreamSnapshot): Promise<void> {
    return this.inner.writeSnapshot(stream, snapshot);
  }
  readDocument(key: string): Promise<unknown> {
    return this.inner.readDocument(key);
  }
  writeDocument(key: string, value: unknown): Promise<void> {
    return this.inner.writeDocument(key, value);
  }
  documents(prefix: string): Promise<string[]> {
    return this.inner.documents(prefix);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}
