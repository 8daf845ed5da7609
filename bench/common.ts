/**
 * What the benchmark's processes share: the IPC messages, the clock, and how a caption delta
 * carries its send time so that receivers can compute send-to-receive latency.
 */
import { spawnSync } from 'node:child_process';
import { constants, monitorEventLoopDelay, PerformanceObserver, type IntervalHistogram } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';

/** Milliseconds on a clock comparable across processes of this machine. */
export const now = (): number => performance.timeOrigin + performance.now();

/** The nearest-rank percentile `p` (0-100) of sorted values; NaN for none. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The send time rides in the caption text: `ts@<ms> `. */
const STAMP = 'ts@';

export function deltaText(index: number, sentAt: number): string {
  // Every tenth delta ends the line, so the tail (and the server's work on it) stays short.
  return `${STAMP}${sentAt.toFixed(3)} ${index % 10 === 9 ? '\n' : ''}`;
}

/** The send time embedded by `deltaText`, or NaN. Cheap: no JSON parse per message. */
export function sentAtOf(message: string): number {
  const at = message.indexOf(STAMP);
  return at < 0 ? Number.NaN : Number.parseFloat(message.slice(at + STAMP.length, at + STAMP.length + 24));
}

/** The caption entry's seq: the first `"seq":` of `{"language":..,"entry":{"seq":N,..}}`. */
export function seqOf(message: string): number {
  const at = message.indexOf('"seq":');
  return at < 0 ? Number.NaN : Number.parseInt(message.slice(at + 6, at + 22), 10);
}

/** The ITU scenario's stand-in LiveKit signs and verifies webhooks with this key. */
export const BENCH_WEBHOOK = { key: 'bench-key', secret: 'bench-secret-0123456789abcdef0123456789abcdef' } as const;

/** The Engine.IO + Socket.IO wire prefix of a `caption:changed` broadcast. */
export const CAPTION_CHANGED_PREFIX = '42["caption:changed",';

/** A caption delta as the load's captioner sends it; the bare servers get it as JSON. */
export interface CaptionDelta {
  language: string;
  erase: number;
  text: string;
}

/** A bare server's view of a captioner's message: the delta, or null for anything else. */
export function parseDelta(data: string): CaptionDelta | null {
  try {
    return JSON.parse(data) as CaptionDelta;
  } catch {
    return null;
  }
}

// Shaped like OpenFloor's link ids (`l` + a counter), so the payloads are the same size.
const CAPTIONER_LINK_ID = 'l7';

/**
 * What the bare servers (ws-server.ts, sse-server.ts) broadcast for a delta that became entry
 * `seq`: the message OpenFloor puts on the wire for it, so that each transport carries the same
 * bytes and only its framing differs.
 */
export function captionChanged(seq: number, delta: CaptionDelta): string {
  const entry = {
    seq,
    at: Date.now(),
    actor: { kind: 'captioner', linkId: CAPTIONER_LINK_ID },
    command: { type: 'caption:write', erase: delta.erase, text: delta.text },
  };
  return `42${JSON.stringify(['caption:changed', { language: delta.language, entry }])}`;
}

/** A bare server's answer to the captioner for entry `seq`, shaped like OpenFloor's ack. */
export function captionAck(seq: number): string {
  return JSON.stringify({ ok: true, value: { seq, duplicate: false } });
}

/**
 * The bare servers' snapshot for a fresh page: `chars` characters (those OpenFloor sent its
 * reloaded viewers, measured by the orchestrator), carrying the seq the live deltas go on from.
 */
export function snapshotMessage(seq: number, chars: number): string {
  const head = `42["snapshot",{"seq":${seq},"pad":"`;
  return `${head}${'x'.repeat(Math.max(0, chars - head.length - 3))}"}]`;
}

/**
 * `stock`: OpenFloor with Socket.IO's own adapter instead of its direct-frame one (for comparison).
 * `unpersisted`: OpenFloor acknowledging and broadcasting caption deltas without writing them (a
 * diagnostic of what persisting each delta before its broadcast costs; never a way to run it).
 * `sse`: a bare server sending viewers the baseline's captions as Server-Sent Events (what a
 * read-only viewer would cost over plain HTTP instead of a WebSocket).
 * `openfloor-sse`: OpenFloor with its viewers on the meeting event stream (`/api/meetings/events`), as the viewer page reads it.
 */
