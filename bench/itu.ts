/**
 * The ITU-size scenario (`npm run bench:itu`, issue 9): one OpenFloor node (itu-server.ts, in
 * its own process) holding an open consultation of 800 registered participants, with 3,000
 * webcast viewers in two caption languages (half English, half Arabic), 300 remote participants
 * opening their page and joining LiveKit within a minute (signed webhooks), the viewers joining
 * it too as hidden listeners (a viewer page takes the room's sound unless told "captions only"),
 * the chair giving the floor every phase (each speech with a written statement of about 1,500
 * characters entered while it waits, unless --statements=0), and a reload storm of 1,000 viewers
 * in the middle.
 *
 * The run is cut into phases of --phase seconds; the first (captions only) is the baseline
 * the others are compared with, in the same run:
 *   captions  captions flow, nothing else happens
 *   joining   (two phases long) the remote participants connect and join LiveKit, the viewers'
 *             pages join it as listeners, the floor moves
 *   storm     1,000 viewers reload their page at once (fresh connection, snapshot, catch-up)
 *   after     captions and floor changes as the meeting goes on
 * For each phase: the server's CPU (% of a core, and µs per delivered caption, with its ratio
 * to the captions phase), event-loop stall p99 and max, caption latency, bytes per viewer per
 * minute; and at the end whether every caption and every meeting change reached every
 * connection exactly once (from its snapshot on), checked by seq on each connection.
 *
 * Options: --registered=800 (of them 500 remote) --viewers=3000 --remote=300 --listeners=3000 (viewers on LiveKit,
 *          ≤ viewers) --reload=1000 --phase=30 (s) --rate=10 (deltas/s per
 *          language) --repeat=3 --batch=200 --statements=1 --out=bench/results/itu.json
 *          --profile (the server's CPU profile of each phase: bench/results/profiles/itu-<run>-<phase>.cpuprofile)
 *          --viewers-on=events (the viewer page's meeting event stream, as the page reads it) or socket (Socket.IO,
 *          as the page did before; participants' pages, which send, stay on Socket.IO either way)
 * The load (viewers, participants, chair, captioner, webhooks) runs in this process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import type WebSocket from 'ws';
import { Child } from './child.js';
import { CAPTION_CHANGED_PREFIX, deltaText, fdLimit, now, sentAtOf, seqOf } from './common.js';
import type { ItuMark, ItuReady, ItuServerCommand } from './itu-server.js';
import { openEventStream, openSocketIo, postWebhook, type HeldStream } from './wire.js';
import { MEETING_EVENTS_PATH, meetingEventsQuery } from '../shared/protocol/meeting-events.js';
import { PROTOCOL_VERSION } from '../shared/protocol/version.js';

const here = import.meta.dirname;
const { values: args } = parseArgs({
  options: {
    registered: { type: 'string', default: '800' },
    viewers: { type: 'string', default: '3000' },
    remote: { type: 'string', default: '300' },
    listeners: { type: 'string', default: '3000' },
    reload: { type: 'string', default: '1000' },
    phase: { type: 'string', default: '30' },
    rate: { type: 'string', default: '10' },
    repeat: { type: 'string', default: '3' },
    batch: { type: 'string', default: '200' },
    statements: { type: 'string', default: '1' },
    /** How the webcast viewers' pages follow the meeting: `events` (the meeting event stream, as the viewer page does) or `socket`. */
    'viewers-on': { type: 'string', default: 'events' },
    out: { type: 'string', default: join(here, 'results', 'itu.json') },
    profile: { type: 'boolean', default: false },
  },
});
const settings = {
  registered: Number(args.registered),
  viewers: Number(args.viewers),
  remote: Number(args.remote),
  listeners: Number(args.listeners),
  reload: Number(args.reload),
  phaseMs: Number(args.phase) * 1000,
  rate: Number(args.rate),
  repeat: Number(args.repeat),
  batch: Number(args.batch),
  statements: Number(args.statements),
};
if (
  Object.values(settings).some((value) => !Number.isFinite(value) || value < 0) ||
  settings.reload > settings.viewers ||
  settings.listeners > settings.viewers ||
  settings.remote > 500 ||
  settings.registered < 500 ||
  settings.phaseMs <= 0 ||
  settings.rate <= 0 ||
  settings.repeat < 1 ||
  !['events', 'socket'].includes(args['viewers-on'])
) {
  throw new Error('bad options: --registered (≥ 500), --viewers, --remote (≤ 500), --listeners (≤ viewers), --reload (≤ viewers), --phase, --rate, --repeat, --viewers-on (events or socket)');
}
const LANGUAGES = ['en', 'ar'] as const;

