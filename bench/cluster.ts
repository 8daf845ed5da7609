/**
 * Caption fan-out across nodes (`npm run bench:cluster`, issue 11): 1, 2 and 3 OpenFloor nodes
 * (openfloor-server.ts, each its own process) sharing one Redis (Debian's redis-server, started
 * as the tests start it), a captioner on the first node sending 20 deltas per second, and the
 * same number of viewers on every node (load.ts, one load process per node).
 *
 * For each node: its CPU per delivered caption frame, and from it how many viewers one core of
 * that node holds at this rate (1 s of CPU / (µs per frame × deltas per second)), compared with
 * the one-node run: the work a node adds for being in a cluster (reading what other nodes append)
 * shows up as fewer viewers per core. And each node's caption latency (sent by the captioner to
 * received by its viewers): the nodes other than the captioner's pay the log's round trip
 * (NOTIFY, then a read), compared with the viewers of the one-node run.
 *
 * The nodes share one PostgreSQL log (a fresh database each run, Debian's server started as
 * the tests start it), as a real deployment does: nodes B and C follow what node A appends, and
 * tell their own viewers each caption they read from the log (PostgreSQL's NOTIFY, then a read).
 *
 * Options: --nodes=1,2,3  --viewers=500 (per node)  --window=10 (s)  --warmup=3 (s)
 *          --rate=20 (deltas/s)  --repeat=3  --batch=200  --out=bench/results/cluster.json
 *          --from=results.json (print the tables of an earlier run, measuring nothing)
 *          --profile (CPU profile of each node during its window, into bench/results/profiles/)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTestDatabase } from '../test/support/postgres.js';
import { startRedis } from '../test/support/redis.js';
import { Child } from './child.js';
import { windowStats, type LoadCommand, type LoadOptions, type LoadReport, type ServerCommand, type ServerReport, type WindowStats } from './common.js';
import type { HopCommand, HopReport } from './redis-hop.js';

const here = import.meta.dirname;
const { values: args } = parseArgs({
  options: {
    nodes: { type: 'string', default: '1,2,3' },
    viewers: { type: 'string', default: '500' },
    window: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    rate: { type: 'string', default: '20' },
    repeat: { type: 'string', default: '3' },
    batch: { type: 'string', default: '200' },
    out: { type: 'string', default: join(here, 'results', 'cluster.json') },
    from: { type: 'string' },
    profile: { type: 'boolean', default: false },
  },
});
const nodeCounts = args.nodes.split(',').map(Number);
const settings = {
  viewers: Number(args.viewers),
  windowMs: Number(args.window) * 1000,
  warmupMs: Number(args.warmup) * 1000,
  rate: Number(args.rate),
  repeat: Number(args.repeat),
  batch: Number(args.batch),
};
if (nodeCounts.some((count) => !Number.isInteger(count) || count < 1 || count > 3) || !nodeCounts.includes(1)) {
  throw new Error('--nodes: counts between 1 and 3, 1 among them (the comparison)');
}
if (Object.values(settings).some((value) => !Number.isFinite(value) || value <= 0)) throw new Error('every option must be a positive number');

// A node compiles the app with tsx and probes its fan-out before it listens: slow on a loaded machine.
const START_TIMEOUT_MS = 180_000;
const CONNECT_TIMEOUT_MS = 120_000;
const MARK_TIMEOUT_MS = 30_000;
const SETTLE_MS = 1000;
const NAMES = ['A', 'B', 'C'];
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

interface NodeResult {
  node: string;
  viewers: number;
  delivered: number;
  expected: number;
  gaps: number;
  cpuPercent: number;
  cpuUsPerDelivered: number;
  /** Viewers one core of this node holds at the rate, from its CPU per delivered frame. */
  viewersPerCore: number;
  latencyMs: WindowStats['latency'];
}

interface RunResult {
  nodes: number;
  run: number;
  sent: number;
  loadAverage: number;
  perNode: NodeResult[];
  /** The bare Redis hop between two processes in the same window (redis-hop.ts); absent in runs made before it. */
  hop?: Extract<HopReport, { type: 'report' }>;
}