export type Target = 'openfloor' | 'baseline' | 'stock' | 'socketio' | 'unpersisted' | 'sse' | 'openfloor-sse';

export const TARGETS: readonly Target[] = ['baseline', 'openfloor', 'stock', 'socketio', 'unpersisted', 'sse', 'openfloor-sse'];

/** The targets whose captioner speaks the bare ws server's plain JSON, not Socket.IO. */
export const plainCaptioner = (target: Target): boolean => target === 'baseline' || target === 'sse';

export interface CpuSample {
  user: number;
  system: number;
}

export interface MemSample {
  rss: number;
  heapUsed: number;
  /** Of `heapUsed`, compiled code: it grows as the server first runs each path, not with its connections. */
  code: number;
  external: number;
  arrayBuffers: number;
}

/** Server child → orchestrator. */
export type ServerReport =
  | {
      type: 'ready';
      port: number;
      viewerToken: string;
      captionerToken: string;
      fdLimit: number;
      /** The Socket.IO adapter class in use (OpenFloor only). */
      adapter?: string;
      /** Where its SQLite log is, for the other nodes of a cluster run (bench/cluster.ts). */
      dataDir?: string;
      /** After start-up and a GC, before any viewer connects. */
      idle: MemSample;
    }
  | {
      type: 'mark';
      label: string;
      cpu: CpuSample;
      mem: MemSample;
      connections: number;
      /** At the end mark: what the window's garbage collections and event-loop blocking cost. */
      pauses?: PauseStats;
      /** At the end mark: how long the server's own steps took in the window (ms). */
      steps?: Record<string, Timings>;
      /** At the end mark: every sample of every step, in order (ms). */
      stepSamples?: Record<string, number[]>;
    };

export interface Timings {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Durations of one step, summarised; `reset` starts a new window. */
export class StepTimer {
  private samples: number[] = [];

  time<T>(step: () => T): T {
    const started = performance.now();
    try {
      return step();
    } finally {
      this.samples.push(performance.now() - started);
    }
  }

  add(ms: number): void {
    if (Number.isFinite(ms)) this.samples.push(ms);
  }

  /** The raw samples, in order. */
  raw(): number[] {
    return this.samples;
  }

  reset(): void {
    this.samples = [];
  }

