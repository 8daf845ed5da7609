/**
 * The load generator: N lightweight viewers on raw WebSockets (the `ws` package), plus the
 * captioner. Against OpenFloor they speak Engine.IO v4 + Socket.IO v5 by hand, since
 * socket.io-client itself would saturate a core long before the server does. Against the bare
 * SSE server the viewers are plain HTTP requests reading an event stream instead.
 *
 * Started by run.ts with the LoadOptions as JSON in argv[2]; talks to it over IPC.
 */
import WebSocket from 'ws';
import {
  CAPTION_CHANGED_PREFIX,
  cpuSample,
  deltaText,
  encodeFloats,
  exitWithParent,
  fdLimit,
  now,
  pauseWatch,
  plainCaptioner,
  report,
  sentAtOf,
  seqOf,
  type CpuSample,
  type LoadCommand,
  type LoadOptions,
  type StormKind,
} from './common.js';
import { clientOptions, openEventStream, openSocketIo, withTimeout } from './wire.js';
import { MEETING_EVENTS_PATH, meetingEventsQuery } from '../shared/protocol/meeting-events.js';
import { PROTOCOL_VERSION } from '../shared/protocol/version.js';

const options = JSON.parse(process.argv[2] ?? '') as LoadOptions;
const base = `ws://127.0.0.1:${options.port}`;

// What the window measures; everything else runs all the time.
let measuring = false;
let delivered = 0;
let gaps = 0;
let latencies = new Float64Array(Math.max(1024, options.viewers * options.ratePerSecond * 15));
let latencyCount = 0;
// Per caption (by seq): its first and last arrival among all viewers, as latency.
let firstArrival = new Float64Array(4096).fill(Number.POSITIVE_INFINITY);
let lastArrival = new Float64Array(4096).fill(Number.NEGATIVE_INFINITY);
let sentInWindow = 0;
let acksOk = 0;
let acksFailed = 0;
const failures: string[] = [];

/** A viewer's connection as the storms and the window's count use it: a WebSocket, or an SSE stream. */
interface Connection {
  readyState: number;
  terminate(): void;
}

/** One viewer's connection and where it is in the meeting and the captions. */
interface Viewer {
  ws: Connection | null;
  meetingSeq: number;
  captionSeq: number;
  /** Characters received since the storm began (only counted during one). */
  received: number;
}
const viewers: Viewer[] = [];
/** The seq of the captioner's last acknowledged delta. */
let captionerSeq = 0;
/** During a storm: the viewers' gaps on resume, counted apart from the window's. */
let storming = false;
let stormGaps = 0;

function noteFailure(reason: string): void {
  if (failures.length < 5) failures.push(reason);
}

/** Every caption delivery, on every connection: kept as cheap as possible. */
function received(message: string, lastSeq: number): number {
  const seq = seqOf(message);
  if (seq !== lastSeq + 1) {
    gaps += 1;
    if (storming) stormGaps += 1;
  }
  if (measuring) {
    const sentAt = sentAtOf(message);
    // Entries without a stamp (the server's context and quiet commits) are not deliveries.
    if (!Number.isNaN(sentAt)) {
      delivered += 1;
      if (latencyCount === latencies.length) {
        const grown = new Float64Array(latencies.length * 2);
        grown.set(latencies);
        latencies = grown;
      }
      const latency = now() - sentAt;
      latencies[latencyCount++] = latency;
      if (seq >= firstArrival.length) {
        const size = Math.max(seq + 1, firstArrival.length * 2);
        const first = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
        const last = new Float64Array(size).fill(Number.NEGATIVE_INFINITY);
        first.set(firstArrival);
        last.set(lastArrival);
        firstArrival = first;
        lastArrival = last;
      }
      if (latency < firstArrival[seq]!) firstArrival[seq] = latency;
      if (latency > lastArrival[seq]!) lastArrival[seq] = latency;
    }
  }
  return seq;
}

/**
 * One OpenFloor viewer (subscribed to English captions, or coming back to them where it was) or
 * the captioner (`viewer` null); of `meeting:*` only the snapshot's seq is kept.
 */
