/**
 * The meeting room's own costs (`npm run bench:room`, part of `npm run bench`), in one process
 * on a real SQLite file, each point run 3 times with its range:
 * - loading a 3-hour meeting with two caption languages (~430,000 caption entries): reading
 *   its rows, replaying every entry (no snapshot), and loading from its snapshots;
 * - start-up with 50 archived meetings against an empty store;
 * - loading a consultation cycle of 1,000 responses: its rows, every entry replayed, and its snapshot;
 * - what a connection's snapshot weighs per role at 1,000 registered participants;
 * - group commits: 1,000 caption writes in six languages, as syncs and time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { SECRETARIAT } from '../shared/access/actor.js';
import type { CycleActor, CycleCommand, CycleLogEntry } from '../shared/cycle/commands.js';
import { executeCycle, replayCycle } from '../shared/cycle/execute.js';
import { CycleDetails, ProposalDetails, type CycleState, type ResponseDetails } from '../shared/cycle/model.js';
import type { CaptionLogEntry } from '../shared/captions/model.js';
import { MeetingCommand } from '../shared/meeting/commands.js';
import { languages, stakeholderGroups, type Language } from '../shared/meeting/model.js';
import { project, projectionKinds } from '../shared/protocol/projection.js';
import { emptyCycleRecord } from '../shared/timeline/timeline.js';
import { ArchiveRenderer } from '../server/archive/renderer.js';
import { CycleRegistry, type CycleRegistryOptions } from '../server/cycle/registry.js';
import { finishedBeside } from '../server/cycle/mount.js';
import { renderedReport, reportHtml } from '../server/cycle/report.js';
import { ReportPages } from '../server/cycle/report-pages.js';
import { MeetingRegistry } from '../server/meetings/registry.js';
import { captionStream, DEFAULT_NODE_NAME, MeetingRoom } from '../server/meetings/room.js';
import { GroupCommit } from '../server/storage/group-commit.js';
import { SqliteLogStore } from '../server/storage/sqlite-log.js';
import { systemTimers } from '../server/timers.js';

const RUNS = 3;
const SEC = 1000;
const command = (raw: unknown) => MeetingCommand.parse(raw);
const dirs: string[] = [];
const freshDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'openfloor-bench-room-'));
  dirs.push(dir);
  return dir;
};

async function timed(what: () => unknown): Promise<number> {
  const started = performance.now();
  await what();
  return performance.now() - started;
}

const fixed = (value: number, digits = 0) => value.toFixed(digits);
function row(name: string, samples: number[], unit = 'ms'): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${name.padEnd(58)} median ${fixed(median).padStart(6)} ${unit}   range ${fixed(sorted[0]!)}-${fixed(sorted.at(-1)!)} ${unit}`;
}

/** An open meeting through the registry, as the secretariat and registrants would make it. */
async function openMeeting(registry: MeetingRegistry, meetingId: string, participants: number, meetingLanguages: Language[]) {
  const run = async (actor: Parameters<MeetingRegistry['dispatch']>[1], raw: unknown) => {
    const result = await registry.dispatch(meetingId, actor, command(raw));
    if (!result.ok) throw new Error(`${(raw as { type: string }).type}: ${result.error.code}`);
    return result.value;
  };
  const start = Date.now();
  await run(SECRETARIAT, {
    type: 'meeting:create',
    meetingId,
    details: {
      title: `Open consultation ${meetingId}`,
      venue: 'Geneva',
      timeZone: 'Europe/Zurich',
      startsAt: start,
      endsAt: start + 3 * 3600 * SEC,
      languages: meetingLanguages,
      groupMeeting: null,
      speakingTimeLimitSec: 180,
      warningSec: 30,
      allowRemoteCamera: false,
      oneProposalPerMemberState: true,
      linkGraceHours: 24,
      cycle: emptyCycleRecord,
    },
  });
  for (let topic = 0; topic < 4; topic += 1) await run(SECRETARIAT, { type: 'topic:add', details: { title: `Topic ${topic + 1}` } });
  await run(SECRETARIAT, { type: 'meeting:transition', to: 'scheduled' });
  const registered = await Promise.all(
    Array.from({ length: participants }, (_, index) =>
      run({ kind: 'registrant' }, {
        type: 'participant:register',
        details: {
          displayName: `Delegate ${index} of a generated delegation`,
          affiliation: `Ministry of Information and Communication Technologies ${index}`,
          country: 'Republic of Somewhere',
          stakeholderGroup: stakeholderGroups[index % stakeholderGroups.length],
          attendance: index % 3 === 0 ? 'remote' : 'room',
        },
      }),
    ),
  );
  const ids = registered.map((committed) => committed.createdId!);
  await run(SECRETARIAT, { type: 'meeting:transition', to: 'open' });
  const seat = await run(SECRETARIAT, { type: 'link:issue', role: 'captioner', label: 'seat', expiresAt: start + 3600 * SEC * 24, captions: [] });
  return { ids, run, captionerLinkId: seat.createdId! };
}

