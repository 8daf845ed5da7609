import { SeqConflictError, type LogAppend, type LogStore, type StreamSnapshot } from './log.js';

/** For tests. Entries go through JSON as they would on disk, so no object is shared. */
export class MemoryLogStore implements LogStore {
  private readonly logs = new Map<string, string[]>();
  private readonly snapshots = new Map<string, string>();
  private readonly docs = new Map<string, string>();

  async append(stream: string, seq: number, entry: unknown): Promise<void> {
    return this.appendBatch([{ stream, seq, entry }]);
  }

  async appendBatch(appends: readonly LogAppend[]): Promise<void> {
    const next = new Map<string, number>();
    for (const { stream, seq } of appends) {
      const expected = next.get(stream) ?? (this.logs.get(stream)?.length ?? 0) + 1;
      if (seq !== expected) throw new SeqConflictError(stream, seq);
      next.set(stream, seq + 1);
    }
    for (const { stream, entry } of appends) {
      const log = this.logs.get(stream) ?? [];
      log.push(JSON.stringify(entry));
      this.logs.set(stream, log);
    }
  }

  async read(stream: string, afterSeq = 0): Promise<unknown[]> {
    return (this.logs.get(stream) ?? []).slice(afterSeq).map((line) => JSON.parse(line));
  }

  readNewer(stream: string, heldSeq: number): Promise<unknown[]> {
    return this.read(stream, heldSeq);
  }

  async streams(prefix: string): Promise<string[]> {
    return [...this.logs.keys()].filter((stream) => stream.startsWith(prefix));
  }

  async readSnapshot(stream: string): Promise<StreamSnapshot | null> {
    const saved = this.snapshots.get(stream);
    return saved === undefined ? null : JSON.parse(saved);
  }

  async writeSnapshot(stream: string, snapshot: StreamSnapshot): Promise<void> {
    this.snapshots.set(stream, JSON.stringify(snapshot));
  }

  async readDocument(key: string): Promise<unknown> {
    const saved = this.docs.get(key);
    return saved === undefined ? undefined : JSON.parse(saved);
  }

  async writeDocument(key: string, value: unknown): Promise<void> {
    this.docs.set(key, JSON.stringify(value));
  }

  async documents(prefix: string): Promise<string[]> {
    return [...this.docs.keys()].filter((key) => key.startsWith(prefix));
  }

  async close(): Promise<void> {}
}