async function measure(nodes: number, run: number, redisUrl: string): Promise<RunResult> {
  const loadAverage = loadavg()[0]!;
  const servers: Child<ServerCommand, ServerReport>[] = [];
  const loads: Child<LoadCommand, LoadReport>[] = [];
  const hops: Child<HopCommand, HopReport>[] = [];
  const database = await startTestDatabase();
  const shared = { BENCH_REDIS_URL: redisUrl, BENCH_DATABASE_URL: database.url };
  const profiled = (index: number): Record<string, string> =>
    args.profile ? { BENCH_PROFILE: join(here, 'results', 'profiles', `cluster-${nodes}-${run}-${NAMES[index]}.cpuprofile`) } : {};
  try {
    servers.push(new Child('node A', 'openfloor-server.ts', [], { ...shared, ...profiled(0) }));
    const first = await servers[0]!.next(['ready'], START_TIMEOUT_MS, 'node A ready');
    const ready = [first];
    for (let index = 1; index < nodes; index += 1) {
      servers.push(new Child(`node ${NAMES[index]}`, 'openfloor-server.ts', [], { ...shared, ...profiled(index), BENCH_JOINING: 'on' }));
      ready.push(await servers[index]!.next(['ready'], START_TIMEOUT_MS, `node ${NAMES[index]} ready`));
    }
    for (const [index, node] of ready.entries()) {
      if (node.type !== 'ready') throw new Error('unexpected report');
      const options: LoadOptions = {
        target: 'openfloor',
        port: node.port,
        viewers: settings.viewers,
        batch: settings.batch,
        viewerToken: first.viewerToken,
        captionerToken: first.captionerToken,
        ratePerSecond: settings.rate,
        connectTimeoutMs: 30_000,
        captioner: index === 0,
      };
      loads.push(new Child(`load ${NAMES[index]}`, 'load.ts', [JSON.stringify(options)]));
    }
    await Promise.all(loads.map((load, index) => load.next(['connected'], CONNECT_TIMEOUT_MS, `${settings.viewers} viewers on node ${NAMES[index]}`)));
    hops.push(new Child('hop subscriber', 'redis-hop.ts', ['subscriber'], { BENCH_REDIS_URL: redisUrl }));
    await hops[0]!.next(['ready'], START_TIMEOUT_MS, 'the hop subscriber');
    hops.push(new Child('hop publisher', 'redis-hop.ts', ['publisher', String(settings.rate)], { BENCH_REDIS_URL: redisUrl }));
    await hops[1]!.next(['ready'], START_TIMEOUT_MS, 'the hop publisher');
    loads[0]!.send({ type: 'captioner-start' });
    await sleep(Math.max(0, settings.warmupMs - SETTLE_MS));
    const marks = async (label: string) => {
      for (const server of servers) server.send({ type: 'mark', label });
      return Promise.all(servers.map((server) => server.next(['mark'], MARK_TIMEOUT_MS, `${label} mark`)));
    };
    await marks('settle');
    await sleep(SETTLE_MS);
    const starts = await marks('start');
    for (const load of loads) load.send({ type: 'window-start' });
    hops[0]!.send({ type: 'window-start' });
    await sleep(settings.windowMs);
    for (const load of loads) load.send({ type: 'window-end' });
    hops[0]!.send({ type: 'window-end' });
    const [ends, windows, hop] = await Promise.all([
      marks('end'),
      Promise.all(loads.map((load) => load.next(['report'], MARK_TIMEOUT_MS, 'window report'))),
      hops[0]!.next(['report'], MARK_TIMEOUT_MS, 'hop report'),
    ]);
    loads[0]!.send({ type: 'captioner-stop' });
    const sent = windows[0]!.sent;
    return {
      nodes,
      run,
      sent,
      loadAverage,
      hop,
      perNode: windows.map((window, index) => {
        const start = starts[index]!;
        const end = ends[index]!;
        if (start.type !== 'mark' || end.type !== 'mark') throw new Error('unexpected report');
        const cpuUs = end.cpu.user + end.cpu.system - (start.cpu.user + start.cpu.system);
        const cpuUsPerDelivered = cpuUs / window.delivered;
        return {
          node: NAMES[index]!,
          viewers: settings.viewers,
          delivered: window.delivered,
          expected: sent * settings.viewers,
          gaps: window.gaps,
          cpuPercent: cpuUs / 10 / window.windowMs,
          cpuUsPerDelivered,
          viewersPerCore: 1e6 / (cpuUsPerDelivered * settings.rate),
          latencyMs: windowStats([window]).latency,
        };
      }),
    };
  } finally {
    for (const child of [...hops, ...loads]) await child.stop();
    for (const server of servers.slice().reverse()) await server.stop();
    await database.stop();
  }
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
/** Mean with the range of the repeats, e.g. `0.93 (0.90-0.97)`. */
const spread = (values: number[], digits: number) =>
  `${fixed(mean(values), digits)} (${fixed(Math.min(...values), digits)}–${fixed(Math.max(...values), digits)})`;

/** The node counts measured, in order, each with its runs. */
const byNodeCount = (results: RunResult[]) =>
  [...new Set(results.map((result) => result.nodes))].sort().map((count) => ({ count, runs: results.filter((result) => result.nodes === count) }));

/** Per run, how far the other nodes' viewers (the slowest node of them) are behind node A's at `quantile`: under the same load. */
const behindNodeA = (runs: RunResult[], quantile: 'p50' | 'p99') =>
  runs.map((result) => Math.max(...result.perNode.slice(1).map((node) => node.latencyMs[quantile])) - result.perNode[0]!.latencyMs[quantile]);

function report(results: RunResult[]): string {
  const lines = [
    '| nodes | run | node | delivered / expected | gaps | CPU % | µs/frame | viewers/core | p50 ms | p99 ms |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    for (const node of result.perNode) {
      lines.push(
        `| ${result.nodes} | ${result.run} | ${node.node} | ${node.delivered} / ${node.expected} | ${node.gaps} | ${fixed(node.cpuPercent, 0)} | ` +
          `${fixed(node.cpuUsPerDelivered, 2)} | ${fixed(node.viewersPerCore, 0)} | ${fixed(node.latencyMs.p50, 1)} | ${fixed(node.latencyMs.p99, 1)} |`,
      );
    }
  }
  // Against the one-node runs' means: each repeat of k nodes gives its worst node's viewers per
  // core and its other nodes' p99 (the captioner's node has no Redis hop on its way).
  const single = results.filter((result) => result.nodes === 1).flatMap((result) => result.perNode);
  const singleCpu = mean(single.map((node) => node.cpuUsPerDelivered));
  const singleP99 = mean(single.map((node) => node.latencyMs.p99));
  lines.push(
    '',
    "| nodes | viewers per core, worst node ÷ one node | p99 of the other nodes' viewers − one node's (ms) | p99 of node A's viewers − one node's (ms) | p99 of the other nodes' viewers − node A's, same run (ms) |",
    '|---|---|---|---|---|',
  );
  for (const { count, runs } of byNodeCount(results)) {
    const held = runs.map((result) => Math.min(...result.perNode.map((node) => singleCpu / node.cpuUsPerDelivered)));
    const remote = count > 1 ? runs.map((result) => Math.max(...result.perNode.slice(1).map((node) => node.latencyMs.p99)) - singleP99) : [];
    const local = runs.map((result) => result.perNode[0]!.latencyMs.p99 - singleP99);
    lines.push(`| ${count} | ${spread(held, 2)} | ${remote.length ? spread(remote, 1) : '-'} | ${spread(local, 1)} | ${count > 1 ? spread(behindNodeA(runs, 'p99'), 1) : '-'} |`);
  }
  const withHop = results.filter((result) => result.hop);
  if (withHop.length > 0) {
    // The other nodes' viewers behind node A's, next to the bare hop in the same window: the part
    // of the cross-node latency that Redis and this machine's scheduling take whatever runs on it.
    lines.push(
      '',
      "| nodes | other nodes' viewers − node A's, p50, same run (ms) | bare Redis hop p50, same window (ms) | other nodes' viewers − node A's, p99, same run (ms) | bare Redis hop p99, same window (ms) |",
      '|---|---|---|---|---|',
    );
    for (const { count, runs } of byNodeCount(withHop)) {
      const behind = (quantile: 'p50' | 'p99') => (count > 1 ? spread(behindNodeA(runs, quantile), 1) : '-');
      const hop = (quantile: 'p50' | 'p99') => spread(runs.map((result) => result.hop!.latency[quantile]), 2);
      lines.push(`| ${count} | ${behind('p50')} | ${hop('p50')} | ${behind('p99')} | ${hop('p99')} |`);
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  if (args.from) {
    console.log(report((JSON.parse(readFileSync(args.from, 'utf8')) as { results: RunResult[] }).results));
    return;
  }
  const redis = await startRedis();
  const results: RunResult[] = [];
  try {
    for (let run = 1; run <= settings.repeat; run += 1) {
      // Alternating order, so a machine getting busier or quieter weighs on every count alike.
      const order = run % 2 === 1 ? nodeCounts : [...nodeCounts].reverse();
      for (const nodes of order) {
        const result = await measure(nodes, run, redis.url);
        results.push(result);
        console.log(
          `${nodes} node(s), run ${run}: ` +
            result.perNode
              .map((node) => `${node.node} ${node.delivered}/${node.expected}, ${fixed(node.cpuUsPerDelivered, 2)} µs/frame, p99 ${fixed(node.latencyMs.p99, 1)} ms`)
              .join('; ') +
            ` (load average ${fixed(result.loadAverage, 1)})`,
        );
      }
    }
  } finally {
    await redis.stop();
  }
  results.sort((a, b) => a.nodes - b.nodes || a.run - b.run);
  const table = report(results);
  console.log(
    `\nCaption fan-out across nodes: ${settings.rate} deltas/s, ${settings.viewers} viewers per node, ${settings.windowMs / 1000} s window, ` +
      `${settings.repeat} repeats; ${cpus().length} CPUs, load average ${loadavg().map((value) => value.toFixed(1)).join(' ')}\n`,
  );
  console.log(table);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, JSON.stringify({ settings: { ...settings, nodeCounts }, results }, null, 2));
  console.log(`\nresults: ${args.out}`);
}

await main();