/** 20 deltas a second for three hours in each language, a line every ten deltas, written as rows. */
async function writeCaptionRows(store: SqliteLogStore, meetingId: string, language: Language, linkId: string, start: number): Promise<number> {
  const total = 3 * 3600 * 20;
  let batch: Array<{ stream: string; seq: number; entry: CaptionLogEntry }> = [];
  const stream = captionStream(meetingId, language);
  const flush = async () => {
    await store.appendBatch(batch);
    batch = [];
  };
  batch.push({ stream, seq: 1, entry: { seq: 1, at: start, actor: { kind: 'system' }, command: { type: 'caption:context', context: { topicId: null, participantId: null } } } });
  for (let index = 0; index < total; index += 1) {
    const seq = index + 2;
    const text = index % 10 === 9 ? 'delegates.\n' : `word${index % 97} `;
    batch.push({ stream, seq, entry: { seq, at: start + index * 50, actor: { kind: 'captioner', linkId }, command: { type: 'caption:write', erase: index % 13 === 0 ? 1 : 0, text } } });
    if (batch.length === 10_000) await flush();
  }
  await flush();
  return total + 1;
}

async function loadingAThreeHourMeeting(): Promise<string[]> {
  const dir = freshDir();
  const store = new SqliteLogStore(dir);
  const registry = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 3000 });
  const meeting = await openMeeting(registry, 'long', 800, ['en', 'ar']);
  for (let speech = 0; speech < 90; speech += 1) {
    await meeting.run(SECRETARIAT, { type: 'queue:add', participantId: meeting.ids[speech]!, kind: 'intervention' });
    await meeting.run(SECRETARIAT, { type: 'floor:give' });
    await meeting.run(SECRETARIAT, { type: 'floor:end' });
  }
  await registry.close();
  let entries = 0;
  for (const language of ['en', 'ar'] as const) entries += await writeCaptionRows(store, 'long', language, meeting.captionerLinkId, Date.now());
  const options = { store, commits: new GroupCommit(store), clock: () => Date.now(), captionQuietMs: 3000, nodeName: DEFAULT_NODE_NAME, extensions: [], timers: systemTimers };
  const streams = ['meeting:long', captionStream('long', 'en'), captionStream('long', 'ar')];
  const rows: number[] = [];
  const replay: number[] = [];
  const fromSnapshot: number[] = [];
  for (let run = 0; run < RUNS; run += 1) rows.push(await timed(() => Promise.all(streams.map((stream) => store.read(stream)))));
  let room: MeetingRoom | null = null;
  for (let run = 0; run < RUNS; run += 1) {
    replay.push(await timed(async () => (room = await MeetingRoom.load('long', options))));
  }
  // The snapshots a room writes as it goes (and when it unloads).
  await (room as MeetingRoom | null)!.writeSnapshots();
  for (let run = 0; run < RUNS; run += 1) fromSnapshot.push(await timed(() => MeetingRoom.load('long', options)));
  const lines = (room as MeetingRoom | null)!.fullStream('en')!.lines.length;
  await store.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
  return [
    `Loading a 3-hour meeting: 800 participants, 90 speeches, ${entries} caption entries in 2 languages (${lines} lines each)`,
    row('reading its rows (every entry, parsed JSON)', rows),
    row('replaying every entry (no snapshot: before this change, at every start)', replay),
    row('loading from its snapshots (what a room does now)', fromSnapshot),
    `  snapshot load / reading the rows: ${fixed(median(fromSnapshot) / median(rows), 2)}x (goal ≤ 2x)`,
  ];
}

