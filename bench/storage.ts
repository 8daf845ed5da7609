/**
 * Commands one meeting sustains through its room, on PostgreSQL against SQLite in the same run
 * (`npm run bench:storage`): a captioner's writes (the meeting's most frequent command), kept
 * IN_FLIGHT at a time for SECONDS, each acknowledged once the group commit says it is durable.
 * Reports commands per second and the acknowledgement latency (p50, p99), each point RUNS
 * times with its range. PostgreSQL is Debian's, started in a temp folder by the test harness
 * (synchronous_commit on, fsync on), or the server of DATABASE_URL (a fresh database in it).
 *
 * Then what a node following another's appends pays for each new entry: the read of the newest
 * entry of a short caption stream (1,000 entries, the baseline) and of a three-hour one (216,000,
 * a delta every 50 ms), with `readNewer` (what a follower reads) and with `read` after that
 * position (which counts the entries before it, as a load from a snapshot must).
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MeetingRegistry } from '../server/meetings/registry.js';
import type { LogStore } from '../server/storage/log.js';
import { PostgresLogStore } from '../server/storage/postgres-log.js';
import { SqliteLogStore } from '../server/storage/sqlite-log.js';
import { removeDir } from '../test/support/harness.js';
import { startTestDatabase } from '../test/support/postgres.js';
import { openCaptionedMeeting } from './captioned-meeting.js';

const RUNS = 3;
const SECONDS = 3;
const IN_FLIGHT = [1, 32];
const STREAM_LENGTHS = [1_000, 216_000];
const READS_PER_RUN = 50;

interface Sample {
  perSecond: number;
  p50: number;
  p99: number;
}

async function measure(store: LogStore, meetingId: string, inFlight: number): Promise<Sample> {
  const registry = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 3000 });
  const linkId = await openCaptionedMeeting(registry, meetingId, Date.now());
  const room = registry.room(meetingId)!;
  const latencies: number[] = [];
  const end = performance.now() + SECONDS * 1000;
  let index = 0;
  const writer = async () => {
    while (performance.now() < end) {
      const started = performance.now();
      const text = index++ % 10 === 9 ? 'delegates.\n' : 'word ';
      const result = await room.writeCaption('en', { kind: 'captioner', linkId }, { type: 'caption:write', erase: 0, text });
      if (!result.ok) throw new Error(result.error.code);
      latencies.push(performance.now() - started);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, writer));
  const elapsed = (performance.now() - started) / 1000;
  await registry.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99) };
}

/** A caption stream of `length` entries, written in batches as a group commit would. */
async function fillStream(store: LogStore, stream: string, length: number): Promise<void> {
  for (let from = 1; from <= length; from += 2_000) {
    const seqs = Array.from({ length: Math.min(2_000, length - from + 1) }, (_, index) => from + index);
    await store.appendBatch(seqs.map((seq) => ({ stream, seq, entry: { seq, at: seq * 50, actor: { kind: 'captioner', linkId: 'l' }, command: { type: 'caption:write', erase: 0, text: 'word ' } } })));
  }
}

/** Milliseconds per read of the newest entry, over READS_PER_RUN reads. */
async function timeReads(read: () => Promise<unknown[]>): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < READS_PER_RUN; index += 1) if ((await read()).length !== 1) throw new Error('expected the newest entry');
  return (performance.now() - started) / READS_PER_RUN;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[], digits: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${median(values).toFixed(digits)} (${sorted[0]!.toFixed(digits)}-${sorted.at(-1)!.toFixed(digits)})`;
};

const database = await startTestDatabase();
const dir = mkdtempSync(join(tmpdir(), 'openfloor-bench-storage-'));
try {
  const sqlite = new SqliteLogStore(dir);
  const postgres = await PostgresLogStore.open({ connectionString: database.url });
  console.log(`storage: one meeting's caption writes through its room, ${SECONDS} s a run, ${RUNS} runs a point; load ${loadavg()[0]!.toFixed(1)}`);
  console.log('store        in flight   commands/s median (range)   ack p50 ms           ack p99 ms');
  const perSecond = new Map<string, number>();
  let meeting = 0;
  for (const inFlight of IN_FLIGHT) {
    for (const [name, store] of [['SQLite', sqlite], ['PostgreSQL', postgres]] as const) {
      const samples: Sample[] = [];
      // Runs alternate between the stores' meetings, each a fresh meeting.
      for (let run = 0; run < RUNS; run += 1) samples.push(await measure(store, `m${++meeting}`, inFlight));
      perSecond.set(`${name}:${inFlight}`, median(samples.map((sample) => sample.perSecond)));
      console.log(
        `${name.padEnd(12)} ${String(inFlight).padStart(9)}   ${spread(samples.map((s) => s.perSecond), 0).padEnd(26)} ${spread(samples.map((s) => s.p50), 2).padEnd(20)} ${spread(samples.map((s) => s.p99), 2)}`,
      );
    }
    console.log(`  PostgreSQL / SQLite commands/s at ${inFlight} in flight: ${(perSecond.get(`PostgreSQL:${inFlight}`)! / perSecond.get(`SQLite:${inFlight}`)!).toFixed(2)}x`);
  }

  console.log(`\nfollowing: ms per read of the newest entry, ${READS_PER_RUN} reads a run, ${RUNS} runs a point; load ${loadavg()[0]!.toFixed(1)}`);
  console.log('store        entries   readNewer median (range)   read after it, counting (range)');
  for (const [name, store] of [['SQLite', sqlite], ['PostgreSQL', postgres]] as const) {
    const perLength = new Map<number, { newer: number[]; counted: number[] }>();
    for (const length of STREAM_LENGTHS) {
      const stream = `captions:follow-${length}:en`;
      await fillStream(store, stream, length);
      const times = { newer: [] as number[], counted: [] as number[] };
      for (let run = 0; run < RUNS; run += 1) {
        times.newer.push(await timeReads(() => store.readNewer(stream, length - 1)));
        times.counted.push(await timeReads(() => store.read(stream, length - 1)));
      }
      perLength.set(length, times);
      console.log(`${name.padEnd(12)} ${String(length).padStart(7)}   ${spread(times.newer, 3).padEnd(26)} ${spread(times.counted, 3)}`);
    }
    const [short, long] = STREAM_LENGTHS.map((length) => perLength.get(length)!);
    const ratios = (of: 'newer' | 'counted') => long![of].map((value, run) => value / short![of][run]!);
    console.log(`  ${name}: ${STREAM_LENGTHS[1]} entries / ${STREAM_LENGTHS[0]}: readNewer ${spread(ratios('newer'), 2)}x, read counting ${spread(ratios('counted'), 1)}x`);
  }
  await sqlite.close();
  await postgres.close();
} finally {
  removeDir(dir);
  await database.stop();
}
