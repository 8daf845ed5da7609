/**
 * Caption fan-out benchmark (`npm run bench`): a captioner sends 20 deltas per second to N
 * viewers, against OpenFloor (the real app, in its own process) and against a bare `ws` server
 * relaying the same bytes (the baseline), with the viewers in a second process.
 *
 * Options: --n=1000,2000,3000  --window=10 (s)  --warmup=3 (s)  --rate=20 (deltas/s)
 *          --batch=200 (connections opened at once)
 *          --load-procs=1 (load processes the viewers are shared among; the first also runs the
 *                    captioner: at 3,000 viewers one process saturates a core)
 *          --targets=baseline,openfloor (add `stock`: OpenFloor with Socket.IO's stock adapter;
 *                    `unpersisted`: OpenFloor without writing caption deltas, a diagnostic;
 *                    `socketio`: bare Socket.IO; `sse`: bare Server-Sent Events)
 *          --reload-chars=0 (the bare servers' reload snapshot when no OpenFloor run measured one)
 *          --repeat=3 (runs per server and N, in ABBA order; the table shows their mean and range)
 *          --profile (CPU profile of each server child during its window, into bench/results/)
 *          --nice (run the measured processes at nice -10: on a machine shared with other work;
 *                  needs root, and says so in the results)
 *          --out=bench/results/latest.json
 *          --from=results.json (print the table of an earlier run, measuring nothing)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type {
  LoadCommand,
  LoadOptions,
  LoadReport,
  PauseStats,
  ServerCommand,
  Timings,
  ServerReport,
  Target,
  StormKind,
} from './common.js';
import { stormStats, TARGETS, windowStats, type WindowStats } from './common.js';
import { Child } from './child.js';

const here = import.meta.dirname;
const root = resolve(here, '..');

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1000,3000' },
    window: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rate: { type: 'string', default: '20' },
    batch: { type: 'string', default: '200' },
    'load-procs': { type: 'string', default: '1' },
    repeat: { type: 'string', default: '3' },
    targets: { type: 'string', default: 'baseline,openfloor' },
    profile: { type: 'boolean', default: false },
    nice: { type: 'boolean', default: false },
    out: { type: 'string', default: join(here, 'results', 'latest.json') },
    from: { type: 'string' },
    storms: { type: 'string', default: 'resume,reload' },
    'reload-chars': { type: 'string', default: '0' },
  },
});

/** An earlier run's results, to print instead of measuring. */
const earlier = args.from
  ? (JSON.parse(readFileSync(args.from, 'utf8')) as { settings: { sizes: number[] }; results: PhaseResult[] })
  : null;
const sizes = earlier ? earlier.settings.sizes : args.n.split(',').map(Number);
const windowMs = Number(args.window) * 1000;
const warmupMs = Number(args.warmup) * 1000;
const rate = Number(args.rate);
const batch = Number(args.batch);
const loadProcs = Number(args['load-procs']);
const repeat = Number(args.repeat);
const targets = earlier
  ? TARGETS.filter((target) => earlier.results.some((result) => result.target === target))
  : (args.targets.split(',') as Target[]);
const stormKinds = args.storms.split(',').filter(Boolean) as StormKind[];
const reloadCharsDefault = Number(args['reload-chars']);
if (stormKinds.some((kind) => kind !== 'resume' && kind !== 'reload')) throw new Error('--storms: a list of resume, reload (or empty)');
const CPU_TARGET = 1.1;
const P99_TARGET = 1.2;
// Everything bounded: a phase that hangs fails the run instead of blocking it.
const START_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 120_000;
const MARK_TIMEOUT_MS = 30_000;
/** Between the servers' pre-window GC and the window. */
const SETTLE_MS = 1000;
const RUN_TIMEOUT_MS = 15 * 60_000;

