import { lineEditApplies } from '../../shared/archive/corrections.js';
import { buildArchive, previewArchive } from '../../shared/archive/build.js';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import type { CaptionStream } from '../../shared/captions/model.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import type { MeetingState } from '../../shared/meeting/model.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { CaptionHub } from '../captions/hub.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { ArchiveAudio } from '../recorder/archive-audio.js';
import type { AttendanceLog } from './attendance-log.js';

/**
 * Archive records of sealed meetings. Every input is final once a meeting is archived, so a
 * record is built once on first request and is the same after any restart. Before that, an
 * adjourned meeting's record can be previewed and corrected by the secretariat.
 */
export class ArchiveService {
  private readonly records = new Map<string, ArchiveRecord>();

  constructor(
    private readonly registry: MeetingRegistry,
    private readonly captions: CaptionHub,
    private readonly attendance: AttendanceLog,
    private readonly clock: () => number,
    /** The floor's audio (issue 16); without it records have none. */
    private readonly audio: ArchiveAudio | null = null,
  ) {}

  /**
   * The sealed record. A recorded meeting's audio is cut first (`prepared`): until then the
   * answer is ARCHIVE_PREPARING, never a record without the audio it will have.
   */
  record(meetingId: string): Result<ArchiveRecord> {
    const cached = this.records.get(meetingId);
    if (cached) return ok(cached);
    const meeting = this.registry.get(meetingId);
    if (!meeting || meeting.state.status !== 'archived') return fail('MEETING_NOT_FOUND');
    const audio = this.audio ? this.audio.readiness(meeting.state) : { ready: true as const, index: null };
    if (!audio.ready) return fail('ARCHIVE_PREPARING');
    const record = buildArchive(meeting.state, this.streamsOf(meeting.state), this.attendance.entries(meetingId), audio.index);
    this.records.set(meetingId, record);
    return ok(record);
  }

  /** Resolves once an archived meeting's audio is cut (at once for others); never rejects. */
  async prepared(meetingId: string): Promise<void> {
    const state = this.registry.get(meetingId)?.state;
    if (!this.audio || !state || state.status !== 'archived') return;
    if (this.audio.readiness(state).ready) return;
    await this.audio.prepare(state).catch(() => undefined);
  }

  /** Where an archived audio file of the record is kept; null for a name the record does not give. */
  audioFile(meetingId: string, name: string): string | null {
    const meeting = this.registry.get(meetingId);
    const audio = meeting && this.audio ? this.audio.readiness(meeting.state) : null;
    if (!this.audio || !audio?.ready || !audio.index) return null;
    return this.audio.filePath(meetingId, name, audio.index);
  }

  /** The record as it would be sealed now, corrections applied; the sealed one once archived. */
  preview(meetingId: string): Result<ArchiveRecord> {
    const meeting = this.registry.get(meetingId);
    if (!meeting) return fail('MEETING_NOT_FOUND');
    if (meeting.state.status === 'archived') return this.record(meetingId);
    if (meeting.state.status !== 'adjourned') return fail('RECORD_NOT_IN_REVIEW');
    return ok(previewArchive(meeting.state, this.streamsOf(meeting.state), this.attendance.entries(meetingId), this.clock()));
  }

  /**
   * What the meeting's transition cannot check of a correction: that the transcript line it
   * names exists (caption streams are kept apart from the meeting log).
   */
  checkCommand(meetingId: string, command: MeetingCommand): Result<null> {
    if (command.type !== 'record:correct') return ok(null);
    const { edit } = command;
    if (edit.kind !== 'mergeLines' && edit.kind !== 'setSpeaker') return ok(null);
    const meeting = this.registry.get(meetingId);
    if (!meeting) return fail('MEETING_NOT_FOUND');
    // Outside review the meeting's transition refuses the command with the reason why.
    if (meeting.state.status !== 'adjourned') return ok(null);
    const stream = this.captions.fullStream(meetingId, edit.language);
    if (!stream || !lineEditApplies(stream.lines, meeting.state.corrections, edit)) return fail('CAPTION_LINE_NOT_FOUND');
    return ok(null);
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

  private streamsOf(state: MeetingState): CaptionStream[] {
    return state.languages
      .map((language) => this.captions.fullStream(state.id, language))
      .filter((stream): stream is CaptionStream => stream !== null);
  }
}
