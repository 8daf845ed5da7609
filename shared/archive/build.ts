import type { CaptionStream } from '../captions/model.js';
import { stakeholderGroups, attendanceModes, type MeetingState, type Participant, type Speech } from '../meeting/model.js';
import { elapsedMs } from '../speaker-queue/timing.js';
import { attendanceOf, type AttendanceEntry } from './attendance.js';
import { ARCHIVE_SCHEMA_VERSION, type ArchiveRecord, type ArchivedSpeech, type TranscriptLine } from './record.js';

const lastChangeTo = (state: MeetingState, status: MeetingState['status']) =>
  state.statusHistory.filter((change) => change.status === status).at(-1)?.at ?? null;

/**
 * The record of an archived meeting, computed from what cannot change any more: the sealed
 * meeting state, its caption streams and its attendance log. Same inputs, same record.
 */
export function buildArchive(
  state: MeetingState,
  streams: readonly CaptionStream[],
  attendanceLog: readonly AttendanceEntry[],
): ArchiveRecord {
  const archivedAt = lastChangeTo(state, 'archived');
  if (archivedAt === null) throw new Error(`Meeting ${state.id} is not archived`);
  const openedAt = state.statusHistory.find((change) => change.status === 'open')?.at ?? state.startsAt;
  const adjournedAt = lastChangeTo(state, 'adjourned') ?? archivedAt;
  const participants = new Map(state.participants.map((participant) => [participant.id, participant]));
  const speechesById = new Map(state.topics.flatMap((topic) => topic.history.map((speech) => [speech.id, speech] as const)));
  const nameOf = (participantId: string) => participants.get(participantId)?.displayName ?? participantId;
  const linkLabel = new Map(state.links.map((link) => [link.id, link.label || link.id]));

  const archiveSpeech = (speech: Speech): ArchivedSpeech => {
    // Participants are never removed, so a speech always has its speaker.
    const speaker: Participant | undefined = participants.get(speech.participantId);
    if (!speaker) throw new Error(`Speech ${speech.id} names unknown participant ${speech.participantId}`);
    const repliedTo = speech.replyTo ? speechesById.get(speech.replyTo) : undefined;
    return {
      participantId: speech.participantId,
      name: speaker.displayName,
      affiliation: speaker.affiliation,
      country: speaker.country,
      stakeholderGroup: speaker.stakeholderGroup,
      attendance: speech.attendance,
      kind: speech.kind,
      replyTo: repliedTo ? nameOf(repliedTo.participantId) : null,
      requestedAt: speech.requestedAt,
      startedAt: speech.startedAt,
      endedAt: speech.endedAt ?? adjournedAt,
      durationMs: elapsedMs(speech, adjournedAt),
      pauses: speech.pauses.map((pause) => ({ startedAt: pause.startedAt, endedAt: pause.endedAt ?? adjournedAt })),
    };
  };

  const topics = state.topics.map((topic) => ({
    id: topic.id,
    title: topic.title,
    description: topic.description,
    proposedBy: topic.proposedBy,
    inputs: topic.inputs,
    compilationReportUrl: topic.compilationReportUrl,
    speeches: topic.history.map(archiveSpeech),
  }));
  const allSpeeches = topics.flatMap((topic) => topic.speeches);

  const transcripts = streams
    .filter((stream) => state.languages.includes(stream.language))
    .map((stream) => ({
      language: stream.language,
      lines: stream.lines.map(
        (line): TranscriptLine => ({
          startedAt: line.startedAt,
          committedAt: line.committedAt,
          text: line.text,
          speaker: line.speaker.label ?? (line.speaker.participantId ? nameOf(line.speaker.participantId) : null),
          participantId: line.speaker.participantId,
          topicId: line.topicId,
          writer: linkLabel.get(line.writer) ?? line.writer,
        }),
      ),
    }));

  const { attended, peakConcurrent } = attendanceOf(attendanceLog, archivedAt);
  for (const speech of allSpeeches) attended.add(speech.participantId);

  return {
    schemaVersion: ARCHIVE_SCHEMA_VERSION,
    meeting: {
      id: state.id,
      title: state.title,
      venue: state.venue,
      timeZone: state.timeZone,
      languages: state.languages,
      scheduledStart: state.startsAt,
      scheduledEnd: state.endsAt,
      openedAt,
      adjournedAt,
      archivedAt,
      groupMeeting: state.groupMeeting,
    },
    topics,
    transcripts,
    attendance: {
      registered: state.participants.length,
      attended: attended.size,
      registeredInRoom: state.participants.filter((participant) => participant.attendance === 'room').length,
      registeredRemote: state.participants.filter((participant) => participant.attendance === 'remote').length,
      peakConcurrent,
      byStakeholderGroup: stakeholderGroups.map((group) => ({
        group,
        registered: state.participants.filter((participant) => participant.stakeholderGroup === group).length,
        attended: [...attended].filter((id) => participants.get(id)?.stakeholderGroup === group).length,
      })),
    },
    speakingTime: {
      byStakeholderGroup: stakeholderGroups.map((group) => tally(allSpeeches.filter((speech) => speech.stakeholderGroup === group), { group })),
      byAttendance: attendanceModes.map((attendance) =>
        tally(allSpeeches.filter((speech) => speech.attendance === attendance), { attendance }),
      ),
    },
    captioners: state.links
      .filter((link) => link.role === 'captioner')
      .map((link) => ({ id: link.id, label: link.label || link.id })),
  };
}

function tally<K extends object>(speeches: readonly ArchivedSpeech[], key: K) {
  return { ...key, speeches: speeches.length, speakingMs: speeches.reduce((total, speech) => total + speech.durationMs, 0) };
}