if (
  sizes.some((n) => !Number.isInteger(n) || n < 1) ||
  !(windowMs > 0) ||
  !(warmupMs >= 0) ||
  !(rate > 0) ||
  !(Number.isInteger(repeat) && repeat >= 1) ||
  !(Number.isInteger(loadProcs) && loadProcs >= 1) ||
  !(Number.isInteger(reloadCharsDefault) && reloadCharsDefault >= 0)
) {
  throw new Error('bad --n, --window, --warmup, --rate, --repeat, --load-procs or --reload-chars');
}
if (targets.some((target) => !TARGETS.includes(target))) {
  throw new Error(`--targets: a list of ${TARGETS.join(', ')}`);
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const SERVER_SCRIPTS: Record<Target, string> = {
  baseline: 'ws-server.ts',
  socketio: 'socketio-server.ts',
  openfloor: 'openfloor-server.ts',
  stock: 'openfloor-server.ts',
  unpersisted: 'openfloor-server.ts',
  sse: 'sse-server.ts',
  'openfloor-sse': 'openfloor-server.ts',
};
/** The servers that do the job without OpenFloor: a reload storm gives them a snapshot as large as OpenFloor's. */
const isBaseline = (target: Target) => target === 'baseline' || target === 'socketio' || target === 'sse';

/** Busy and total CPU time of the whole machine (Linux), to see what else ran in a window. */
function machineCpu(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** CPU the whole machine used over `ms`, in % of one core. */
async function machineBusy(ms: number): Promise<number> {
  const before = machineCpu();
  await sleep(ms);
  const after = machineCpu();
  return before && after ? (after.busy - before.busy) / (ms / 1000) : 0;
}

/** Other work may share this machine: start a measurement once it is quiet (or after 10 s). */
async function waitForQuiet(): Promise<void> {
  const deadline = Date.now() + 10_000;
  let said = false;
  for (;;) {
    const busy = await machineBusy(500);
    if (busy < 30 || Date.now() > deadline) return;
    if (!said) console.log(`  (machine busy at ${busy.toFixed(0)}% of a core; waiting for it to calm down)`);
    said = true;
  }
}

// ---- children --------------------------------------------------------------------------

// ---- one measurement ------------------------------------------------------------------

interface PhaseResult {
  target: Target;
  adapter: string | null;
  viewers: number;
  run: number;
  connectMs: number;
  windowMs: number;
  sent: number;
  delivered: number;
  /** Deliveries expected from what was sent in the window (sent × N). */
  expected: number;
  deliveredPerSecond: number;
  serverCpuPercent: number;
  cpuUsPerDelivered: number;
  latencyMs: WindowStats['latency'];
  perCaptionMs: WindowStats['perCaption'];
  rssPerConnectionKB: number;
  heapPerConnectionKB: number;
  /** Of it, code compiled during the run (absent from runs before it was measured). */
  codePerConnectionKB?: number;
  /** The machine's 1-minute load average when the run started: other agents share it. */
  loadAverage: number;
  rssIdleMB: number;
  rssEndMB: number;
  gaps: number;
  acksFailed: number;
  failures: string[];
  loadCpuPercent: number;
  /** Machine CPU in the window not used by the server or the load generator (% of one core). */
  otherCpuPercent: number;
  /** The server's GC pauses and event-loop delay in the window. */
  serverPauses: PauseStats | null;
  /** The load generator's, which delay what it measures. */
  loadPauses: PauseStats;
  /** OpenFloor only: durations of persisting and of broadcasting each entry in the window. */
  serverSteps: Record<string, Timings> | null;
  serverStepSamples: Record<string, number[]> | null;
  /** After the window, with captions still flowing: every viewer dropped and back at once. */
  storms: StormResult[];
}

async function measure(target: Target, viewers: number, run: number, reloadChars: number): Promise<PhaseResult> {
  const loadAverage = loadavg()[0]!;
  const profile = args.profile ? join(here, 'results', 'profiles', `${target}-${viewers}-${run}.cpuprofile`) : null;
  const server = new Child<ServerCommand, ServerReport>(
    target,
    SERVER_SCRIPTS[target],
    [],
    {
      ...(profile ? { BENCH_PROFILE: profile } : {}),
      ...(target === 'stock' ? { BENCH_STOCK_ADAPTER: '1' } : {}),
      ...(target === 'unpersisted' ? { BENCH_UNPERSISTED_CAPTIONS: '1' } : {}),
      ...(target === 'socketio' ? { BENCH_SNAPSHOT_CHARS: String(reloadChars) } : {}),
    },
    args.nice,
  );
  try {
    const ready = await server.next(['ready'], START_TIMEOUT_MS, 'ready');
    if (ready.fdLimit < viewers + 256) {
      throw new Error(`${target} can open only ${ready.fdLimit} files; raise the hard limit (ulimit -Hn) above ${viewers + 256}`);
    }
    // The viewers shared among the load processes; the first one also runs the captioner.
    const shares = Array.from({ length: loadProcs }, (_, index) => Math.floor(viewers / loadProcs) + (index < viewers % loadProcs ? 1 : 0));
    const loads = shares.map((share, index) => {
      const options: LoadOptions = {
        target,
        port: ready.port,
        viewers: share,
        batch: Math.ceil(batch / loadProcs),
        viewerToken: ready.viewerToken,
        captionerToken: ready.captionerToken,
        ratePerSecond: rate,
        connectTimeoutMs: 30_000,
        captioner: index === 0,
      };
      return new Child<LoadCommand, LoadReport>(loadProcs > 1 ? `load ${index + 1}` : 'load', 'load.ts', [JSON.stringify(options)], {}, args.nice);
    });
    const toLoads = (command: LoadCommand) => loads.forEach((load) => load.send(command));
    try {
      const connected = await Promise.all(loads.map((load) => load.next(['connected'], CONNECT_TIMEOUT_MS, `${viewers} connections`)));
      loads[0]!.send({ type: 'captioner-start' });
      await sleep(Math.max(0, warmupMs - SETTLE_MS));
      server.send({ type: 'mark', label: 'settle' });
      await server.next(['mark'], MARK_TIMEOUT_MS, 'settle mark');
      await sleep(SETTLE_MS);
      const machineStart = machineCpu();
      server.send({ type: 'mark', label: 'start' });
      toLoads({ type: 'window-start' });
      const start = await server.next(['mark'], MARK_TIMEOUT_MS, 'start mark');
      await sleep(windowMs);
      toLoads({ type: 'window-end' });
      server.send({ type: 'mark', label: 'end' });
      const [end, reports] = await Promise.all([
        server.next(['mark'], MARK_TIMEOUT_MS, 'end mark'),
        Promise.all(loads.map((load) => load.next(['report'], MARK_TIMEOUT_MS, 'window report'))),
      ]);
      const window = windowStats(reports);
      const machineEnd = machineCpu();
      const serverCpu = end.cpu.user + end.cpu.system - (start.cpu.user + start.cpu.system);
      const result: PhaseResult = {
        target,
        viewers,
        run,
        adapter: ready.adapter ?? null,
        connectMs: Math.round(Math.max(...connected.map((report) => report.ms))),
        windowMs: Math.round(window.windowMs),
        sent: window.sent,
        delivered: window.delivered,
        expected: window.sent * viewers,
        deliveredPerSecond: window.delivered / (window.windowMs / 1000),
        serverCpuPercent: serverCpu / 10 / window.windowMs,
        cpuUsPerDelivered: serverCpu / window.delivered,
        latencyMs: window.latency,
        perCaptionMs: window.perCaption,
        rssPerConnectionKB: (end.mem.rss - ready.idle.rss) / viewers / 1024,
        heapPerConnectionKB: (end.mem.heapUsed - ready.idle.heapUsed) / viewers / 1024,
        codePerConnectionKB: (end.mem.code - ready.idle.code) / viewers / 1024,
        loadAverage,
        rssIdleMB: ready.idle.rss / 2 ** 20,
        rssEndMB: end.mem.rss / 2 ** 20,
        gaps: window.gaps,
        acksFailed: window.acksFailed,
        failures: window.failures,
        loadCpuPercent: (window.cpu.user + window.cpu.system) / 10 / window.windowMs,
        serverPauses: end.pauses ?? null,
        loadPauses: window.pauses,
        serverSteps: end.steps && Object.keys(end.steps).length ? end.steps : null,
        serverStepSamples: end.stepSamples && Object.keys(end.stepSamples).length ? end.stepSamples : null,
        otherCpuPercent:
          machineStart && machineEnd
            ? // /proc/stat counts in clock ticks (USER_HZ, 100 per second).
              (machineEnd.busy - machineStart.busy) / (window.windowMs / 1000) -
              (serverCpu + window.cpu.user + window.cpu.system) / 10 / window.windowMs
            : Number.NaN,
        storms: [],
      };
      for (const kind of stormKinds) result.storms.push(await stormOf(server, loads, shares, kind, reloadChars));
      loads[0]!.send({ type: 'captioner-stop' });
      return result;
    } finally {
      for (const load of loads) await load.stop();
    }
  } finally {
    await server.stop();
  }
}

/** One storm in a run: the server's CPU and loop stalls from the drop until every viewer caught up. */
interface StormResult {
  kind: StormKind;
  ms: number;
  serverCpuMs: number;
  loopDelayMaxMs: number;
  loopDelayP99Ms: number;
  gcMaxMs: number;
  reconnected: number;
  caughtUp: number;
  gaps: number;
  bytesPerViewer: number;
  failures: string[];
}

const STORM_TIMEOUT_MS = 90_000;

/** The server's marks around one storm of the load's viewers, captions still flowing. */
async function stormOf(
  server: Child<ServerCommand, ServerReport>,
  loads: readonly Child<LoadCommand, LoadReport>[],
  shares: readonly number[],
  kind: StormKind,
  reloadChars: number,
): Promise<StormResult> {
  await sleep(SETTLE_MS);
  server.send({ type: 'mark', label: 'start' });
  const start = await server.next(['mark'], MARK_TIMEOUT_MS, `${kind} storm start mark`);
  // Where the captioner was when the viewers dropped: a few milliseconds before, asked of its process.
  loads[0]!.send({ type: 'captioner-seq' });
  const { seq: target } = await loads[0]!.next(['captioner-seq'], MARK_TIMEOUT_MS, 'captioner seq');
  for (const load of loads) load.send({ type: 'storm', kind, reloadChars, target });
  const done = stormStats(await Promise.all(loads.map((load) => load.next(['storm-done'], STORM_TIMEOUT_MS, `${kind} storm`))), shares);
  server.send({ type: 'mark', label: 'storm' });
  const end = await server.next(['mark'], MARK_TIMEOUT_MS, `${kind} storm end mark`);
  return {
    kind,
    ms: done.ms,
    serverCpuMs: (end.cpu.user + end.cpu.system - (start.cpu.user + start.cpu.system)) / 1000,
    loopDelayMaxMs: end.pauses?.loopDelayMaxMs ?? Number.NaN,
    loopDelayP99Ms: end.pauses?.loopDelayP99Ms ?? Number.NaN,
    gcMaxMs: end.pauses?.gcMaxMs ?? Number.NaN,
    reconnected: done.reconnected,
    caughtUp: done.caughtUp,
    gaps: done.gaps,
    bytesPerViewer: done.bytesPerViewer,
    failures: done.failures,
  };
}

/**
 * The snapshot the baseline sends a reloaded viewer: as large as what OpenFloor sent its
 * reloaded viewers (besides live deltas) in its latest run at this N; the runs go OpenFloor
 * first, so there is one if OpenFloor is among the targets (else --reload-chars, measured so
 * by an earlier run).
 */
function reloadCharsFor(results: PhaseResult[], target: Target, viewers: number): number {
  if (!isBaseline(target)) return 0;
  const latest = results.findLast((result) => result.viewers === viewers && !isBaseline(result.target) && result.storms.some((storm) => storm.kind === 'reload'));
  return latest?.storms.find((storm) => storm.kind === 'reload')?.bytesPerViewer ?? reloadCharsDefault;
}

// ---- report ----------------------------------------------------------------------------

/** Issue 9's targets for a storm, against the bare-ws storm: server CPU and longest loop stall. */
const STORM_TARGETS: Record<StormKind, number> = { resume: 1.2, reload: 1.5 };

/** Per N and storm: each server's medians, and OpenFloor's ratios to the baseline run beside it. */
function stormTable(results: PhaseResult[]): string {
  const lines: string[] = [];
  for (const n of sizes) {
    for (const kind of stormKinds) {
      const of = (target: Target) =>
        results.filter((result) => result.viewers === n && result.target === target).flatMap((result) => result.storms.filter((storm) => storm.kind === kind).map((storm) => ({ run: result.run, storm })));
      // Against the bare ws server (issue 9's targets), and OpenFloor against bare Socket.IO when it ran.
      const comparisons = targets.flatMap((target) => [
        ...(target !== 'baseline' ? [{ target, against: 'baseline' as const }] : []),
        ...(!isBaseline(target) && targets.includes('socketio') ? [{ target, against: 'socketio' as const }] : []),
        ...(target === 'openfloor-sse' && targets.includes('sse') ? [{ target, against: 'sse' as const }] : []),
      ]);
      for (const { target, against } of comparisons) {
        const base = of(against);
        const ours = of(target);
        const pairs = ours.flatMap(({ run, storm }) => {
          const theirs = base.find((candidate) => candidate.run === run)?.storm;
          return theirs ? [{ cpu: storm.serverCpuMs / theirs.serverCpuMs, loop: storm.loopDelayMaxMs / theirs.loopDelayMaxMs }] : [];
        });
        if (!pairs.length) continue;
        const range = (values: number[]) => `${fixed(median(values), 2)}x (${fixed(Math.min(...values), 2)}-${fixed(Math.max(...values), 2)})`;
        const cpu = pairs.map((pair) => pair.cpu);
        const loop = pairs.map((pair) => pair.loop);
        const limit = STORM_TARGETS[kind];
        lines.push(
          `N=${n} ${kind} storm, ${LABELS[target]} / ${LABELS[against]} (${pairs.length} runs): server CPU ${fixed(median(ours.map(({ storm }) => storm.serverCpuMs)), 0)} / ` +
            `${fixed(median(base.map(({ storm }) => storm.serverCpuMs)), 0)} ms = ${range(cpu)}, longest loop stall ${fixed(median(ours.map(({ storm }) => storm.loopDelayMaxMs)), 0)} / ` +
            `${fixed(median(base.map(({ storm }) => storm.loopDelayMaxMs)), 0)} ms = ${range(loop)}, all caught up in ${fixed(median(ours.map(({ storm }) => storm.ms)), 0)} / ` +
            `${fixed(median(base.map(({ storm }) => storm.ms)), 0)} ms` +
            (against === 'baseline' ? ` (target ≤ ${limit}x CPU and stall: ${median(cpu) <= limit && median(loop) <= limit ? 'met' : 'MISSED'})` : ''),
        );
      }
    }
  }
  return lines.join('\n');
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

const LABELS: Record<Target, string> = {
  baseline: 'bare ws',
  openfloor: 'OpenFloor',
  stock: 'OF, stock SIO',
  socketio: 'bare Socket.IO',
  unpersisted: 'OF, unpersisted',
  sse: 'bare SSE',
  'openfloor-sse': 'OF, SSE viewers',
};

/** What the table shows for one server at one N: the mean of its runs, and their range. */
interface Row {
  target: Target;
  viewers: number;
  runs: number;
  cpuUsPerDelivered: number;
  cpuMin: number;
  cpuMax: number;
  p50: number;
  p99: number;
  max: number;
  deliveredPerSecond: number;
  deliveredShare: number;
  /** Heap, not RSS: RSS moved 6-21 KB per connection between identical runs. */
  heapPerConnectionKB: number;
  /** Of it, code the run compiled: divided by N, it is not what a connection holds. */
  codePerConnectionKB: number;
  serverCpuPercent: number;
  loadCpuPercent: number;
  otherCpuPercent: number;
  loadAverage: number;
  gcMaxMs: number;
  loopDelayMaxMs: number;
}

/** Runs that other processes disturbed by less than this (% of a core) count as quiet. */
const QUIET_PERCENT = 15;

/** Per server and N: the mean of all its runs, with the range of its CPU per delivery. */
function rowsOf(results: PhaseResult[]): Row[] {
  return sizes.flatMap((n) =>
    targets.flatMap((target) => {
      const runs = results.filter((result) => result.viewers === n && result.target === target);
      if (!runs.length) return [];
      const mean = (value: (result: PhaseResult) => number) => runs.reduce((sum, result) => sum + value(result), 0) / runs.length;
      const most = (value: (result: PhaseResult) => number) => Math.max(...runs.map(value));
      const least = (value: (result: PhaseResult) => number) => Math.min(...runs.map(value));
      return [
        {
          target,
          viewers: n,
          runs: runs.length,
          cpuUsPerDelivered: mean((result) => result.cpuUsPerDelivered),
          cpuMin: least((result) => result.cpuUsPerDelivered),
          cpuMax: most((result) => result.cpuUsPerDelivered),
          p50: mean((result) => result.latencyMs.p50),
          p99: mean((result) => result.latencyMs.p99),
          max: most((result) => result.latencyMs.max),
          deliveredPerSecond: mean((result) => result.deliveredPerSecond),
          deliveredShare: mean((result) => result.delivered / result.expected),
          heapPerConnectionKB: mean((result) => result.heapPerConnectionKB),
          codePerConnectionKB: mean((result) => result.codePerConnectionKB ?? Number.NaN),
          serverCpuPercent: mean((result) => result.serverCpuPercent),
          loadCpuPercent: mean((result) => result.loadCpuPercent),
          otherCpuPercent: mean((result) => result.otherCpuPercent),
          loadAverage: mean((result) => result.loadAverage ?? Number.NaN),
          gcMaxMs: most((result) => result.serverPauses?.gcMaxMs ?? Number.NaN),
          loopDelayMaxMs: most((result) => result.serverPauses?.loopDelayMaxMs ?? Number.NaN),
        },
      ];
    }),
  );
}

interface Verdict {
  viewers: number;
  target: Target;
  /** The median of the runs' ratios, each run against the baseline run next to it (ABBA). */
  cpuRatio: number;
  cpuRatioMin: number;
  cpuRatioMax: number;
  p99Ratio: number;
  met: boolean;
  /** Some run was disturbed by other work on the machine: the ratios measure that work too. */
  disturbed: boolean;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  return sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

function verdictsOf(rows: Row[], results: PhaseResult[]): Verdict[] {
  return rows.flatMap((row) => {
    const base = rows.find((other) => other.viewers === row.viewers && other.target === 'baseline');
    if (row.target === 'baseline' || !base) return [];
    const paired = results
      .filter((result) => result.viewers === row.viewers && result.target === row.target)
      .flatMap((ours) => {
        const theirs = results.find((result) => result.viewers === row.viewers && result.target === 'baseline' && result.run === ours.run);
        return theirs ? [{ cpu: ours.cpuUsPerDelivered / theirs.cpuUsPerDelivered, p99: ours.latencyMs.p99 / theirs.latencyMs.p99, quiet: ours.otherCpuPercent < QUIET_PERCENT && theirs.otherCpuPercent < QUIET_PERCENT }] : [];
      });
    if (!paired.length) return [];
    const cpuRatio = median(paired.map((pair) => pair.cpu));
    const p99Ratio = median(paired.map((pair) => pair.p99));
    return [
      {
        viewers: row.viewers,
        target: row.target,
        cpuRatio,
        cpuRatioMin: Math.min(...paired.map((pair) => pair.cpu)),
        cpuRatioMax: Math.max(...paired.map((pair) => pair.cpu)),
        p99Ratio,
        met: cpuRatio <= CPU_TARGET && p99Ratio <= P99_TARGET,
        disturbed: paired.some((pair) => !pair.quiet),
      },
    ];
  });
}

function table(rows: Row[], results: PhaseResult[]): string {
  const header = [
    'N',
    'server',
    'runs',
    'CPU µs/deliv',
    'range',
    'p50 ms',
    'p99 ms',
    'max ms',
    'delivered/s',
    'of sent',
    'heap KB/conn',
    'of it code',
    'server CPU',
    'load CPU',
    'other CPU',
    'load avg',
    'GC max ms',
    'loop max ms',
  ];
  const lines: string[][] = [];
  const verdicts: string[] = [];
  const blank = (cells: string[]) => [...cells, ...Array<string>(header.length - cells.length).fill('')];
  for (const n of sizes) {
    const of = (target: Target) => rows.find((row) => row.viewers === n && row.target === target);
    for (const target of TARGETS) {
      const row = of(target);
      if (!row) continue;
      lines.push([
        String(n),
        LABELS[target],
        String(row.runs),
        fixed(row.cpuUsPerDelivered, 2),
        `${fixed(row.cpuMin, 2)}-${fixed(row.cpuMax, 2)}`,
        fixed(row.p50, 1),
        fixed(row.p99, 1),
        fixed(row.max, 1),
        fixed(row.deliveredPerSecond, 0),
        `${fixed(100 * row.deliveredShare, 1)}%`,
        fixed(row.heapPerConnectionKB, 1),
        fixed(row.codePerConnectionKB, 1),
        `${fixed(row.serverCpuPercent, 0)}%`,
        `${fixed(row.loadCpuPercent, 0)}%`,
        `${fixed(row.otherCpuPercent, 0)}%`,
        fixed(row.loadAverage, 1),
        fixed(row.gcMaxMs, 1),
        fixed(row.loopDelayMaxMs, 1),
      ]);
    }
    const base = of('baseline');
    for (const verdict of verdictsOf(rows, results).filter((candidate) => candidate.viewers === n)) {
      const ours = of(verdict.target)!;
      lines.push(
        blank([
          String(n),
          `${LABELS[verdict.target]} / ws`,
          '',
          `${fixed(verdict.cpuRatio, 2)}x`,
          `${fixed(verdict.cpuRatioMin, 2)}-${fixed(verdict.cpuRatioMax, 2)}x`,
          `${fixed(ours.p50 / base!.p50, 2)}x`,
          `${fixed(verdict.p99Ratio, 2)}x`,
          '',
          `${fixed(ours.deliveredPerSecond / base!.deliveredPerSecond, 2)}x`,
          '',
          `${fixed(ours.heapPerConnectionKB / base!.heapPerConnectionKB, 2)}x`,
        ]),
      );
      verdicts.push(
        `N=${n} ${LABELS[verdict.target]}: CPU ${fixed(verdict.cpuRatio, 2)}x, runs ${fixed(verdict.cpuRatioMin, 2)}-${fixed(verdict.cpuRatioMax, 2)}x (target ≤ ${CPU_TARGET}x) ` +
          `${verdict.cpuRatio <= CPU_TARGET ? 'met' : 'MISSED'}, p99 ${fixed(verdict.p99Ratio, 2)}x ` +
          `(target ≤ ${P99_TARGET}x) ${verdict.p99Ratio <= P99_TARGET ? 'met' : 'MISSED'}` +
          (verdict.disturbed ? '  (disturbed: other work on the machine skews this)' : ''),
      );
    }
  }
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column]!.length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
  return [line(header), ...lines.map(line), '', ...verdicts].join('\n');
}

function gitDescribe(): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'server', 'shared'], { cwd: root, encoding: 'utf8' }).stdout.trim();
  return head ? `${head}${dirty ? ' + uncommitted changes in server/ or shared/' : ''}` : 'unknown';
}

