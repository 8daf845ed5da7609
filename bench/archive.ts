/**
 * How long archiving a three-hour meeting takes: building the record from the sealed meeting,
 * its caption streams and attendance log, then every export and the zip bundle.
 * Run with `npm run bench:archive` (part of `npm run bench`).
 */
import { performance } from 'node:perf_hooks';
import { SECRETARIAT, type Actor } from '../shared/access/actor.js';
import type { AttendanceEntry } from '../shared/archive/attendance.js';
import { buildArchive } from '../shared/archive/build.js';
import type { CaptionStream } from '../shared/captions/model.js';
import { applyCaption, emptyStream } from '../shared/captions/stream.js';
import type { MeetingCommand } from '../shared/meeting/commands.js';
import { execute } from '../shared/meeting/execute.js';
import { emptyCycleRecord } from '../shared/timeline/timeline.js';
import { DEFAULT_LINK_GRACE_HOURS, stakeholderGroups, type Language, type MeetingState } from '../shared/meeting/model.js';
import { bundle, exportFiles } from '../server/archive/exports/index.js';

const SEC = 1000;
const HOURS = 3;
const PARTICIPANTS = 400;
const TOPICS = 4;
const SPEECHES = 90;
const LINES_PER_MINUTE = 20;
const LANGUAGES: Language[] = ['en', 'ar'];

function generateMeeting(start: number): { state: MeetingState; end: number } {
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
    meetingId: 'bench',
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

function generateCaptions(state: MeetingState, language: Language, start: number): CaptionStream {
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
    const words = `Line ${line} of the generated transcript, with a correction`;
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

function generateAttendance(state: MeetingState, start: number): AttendanceEntry[] {
  const entries: AttendanceEntry[] = [];
  state.participants.forEach((participant, index) => {
    const joined = start + (index % 60) * 60 * SEC;
    entries.push({ seq: 0, at: joined, connection: `c${index}`, participantId: participant.id, change: 'joined' });
    entries.push({ seq: 0, at: joined + 2 * 3600 * SEC, connection: `c${index}`, participantId: participant.id, change: 'left' });
  });
  return entries.sort((a, b) => a.at - b.at).map((entry, index) => ({ ...entry, seq: index + 1 }));
}

const start = Date.UTC(2026, 10, 30, 8, 0);
const { state } = generateMeeting(start);
const streams = LANGUAGES.map((language) => generateCaptions(state, language, start));
const attendance = generateAttendance(state, start);
const lines = streams.reduce((total, stream) => total + stream.lines.length, 0);

const runs: { record: number; exports: number; bundle: number }[] = [];
for (let run = 0; run < 5; run += 1) {
  const t0 = performance.now();
  const record = buildArchive(state, streams, attendance);
  const t1 = performance.now();
  const files = exportFiles(record, { bundleHref: 'bundle.zip' });
  const t2 = performance.now();
  bundle(record);
  const t3 = performance.now();
  runs.push({ record: t1 - t0, exports: t2 - t1, bundle: t3 - t2 });
  if (run === 0) {
    const bytes = files.reduce((total, file) => total + Buffer.byteLength(file.content), 0);
    console.log(
      `Archive of a ${HOURS}-hour meeting: ${PARTICIPANTS} participants, ${SPEECHES} speeches, ${lines} caption lines in ${LANGUAGES.length} languages, ${attendance.length} attendance events; ${files.length} export files, ${(bytes / 1e6).toFixed(1)} MB.`,
    );
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const row = (name: string, values: number[]) => console.log(`${name.padEnd(44)} median ${median(values).toFixed(0).padStart(5)} ms   max ${Math.max(...values).toFixed(0).padStart(5)} ms`);
row('build the record', runs.map((run) => run.record));
row('every export (HTML, JSON, VTT, SRT, text)', runs.map((run) => run.exports));
row('zip bundle (writes every export again)', runs.map((run) => run.bundle));
row('archive: record + bundle', runs.map((run) => run.record + run.bundle));
