/**
 * What one remote delegate's join costs the server (`npm run bench:join`): OpenFloor (the ITU
 * scenario's server, itu-server.ts: the real app with a 1,000-participant meeting and a
 * stand-in LiveKit fed by signed webhooks) against a bare Socket.IO and express server doing
 * the same wire work and nothing else (join-server.ts), in the same run. The bare server's
 * snapshot names `--named` participants (3: a delegate's snapshot names the people on the
 * speakers' list; 1,000 measures what it cost when it named every registration).
 *
 * A join is what a delegate's page and LiveKit do: open the Socket.IO connection with the
 * delegate's link, receive the meeting snapshot, subscribe to English captions, then
 * livekit-server's signed `participant_joined` webhook. After `--warmup` joins (their code
 * compiled), `--joins` delegates join at `--rate` a second, as issue 9's point has them (100 in
 * 10 s); the server's CPU from the first to the last is divided by the joins. Nothing else runs:
 * this is the cost a join adds to whatever the meeting does. Each run measures both servers,
 * alternating which goes first; the table gives the median of `--repeat` runs and the range.
 *
 *   npm run bench:join -- --registered=1000 --joins=100 --rate=10 --warmup=20 --repeat=3 --named=3
 *
 * `--profile` writes each server's CPU profile of the joins to
 * `bench/results/profiles/join-<server>-<run>-joins.cpuprofile`.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type WebSocket from 'ws';
import { Child } from './child.js';
import { now, percentile, type CpuSample } from './common.js';
import type { ItuMark, ItuReady, ItuServerCommand } from './itu-server.js';
import type { JoinServerCommand, JoinServerMessage } from './join-server.js';
import { openSocketIo, postWebhook } from './wire.js';

const { values: args } = parseArgs({
  options: {
    registered: { type: 'string', default: '1000' },
    joins: { type: 'string', default: '100' },
    rate: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '20' },
    repeat: { type: 'string', default: '3' },
    named: { type: 'string', default: '3' },
    profile: { type: 'boolean', default: false },
  },
});
const settings = {
  registered: Number(args.registered),
  joins: Number(args.joins),
  rate: Number(args.rate),
  warmup: Number(args.warmup),
  repeat: Number(args.repeat),
  named: Number(args.named),
};
if (
  !Object.values(settings).every((value) => Number.isInteger(value) && value > 0) ||
  settings.registered < 500 ||
  settings.joins + settings.warmup > 500
) {
  throw new Error('bad options: --registered (≥ 500), --joins and --warmup (together ≤ 500, the remote registrations), --rate, --repeat');
}

const START_TIMEOUT_MS = 5 * 60_000;
const MARK_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 30_000;

type Target = 'OpenFloor' | 'bare Socket.IO';

interface Measured {
  target: Target;
  msPerJoin: number;
  /** Bytes a delegate received up to its subscription (the snapshot, mostly). */
  bytesPerJoin: number;
}

/** A server under test as the joins see it. */
interface JoinTarget {
  port: number;
  meetingId: string;
  /** One link token per delegate, in join order. */
  tokens: string[];
  participantIds: string[];
  /** The server's CPU now; `start` also starts its profile (with --profile), `joins` ends it. */
  cpu(label: 'start' | 'joins'): Promise<CpuSample>;
  stop(): Promise<void>;
}

const profileOf = (server: string, run: number): Record<string, string> =>
  args.profile ? { BENCH_PROFILE: join(import.meta.dirname, 'results', 'profiles', `join-${server}-${run}.cpuprofile`) } : {};

async function openFloor(run: number): Promise<JoinTarget> {
  const server = new Child<ItuServerCommand, ItuReady | ItuMark | { type: 'failed'; reason: string }>(
    'openfloor',
    'itu-server.ts',
    [String(settings.registered)],
    profileOf('openfloor', run),
  );
  const ready = await server.next(['ready'], START_TIMEOUT_MS, `ready (${settings.registered} registrations)`);
  const remote = ready.participants.filter((participant) => participant.remote);
  return {
    port: ready.port,
    meetingId: ready.meetingId,
    tokens: remote.map((participant) => participant.token),
    participantIds: remote.map((participant) => participant.id),
    cpu: async (label) => {
      server.send({ type: 'mark', label });
      return (await server.next(['mark'], MARK_TIMEOUT_MS, 'mark')).cpu;
    },
    stop: () => server.stop(),
  };
}

