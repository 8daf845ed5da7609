/**
 * The floor recorder's cost (issue 16), for a three-hour meeting's worth of audio, simulated
 * faster than real time: generated 20 ms Opus packets go through the recorder's own write path
 * (server/recorder/go: gap check, pion's oggwriter, journal sync points) for 1 and 4 streams at
 * once, against a baseline in the same binary that appends the same packets raw to a file with
 * one write each (the I/O alone). Then the archive's cut of a three-hour recording into its
 * speeches and topic, against a baseline that reads the same file and writes its bytes once.
 * Three runs of each, alternating, with their spread. Run with `npm run bench:recorder` (part
 * of `npm run bench`). Not included: the WebRTC receive path (SRTP, the SDK), which needs a
 * live room.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cutIntervals, coverage, loadTracks } from '../server/recorder/cut.js';
import { readJournals } from '../server/recorder/journal.js';
import { writeOpus } from '../server/recorder/ogg.js';

const SECONDS = 3 * 3600;
const RUNS = 3;
const STREAMS = [1, 4];

const binary = execFileSync('bash', [join(import.meta.dirname, '../infra/recorder/install.sh')], { encoding: 'utf8' }).trim().split('\n').at(-1)!;

interface GoResult {
  cpuMs: number;
  maxRssKb: number;
  wallMs: number;
  packets: number;
}

function goBench(streams: number, baseline: boolean, keep?: string): GoResult {
  const out = keep ?? mkdtempSync(join(tmpdir(), 'openfloor-bench-recorder-'));
  try {
    const args = ['bench', '-streams', String(streams), '-seconds', String(SECONDS), '-out', out, ...(baseline ? ['-baseline'] : [])];
    return JSON.parse(execFileSync(binary, args, { encoding: 'utf8' })) as GoResult;
  } finally {
    if (!keep) rmSync(out, { recursive: true, force: true });
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
};
const fmt = (values: number[], digits = 0) => {
  const { median, min, max } = stats(values);
  return `${median.toFixed(digits)} (${min.toFixed(digits)}–${max.toFixed(digits)})`;
};

console.log(`Floor recorder: ${SECONDS / 3600} hours of 20 ms Opus packets per stream, ${RUNS} runs each, median (min–max).`);
for (const streams of STREAMS) {
  const recorder: GoResult[] = [];
  const baseline: GoResult[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    // Alternating, so a busy moment of the machine does not land on one side only.
    if (run % 2 === 0) {
      recorder.push(goBench(streams, false));
      baseline.push(goBench(streams, true));
    } else {
      baseline.push(goBench(streams, true));
      recorder.push(goBench(streams, false));
    }
  }
  const cpuPerStream = recorder.map((result) => result.cpuMs / streams);
  const baselinePerStream = baseline.map((result) => result.cpuMs / streams);
  const ratios = recorder.map((result, i) => result.cpuMs / baseline[i]!.cpuMs);
  const realTime = recorder.map((result) => (SECONDS * 1000 * streams) / result.wallMs);
  console.log(`\n${streams} stream${streams > 1 ? 's' : ''} at once`);
  console.log(`  recorder CPU per stream (ms)        ${fmt(cpuPerStream)}   = ${fmt(cpuPerStream.map((ms) => (ms / (SECONDS * 1000)) * 100), 4)} % of one core per stream in real time`);
  console.log(`  baseline CPU per stream (ms)        ${fmt(baselinePerStream)}`);
  console.log(`  CPU ratio recorder / baseline       ${fmt(ratios, 2)}x`);
  console.log(`  peak memory, recorder (MB)          ${fmt(recorder.map((result) => result.maxRssKb / 1024), 1)}`);
  console.log(`  peak memory, baseline (MB)          ${fmt(baseline.map((result) => result.maxRssKb / 1024), 1)}`);
  console.log(`  memory ratio recorder / baseline    ${fmt(recorder.map((result, i) => result.maxRssKb / baseline[i]!.maxRssKb), 2)}x`);
  console.log(`  speed (audio seconds per second)    ${fmt(realTime)}x real time`);
}

// The archive's cut: one three-hour recording into 90 speeches (pauses out) and their topic.
const dir = mkdtempSync(join(tmpdir(), 'openfloor-bench-cut-'));
try {
  goBench(1, false, dir);
  const journal = readJournals(dir);
  // The bench's journal has no session or track lines (no room): it is given the track here.
  const file = 'bench-000.ogg';
  const start = journal.tracks[0]?.startedAt ?? 1_700_000_000_020;
  writeFileSync(
    join(dir, 'journal-bench-track.jsonl'),
    `${JSON.stringify({ type: 'session', session: 'bench', at: start })}\n${JSON.stringify({ type: 'track', session: 'bench', file, identity: 'venue.bench', trackSid: 'TR', at: start, rtp: 0 })}\n`,
  );
  const speeches = Array.from({ length: 90 }, (_, i) => {
    const at = start + i * 120_000;
    return [
      { startedAt: at + 1000, endedAt: at + 50_000 },
      { startedAt: at + 60_000, endedAt: at + 110_000 },
    ];
  });
  const cutRuns: number[] = [];
  const copyRuns: number[] = [];
  let heap = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const t0 = performance.now();
    const loadedJournal = readJournals(dir);
    const tracks = loadTracks(dir, loadedJournal);
    const covered = coverage(loadedJournal, tracks);
    const wanted = (identity: string) => identity.startsWith('venue.');
    const all: Uint8Array[] = [];
    for (const intervals of speeches) {
      const cut = cutIntervals(tracks, intervals, wanted, covered);
      writeFileSync(join(dir, 'speech.ogg'), writeOpus(cut.packets, { channels: 2, serialSeed: 's' }));
      all.push(...cut.packets);
    }
    writeFileSync(join(dir, 'topic.ogg'), writeOpus(all, { channels: 2, serialSeed: 't' }));
    cutRuns.push(performance.now() - t0);
    heap = Math.max(heap, process.memoryUsage().rss);
    const t1 = performance.now();
    writeFileSync(join(dir, 'copy.ogg'), readFileSync(join(dir, file)));
    copyRuns.push(performance.now() - t1);
  }
  console.log(`\nArchive cut of a ${SECONDS / 3600}-hour recording into 90 speeches (a pause each) and their topic`);
  console.log(`  cut (ms)                            ${fmt(cutRuns)}`);
  console.log(`  baseline: read and write the file   ${fmt(copyRuns)}`);
  console.log(`  ratio                               ${fmt(cutRuns.map((ms, i) => ms / copyRuns[i]!), 1)}x`);
  console.log(`  peak memory of this process (MB)    ${(heap / 1024 / 1024).toFixed(0)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
