import type { LogStore } from '../../server/storage/log.js';

/** A store whose appends fail on demand, as a full disk or a broken volume would make them. */
export class FailingStore implements LogStore {
  /** Streams whose appends throw, as a full disk would make them. */
  failing: ((stream: string) => boolean) | null = null;
  readonly appended: string[] = [];

  constructor(private readonly inner: LogStore) {}

  append(stream: string, seq: number, entry: unknown): void {
    if (this.failing?.(stream)) throw new Error(`test: ${stream} cannot be written`);
    this.inner.append(stream, seq, entry);
    this.appended.push(`${stream}#${seq}`);
  }
  read(stream: string): unknown[] {
    return this.inner.read(stream);
  }
  streams(prefix: string): string[] {
    return this.inner.streams(prefix);
  }
  close(): void {
    this.inner.close();
  }
}