function openOpenFloor(token: string, viewer: Viewer | null, resume = false): Promise<WebSocket> {
  return openSocketIo(base, {
    token,
    timeoutMs: options.connectTimeoutMs,
    ...(viewer ? { subscribe: 'en' } : {}),
    ...(viewer && resume ? { resume: { meetingSeq: viewer.meetingSeq, captionSeq: viewer.captionSeq } } : {}),
    onSubscribed: (seq, ack) => {
      if (!viewer) return;
      if (storming) viewer.received += ack.length;
      if (!resume || !ack.includes('"kind":"entries"')) {
        if (resume) stormGaps += 1; // not resumed: a snapshot instead of what was missed
        viewer.captionSeq = seq;
        return;
      }
      // The entries missed while away, in the acknowledgement itself: they must continue the stream.
      const [{ value }] = JSON.parse(ack.slice(ack.indexOf('['))) as [{ value: { entries: Array<{ seq: number }> } }];
      for (const entry of value.entries) {
        if (entry.seq !== viewer.captionSeq + 1) stormGaps += 1;
        viewer.captionSeq = entry.seq;
      }
    },
    onMessage: (message, ready) => {
      if (viewer && storming && !message.startsWith(CAPTION_CHANGED_PREFIX)) viewer.received += message.length;
      if (!ready) {
        if (viewer && message.startsWith('42["meeting:snapshot"')) viewer.meetingSeq = seqOf(message);
        return;
      }
      if (viewer && message.startsWith(CAPTION_CHANGED_PREFIX)) viewer.captionSeq = received(message, viewer.captionSeq);
      else if (message.startsWith('43')) acknowledged(message);
    },
    onError: (error) => noteFailure(String(error)),
  });
}

/**
 * One baseline connection: a plain WebSocket; the server sends nothing but captions, after the
 * frames a viewer coming back missed (`resume`), or after a snapshot as large as the one
 * OpenFloor sends a fresh page (`reloadChars`).
 */
