import { buildArchive } from '../../shared/archive/build.js';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import type { CaptionStream } from '../../shared/captions/model.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { CaptionHub } from '../captions/hub.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { AttendanceLog } from './attendance-log.js';

/**
 * Archive records of sealed meetings. Every input is final once a meeting is archived, so a
 * record is built once on first request and is the same after any restart.
 */
export class ArchiveService {
  private readonly records = new Map<string, ArchiveRecord>();

  constructor(
    private readonly registry: MeetingRegistry,
    private readonly captions: CaptionHub,
    private readonly attendance: AttendanceLog,
  ) {}

  record(meetingId: string): Result<ArchiveRecord> {
    const cached = this.records.get(meetingId);
    if (cached) return ok(cached);
    const meeting = this.registry.get(meetingId);
    if (!meeting || meeting.state.status !== 'archived') return fail('MEETING_NOT_FOUND');
    const streams = meeting.state.languages
      .map((language) => this.captions.fullStream(meetingId, language))
      .filter((stream): stream is CaptionStream => stream !== null);
    const record = buildArchive(meeting.state, streams, this.attendance.entries(meetingId));
    this.records.set(meetingId, record);
    return ok(record);
  }

  /** Archived meetings, most recent first. */
  archived(): ArchiveRecord[] {
    return this.registry
      .list()
      .filter((state) => state.status === 'archived')
      .flatMap((state) => {
        const record = this.record(state.id);
        return record.ok ? [record.value] : [];
      })
      .sort((a, b) => b.meeting.openedAt - a.meeting.openedAt);
  }
}