/** A statement of about 1,500 characters, different for each speech. */
const statementText = (speech: number) =>
  `Statement ${speech}. ` + 'The delegation supports the draft and asks that community networks be named in the report. '.repeat(17);
const START_TIMEOUT_MS = 5 * 60_000;
const CONNECT_TIMEOUT_MS = 120_000;
const MARK_TIMEOUT_MS = 30_000;
const ACK_TIMEOUT_MS = 30_000;
const DRAIN_TIMEOUT_MS = 60_000;
const WARMUP_MS = 3000;

const MEETING_CHANGED = '42["meeting:changed",';
const MEETING_SNAPSHOT = '42["meeting:snapshot",';
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Every connection checks that each stream's seqs arrive once and in order, from its snapshot on. */
interface Watched {
  kind: 'viewer' | 'participant';
  language: (typeof LANGUAGES)[number];
  ws: HeldStream | null;
  captionSeq: number;
  meetingSeq: number;
  captionGaps: number;
  captionDuplicates: number;
  meetingGaps: number;
  meetingDuplicates: number;
  closedUnexpectedly: number;
}

/** What happened on the load side during one phase. */
interface PhaseCounters {
  deliveries: number;
  viewerBytes: number;
  participantBytes: number;
  latencies: number[];
}

const newCounters = (): PhaseCounters => ({ deliveries: 0, viewerBytes: 0, participantBytes: 0, latencies: [] });

interface PhaseResult {
  phase: string;
  ms: number;
  cpuPercent: number;
  cpuUsPerDelivery: number;
  deliveries: number;
  loopP99Ms: number;
  loopMaxMs: number;
  gcMaxMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  bytesPerViewerPerMinute: number;
  bytesPerParticipantPerMinute: number;
}