  summary(): Timings {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
    return { count: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
  }
}

export interface PauseStats {
  /** From process.resourceUsage(): faults that waited for the disk, and preemptions. */
  majorPageFaults: number;
  involuntarySwitches: number;
  voluntarySwitches: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** Major (mark-compact) collections only. */
  majorGcMaxMs: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

/** Orchestrator → server child. */
export type ServerCommand = { type: 'mark'; label: string } | { type: 'stop' };

export interface LoadOptions {
  target: Target;
  port: number;
  viewers: number;
  batch: number;
  viewerToken: string;
  captionerToken: string;
  ratePerSecond: number;
  connectTimeoutMs: number;
  /** false: no captioner here, only viewers (bench/cluster.ts: the captioner is on another node's load). */
  captioner?: boolean;
}

/** What a window's report and its merge over several load processes both say. */
interface WindowCounts {
  windowMs: number;
  /** Deltas the captioner sent during the window, and acknowledgements it got (all time). */
  sent: number;
  acksOk: number;
  acksFailed: number;
  failures: string[];
  delivered: number;
  /** Deliveries whose seq was not the previous one + 1 on that connection (all time). */
  gaps: number;
  /** The load generator's own GC pauses and event-loop delay: they delay what it measures. */
  pauses: PauseStats;
  cpu: CpuSample;
  /** Viewers still open at the end of the window. */
  open: number;
}

export interface LoadWindowReport extends WindowCounts {
  type: 'report';
  /**
   * Every delivery's latency, and per caption seq its first and last arrival among this
   * process's viewers (Float64Arrays, base64; no arrival: ±Infinity): raw, so that the reports
   * of several load processes merge into one distribution (`windowStats`).
   */
  latencies: string;
  firstArrival: string;
  lastArrival: string;
}

/**
 * A window as measured by all the load processes together: counts and CPU summed, the worst of
 * their pauses (counts and totals summed).
 */
export interface WindowStats extends WindowCounts {
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Per caption: latency of its first and of its last arrival among all the viewers. */
  perCaption: { count: number; firstP50: number; lastP50: number; lastP90: number; lastMax: number };
}

export const encodeFloats = (values: Float64Array): string => Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');

export function decodeFloats(encoded: string): Float64Array {
  const bytes = Buffer.from(encoded, 'base64');
  // Copied: a decoded Buffer may sit in Node's pool at an offset a Float64Array cannot start at.
  const values = new Float64Array(bytes.length / 8);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/** The worst pause and the summed counts of several processes. */
function worstPauses(all: readonly PauseStats[]): PauseStats {
  const most = (key: keyof PauseStats) => Math.max(...all.map((pauses) => pauses[key]));
  const total = (key: keyof PauseStats) => sum(all.map((pauses) => pauses[key]));
  return {
    majorPageFaults: total('majorPageFaults'),
    involuntarySwitches: total('involuntarySwitches'),
    voluntarySwitches: total('voluntarySwitches'),
    gcCount: total('gcCount'),
    gcTotalMs: total('gcTotalMs'),
    gcMaxMs: most('gcMaxMs'),
    majorGcMaxMs: most('majorGcMaxMs'),
    loopDelayP99Ms: most('loopDelayP99Ms'),
    loopDelayMaxMs: most('loopDelayMaxMs'),
  };
}

/** One window from the reports of every load process that measured it (one captioner among them). */
export function windowStats(reports: readonly LoadWindowReport[]): WindowStats {
  // Several hundred thousand deliveries: joined as typed arrays, never as JS numbers in an array.
  const parts = reports.map((report) => decodeFloats(report.latencies));
  const latencies = new Float64Array(sum(parts.map((part) => part.length)));
  let at = 0;
  for (const part of parts) {
    latencies.set(part, at);
    at += part.length;
  }
  latencies.sort();
  // Per caption, its first and last arrival over every process's viewers.
  const firstArrival: number[] = [];
  const lastArrival: number[] = [];
  for (const report of reports) {
    decodeFloats(report.firstArrival).forEach((latency, seq) => (firstArrival[seq] = Math.min(firstArrival[seq] ?? Number.POSITIVE_INFINITY, latency)));
    decodeFloats(report.lastArrival).forEach((latency, seq) => (lastArrival[seq] = Math.max(lastArrival[seq] ?? Number.NEGATIVE_INFINITY, latency)));
  }
  const captions = firstArrival.flatMap((latency, seq) => (Number.isFinite(latency) ? [seq] : []));
  const firsts = Float64Array.from(captions, (seq) => firstArrival[seq]!).sort();
  const lasts = Float64Array.from(captions, (seq) => lastArrival[seq]!).sort();
  let total = 0;
  for (const value of latencies) total += value;
  return {
    windowMs: Math.max(...reports.map((report) => report.windowMs)),
    sent: sum(reports.map((report) => report.sent)),
    acksOk: sum(reports.map((report) => report.acksOk)),
    acksFailed: sum(reports.map((report) => report.acksFailed)),
    failures: reports.flatMap((report) => report.failures),
    delivered: sum(reports.map((report) => report.delivered)),
    gaps: sum(reports.map((report) => report.gaps)),
    latency: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.length ? latencies[latencies.length - 1]! : Number.NaN,
      mean: latencies.length ? total / latencies.length : Number.NaN,
    },
    perCaption: {
      count: captions.length,
      firstP50: percentile(firsts, 50),
      lastP50: percentile(lasts, 50),
      lastP90: percentile(lasts, 90),
      lastMax: lasts.length ? lasts[lasts.length - 1]! : Number.NaN,
    },
    pauses: worstPauses(reports.map((report) => report.pauses)),
    cpu: { user: sum(reports.map((report) => report.cpu.user)), system: sum(reports.map((report) => report.cpu.system)) },
    open: sum(reports.map((report) => report.open)),
  };
}

/** One storm from every load process's report: over when the last process's viewers caught up. */
export function stormStats(reports: readonly StormReport[], viewersOf: readonly number[]): StormReport {
  return {
    type: 'storm-done',
    kind: reports[0]!.kind,
    ms: Math.max(...reports.map((report) => report.ms)),
    reconnected: sum(reports.map((report) => report.reconnected)),
    caughtUp: sum(reports.map((report) => report.caughtUp)),
    gaps: sum(reports.map((report) => report.gaps)),
    bytesPerViewer: sum(reports.map((report, index) => report.bytesPerViewer * viewersOf[index]!)) / sum([...viewersOf]),
    failures: reports.flatMap((report) => report.failures).slice(0, 5),
  };
}

/**
 * Every viewer dropped and back at once, captions still flowing: `resume` comes back where it
 * was (a dropped network: the meeting and caption seqs it had), `reload` as a fresh page.
 */
export type StormKind = 'resume' | 'reload';

export interface StormReport {
  type: 'storm-done';
  kind: StormKind;
  /** From the drop until every viewer had the caption the captioner had last sent when they dropped. */
  ms: number;
  reconnected: number;
  caughtUp: number;
  /** Resumed viewers whose captions did not continue from where they were, with no gap or repeat. */
  gaps: number;
  /**
   * What each viewer received on coming back besides the live caption deltas (characters, mean):
   * its snapshots and acknowledgements, the missed entries in OpenFloor's subscribe ack.
   */
  bytesPerViewer: number;
  failures: string[];
}

/** Load child → orchestrator. */
export type LoadReport =
  | { type: 'connected'; ms: number; viewers: number; fdLimit: number }
  | { type: 'failed'; reason: string }
  /** The seq of the captioner's last acknowledged delta. */
  | { type: 'captioner-seq'; seq: number }
  | LoadWindowReport
  | StormReport;

/** Orchestrator → load child. */
export type LoadCommand =
  | { type: 'captioner-start' }
  | { type: 'window-start' }
  | { type: 'window-end' }
  /** `target`: the captioner's seq at the drop, which every viewer must reach (the captioner is on the first load process). */
  | { type: 'storm'; kind: StormKind; reloadChars: number; target: number }
  | { type: 'captioner-seq' }
  | { type: 'captioner-stop' }
  | { type: 'stop' };

export function cpuSample(): CpuSample {
  const { user, system } = process.cpuUsage();
  return { user, system };
}

export function memSample(): MemSample {
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  const code = getHeapSpaceStatistics()
    .filter((space) => space.space_name.startsWith('code'))
    .reduce((sum, space) => sum + space.space_used_size, 0);
  return { rss, heapUsed, code, external, arrayBuffers };
}

/** Collects garbage when the process runs with --expose-gc, so memory samples are steadier. */
/**
 * A bare server's last step before the load connects: a collection, then `ready` with its port,
 * the tokens its clients send (none for the bare ws and SSE servers) and its idle memory.
 */
export function reportReady(address: string | { port: number } | null, extra: { viewerToken?: string; captionerToken?: string; adapter?: string } = {}): void {
  collectGarbage();
  report({
    type: 'ready',
    port: address !== null && typeof address === 'object' ? address.port : 0,
    viewerToken: extra.viewerToken ?? '',
    captionerToken: extra.captionerToken ?? '',
    fdLimit: fdLimit(),
    ...(extra.adapter ? { adapter: extra.adapter } : {}),
    idle: memSample(),
  });
}

export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/** This process's soft limit on open files (inherited by the shell asked). */
export function fdLimit(): number {
  const result = spawnSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' });
  const value = result.stdout.trim();
  return value === 'unlimited' ? Number.POSITIVE_INFINITY : Number(value);
}

/** Sends over IPC; a closed channel (the orchestrator is gone) ends this child. */
export function report(message: ServerReport | LoadReport): void {
  if (!process.send) throw new Error('not started with an IPC channel');
  process.send(message, (error: Error | null) => {
    if (error) process.exit(1);
  });
}

/** A child exits when its orchestrator does, even if it never says stop. */
export function exitWithParent(cleanup: () => void | Promise<void>): void {
  process.on('disconnect', () => {
    void Promise.resolve()
      .then(cleanup)
      .finally(() => process.exit(0));
  });
}

/**
 * With BENCH_PROFILE (a file path) set, a server child profiles its CPU during the measurement
 * window, and during each reconnect storm after it (into `<file>-storm-<n>.cpuprofile`), only
 * (inspector, not --cpu-prof, so start-up and connecting stay out of it).
 */
export function windowProfiler(): { start(): Promise<void>; stop(name?: string): Promise<void> } {
  const base = process.env.BENCH_PROFILE;
  if (!base) return { start: async () => undefined, stop: async () => undefined };
  let profiles = 0;
  let session: import('node:inspector').Session | null = null;
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))),
    );
  return {
    async start() {
      if (session) return;
      const { Session } = await import('node:inspector');
      session = new Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 100 });
      await post('Profiler.start');
    },
    /** Writes the profile; `name` (a phase) goes into the file's name instead of the storm's number. */
    async stop(name?: string) {
      if (!session) return;
      const { profile } = await post('Profiler.stop');
      const file =
        name !== undefined
          ? base.replace(/(\.cpuprofile)?$/, `-${name.replace(/\W+/g, '-')}.cpuprofile`)
          : profiles === 0
            ? base
            : base.replace(/(\.cpuprofile)?$/, `-storm-${profiles}.cpuprofile`);
      profiles += 1;
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { dirname } = await import('node:path');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      session = null;
    },
  };
}