/** After every measurement, so that a run that fails later still leaves what it measured. */
function writeResults(results: PhaseResult[], loadAverageAtStart: number): void {
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(
    args.out,
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        commit: gitDescribe(),
        machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverageAtStart },
        settings: { sizes, windowMs, warmupMs, rate, batch, loadProcs, repeat, profile: args.profile, nice: args.nice, reloadChars: reloadCharsDefault },
        targets: { cpuRatio: CPU_TARGET, p99Ratio: P99_TARGET },
        /** What the table shows: per server and N, the mean of its runs and their range. */
        table: rowsOf(results),
        verdicts: verdictsOf(rowsOf(results), results),
        /** Every run. */
        results,
      },
      null,
      2,
    )}\n`,
  );
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    // Exiting kills the children (child.ts).
    console.error(`bench: still running after ${RUN_TIMEOUT_MS / 60_000} min; stopping`);
    process.exit(2);
  }, RUN_TIMEOUT_MS).unref();
  console.log(
    `Caption fan-out: ${rate} deltas/s to N = ${sizes.join(', ')} viewers; ${warmupMs / 1000} s warm-up, ` +
      `${windowMs / 1000} s window; ${cpus().length} cores, node ${process.version}` +
      (loadProcs > 1 ? `; the viewers shared among ${loadProcs} load processes` : '') +
      (args.profile ? '\n(profiling: CPU numbers are inflated by the profiler)' : '') +
      (args.nice ? '\n(--nice: servers and load generator run at nice -10)' : ''),
  );
  const loadAverageAtStart = loadavg()[0]!;
  if (loadAverageAtStart > 0.5) {
    console.log(`note: load average ${loadAverageAtStart.toFixed(2)} at start; other work on the machine skews the numbers`);
  }
  const results: PhaseResult[] = [];
  // OpenFloor first: a baseline run's reload storm sends a snapshot as large as OpenFloor's.
  const ordered = [...targets.filter((target) => !isBaseline(target)), ...targets.filter(isBaseline)];
  for (const n of sizes) {
    for (let run = 0; run < repeat; run += 1) {
      // ABBA: drift in the machine's state does not favour one server.
      for (const target of run % 2 ? [...ordered].reverse() : ordered) {
        await waitForQuiet();
        let result: PhaseResult;
        try {
          result = await measure(target, n, run, reloadCharsFor(results, target, n));
        } catch (error) {
          // One retry: a measurement can starve when other work floods the machine.
          console.log(`  ${target.padEnd(9)} N=${String(n).padEnd(5)} failed (${(error as Error).message}); once more`);
          await waitForQuiet();
          result = await measure(target, n, run, reloadCharsFor(results, target, n));
        }
        results.push(result);
        writeResults(results, loadAverageAtStart);
        const problems = [
          result.gaps ? `${result.gaps} seq gaps` : '',
          result.acksFailed ? `${result.acksFailed} refused writes (${result.failures.join('; ')})` : '',
          result.otherCpuPercent > 15 ? `other processes used ${fixed(result.otherCpuPercent, 0)}% of a core` : '',
        ].filter(Boolean);
        console.log(
          `  ${target.padEnd(9)} N=${String(n).padEnd(5)}${result.adapter ? ` (${result.adapter})` : ''} load avg ${fixed(result.loadAverage, 1)}, connected in ${(result.connectMs / 1000).toFixed(1)} s, ` +
            `${result.delivered} of ${result.expected} deliveries, p99 ${fixed(result.latencyMs.p99, 1)} ms` +
            (problems.length ? `  !! ${problems.join(', ')}` : ''),
        );
        const spread = result.perCaptionMs;
        console.log(
          `      per caption: first viewer p50 ${fixed(spread.firstP50, 1)} ms; last viewer p50 ` +
            `${fixed(spread.lastP50, 1)} ms, p90 ${fixed(spread.lastP90, 1)} ms, max ${fixed(spread.lastMax, 1)} ms`,
        );
        const pausesOf = (pauses: PauseStats | null) =>
          pauses
            ? `GC max ${fixed(pauses.gcMaxMs, 1)} ms (total ${fixed(pauses.gcTotalMs, 0)} ms), ` +
              `loop delay p99 ${fixed(pauses.loopDelayP99Ms, 1)} ms, max ${fixed(pauses.loopDelayMaxMs, 1)} ms, ` +
              `${pauses.majorPageFaults} major faults, ${pauses.involuntarySwitches} preemptions`
            : '-';
        console.log(`      server: ${pausesOf(result.serverPauses)}`);
        console.log(`      load:   ${pausesOf(result.loadPauses)}`);
        for (const storm of result.storms) {
          console.log(
            `      ${storm.kind} storm: ${storm.caughtUp} of ${n} caught up in ${fixed(storm.ms, 0)} ms, server CPU ${fixed(storm.serverCpuMs, 0)} ms, ` +
              `loop delay max ${fixed(storm.loopDelayMaxMs, 1)} ms, ${fixed(storm.bytesPerViewer / 1024, 1)} K chars per viewer besides live deltas` +
              (storm.gaps ? `  !! ${storm.gaps} viewers did not resume where they were` : '') +
              (storm.failures.length ? `  !! ${storm.failures.join('; ')}` : ''),
          );
        }
        for (const [step, timing] of Object.entries(result.serverSteps ?? {})) {
          console.log(
            `      ${step}: ${timing.count} in the window, p50 ${fixed(timing.p50, 2)} ms, ` +
              `p99 ${fixed(timing.p99, 2)} ms, max ${fixed(timing.max, 2)} ms`,
          );
        }
      }
    }
  }
  console.log(`\n${table(rowsOf(results), results)}`);
  if (stormKinds.length) console.log(`\n${stormTable(results)}`);
  console.log(
    '\nCPU µs/deliv: server user+system CPU in the window / captions delivered in it. ' +
      'Latency: captioner send → viewer receive. heap KB/conn: (heap at the end − heap before connecting) / N, both after a GC; of it code: the part of that which is code compiled during the run (the same whatever N, so not held per connection). ' +
      `other CPU: what the rest of the machine used meanwhile (% of a core). GC max / loop max: the server's longest ` +
      `GC pause and event-loop delay in the window. Each row: the mean of its runs and the range of CPU per delivery; ` +
      `ratios: the median of each run against the baseline run beside it, and their range. load avg: the machine's.`,
  );
  writeResults(results, loadAverageAtStart);
  console.log(`Results written to ${args.out}`);
  clearTimeout(watchdog);
  // Failed deliveries or refused writes mean the numbers do not measure what they claim.
  if (results.some((result) => result.gaps > 0 || result.acksFailed > 0 || result.storms.some((storm) => storm.gaps > 0 || storm.caughtUp < result.viewers))) {
    process.exitCode = 1;
  }
}

if (earlier) {
  console.log(table(rowsOf(earlier.results), earlier.results));
  console.log(`\n${stormTable(earlier.results.map((result) => ({ ...result, storms: result.storms ?? [] })))}`);
} else {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
