/**
 * Commands one meeting sustains through its room, on PostgreSQL against SQLite in the same run
 * (`npm run bench:storage`): a captioner's writes (the meeting's most frequent command), kept
 * IN_FLIGHT at a time for SECONDS, each acknowledged once the group commit says it is durable.
 * Reports commands per second and the acknowledgement latency (p50, p99), each point RUNS
 * times with its range. PostgreSQL is Debian's, started in a temp folder by the test harness
 * (synchronous_commit on, fsync on), or the server of DATABASE_URL (a fresh database in it).
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
  await sqlite.close();
  await postgres.close();
} finally {
  removeDir(dir);
  await database.stop();
}
