import { LogEntry } from '../../shared/protocol/socket.js';
import { SeqConflictError, type MeetingLogStore } from './log.js';

/** For tests. Entries go through JSON as they would on disk, so no object is shared. */
export class MemoryLogStore implements MeetingLogStore {
  private readonly logs = new Map<string, string[]>();

  append(meetingId: string, entry: LogEntry): void {
    const log = this.logs.get(meetingId) ?? [];
    if (entry.seq !== log.length + 1) throw new SeqConflictError(meetingId, entry.seq);
    log.push(JSON.stringify(entry));
    this.logs.set(meetingId, log);
  }

  read(meetingId: string): LogEntry[] {
    return (this.logs.get(meetingId) ?? []).map((line) => LogEntry.parse(JSON.parse(line)));
  }

  meetingIds(): string[] {
    return [...this.logs.keys()];
  }

  close(): void {}
}
