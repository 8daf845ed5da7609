/**
 * How long archiving a three-hour meeting takes: building the record from the sealed meeting,
 * its caption streams and attendance log, then every export and the zip bundle.
 * Run with `npm run bench:archive` (part of `npm run bench`).
 */
import { performance } from 'node:perf_hooks';
import { buildArchive } from '../shared/archive/build.js';
import { generateAttendance, generateCaptions, generateMeeting, HOURS, LANGUAGES, PARTICIPANTS, SPEECHES } from './archived-meeting.js';
import { bundle, exportFiles } from '../server/archive/exports/index.js';

const start = Date.UTC(2026, 10, 30, 8, 0);
const { state } = generateMeeting(start);
const streams = LANGUAGES.map((language) => generateCaptions(state, language, start));
const attendance = generateAttendance(state, start);
const lines = streams.reduce((total, stream) => total + stream.lines.length, 0);

const runs: { record: number; exports: number; bundle: number }[] = [];
for (let run = 0; run < 5; run += 1) {
  const t0 = performance.now();
  const record = buildArchive(state, streams, attendance);
  const t1 = performance.now();
  const files = exportFiles(record, { bundleHref: 'bundle.zip' });
  const t2 = performance.now();
  bundle(record);
  const t3 = performance.now();
  runs.push({ record: t1 - t0, exports: t2 - t1, bundle: t3 - t2 });
  if (run === 0) {
    const bytes = files.reduce((total, file) => total + Buffer.byteLength(file.content), 0);
    console.log(
      `Archive of a ${HOURS}-hour meeting: ${PARTICIPANTS} participants, ${SPEECHES} speeches, ${lines} caption lines in ${LANGUAGES.length} languages, ${attendance.length} attendance events; ${files.length} export files, ${(bytes / 1e6).toFixed(1)} MB.`,
    );
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const row = (name: string, values: number[]) => console.log(`${name.padEnd(44)} median ${median(values).toFixed(0).padStart(5)} ms   max ${Math.max(...values).toFixed(0).padStart(5)} ms`);
row('build the record', runs.map((run) => run.record));
row('every export (HTML, JSON, VTT, SRT, text)', runs.map((run) => run.exports));
row('zip bundle (writes every export again)', runs.map((run) => run.bundle));
row('archive: record + bundle', runs.map((run) => run.record + run.bundle));