async function startUpWithArchivedMeetings(): Promise<string[]> {
  const empty = freshDir();
  const full = freshDir();
  const store = new SqliteLogStore(full);
  const registry = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 3000 });
  for (let index = 0; index < 50; index += 1) {
    const meetingId = `archived${index}`;
    const meeting = await openMeeting(registry, meetingId, 200, ['en', 'ar']);
    const room = registry.room(meetingId)!;
    const writes = [];
    for (let delta = 0; delta < 2000; delta += 1) {
      writes.push(room.writeCaption(delta % 2 ? 'ar' : 'en', { kind: 'captioner', linkId: meeting.captionerLinkId }, { type: 'caption:write', erase: 0, text: delta % 20 === 19 ? 'end.\n' : 'word ' }));
    }
    await Promise.all(writes);
    await meeting.run(SECRETARIAT, { type: 'meeting:transition', to: 'adjourned' });
    await meeting.run(SECRETARIAT, { type: 'meeting:transition', to: 'archived' });
  }
  await registry.close();
  await store.close();
  const measure = async (dir: string) => {
    const samples: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const opened = new SqliteLogStore(dir);
      const started = performance.now();
      const started_ = await MeetingRegistry.load(opened, () => Date.now(), { captionQuietMs: 3000 });
      samples.push(performance.now() - started);
      await started_.close();
      await opened.close();
    }
    return samples;
  };
  return [
    'Start-up (the registry over its store)',
    row('no meeting', await measure(empty)),
    row('50 archived meetings (200 participants, 2,000 caption entries each)', await measure(full)),
  ];
}

/**
 * A consultation cycle's log as its public form and the secretariat make it: 1,000 responses of
 * two answers (about 1,900 characters each), each confirmed by its respondent and accepted.
 */
function cycleEntries(responses: number, cycleId = 'big', published = false): CycleLogEntry[] {
  const entries: CycleLogEntry[] = [];
  let state: CycleState | null = null;
  let at = Date.UTC(2026, 9, 22, 8);
  const add = (command: CycleCommand, actor: CycleActor = { kind: 'secretariat' }) => {
    const result = executeCycle(state, command, { actor, now: at });
    if (!result.ok) throw new Error(`${command.type}: ${result.error.code}`);
    state = result.value.state;
    entries.push({ seq: entries.length + 1, at: at++, actor, command });
    return result.value.createdId;
  };
  const details = CycleDetails.parse({
    title: 'Open consultation',
    previousGroupMeeting: { name: 'CWG-Internet, October 2026', endsOn: '2026-10-20' },
    nextGroupMeeting: { name: 'CWG-Internet, February 2027', startsOn: '2027-02-04' },
    timeZone: 'Europe/Zurich',
  });
  add({ type: 'cycle:create', cycleId, details });
  for (const memberState of ['Brazil', 'Kenya', 'Egypt']) add({ type: 'proposal:add', details: ProposalDetails.parse({ memberState, title: `A topic of ${memberState}`, description: '' }) });
  add({ type: 'topics:choose', proposalIds: ['p1', 'p3'] });
  add({ type: 'consultation:launch' });
  const text = 'We support open access to infrastructure and call for transparent policies. '.repeat(25);
  const ids: string[] = [];
  for (let index = 0; index < responses; index += 1) {
    const response: ResponseDetails = {
      respondent: { name: `Respondent ${index}`, organisation: 'Civic Net', country: 'Senegal', stakeholderGroup: 'civil_society' },
      email: `respondent${index}@example.org`,
      language: 'en',
      answers: [{ topicId: 'p1', text, documents: [] }, { topicId: 'p3', text, documents: [] }],
      consent: true,
    };
    const id = add({ type: 'response:submit', details: response, confirmed: false }, { kind: 'public' })!;
    add({ type: 'response:confirm', responseId: id }, { kind: 'respondent', responseId: id });
    ids.push(id);
  }
  for (const responseId of ids) add({ type: 'response:accept', responseId });
  if (published) {
    // After the deadline (2 January 2027): the compilation report is out, the cycle is over.
    at = Date.UTC(2027, 0, 10, 8);
    add({ type: 'report:publish' });
  }
  return entries;
}