/**
 * The server children's side of the IPC: CPU and memory at the window's marks, and stop.
 * Garbage left by connecting is collected at `settle`, a second before the window starts; the
 * window's own GC counts.
 */
export function answerMarks(
  connections: () => number,
  stop: () => Promise<void>,
  steps: Record<string, StepTimer> = {},
): void {
  const profiler = windowProfiler();
  const pauses = pauseWatch();
  exitWithParent(stop);
  process.on('message', (command: ServerCommand) => {
    if (command.type === 'stop') {
      void stop().then(() => process.exit(0));
      return;
    }
    void (async () => {
      if (command.label === 'settle') {
        // Before the window, with time to recover: a forced full GC stalls a big heap for a
        // while, and the captions caught behind it would otherwise count against the server.
        collectGarbage();
        await profiler.start();
        report({ type: 'mark', label: command.label, cpu: cpuSample(), mem: memSample(), connections: connections() });
      } else if (command.label === 'start') {
        // A storm's start (the window's profile started at settle).
        await profiler.start();
        report({ type: 'mark', label: command.label, cpu: cpuSample(), mem: memSample(), connections: connections() });
        for (const timer of Object.values(steps)) timer.reset();
        pauses.start();
      } else {
        const cpu = cpuSample();
        const paused = pauses.stop();
        await profiler.stop();
        collectGarbage();
        const timings = Object.fromEntries(Object.entries(steps).map(([name, timer]) => [name, timer.summary()]));
        report({
          type: 'mark',
          label: command.label,
          cpu,
          mem: memSample(),
          connections: connections(),
          pauses: paused,
          steps: timings,
          stepSamples: Object.fromEntries(
            Object.entries(steps).map(([name, timer]) => [name, timer.raw().map((ms) => Math.round(ms * 100) / 100)]),
          ),
        });
      }
    })();
  });
}

