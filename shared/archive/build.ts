import type { CaptionStream } from '../captions/model.js';
import { isSoundTag } from '../captions/stream.js';
import {
  stakeholderGroups,
  attendanceModes,
  type MeetingState,
  type Participant,
  type Speech,
  type Topic,
  type WrittenStatement,
} from '../meeting/model.js';
import { elapsedMs } from '../speaker-queue/timing.js';
import { attendanceOf, type AttendanceEntry } from './attendance.js';
import { audioFileNames, type AudioIndex } from './audio.js';
import { reviewedLines } from './corrections.js';
import {
  ARCHIVE_SCHEMA_VERSION,
  type ArchiveRecord,
  type ArchivedSpeech,
  type ArchivedStatement,
  type Attendee,
  type TranscriptLine,
} from './record.js';

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
  audio: AudioIndex | null = null,
): ArchiveRecord {
  const archivedAt = lastChangeTo(state, 'archived');
  if (archivedAt === null) throw new Error(`Meeting ${state.id} is not archived`);
  return recordOf(state, streams, attendanceLog, archivedAt, audio);
}

/**
 * The record an adjourned meeting would get if it were archived at `now`: what the secretariat
 * reviews and corrects before sealing.
 */
export function previewArchive(
  state: MeetingState,
  streams: readonly CaptionStream[],
  attendanceLog: readonly AttendanceEntry[],
  now: number,
): ArchiveRecord {
  if (state.status !== 'adjourned') throw new Error(`Meeting ${state.id} is not adjourned`);
  return recordOf(state, streams, attendanceLog, now);
}