/** The heap in use after a full collection, in MB. */
function heapMb(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (npm run bench:room does)');
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/**
 * A node's start with years of consultation cycles behind it: 20 cycles of 1,000 responses
 * each, their reports published, against a store with none; the time to load the cycle
 * registry and the heap it holds afterwards.
 */
async function startUpWithFinishedCycles(): Promise<string[]> {
  const full = freshDir();
  const store = new SqliteLogStore(full);
  for (let index = 0; index < 20; index += 1) {
    const cycleId = `done${index}`;
    const entries = cycleEntries(1000, cycleId, true);
    await store.appendBatch(entries.map((entry) => ({ stream: `cycle:${cycleId}`, seq: entry.seq, entry })));
  }
  // The first start writes each cycle's snapshot, as a node does in the cycles' lifetime.
  await (await CycleRegistry.load(store, () => Date.now())).close();
  await store.close();
  // As the server judges them: the report out, no meeting (or an archived one).
  const finished = finishedBeside({ summary: () => undefined });
  const measure = async (dir: string, options: CycleRegistryOptions) => {
    const times: number[] = [];
    const heaps: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const opened = new SqliteLogStore(dir);
      const before = heapMb();
      const started = performance.now();
      let registry: CycleRegistry | null = await CycleRegistry.load(opened, () => Date.now(), options);
      times.push(performance.now() - started);
      heaps.push(heapMb() - before);
      await registry.close();
      registry = null;
      await opened.close();
    }
    return { times, heaps };
  };
  const none = await measure(freshDir(), { finished });
  const everyCycle = await measure(full, {});
  const twenty = await measure(full, { finished });
  return [
    'Start-up with finished consultation cycles (the cycle registry over its store)',
    row('no cycle', none.times),
    row('20 finished cycles (1,000 responses each), every one read', everyCycle.times),
    row('  heap held after the start', everyCycle.heaps, 'MB'),
    row('20 finished cycles, only their summaries read (now)', twenty.times),
    row('  heap held after the start', twenty.heaps, 'MB'),
  ];
}

async function loadingACycle(): Promise<string[]> {
  const entries = cycleEntries(1000);
  const store = new SqliteLogStore(freshDir());
  await store.appendBatch(entries.map((entry) => ({ stream: 'cycle:big', seq: entry.seq, entry })));
  const clock = () => Date.now();
  const rows: number[] = [];
  const replay: number[] = [];
  const fromSnapshot: number[] = [];
  for (let run = 0; run < RUNS; run += 1) rows.push(await timed(() => store.read('cycle:big')));
  // Snapshots only past the log's end: every entry is replayed, as every start did before them.
  for (let run = 0; run < RUNS; run += 1) replay.push(await timed(async () => (await CycleRegistry.load(store, clock, { snapshotEvery: 1e9 })).close()));
  // The first load with snapshots writes one, as the first start after an upgrade does.
  await (await CycleRegistry.load(store, clock)).close();
  for (let run = 0; run < RUNS; run += 1) fromSnapshot.push(await timed(async () => (await CycleRegistry.load(store, clock)).close()));
  await store.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
  return [
    `Loading a consultation cycle: 1,000 responses, each confirmed and accepted (${entries.length} entries)`,
    row('reading its rows (every entry, parsed JSON)', rows),
    row('replaying every entry (no snapshot)', replay),
    row('loading from its snapshot (what a start does now)', fromSnapshot),
    `  snapshot load / reading the rows: ${fixed(median(fromSnapshot) / median(rows), 2)}x (goal ≤ 2x)`,
  ];
}

/**
 * Delegates opening the published compilation report during the meeting: 50 readers within a
 * second asking for its English page, each rendering it (as every request did before) against
 * the pages rendered once and kept compressed (`ReportPages`), with the event loop's longest
 * stall and the CPU used.
 */
async function readingTheReport(): Promise<string[]> {
  const cycle = replayCycle(cycleEntries(1000, 'report', true))!;
  const readers = 50;
  const reply = () => {
    const res: Record<string, unknown> = {};
    for (const method of ['vary', 'set', 'type', 'status', 'end', 'send']) res[method] = () => res;
    return res as unknown as Parameters<ReportPages['send']>[1];
  };
  const request = { get: (name: string) => (name === 'accept-encoding' ? 'gzip, deflate, br' : undefined) } as unknown as Parameters<ReportPages['send']>[0];
  const thread = new ArchiveRenderer();
  // The thread's start (and, from the sources, tsx's in it) is once per process, not per report.
  await thread.report(cycle, 'fr', { absolute: '', links: true }, true);
  const lines = [`A published report of 1,000 responses, ${readers} readers within a second (CPU counts every thread)`];
  try {
    for (const [label, read] of [
      ['each request renders it (before stop 35)', async () => void reply().send(reportHtml(cycle, 'en', { absolute: '', links: true }))],
      ['rendered once on the event loop, kept compressed (stop 35)', (pages: ReportPages) => pages.send(request, reply(), cycle, 1, 'en')],
      ['rendered once on the rendering thread, kept compressed (now)', (pages: ReportPages) => pages.send(request, reply(), cycle, 1, 'en')],
    ] as const) {
      const stalls: number[] = [];
      const cpu: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const pages = new ReportPages(label.endsWith('(now)') ? thread : { report: renderedReport });
        const delay = monitorEventLoopDelay({ resolution: 1 });
        const before = process.cpuUsage();
        delay.enable();
        await Promise.all(Array.from({ length: readers }, (_, index) => new Promise((resolve) => setTimeout(resolve, index * 20)).then(() => read(pages))));
        delay.disable();
        const used = process.cpuUsage(before);
        stalls.push(delay.max / 1e6);
        cpu.push((used.user + used.system) / 1000);
      }
      lines.push(row(`  ${label}: longest stall`, stalls), row(`  ${label}: CPU`, cpu));
    }
  } finally {
    await thread.close();
  }
  return lines;
}