/** Garbage-collection pauses and event-loop delay between start() and stop(). */
export function pauseWatch(): { start(): void; stop(): PauseStats } {
  let stats = { gcCount: 0, gcTotalMs: 0, gcMaxMs: 0, majorGcMaxMs: 0 };
  let loop: IntervalHistogram | null = null;
  let usage = process.resourceUsage();
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      stats.gcCount += 1;
      stats.gcTotalMs += entry.duration;
      stats.gcMaxMs = Math.max(stats.gcMaxMs, entry.duration);
      const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) stats.majorGcMaxMs = Math.max(stats.majorGcMaxMs, entry.duration);
    }
  });
  return {
    start() {
      stats = { gcCount: 0, gcTotalMs: 0, gcMaxMs: 0, majorGcMaxMs: 0 };
      observer.observe({ entryTypes: ['gc'] });
      loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      usage = process.resourceUsage();
    },
    stop() {
      // Entries still queued in the observer are delivered first.
      for (const entry of observer.takeRecords?.() ?? []) {
        stats.gcCount += 1;
        stats.gcTotalMs += entry.duration;
        stats.gcMaxMs = Math.max(stats.gcMaxMs, entry.duration);
      }
      observer.disconnect();
      loop?.disable();
      const after = process.resourceUsage();
      const result = {
        majorPageFaults: after.majorPageFault - usage.majorPageFault,
        involuntarySwitches: after.involuntaryContextSwitches - usage.involuntaryContextSwitches,
        voluntarySwitches: after.voluntaryContextSwitches - usage.voluntaryContextSwitches,
        ...stats,
        loopDelayP99Ms: loop ? loop.percentile(99) / 1e6 : Number.NaN,
        loopDelayMaxMs: loop ? loop.max / 1e6 : Number.NaN,
      };
      loop = null;
      return result;
    },
  };
}