function recordOf(
  state: MeetingState,
  streams: readonly CaptionStream[],
  attendanceLog: readonly AttendanceEntry[],
  archivedAt: number,
  audio: AudioIndex | null = null,
): ArchiveRecord {
  const openedAt = state.statusHistory.find((change) => change.status === 'open')?.at ?? state.startsAt;
  const adjournedAt = lastChangeTo(state, 'adjourned') ?? archivedAt;
  // The secretariat's corrections of who is in which group hold for the whole record.
  const groupFixes = new Map<string, Participant['stakeholderGroup']>();
  const removedSpeeches = new Set<string>();
  const withheldAudio = new Set<string>();
  const removedStatements = new Set<string>();
  let corrections = 0;
  for (const { edit } of state.corrections) {
    if (edit.kind === 'setGroup') groupFixes.set(edit.participantId, edit.stakeholderGroup);
    if (edit.kind === 'removeSpeech') removedSpeeches.add(edit.speechId);
    if (edit.kind === 'withholdAudio') withheldAudio.add(edit.speechId);
    if (edit.kind === 'removeStatement') removedStatements.add(edit.requestId);
    if (edit.kind !== 'mergeLines' && edit.kind !== 'setSpeaker') corrections += 1;
  }
  const participants = new Map(
    state.participants.map((participant) => [
      participant.id,
      { ...participant, stakeholderGroup: groupFixes.get(participant.id) ?? participant.stakeholderGroup },
    ]),
  );
  const speechesById = new Map(state.topics.flatMap((topic) => topic.history.map((speech) => [speech.id, speech] as const)));
  const nameOf = (participantId: string) => participants.get(participantId)?.displayName ?? participantId;
  const linkLabel = new Map(state.links.map((link) => [link.id, link.label || link.id]));

  const transcriptLanguages = state.languages.filter((language) => streams.some((stream) => stream.language === language));
  const topicAudio = (topicId: string) => {
    const found = audio?.topics[topicId];
    if (!found) return null;
    return { ...found, captions: transcriptLanguages.map((language) => ({ language, name: audioFileNames.topicCaptions(topicId, language) })) };
  };

  const archiveSpeech = (speech: Speech): ArchivedSpeech => {
    // Participants are never removed, so a speech always has its speaker.
    const speaker: Participant | undefined = participants.get(speech.participantId);
    if (!speaker) throw new Error(`Speech ${speech.id} names unknown participant ${speech.participantId}`);
    const repliedTo = speech.replyTo ? speechesById.get(speech.replyTo) : undefined;
    return {
      id: speech.id,
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
      // A withheld speech's audio never reaches the record, whatever the index holds.
      audio: withheldAudio.has(speech.id) ? null : (audio?.speeches[speech.id] ?? null),
      audioWithheld: withheldAudio.has(speech.id),
    };
  };

  const archiveStatement = (topic: Topic, statement: WrittenStatement): ArchivedStatement => {
    const author = participants.get(statement.participantId);
    if (!author) throw new Error(`Statement ${statement.requestId} names unknown participant ${statement.participantId}`);
    // Read out if its request got the floor and the speech stays in the record.
    const read = topic.history.some((speech) => speech.id === statement.requestId) && !removedSpeeches.has(statement.requestId);
    return {
      requestId: statement.requestId,
      participantId: author.id,
      name: author.displayName,
      affiliation: author.affiliation,
      country: author.country,
      stakeholderGroup: author.stakeholderGroup,
      submittedAt: statement.submittedAt,
      speechId: read ? statement.requestId : null,
      text: statement.text,
      enteredByChair: statement.enteredByChair,
    };
  };

  const topics = state.topics.map((topic) => ({
    id: topic.id,
    title: topic.title,
    titles: topic.titles,
    description: topic.description,
    descriptions: topic.descriptions,
    proposedBy: topic.proposedBy,
    inputs: topic.inputs,
    compilationReportUrl: topic.compilationReportUrl,
    speeches: topic.history.filter((speech) => !removedSpeeches.has(speech.id)).map(archiveSpeech),
    statements: topic.statements.filter((statement) => !removedStatements.has(statement.requestId)).map((statement) => archiveStatement(topic, statement)),
    audio: topicAudio(topic.id),
    // A channel still live is counted to the adjournment, as a speech is.
    channels: state.channelLog
      .filter((span) => span.topicId === topic.id)
      .map((span) => ({ language: span.language, from: span.from, to: span.to ?? adjournedAt })),
  }));
  const allSpeeches = topics.flatMap((topic) => topic.speeches);

  const transcripts = streams
    .filter((stream) => state.languages.includes(stream.language))
    .map((stream) => {
      const reviewed = reviewedLines(stream.lines, stream.language, state.corrections);
      corrections += reviewed.applied;
      return {
        language: stream.language,
        lines: reviewed.lines.map((line): TranscriptLine => {
          // A sound is said by no one, whoever held the floor, unless the secretariat said otherwise.
          const sound = !line.speakerCorrected && isSoundTag(line.text);
          const speaker = sound ? { participantId: null, label: null } : line.speaker;
          return {
            lines: line.lines,
            startedAt: line.startedAt,
            committedAt: line.committedAt,
            text: line.text,
            speaker: speaker.label ?? (speaker.participantId ? nameOf(speaker.participantId) : null),
            participantId: speaker.participantId,
            topicId: line.topicId,
            writer: linkLabel.get(line.writer) ?? line.writer,
            sound,
          };
        }),
      };
    });

  const { attended, peakConcurrent } = attendanceOf(attendanceLog, archivedAt);
  for (const speech of allSpeeches) attended.add(speech.participantId);
  // Whoever sent a statement took part, even if the floor never came to them.
  for (const topic of topics) for (const statement of topic.statements) attended.add(statement.participantId);
  const attendees = [...attended].flatMap((id) => participants.get(id) ?? []);

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
      cycle: state.cycle,
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
      named: attendees.filter((participant) => participant.publishName).map(attendeeOf).sort(byName),
      unnamed: attendees.filter((participant) => !participant.publishName).length,
    },
    speakingTime: {
      byStakeholderGroup: stakeholderGroups.map((group) => tally(allSpeeches.filter((speech) => speech.stakeholderGroup === group), { group })),
      byAttendance: attendanceModes.map((attendance) =>
        tally(allSpeeches.filter((speech) => speech.attendance === attendance), { attendance }),
      ),
    },
    recording: { recorded: audio !== null, gaps: audio?.gaps ?? [] },
    captioners: state.links
      .filter((link) => link.role === 'captioner')
      .map((link) => ({ id: link.id, label: link.label || link.id })),
    corrections,
  };
}

const attendeeOf = (participant: Participant): Attendee => ({
  name: participant.displayName,
  affiliation: participant.affiliation,
  country: participant.country,
  stakeholderGroup: participant.stakeholderGroup,
  attendance: participant.attendance,
});

// A fixed locale: the same record whatever the server's locale.
const byName = (a: Attendee, b: Attendee) => a.name.localeCompare(b.name, 'en') || a.affiliation.localeCompare(b.affiliation, 'en');

function tally<K extends object>(speeches: readonly ArchivedSpeech[], key: K) {
  return { ...key, speeches: speeches.length, speakingMs: speeches.reduce((total, speech) => total + speech.durationMs, 0) };
}