function openPlain(role: 'viewer' | 'captioner', viewer: Viewer | null = null, back: { resume: boolean; reloadChars: number } | null = null): Promise<WebSocket> {
  const query = back ? (back.resume ? `&lastSeq=${viewer!.captionSeq}` : `&snapshot=${back.reloadChars}`) : '';
  return withTimeout(
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${base}/?role=${role}${query}`, clientOptions);
      let open = false;
      ws.on('error', (error) => (open ? noteFailure(String(error)) : reject(error)));
      ws.on('close', (code) => {
        if (!open) reject(new Error(`closed before open (${code})`));
      });
      ws.on('open', () => {
        open = true;
        resolve(ws);
      });
      ws.on('message', (data: Buffer) => {
        const message = data.toString();
        if (role === 'captioner') return acknowledged(message);
        if (viewer) plainMessage(viewer, message);
      });
    }),
    options.connectTimeoutMs,
    'ws connection',
  );
}

/** A bare server's message to a viewer (ws-server.ts's frames, sse-server.ts's events' data). */
function plainMessage(viewer: Viewer, message: string): void {
  if (message.startsWith(CAPTION_CHANGED_PREFIX)) viewer.captionSeq = received(message, viewer.captionSeq);
  else if (message.startsWith('42["snapshot"')) {
    if (storming) viewer.received += message.length;
    viewer.captionSeq = seqOf(message);
  }
}

/**
 * One viewer of the bare SSE server, as a browser's EventSource (`Last-Event-ID` when coming
 * back), or of OpenFloor's meeting event stream, as the viewer page reads it; the events' data
 * is fed to the same accounting as the baseline's frames.
 */
async function openSse(viewer: Viewer, back: { resume: boolean; reloadChars: number } | null = null): Promise<Connection> {
  const openFloor = options.target === 'openfloor-sse';
  const query = back && !back.resume ? `&snapshot=${back.reloadChars}` : '';
  const connection: Connection = { readyState: WebSocket.CONNECTING, terminate: () => {} };
  const held = await openEventStream({
    port: options.port,
    path: openFloor ? meetingEventsPath(viewer, back?.resume ?? false) : `/?role=viewer${query}`,
    // The viewer page sends its link as a bearer; the bare server resumes from Last-Event-ID, as an EventSource would.
    headers: openFloor ? { authorization: `Bearer ${options.viewerToken}` } : back?.resume ? { 'last-event-id': String(viewer.captionSeq) } : {},
    timeoutMs: options.connectTimeoutMs,
    onEvent: openFloor ? (event, data) => openFloorEvent(viewer, event, data, back?.resume ?? false) : (_event, data) => plainMessage(viewer, data),
    onDropped: (reason) => {
      connection.readyState = WebSocket.CLOSED;
      noteFailure(reason);
    },
  });
  connection.readyState = WebSocket.OPEN;
  connection.terminate = () => {
    connection.readyState = WebSocket.CLOSED;
    held.terminate();
  };
  return connection;
}

/**
 * What the viewer page asks for (client/src/realtime/MeetingEventClient.ts): loading, its
 * caption preference (the meeting's English); coming back, the meeting's seq and English's.
 */
function meetingEventsPath(viewer: Viewer, resume: boolean): string {
  const query = resume
    ? meetingEventsQuery({ v: PROTOCOL_VERSION, seq: viewer.meetingSeq, captions: [{ language: 'en', lastSeq: viewer.captionSeq }] })
    : meetingEventsQuery({ v: PROTOCOL_VERSION, prefer: ['en'] });
  return `${MEETING_EVENTS_PATH}?${query.toString()}`;
}

/**
 * OpenFloor's meeting event stream (server/realtime/meeting-event-stream.ts), as the viewer page
 * reads it: the meeting (a snapshot or, coming back, the changes missed), presence, the live
 * languages and the captions' start (a snapshot or the entries missed, which must continue the
 * stream); then one `caption` event per entry, and one `changed` per meeting change.
 */
function openFloorEvent(viewer: Viewer, event: string | null, data: string, resume: boolean): void {
  if (event === 'caption') {
    viewer.captionSeq = received(data, viewer.captionSeq);
    return;
  }
  if (storming) viewer.received += data.length;
  if (event === 'captions') {
    const catchUp = JSON.parse(data) as { kind: 'snapshot'; snapshot: { seq: number } } | { kind: 'entries'; entries: Array<{ seq: number }> };
    if (catchUp.kind === 'snapshot') {
      if (resume) stormGaps += 1; // not resumed: a snapshot instead of what was missed
      viewer.captionSeq = catchUp.snapshot.seq;
      return;
    }
    for (const entry of catchUp.entries) {
      if (entry.seq !== viewer.captionSeq + 1) stormGaps += 1;
      viewer.captionSeq = entry.seq;
    }
  } else if (event === 'meeting') {
    const catchUp = JSON.parse(data) as { kind: 'snapshot'; snapshot: { seq: number } } | { kind: 'changes'; changes: Array<{ seq: number }> };
    viewer.meetingSeq = catchUp.kind === 'snapshot' ? catchUp.snapshot.seq : (catchUp.changes.at(-1)?.seq ?? viewer.meetingSeq);
  } else if (event === 'changed') viewer.meetingSeq = seqOf(data);
  else if (event !== 'presence' && event !== 'live') noteFailure(`event stream said ${event}: ${data.slice(0, 200)}`);
}

/** The acknowledgement of a `caption:write`: `43<id>[{"ok":…}]` or, on the baseline, `{"ok":…}`. */
function acknowledged(message: string): void {
  if (message.includes('{"ok":true')) {
    acksOk += 1;
    const seq = seqOf(message);
    if (seq > captionerSeq) captionerSeq = seq;
  } else {
    acksFailed += 1;
    noteFailure(`caption:write answered ${message.slice(0, 200)}`);
  }
}

// ---- captioner -------------------------------------------------------------------------

let captioner: WebSocket | null = null;
let captionTimer: NodeJS.Timeout | undefined;

function startCaptioner(): void {
  const socket = captioner;
  if (!socket) return;
  const interval = 1000 / options.ratePerSecond;
  const startedAt = now();
  let index = 0;
  const tick = () => {
    const sentAt = now();
    const delta = { language: 'en', erase: 0, text: deltaText(index, sentAt) };
    // Ack ids count up from 1; the id sits between the packet type and the payload.
    if (!plainCaptioner(options.target)) socket.send(`42${index + 1}${JSON.stringify(['caption:write', delta])}`);
    else socket.send(JSON.stringify(delta));
    if (measuring) sentInWindow += 1;
    index += 1;
    // On a schedule, not a chain of intervals: a late tick does not lower the rate.
    captionTimer = setTimeout(tick, Math.max(0, startedAt + index * interval - now()));
  };
  tick();
}

// ---- orchestration ---------------------------------------------------------------------

/** A viewer on the target's transport; `back`: coming back after a drop (a storm). */
function openViewer(viewer: Viewer, back: { resume: boolean; reloadChars: number } | null = null): Promise<Connection> {
  if (options.target === 'baseline') return openPlain('viewer', viewer, back);
  if (options.target === 'sse' || options.target === 'openfloor-sse') return openSse(viewer, back);
  return openOpenFloor(options.viewerToken, viewer, back?.resume ?? false);
}

async function connectAll(): Promise<void> {
  const started = now();
  if (options.captioner !== false) {
    captioner = plainCaptioner(options.target) ? await openPlain('captioner') : await openOpenFloor(options.captionerToken, null);
  }
  for (let first = 0; first < options.viewers; first += options.batch) {
    const count = Math.min(options.batch, options.viewers - first);
    const batch = Array.from({ length: count }, (): Viewer => ({ ws: null, meetingSeq: 0, captionSeq: 0, received: 0 }));
    await Promise.all(
      batch.map(async (viewer) => {
        viewer.ws = await openViewer(viewer);
      }),
    );
    viewers.push(...batch);
  }
  report({ type: 'connected', ms: now() - started, viewers: viewers.length, fdLimit: fdLimit() });
}

let windowStartedAt = 0;
const pauses = pauseWatch();
let windowCpu: CpuSample = cpuSample();

function windowReport(): void {
  const cpuNow = cpuSample();
  // Up to the last caption seq that arrived in the window.
  let seqs = firstArrival.length;
  while (seqs > 0 && !Number.isFinite(firstArrival[seqs - 1]!)) seqs -= 1;
  report({
    type: 'report',
    windowMs: now() - windowStartedAt,
    sent: sentInWindow,
    acksOk,
    acksFailed,
    failures,
    delivered,
    gaps,
    latencies: encodeFloats(latencies.subarray(0, latencyCount)),
    firstArrival: encodeFloats(firstArrival.subarray(0, seqs)),
    lastArrival: encodeFloats(lastArrival.subarray(0, seqs)),
    pauses: pauses.stop(),
    cpu: { user: cpuNow.user - windowCpu.user, system: cpuNow.system - windowCpu.system },
    open: viewers.filter((viewer) => viewer.ws?.readyState === WebSocket.OPEN).length,
  });
}

const STORM_TIMEOUT_MS = 60_000;

/** Every viewer dropped at once and back at once, then followed until each has caught up. */
async function storm(kind: StormKind, reloadChars: number, target: number): Promise<void> {
  const started = now();
  stormGaps = 0;
  storming = true;
  const stormFailures: string[] = [];
  for (const viewer of viewers) {
    viewer.ws?.terminate();
    viewer.ws = null;
    viewer.received = 0;
  }
  const resume = kind === 'resume';
  const outcomes = await Promise.allSettled(
    viewers.map(async (viewer) => {
      viewer.ws = await openViewer(viewer, { resume, reloadChars });
    }),
  );
  for (const outcome of outcomes) if (outcome.status === 'rejected' && stormFailures.length < 5) stormFailures.push(String(outcome.reason));
  const caughtUp = () => viewers.filter((viewer) => viewer.ws && viewer.captionSeq >= target).length;
  while (caughtUp() < viewers.length && now() - started < STORM_TIMEOUT_MS) await new Promise((done) => setTimeout(done, 5));
  const ms = now() - started;
  storming = false;
  report({
    type: 'storm-done',
    kind,
    ms,
    reconnected: viewers.filter((viewer) => viewer.ws?.readyState === WebSocket.OPEN).length,
    caughtUp: caughtUp(),
    gaps: resume ? stormGaps : 0,
    bytesPerViewer: viewers.reduce((sum, viewer) => sum + viewer.received, 0) / viewers.length,
    failures: stormFailures,
  });
}

function closeAll(): void {
  clearTimeout(captionTimer);
  captioner?.terminate();
  for (const viewer of viewers) viewer.ws?.terminate();
}

exitWithParent(closeAll);

process.on('message', (command: LoadCommand) => {
  switch (command.type) {
    case 'captioner-start':
      startCaptioner();
      break;
    case 'window-start':
      delivered = 0;
      latencyCount = 0;
      firstArrival.fill(Number.POSITIVE_INFINITY);
      lastArrival.fill(Number.NEGATIVE_INFINITY);
      sentInWindow = 0;
      windowStartedAt = now();
      windowCpu = cpuSample();
      pauses.start();
      measuring = true;
      break;
    case 'window-end':
      measuring = false;
      windowReport();
      break;
    case 'storm':
      void storm(command.kind, command.reloadChars, command.target);
      break;
    case 'captioner-seq':
      report({ type: 'captioner-seq', seq: captionerSeq });
      break;
    case 'captioner-stop':
      clearTimeout(captionTimer);
      break;
    case 'stop':
      closeAll();
      process.exit(0);
  }
});

connectAll().catch((error: unknown) => {
  report({ type: 'failed', reason: error instanceof Error ? error.message : String(error) });
  closeAll();
});