/** The meeting's snapshot per role with `participants` registered, `spoke` speeches made and 10 waiting. */
async function weights(participants: number, spoke: number): Promise<string> {
  const store = new SqliteLogStore(freshDir());
  const registry = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 3000 });
  const meeting = await openMeeting(registry, 'big', participants, ['en', 'ar']);
  for (let speech = 0; speech < spoke; speech += 1) {
    await meeting.run(SECRETARIAT, { type: 'queue:add', participantId: meeting.ids[speech]!, kind: 'intervention' });
    await meeting.run(SECRETARIAT, { type: 'floor:give' });
    await meeting.run(SECRETARIAT, { type: 'floor:end' });
  }
  for (let waiting = spoke; waiting < spoke + 10; waiting += 1) {
    await meeting.run(SECRETARIAT, { type: 'queue:add', participantId: meeting.ids[waiting]!, kind: 'intervention' });
  }
  const state = registry.get('big')!.state;
  await registry.close();
  await store.close();
  const kb = (value: unknown) => `${fixed(Buffer.byteLength(JSON.stringify(value)) / 1024, 1)} KB`.padStart(9);
  return `  ${String(participants).padStart(5)} participants, ${String(spoke).padStart(2)} speeches made: whole state ${kb(state)}  ${projectionKinds.map((kind) => `${kind} ${kb(project(state, kind))}`).join('  ')}`;
}

async function snapshotWeights(): Promise<string[]> {
  return [
    'Snapshot of the meeting per role (before this change every connection got the whole state); 10 waiting to speak',
    '(public: viewers and room screens, goal < 8 KB at 1,000 participants; names and affiliations are long here)',
    await weights(100, 0),
    await weights(1000, 0),
    await weights(100, 20),
    await weights(1000, 20),
  ];
}

async function groupCommits(): Promise<string[]> {
  const lines = ['Group commits: 1,000 caption writes in 6 languages'];
  for (const [label, windowMs, together] of [
    ['one by one (each awaited: one sync each)', 2, false],
    ['at once (a few-ms window: one sync for many)', 2, true],
  ] as const) {
    const samples: number[] = [];
    let syncs = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const store = new SqliteLogStore(freshDir());
      const registry = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 3000, commitWindowMs: windowMs });
      const meeting = await openMeeting(registry, 'six', 10, [...languages]);
      const room = registry.room('six')!;
      const before = registry.commits.syncs;
      const started = performance.now();
      const write = (index: number) =>
        room.writeCaption(languages[index % 6]!, { kind: 'captioner', linkId: meeting.captionerLinkId }, { type: 'caption:write', erase: 0, text: 'word ' });
      if (together) await Promise.all(Array.from({ length: 1000 }, (_, index) => write(index)));
      else for (let index = 0; index < 1000; index += 1) await write(index);
      samples.push(performance.now() - started);
      syncs = registry.commits.syncs - before;
      await registry.close();
      await store.close();
    }
    lines.push(`${row(`  ${label}`, samples)}   ${syncs} syncs`);
  }
  return lines;
}

console.log(`Meeting room benchmark; load average ${loadavg().map((value) => fixed(value, 1)).join(' ')} (other work shares this machine)`);
try {
  // `--only=loadingACycle` (a part's name) runs that part alone.
  const only = process.argv.find((entry) => entry.startsWith('--only='))?.slice('--only='.length);
  for (const part of [snapshotWeights, groupCommits, loadingAThreeHourMeeting, startUpWithArchivedMeetings, loadingACycle, startUpWithFinishedCycles, readingTheReport].filter((candidate) => !only || candidate.name === only)) {
    console.log(`\n${(await part()).join('\n')}`);
    console.log(`  (load average now ${fixed(loadavg()[0]!, 1)})`);
  }
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