async function bareSocketIo(run: number): Promise<JoinTarget> {
  const server = new Child<JoinServerCommand, JoinServerMessage | { type: 'failed'; reason: string }>(
    'bare socket.io',
    'join-server.ts',
    [String(settings.named)],
    profileOf('socketio', run),
  );
  const ready = await server.next(['ready'], START_TIMEOUT_MS, 'ready');
  const ids = Array.from({ length: 500 }, (_, index) => `p${1000 + index}`);
  return {
    port: ready.port,
    meetingId: 'bare',
    tokens: ids,
    participantIds: ids,
    cpu: async () => {
      server.send({ type: 'mark' });
      return (await server.next(['mark'], MARK_TIMEOUT_MS, 'mark')).cpu;
    },
    stop: () => server.stop(),
  };
}

async function measure(name: Target, start: (run: number) => Promise<JoinTarget>, run: number): Promise<Measured> {
  const target = await start(run);
  const open: WebSocket[] = [];
  let bytes = 0;
  const join = async (index: number) => {
    const ws = await openSocketIo(`ws://127.0.0.1:${target.port}`, {
      token: target.tokens[index]!,
      subscribe: 'en',
      timeoutMs: CONNECT_TIMEOUT_MS,
      onMessage: (message, ready) => {
        if (!ready) bytes += message.length;
      },
      onError: (error) => {
        throw error;
      },
    });
    open.push(ws);
    await postWebhook(`http://127.0.0.1:${target.port}`, target.meetingId, `participant.${target.participantIds[index]!}`, Math.floor(Date.now() / 1000), index);
  };
  try {
    for (let index = 0; index < settings.warmup; index += 1) await join(index);
    bytes = 0;
    const before = await target.cpu('start');
    const started = now();
    const joins: Promise<void>[] = [];
    for (let index = 0; index < settings.joins; index += 1) {
      const at = started + (index * 1000) / settings.rate;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, at - now())));
      joins.push(join(settings.warmup + index));
    }
    await Promise.all(joins);
    const after = await target.cpu('joins');
    const cpuMs = (after.user - before.user + after.system - before.system) / 1000;
    return { target: name, msPerJoin: cpuMs / settings.joins, bytesPerJoin: bytes / settings.joins };
  } finally {
    for (const ws of open) ws.terminate();
    await target.stop();
  }
}

const median = (values: number[]) => percentile(Float64Array.from(values).sort(), 50);
const spread = (values: number[], digits: number) => `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

async function main(): Promise<void> {
  console.log(`Join cost: ${JSON.stringify(settings)}`);
  const runs: { openFloor: Measured; bare: Measured; loadAverage: number }[] = [];
  for (let run = 0; run < settings.repeat; run += 1) {
    const loadAverage = loadavg()[0]!;
    // Alternating which goes first: a machine that slows down during a run weighs on both.
    const first = run % 2 === 0 ? 'OpenFloor' : 'bare Socket.IO';
    const measured: Measured[] = [];
    for (const name of first === 'OpenFloor' ? (['OpenFloor', 'bare Socket.IO'] as const) : (['bare Socket.IO', 'OpenFloor'] as const)) {
      measured.push(await measure(name, name === 'OpenFloor' ? openFloor : bareSocketIo, run));
    }
    const byName = (name: Target) => measured.find((result) => result.target === name)!;
    runs.push({ openFloor: byName('OpenFloor'), bare: byName('bare Socket.IO'), loadAverage });
    console.log(
      `run ${run}: OpenFloor ${byName('OpenFloor').msPerJoin.toFixed(2)} ms, bare Socket.IO ${byName('bare Socket.IO').msPerJoin.toFixed(2)} ms per join; load avg ${loadAverage.toFixed(1)}`,
    );
  }
  const of = (pick: (run: (typeof runs)[number]) => number) => runs.map(pick);
  const ratios = of((run) => run.openFloor.msPerJoin / run.bare.msPerJoin);
  console.log('server | CPU ms per join (range) | KB received per join');
  console.log('--- | --- | ---');
  for (const [name, pick] of [
    ['OpenFloor', (run: (typeof runs)[number]) => run.openFloor],
    ['bare Socket.IO', (run: (typeof runs)[number]) => run.bare],
  ] as const) {
    const ms = of((run) => pick(run).msPerJoin);
    console.log(`${name} | ${median(ms).toFixed(2)} (${spread(ms, 2)}) | ${(median(of((run) => pick(run).bytesPerJoin)) / 1024).toFixed(1)}`);
  }
  console.log(`OpenFloor / bare Socket.IO | ${median(ratios).toFixed(2)}x (${spread(ratios, 2)}) |`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
