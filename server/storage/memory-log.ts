import { SeqConflictError, type LogAppend, type LogStore, type StreamSnapshot } from './log.js';

/** For tests. Entries go through JSON as they would on disk, so no object is shared. */
export class MemoryLogStore implements LogStore {
  private readonly logs = new Map<string, string[]>();
  private readonly snapshots = new Map<string, string>();
  private readonly docs = new Map<string, string>();

  append(stream: string, seq: number, entry: unknown): void {
    this.appendBatch([{ stream, seq, entry }]);
  }

  appendBatch(appends: readonly LogAppend[]): void {
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

  read(stream: string, afterSeq = 0): unknown[] {
    return (this.logs.get(stream) ?? []).slice(afterSeq).map((line) => JSON.parse(line));
  }

  streams(prefix: string): string[] {
    return [...this.logs.keys()].filter((stream) => stream.startsWith(prefix));
  }

  readSnapshot(stream: string): StreamSnapshot | null {
    const saved = this.snapshots.get(stream);
    return saved === undefined ? null : JSON.parse(saved);
  }

  writeSnapshot(stream: string, snapshot: StreamSnapshot): void {
    this.snapshots.set(stream, JSON.stringify(snapshot));
  }

  readDocument(key: string): unknown {
    const saved = this.docs.get(key);
    return saved === undefined ? undefined : JSON.parse(saved);
  }

  writeDocument(key: string, value: unknown): void {
    this.docs.set(key, JSON.stringify(value));
  }

  documents(prefix: string): string[] {
    return [...this.docs.keys()].filter((key) => key.startsWith(prefix));
  }

  close(): void {}
}