interface RunResult {
  run: number;
  loadAverage: number;
  connectMs: number;
  heapPerViewerKB: number;
  phases: PhaseResult[];
  floorChanges: number;
  webhooks: number;
  reloadMs: number;
  check: {
    connections: number;
    complete: number;
    captionGaps: number;
    captionDuplicates: number;
    meetingGaps: number;
    meetingDuplicates: number;
    closedUnexpectedly: number;
    acksFailed: number;
    failures: string[];
  };
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function runOnce(run: number): Promise<RunResult> {
  const loadAverage = loadavg()[0]!;
  const server = new Child<ItuServerCommand, ItuReady | ItuMark | { type: 'failed'; reason: string }>(
    'openfloor',
    'itu-server.ts',
    [String(settings.registered)],
    args.profile ? { BENCH_PROFILE: join(here, 'results', 'profiles', `itu-${run}.cpuprofile`) } : {},
  );
  const failures: string[] = [];
  const noteFailure = (reason: string) => {
    if (failures.length < 5) failures.push(reason);
  };
  try {
    const ready = await server.next(['ready'], START_TIMEOUT_MS, `ready (${settings.registered} registrations)`);
    const base = `ws://127.0.0.1:${ready.port}`;
    const httpBase = `http://127.0.0.1:${ready.port}`;
    const mark = async (label: string, collect = false) => {
      server.send({ type: 'mark', label, collect });
      return server.next(['mark'], MARK_TIMEOUT_MS, `mark ${label}`);
    };

    let counters = newCounters();
    const lastSeqOfLanguage = new Map<string, number>(LANGUAGES.map((language) => [language, 0]));
    let lastMeetingSeq = ready.seq;

    /** Each caption and meeting seq a connection is given must follow the one before. */
    const received = (watched: Watched, stream: 'caption' | 'meeting', seq: number) => {
      const had = stream === 'caption' ? watched.captionSeq : watched.meetingSeq;
      if (seq <= had) watched[stream === 'caption' ? 'captionDuplicates' : 'meetingDuplicates'] += 1;
      else if (seq !== had + 1) watched[stream === 'caption' ? 'captionGaps' : 'meetingGaps'] += 1;
      if (stream === 'caption') watched.captionSeq = Math.max(had, seq);
      else {
        watched.meetingSeq = Math.max(had, seq);
        lastMeetingSeq = Math.max(lastMeetingSeq, seq);
      }
    };
    /** Opens (or reopens, for a reload) a watched connection with a fresh page's handshake. */
    const connect = async (watched: Watched, token: string) => {
      watched.ws = null;
      const ws = await openSocketIo(base, {
        token,
        subscribe: watched.language,
        timeoutMs: CONNECT_TIMEOUT_MS,
        onSubscribed: (seq) => {
          watched.captionSeq = seq;
        },
        onMessage: (message) => {
          if (watched.kind === 'viewer') counters.viewerBytes += message.length;
          else counters.participantBytes += message.length;
          if (message.startsWith(CAPTION_CHANGED_PREFIX)) {
            received(watched, 'caption', seqOf(message));
            const sentAt = sentAtOf(message);
            if (!Number.isNaN(sentAt)) {
              counters.deliveries += 1;
              counters.latencies.push(now() - sentAt);
            }
          } else if (message.startsWith(MEETING_CHANGED)) received(watched, 'meeting', seqOf(message));
          else if (message.startsWith(MEETING_SNAPSHOT)) {
            watched.meetingSeq = seqOf(message);
          }
        },
        onError: (error) => noteFailure(String(error)),
      });
      ws.on('close', () => {
        if (watched.ws === ws) watched.closedUnexpectedly += 1;
      });
      watched.ws = ws;
    };
    /**
     * A viewer page on the meeting event stream, loading afresh (client/src/realtime/MeetingEventClient.ts):
     * its caption language as its preference, the meeting and that language's captions on one response.
     */
    const connectEvents = async (watched: Watched, token: string) => {
      watched.ws = null;
      let held: HeldStream | null = null;
      held = await openEventStream({
        port: ready.port,
        path: `${MEETING_EVENTS_PATH}?${meetingEventsQuery({ v: PROTOCOL_VERSION, prefer: [watched.language] }).toString()}`,
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: CONNECT_TIMEOUT_MS,
        onEvent: (event, data) => {
          counters.viewerBytes += data.length;
          if (event === 'caption') {
            received(watched, 'caption', seqOf(data));
            const sentAt = sentAtOf(data);
            if (!Number.isNaN(sentAt)) {
              counters.deliveries += 1;
              counters.latencies.push(now() - sentAt);
            }
          } else if (event === 'changed') received(watched, 'meeting', seqOf(data));
          else if (event === 'meeting') {
            const start = JSON.parse(data) as { kind: 'snapshot'; snapshot: { seq: number } } | { kind: 'changes' };
            if (start.kind === 'snapshot') watched.meetingSeq = start.snapshot.seq;
            else noteFailure('a fresh page was sent changes, not the meeting');
          } else if (event === 'captions') {
            const start = JSON.parse(data) as { kind: 'snapshot'; snapshot: { seq: number; language: string } } | { kind: 'entries' };
            if (start.kind !== 'snapshot' || start.snapshot.language !== watched.language) noteFailure(`a fresh page was sent ${data.slice(0, 100)}`);
            else watched.captionSeq = start.snapshot.seq;
          } else if (event !== 'presence' && event !== 'live') noteFailure(`event stream said ${event}: ${data.slice(0, 200)}`);
        },
        onDropped: () => {
          if (watched.ws === held) watched.closedUnexpectedly += 1;
        },
      });
      watched.ws = held;
    };
    const connectViewer = (watched: Watched) => (args['viewers-on'] === 'events' ? connectEvents(watched, ready.tokens.viewer) : connect(watched, ready.tokens.viewer));
    const watchedOf = (kind: Watched['kind'], index: number): Watched => ({
      kind,
      language: LANGUAGES[index % LANGUAGES.length]!,
      ws: null,
      captionSeq: 0,
      meetingSeq: 0,
      captionGaps: 0,
      captionDuplicates: 0,
      meetingGaps: 0,
      meetingDuplicates: 0,
      closedUnexpectedly: 0,
    });

    // Staff: the chair and the captioner (writing both languages from one seat).
    let acksFailed = 0;
    const pendingAcks = new Map<number, (message: string) => void>();
    const staff = (token: string) =>
      openSocketIo(base, {
        token,
        timeoutMs: CONNECT_TIMEOUT_MS,
        onMessage: (message) => {
          const ack = /^43(\d+)/.exec(message);
          if (!ack) return;
          const id = Number(ack[1]);
          pendingAcks.get(id)?.(message);
          pendingAcks.delete(id);
        },
        onError: (error) => noteFailure(String(error)),
      });
    let nextAckId = 1;
    /** Sends a command and resolves with its ack (`{"ok":…}`), bounded. */
    const command = (ws: WebSocket, event: string, payload: unknown): Promise<string> => {
      const id = nextAckId++;
      const answered = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          pendingAcks.delete(id);
          reject(new Error(`${event}: no ack within ${ACK_TIMEOUT_MS} ms`));
        }, ACK_TIMEOUT_MS);
        pendingAcks.set(id, (message) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
      ws.send(`42${id}${JSON.stringify([event, payload])}`);
      return answered;
    };
    const chair = await staff(ready.tokens.chair);
    const captioner = await staff(ready.tokens.captioner);

    await mark('idle', true);
    const idle = await mark('idle-settled', true);
    const viewers = Array.from({ length: settings.viewers }, (_, index) => watchedOf('viewer', index));
    const connectStarted = now();
    for (let first = 0; first < viewers.length; first += settings.batch) {
      await Promise.all(viewers.slice(first, first + settings.batch).map(connectViewer));
    }
    const connectMs = now() - connectStarted;
    const connected = await mark('connected', true);
    const heapPerViewerKB = (connected.mem.heapUsed - idle.mem.heapUsed) / 1024 / Math.max(1, settings.viewers);

    // Captions in both languages, interleaved, each at --rate deltas per second.
    const interval = 1000 / (settings.rate * LANGUAGES.length);
    let captionIndex = 0;
    let captionTimer: NodeJS.Timeout | undefined;
    const captionsStarted = now();
    const tick = () => {
      const language = LANGUAGES[captionIndex % LANGUAGES.length]!;
      const text = deltaText(Math.floor(captionIndex / LANGUAGES.length), now());
      command(captioner, 'caption:write', { language, erase: 0, text }).then(
        (message) => {
          if (!message.includes('{"ok":true')) {
            acksFailed += 1;
            noteFailure(`caption:write answered ${message.slice(0, 200)}`);
          }
          const seq = seqOf(message);
          if (!Number.isNaN(seq)) lastSeqOfLanguage.set(language, Math.max(lastSeqOfLanguage.get(language)!, seq));
        },
        (error: unknown) => {
          acksFailed += 1;
          noteFailure(String(error));
        },
      );
      captionIndex += 1;
      captionTimer = setTimeout(tick, Math.max(0, captionsStarted + captionIndex * interval - now()));
    };
    tick();
    await sleep(WARMUP_MS);

    // The floor moves once in the middle of every phase, the captions phase included (it is the
    // others' baseline, so it does the same meeting work): the chair ends the speech, puts the
    // next remote delegate on the list and gives them the floor, as a chair does between
    // speakers. The first speech is given before the phases, so every move ends one.
    let floorChanges = 0;
    let floorHeld = false;
    const remote = ready.participants.filter((participant) => participant.remote);
    const moveFloor = async () => {
      if (floorHeld) await command(chair, 'floor:end', {});
      const next = remote[floorChanges % remote.length]!;
      const added = await command(chair, 'queue:add', { participantId: next.id, kind: 'intervention' });
      const answers = [added];
      // The speaker's statement, sent in writing (here entered at the chair's table) while the
      // request waits: staff and its author are sent the text, delegates a mark until the floor
      // is given, viewers and screens only ever the mark.
      const requestId = /"createdId":"([^"]+)"/.exec(added)?.[1];
      if (settings.statements && requestId) answers.push(await command(chair, 'statement:submit', { requestId, text: statementText(floorChanges) }));
      answers.push(await command(chair, 'floor:give', {}));
      for (const answer of answers) if (!answer.includes('{"ok":true')) noteFailure(`chair: ${answer.slice(0, 200)}`);
      floorHeld = true;
      floorChanges += 1;
    };
    let floorError: unknown = null;
    const move = () => void moveFloor().catch((error: unknown) => (floorError = error));
    await moveFloor();

    const phases: PhaseResult[] = [];
    let previous = await mark('start');
    let phaseStarted = now();
    counters = newCounters();
    let floorTimer: NodeJS.Timeout | undefined = setTimeout(() => {
      move();
      floorTimer = setInterval(move, settings.phaseMs);
    }, settings.phaseMs / 2);
    const endPhase = async (name: string) => {
      const current = await mark(name);
      const ms = now() - phaseStarted;
      const cpuUs = current.cpu.user - previous.cpu.user + current.cpu.system - previous.cpu.system;
      const minutes = ms / 60_000;
      phases.push({
        phase: name,
        ms,
        cpuPercent: cpuUs / 10 / ms,
        cpuUsPerDelivery: cpuUs / Math.max(1, counters.deliveries),
        deliveries: counters.deliveries,
        loopP99Ms: current.pauses.loopDelayP99Ms,
        loopMaxMs: current.pauses.loopDelayMaxMs,
        gcMaxMs: current.pauses.gcMaxMs,
        latencyP50Ms: percentile(counters.latencies, 50),
        latencyP99Ms: percentile(counters.latencies, 99),
        bytesPerViewerPerMinute: counters.viewerBytes / Math.max(1, settings.viewers) / minutes,
        bytesPerParticipantPerMinute: counters.participantBytes / Math.max(1, settings.remote) / minutes,
      });
      previous = current;
      phaseStarted = now();
      counters = newCounters();
    };

    await sleep(settings.phaseMs);
    await endPhase('captions');

    // The remote delegates open their page and join LiveKit, spread over two phases.
    const participants = remote.slice(0, settings.remote).map((_, index) => watchedOf('participant', index));
    const joinSpacing = (2 * settings.phaseMs) / Math.max(1, settings.remote);
    let webhooks = 0;
    const joining = remote.slice(0, settings.remote).map(async (participant, index) => {
      await sleep(index * joinSpacing);
      await connect(participants[index]!, participant.token);
      await postWebhook(httpBase, ready.meetingId, `participant.${participant.id}`, Math.floor(Date.now() / 1000), index);
      webhooks += 1;
    });
    // The viewers' pages join LiveKit as hidden listeners over the same two phases (their
    // identities as identityOf makes them: role, link, a nonce per page).
    const listenerSpacing = (2 * settings.phaseMs) / Math.max(1, settings.listeners);
    const listening = Array.from({ length: settings.listeners }, async (_, index) => {
      await sleep(index * listenerSpacing);
      await postWebhook(httpBase, ready.meetingId, `viewer.bench.${index.toString(36)}`, Math.floor(Date.now() / 1000), settings.remote + index);
      webhooks += 1;
    });
    await sleep(settings.phaseMs);
    await endPhase('joining 1');
    await Promise.all([...joining, ...listening]);
    await sleep(Math.max(0, phaseStarted + settings.phaseMs - now()));
    await endPhase('joining 2');

    // A reload storm: the page reloaded at once on 1,000 devices.
    const reloadStarted = now();
    await Promise.all(
      viewers.slice(0, settings.reload).map(async (viewer) => {
        const old = viewer.ws;
        viewer.ws = null;
        old?.terminate();
        await connectViewer(viewer);
      }),
    );
    const reloadMs = now() - reloadStarted;
    await sleep(Math.max(0, phaseStarted + settings.phaseMs - now()));
    await endPhase('storm');

    await sleep(settings.phaseMs);
    await endPhase('after');
    clearInterval(floorTimer);
    clearTimeout(captionTimer);
    if (floorError) noteFailure(`floor: ${String(floorError)}`);

    // Drain: every connection reaches the last caption of its language and the last meeting change.
    const everyone = [...viewers, ...participants];
    const complete = (watched: Watched) =>
      watched.captionSeq >= lastSeqOfLanguage.get(watched.language)! && watched.meetingSeq >= lastMeetingSeq;
    const drainDeadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (pendingAcks.size > 0 || everyone.some((watched) => !complete(watched))) {
      if (Date.now() > drainDeadline) break;
      await sleep(200);
    }
    const sum = (pick: (watched: Watched) => number) => everyone.reduce((total, watched) => total + pick(watched), 0);
    const check = {
      connections: everyone.length,
      complete: everyone.filter(complete).length,
      captionGaps: sum((watched) => watched.captionGaps),
      captionDuplicates: sum((watched) => watched.captionDuplicates),
      meetingGaps: sum((watched) => watched.meetingGaps),
      meetingDuplicates: sum((watched) => watched.meetingDuplicates),
      closedUnexpectedly: sum((watched) => watched.closedUnexpectedly),
      acksFailed,
      failures,
    };
    for (const watched of everyone) {
      const ws = watched.ws;
      watched.ws = null;
      ws?.terminate();
    }
    chair.terminate();
    captioner.terminate();
    return { run, loadAverage, connectMs, heapPerViewerKB, phases, floorChanges, webhooks, reloadMs, check };
  } finally {
    await server.stop();
  }
}

