/**
 * What it costs the server when 3,000 viewers come back at once after a network blip longer
 * than the caption tail (`npx tsx bench/caption-history.ts`), in one process on a real SQLite
 * file, each point run 3 times with its range. Each viewer missed `MISSED` lines of a 3-hour
 * English transcript (20 deltas a second, a line every ten: 21,600 lines) beyond the 100 its
 * snapshot brings, and asks for them in pages of LINES_PAGE_MAX:
 * - from the room's in-memory line index (`captionLines`, what `caption:fetchLines` serves),
 *   encoded as JSON as Socket.IO does for each answer;
 * - against the same-run baseline of reading those lines back from the log, per viewer: the
 *   rows since the viewer's last seq, parsed and replayed (what serving them without an index
 *   would cost at the least).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptionLogEntry } from '../shared/captions/model.js';
import { applyCaption, emptyStream } from '../shared/captions/stream.js';
import { LINES_PAGE_MAX } from '../shared/protocol/captions.js';
import { MeetingRegistry } from '../server/meetings/registry.js';
import { captionStream } from '../server/meetings/room.js';
import { SqliteLogStore } from '../server/storage/sqlite-log.js';
import { openCaptionedMeeting } from './captioned-meeting.js';

const RUNS = 3;
const VIEWERS = 3_000;
/** The stress case: 445 of 664 lines missing after an outage. */
const MISSED = 445;
const DELTAS = 3 * 3600 * 20;

async function timed(what: () => unknown): Promise<number> {
  const started = performance.now();
  await what();
  return performance.now() - started;
}

function row(name: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${name.padEnd(62)} median ${median.toFixed(0).padStart(6)} ms   range ${sorted[0]!.toFixed(0)}-${sorted.at(-1)!.toFixed(0)} ms`;
}

const dir = mkdtempSync(join(tmpdir(), 'openfloor-bench-history-'));
try {
  const store = new SqliteLogStore(dir);
  const start = Date.now();
  const setup = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 3000 });
  const seatId = await openCaptionedMeeting(setup, 'm', start);
  await setup.close();

  // Three hours of captions written as log rows, with the seq at which each line was committed.
  const stream = captionStream('m', 'en');
  const actor = { kind: 'captioner', linkId: seatId } as const;
  const seqOfLine: number[] = [0];
  let batch: Array<{ stream: string; seq: number; entry: CaptionLogEntry }> = [];
  for (let index = 0; index < DELTAS; index += 1) {
    const seq = index + 1;
    const text = index % 10 === 9 ? 'delegates.\n' : `word${index % 97} `;
    batch.push({ stream, seq, entry: { seq, at: start + index * 50, actor, command: { type: 'caption:write', erase: 0, text } } });
    if (text.endsWith('\n')) seqOfLine.push(seq);
    if (batch.length === 10_000) {
      await store.appendBatch(batch);
      batch = [];
    }
  }
  await store.appendBatch(batch);
  const registry = await MeetingRegistry.load(store, () => Date.now(), { captionQuietMs: 3000 });
  const room = registry.room('m')!;
  const lineCount = room.captionState('en')!.lineCount;
  // Each viewer's missed lines end where its snapshot's hundred begin; viewers left at different times.
  const firstMissed = (viewer: number) => lineCount - 100 - MISSED + 1 - (viewer % 50);

  const fromIndex: number[] = [];
  const bytes: number[] = [];
  for (let repeat = 0; repeat < RUNS; repeat += 1) {
    let sent = 0;
    fromIndex.push(
      await timed(() => {
        for (let viewer = 0; viewer < VIEWERS; viewer += 1) {
          const from = firstMissed(viewer);
          for (let line = from; line < from + MISSED; line += LINES_PAGE_MAX) {
            const page = room.captionLines('en', line, Math.min(LINES_PAGE_MAX, from + MISSED - line));
            if (!page.ok) throw new Error(page.error.code);
            sent += JSON.stringify(page.value).length;
          }
        }
      }),
    );
    bytes.push(sent);
  }

  // The baseline is costly: measured on a tenth of the viewers, and scaled.
  const SAMPLE = VIEWERS / 10;
  const fromLog: number[] = [];
  for (let repeat = 0; repeat < RUNS; repeat += 1) {
    fromLog.push(
      10 *
        (await timed(async () => {
          for (let viewer = 0; viewer < SAMPLE; viewer += 1) {
            const from = firstMissed(viewer);
            const lines = [];
            let replayed = emptyStream('en');
            for (const raw of await store.read(stream, seqOfLine[from - 1]!)) {
              const entry = CaptionLogEntry.parse(raw);
              const result = applyCaption({ ...replayed, lines: [] }, entry.command, { actor: entry.actor, now: entry.at });
              if (!result.ok) break;
              replayed = result.value.stream;
              lines.push(...result.value.committed);
              if (lines.length >= MISSED) break;
            }
          }
        })),
    );
  }
  await registry.close();

  console.log(`caption history: ${VIEWERS} viewers back at once, ${MISSED} lines missed each, ${lineCount} lines in the transcript; load ${loadavg()[0]!.toFixed(1)}`);
  console.log(row(`pages from the in-memory line index (${Math.ceil(MISSED / LINES_PAGE_MAX)} a viewer), JSON`, fromIndex));
  console.log(row('baseline: the same lines read back from the log per viewer', fromLog));
  const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)]!;
  console.log(`ratio log / index: ${(median(fromLog) / median(fromIndex)).toFixed(1)}x; sent ${(median(bytes) / 1e6).toFixed(0)} MB in all, ${(median(bytes) / VIEWERS / 1e3).toFixed(0)} KB a viewer`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
