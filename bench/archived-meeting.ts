/**
 * A sealed three-hour open consultation as the archive receives it: the meeting, its caption
 * streams (20 lines a minute per language, each with a correction) and its attendance log.
 * Made with the pure domain functions, so a benchmark gets it in seconds.
 */
import { SECRETARIAT, type Actor } from '../shared/access/actor.js';
import type { AttendanceEntry } from '../shared/archive/attendance.js';
import { buildArchive } from '../shared/archive/build.js';
import type { ArchiveRecord } from '../shared/archive/record.js';
import type { CaptionStream } from '../shared/captions/model.js';
import { applyCaption, emptyStream } from '../shared/captions/stream.js';
import type { MeetingCommand } from '../shared/meeting/commands.js';
import { execute } from '../shared/meeting/execute.js';
import { emptyCycleRecord } from '../shared/timeline/timeline.js';
import { DEFAULT_LINK_GRACE_HOURS, stakeholderGroups, type Language, type MeetingState } from '../shared/meeting/model.js';

const SEC = 1000;
export const HOURS = 3;
export const PARTICIPANTS = 400;
const TOPICS = 4;
export const SPEECHES = 90;
const LINES_PER_MINUTE = 20;
export const LANGUAGES: Language[] = ['en', 'ar'];

export function generateMeeting(start: number, meetingId = 'bench'): { state: MeetingState; end: number } {
  let state: MeetingState | null = null;
  let now = start;
  const run = (actor: Actor, command: MeetingCommand) => {
    const result = execute(state, command, { actor, now });
    if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    state = result.value.state;
    return result.value.createdId;
  };
  run(SECRETARIAT, {
    type: 'meeting:create',
    meetingId,
    details: {
      title: 'Generated three-hour open consultation',
      venue: 'Geneva',
      timeZone: 'Europe/Zurich',
      startsAt: start,
      endsAt: start + HOURS * 3600 * SEC,
      languages: LANGUAGES,
      groupMeeting: null,
      recordFloor: false,
      playableAudioCopy: false,
      registrationApproval: false,
      maxParticipants: null,
      speakingTimeLimitSec: 180,
      linkGraceHours: DEFAULT_LINK_GRACE_HOURS,
      warningSec: 30,
      allowRemoteCamera: false,
      oneProposalPerMemberState: true,
      cycle: emptyCycleRecord,
    },
  });
  for (let topic = 0; topic < TOPICS; topic += 1) {
    run(SECRETARIAT, { type: 'topic:add', details: { title: `Topic ${topic + 1}`, titles: {}, description: 'Generated', descriptions: {}, proposedBy: `State ${topic}`, inputs: [], compilationReportUrl: null, speakingTimeLimitSec: null } });
  }
  run(SECRETARIAT, { type: 'meeting:transition', to: 'scheduled' });
  const participants: string[] = [];
  for (let index = 0; index < PARTICIPANTS; index += 1) {
    participants.push(
      run({ kind: 'registrant' }, {
        type: 'participant:register',
        details: {
          displayName: `Participant ${index}`,
          affiliation: 'Generated',
          country: 'Nowhere',
          stakeholderGroup: stakeholderGroups[index % stakeholderGroups.length]!,
          attendance: index % 3 === 0 ? 'remote' : 'room',
          publishName: index % 2 === 0,
        },
      })!,
    );
  }
  run(SECRETARIAT, { type: 'meeting:transition', to: 'open' });
  const slot = (HOURS * 3600 * SEC) / SPEECHES;
  for (let speech = 0; speech < SPEECHES; speech += 1) {
    if (speech > 0 && speech % (SPEECHES / TOPICS) === 0) {
      run(SECRETARIAT, { type: 'topic:select', topicId: state!.topics[speech / (SPEECHES / TOPICS)]!.id });
    }
    run(SECRETARIAT, { type: 'queue:add', participantId: participants[speech % PARTICIPANTS]!, kind: 'intervention' });
    now += 5 * SEC;
    run(SECRETARIAT, { type: 'floor:give' });
    now += slot / 2;
    run(SECRETARIAT, { type: 'floor:pause' });
    now += 5 * SEC;
    run(SECRETARIAT, { type: 'floor:resume' });
    now += slot / 2 - 10 * SEC;
    run(SECRETARIAT, { type: 'floor:end' });
  }
  run(SECRETARIAT, { type: 'meeting:transition', to: 'adjourned' });
  now += 60 * SEC;
  run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
  return { state: state!, end: now };
}

export function generateCaptions(state: MeetingState, language: Language, start: number): CaptionStream {
  let stream = emptyStream(language);
  const speeches = state.topics.flatMap((topic) => topic.history.map((speech) => ({ speech, topicId: topic.id })));
  const total = HOURS * 60 * LINES_PER_MINUTE;
  for (let line = 0; line < total; line += 1) {
    const now = start + (line * 60 * SEC) / LINES_PER_MINUTE;
    const current = speeches.find(({ speech }) => speech.startedAt <= now && (speech.endedAt ?? now) >= now);
    const context = { topicId: current?.topicId ?? null, participantId: current?.speech.participantId ?? null };
    if (context.participantId !== stream.context.participantId || context.topicId !== stream.context.topicId) {
      stream = step(stream, { kind: 'system' }, { type: 'caption:context', context }, now);
    }
    // Arabic lines are Arabic text: two bytes a character in V8's strings, as a real record holds.
    const words = language === 'ar' ? `السطر ${line} من النص المولد، مع تصحيح` : `Line ${line} of the generated transcript, with a correction`;
    stream = step(stream, { kind: 'captioner', linkId: 'l1' }, { type: 'caption:write', erase: 0, text: `${words} x` }, now);
    stream = step(stream, { kind: 'captioner', linkId: 'l1' }, { type: 'caption:write', erase: 2, text: '.\n' }, now + 2 * SEC);
  }
  return stream;
}

function step(stream: CaptionStream, actor: Parameters<typeof applyCaption>[2]['actor'], command: Parameters<typeof applyCaption>[1], now: number) {
  const result = applyCaption(stream, command, { actor, now });
  if (!result.ok) throw new Error(result.error.code);
  return result.value.stream;
}

export function generateAttendance(state: MeetingState, start: number): AttendanceEntry[] {
  const entries: AttendanceEntry[] = [];
  state.participants.forEach((participant, index) => {
    const joined = start + (index % 60) * 60 * SEC;
    entries.push({ seq: 0, at: joined, connection: `c${index}`, participantId: participant.id, change: 'joined' });
    entries.push({ seq: 0, at: joined + 2 * 3600 * SEC, connection: `c${index}`, participantId: participant.id, change: 'left' });
  });
  return entries.sort((a, b) => a.at - b.at).map((entry, index) => ({ ...entry, seq: index + 1 }));
}


/** The sealed record of a generated three-hour meeting, as the archive stores it at sealing. */
export function generateArchivedRecord(meetingId: string, start: number): ArchiveRecord {
  const { state } = generateMeeting(start, meetingId);
  const streams = LANGUAGES.map((language) => generateCaptions(state, language, start));
  return buildArchive(state, streams, generateAttendance(state, start));
}
