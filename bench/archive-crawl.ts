/**
 * Years of archived meetings read by a crawler: the public archive's memory and event-loop
 * stalls while every file of `--meetings` archived three-hour meetings is fetched once, after
 * a restart (records stored at sealing, nothing rendered yet), then fetched again.
 * Run with `npm run bench:archive-crawl` (`--meetings=40 --repeat=3`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import express from 'express';
import { indexCardOf, type ArchiveRecord } from '../shared/archive/record.js';
import { exportFiles } from '../server/archive/exports/index.js';
import { createArchiveRoutes } from '../server/archive/routes.js';
import { ArchiveService } from '../server/archive/service.js';
import { ArchiveRenderer } from '../server/archive/renderer.js';
import { ArchiveShelf } from '../server/archive/shelf.js';
import { MeetingRegistry } from '../server/meetings/registry.js';
import { SqliteLogStore } from '../server/storage/sqlite-log.js';
import { generateArchivedRecord } from './archived-meeting.js';

const args = new Map(process.argv.slice(2).map((arg) => arg.replace(/^--/, '').split('=') as [string, string]));
const MEETINGS = Number(args.get('meetings') ?? 40);
const REPEAT = Number(args.get('repeat') ?? 3);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
/** What the process holds once garbage is gone: the JS heap and the buffers outside it. */
function held(): { heap: number; external: number } {
  gc();
  gc();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed, external: usage.external + usage.arrayBuffers };
}

const template = generateArchivedRecord('template', Date.UTC(2026, 10, 30, 8, 0));
const recordOf = (meetingId: string): ArchiveRecord => ({ ...template, meeting: { ...template.meeting, id: meetingId } });
const names = [...exportFiles(template, { bundleHref: 'bundle.zip' }).map((file) => file.name), 'bundle.zip'];

interface Pass {
  seconds: number;
  stallMaxMs: number;
  stallP99Ms: number;
}
interface Run {
  before: { heap: number; external: number };
  checkpoints: { meetings: number; heap: number; external: number }[];
  first: Pass;
  again: Pass;
}

async function run(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'openfloor-crawl-'));
  const store = new SqliteLogStore(dir);
  const ids = Array.from({ length: MEETINGS }, (_, index) => `archived-${index}`);
  for (const id of ids) {
    const record = recordOf(id);
    await store.writeDocument(`archive:${id}`, record);
    await store.writeDocument(`archive-card:${id}`, indexCardOf(record));
  }
  const registry = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 3000 });
  const archive = new ArchiveService(registry, store, () => Date.now());
  const renderer = new ArchiveRenderer();
  const app = express();
  app.use('/archive', createArchiveRoutes(archive, new ArchiveShelf(join(dir, 'archive-files')), renderer, null));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/archive`;

  const crawl = async (checkpoints?: Run['checkpoints']): Promise<Pass> => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const started = performance.now();
    for (const [index, id] of ids.entries()) {
      for (const name of names) {
        const response = await fetch(`${base}/${id}/${name}`);
        if (!response.ok) throw new Error(`${id}/${name}: ${response.status}`);
        await response.arrayBuffer();
      }
      if (checkpoints && (index + 1) % 10 === 0) checkpoints.push({ meetings: index + 1, ...held() });
    }
    const seconds = (performance.now() - started) / 1000;
    delay.disable();
    return { seconds, stallMaxMs: delay.max / 1e6, stallP99Ms: delay.percentile(99) / 1e6 };
  };

  const before = held();
  const checkpoints: Run['checkpoints'] = [];
  const first = await crawl(checkpoints);
  const again = await crawl();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await renderer.close();
  await registry.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { before, checkpoints, first, again };
}

if (args.has('child')) {
  // One run per process: what a run holds is measured against a heap no earlier run has touched.
  console.log(JSON.stringify(await run()));
  process.exit(0);
}

console.log(`${MEETINGS} archived three-hour meetings (2 languages), ${names.length} files each, ${REPEAT} runs; load average ${loadavg()[0]!.toFixed(1)}`);
const runs: Run[] = [];
for (let index = 0; index < REPEAT; index += 1) {
  const output = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2), '--child'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const result = JSON.parse(output.trim().split('\n').at(-1)!) as Run;
  runs.push(result);
  const growth = result.checkpoints.map((point) => `${point.meetings}: +${mb(point.heap - result.before.heap)} MB heap, +${mb(point.external - result.before.external)} MB outside`);
  console.log(`run ${index + 1}: ${growth.join('; ')}`);
  console.log(
    `  first crawl ${result.first.seconds.toFixed(1)} s, loop stall p99 ${result.first.stallP99Ms.toFixed(0)} ms, max ${result.first.stallMaxMs.toFixed(0)} ms; ` +
      `again ${result.again.seconds.toFixed(1)} s, stall p99 ${result.again.stallP99Ms.toFixed(0)} ms, max ${result.again.stallMaxMs.toFixed(0)} ms`,
  );
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const spread = (values: number[], format: (value: number) => string) => `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
const last = (result: Run) => result.checkpoints.at(-1)!;
console.log(`held after ${MEETINGS} meetings, MB: heap ${spread(runs.map((r) => last(r).heap - r.before.heap), mb)}, outside the heap ${spread(runs.map((r) => last(r).external - r.before.external), mb)}`);
console.log(`longest loop stall, first crawl ms: ${spread(runs.map((r) => r.first.stallMaxMs), (v) => v.toFixed(0))}; again: ${spread(runs.map((r) => r.again.stallMaxMs), (v) => v.toFixed(0))}`);
