import { SeqConflictError, type LogStore } from './log.js';

/** For tests. Entries go through JSON as they would on disk, so no object is shared. */
export class MemoryLogStore implements LogStore {
  private readonly logs = new Map<string, string[]>();

  append(stream: string, seq: number, entry: unknown): void {
    const log = this.logs.get(stream) ?? [];
    if (seq !== log.length + 1) throw new SeqConflictError(stream, seq);
    log.push(JSON.stringify(entry));
    this.logs.set(stream, log);
  }

  read(stream: string): unknown[] {
    return (this.logs.get(stream) ?? []).map((line) => JSON.parse(line));
  }

  streams(prefix: string): string[] {
    return [...this.logs.keys()].filter((stream) => stream.startsWith(prefix));
  }

  close(): void {}
}