const median = (values: number[]) => percentile(values, 50);
const range = (values: number[], digits: number) =>
  `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;

function table(results: RunResult[]): string {
  const names = results[0]!.phases.map((phase) => phase.phase);
  const rows = names.map((name) => {
    const of = (pick: (phase: PhaseResult) => number) =>
      results.map((result) => pick(result.phases.find((phase) => phase.phase === name)!));
    const ratios = results.map((result) => {
      const phase = result.phases.find((candidate) => candidate.phase === name)!;
      return phase.cpuUsPerDelivery / result.phases[0]!.cpuUsPerDelivery;
    });
    const cpu = of((phase) => phase.cpuPercent);
    const perDelivery = of((phase) => phase.cpuUsPerDelivery);
    return [
      name,
      `${median(cpu).toFixed(0)} (${range(cpu, 0)})`,
      `${median(perDelivery).toFixed(2)} (${range(perDelivery, 2)})`,
      `${median(ratios).toFixed(2)}x (${range(ratios, 2)})`,
      `${median(of((phase) => phase.loopP99Ms)).toFixed(0)} / ${Math.max(...of((phase) => phase.loopMaxMs)).toFixed(0)}`,
      `${median(of((phase) => phase.latencyP99Ms)).toFixed(0)}`,
      `${(median(of((phase) => phase.bytesPerViewerPerMinute)) / 1024).toFixed(1)}`,
      `${(median(of((phase) => phase.bytesPerParticipantPerMinute)) / 1024).toFixed(1)}`,
    ].join(' | ');
  });
  const checks = results.map(
    ({ run, check, heapPerViewerKB, reloadMs, floorChanges, webhooks, loadAverage }) =>
      `run ${run}: ${check.complete}/${check.connections} connections got every caption and meeting change; ` +
      `caption gaps ${check.captionGaps}, duplicates ${check.captionDuplicates}; meeting gaps ${check.meetingGaps}, ` +
      `duplicates ${check.meetingDuplicates}; closed ${check.closedUnexpectedly}; failed acks ${check.acksFailed}; ` +
      `floor changes ${floorChanges}; webhooks ${webhooks}; reload storm ${reloadMs.toFixed(0)} ms; ` +
      `heap ${heapPerViewerKB.toFixed(1)} KB/viewer; load avg ${loadAverage.toFixed(1)}` +
      (check.failures.length ? `\n  failures: ${check.failures.join('; ')}` : ''),
  );
  return [
    'phase | server CPU % of a core (range) | CPU µs/delivered caption (range) | vs captions phase | loop stall p99 / max ms | caption p99 ms | KB/viewer/min | KB/participant/min',
    '--- | --- | --- | --- | --- | --- | --- | ---',
    ...rows,
    '',
    ...checks,
  ].join('\n');
}

async function main(): Promise<void> {
  const needed = settings.viewers + settings.remote + 256;
  if (fdLimit() < needed) throw new Error(`this process can open only ${fdLimit()} files; run with ulimit -n ${needed} or more (npm run bench:itu does)`);
  console.log(`ITU-size scenario: ${JSON.stringify(settings)}`);
  const results: RunResult[] = [];
  for (let run = 0; run < settings.repeat; run += 1) {
    const result = await runOnce(run);
    results.push(result);
    console.log(`run ${run} done: ${result.check.complete}/${result.check.connections} complete`);
  }
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ settings, results }, null, 2));
  console.log(table(results));
  const broken = results.some(
    ({ check }) => check.complete < check.connections || check.captionDuplicates + check.meetingDuplicates + check.acksFailed > 0,
  );
  process.exit(broken ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
