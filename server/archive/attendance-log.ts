import { randomBytes } from 'node:crypto';
import { AttendanceEntry } from '../../shared/archive/attendance.js';
import type { LogStore } from '../storage/log.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { RealtimeServer } from '../realtime/socket.js';

const PREFIX = 'attendance:';

/**
 * Every connection and disconnection of a participant's device, durably, so the archive can
 * say who attended and how many were there at once.
 */
export class AttendanceLog {
  private readonly seqs = new Map<string, number>();

  constructor(
    private readonly store: LogStore,
    private readonly clock: () => number,
  ) {
    for (const stream of store.streams(PREFIX)) {
      const entries = store.read(stream).map((entry) => AttendanceEntry.parse(entry));
      this.seqs.set(stream, entries.at(-1)?.seq ?? 0);
      // Connections still open in the log ended when the previous process stopped.
      const open = new Map<string, string>();
      for (const entry of entries) {
        if (entry.change === 'joined') open.set(entry.connection, entry.participantId);
        else open.delete(entry.connection);
      }
      for (const [connection, participantId] of open) {
        this.append(stream, { connection, participantId, change: 'left' });
      }
    }
  }

  record(meetingId: string, participantId: string, connection: string, change: AttendanceEntry['change']): void {
    this.append(PREFIX + meetingId, { connection, participantId, change });
  }

  entries(meetingId: string): AttendanceEntry[] {
    return this.store.read(PREFIX + meetingId).map((entry) => AttendanceEntry.parse(entry));
  }

  private append(stream: string, entry: Omit<AttendanceEntry, 'seq' | 'at'>): void {
    const seq = (this.seqs.get(stream) ?? 0) + 1;
    this.store.append(stream, seq, { ...entry, seq, at: this.clock() });
    this.seqs.set(stream, seq);
  }
}

/** Participants' connections count as attendance until the meeting is archived. */
export function trackAttendance(io: RealtimeServer, attendance: AttendanceLog, registry: MeetingRegistry): void {
  io.on('connection', (socket) => {
    const { meetingId, actor } = socket.data;
    const participantId = actor.participantId;
    if (actor.role !== 'participant' || !participantId) return;
    if (registry.get(meetingId)?.state.status === 'archived') return;
    const connection = randomBytes(8).toString('hex');
    attendance.record(meetingId, participantId, connection, 'joined');
    socket.on('disconnect', () => {
      if (registry.get(meetingId)?.state.status !== 'archived') attendance.record(meetingId, participantId, connection, 'left');
    });
  });
}
