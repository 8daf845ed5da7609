import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addRange, holesIn, mergeLines, withoutRanges } from '../../client/src/captions/lines.js';
import { CaptionMirror } from '../../client/src/captions/mirror.js';
import type { CaptionLine, CaptionLogEntry, CaptionStream } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, trimmedForSnapshot } from '../../shared/captions/stream.js';
import type { CaptionLinesPage } from '../../shared/protocol/captions.js';

const SEAT = { kind: 'captioner', linkId: 'seat' } as const;

/** The server's side: a log of `count` entries, each committing one line, and the stream after each. */
function serverLog(count: number): { entries: CaptionLogEntry[]; streams: CaptionStream[] } {
  const entries: CaptionLogEntry[] = [];
  const streams = [emptyStream('en')];
  for (let seq = 1; seq <= count; seq += 1) {
    const entry: CaptionLogEntry = { seq, at: seq * 1000, actor: SEAT, command: { type: 'caption:write', erase: 0, text: `line ${seq}\n` } };
    const result = applyCaption(streams.at(-1)!, entry.command, { actor: entry.actor, now: entry.at });
    if (!result.ok) throw new Error(result.error.code);
    entries.push(entry);
    streams.push(result.value.stream);
  }
  return { entries, streams };
}

/** What the server answers `caption:fetchLines` once its stream is at `stream`. */
const pageOf = (stream: CaptionStream, fromLine: number, limit: number): CaptionLinesPage => ({
  language: 'en',
  fromLine,
  lines: stream.lines.slice(fromLine - 1, fromLine - 1 + limit),
  lineCount: stream.lineCount,
});

const snapshotAt = (streams: CaptionStream[], seq: number, keep: number) =>
  ({ kind: 'snapshot', snapshot: { language: 'en', seq, stream: trimmedForSnapshot(streams[seq]!, keep) } }) as const;

const numbers = (lines: readonly CaptionLine[]) => lines.map((line) => line.n);

describe('missed caption lines merged into a page’s transcript', () => {
  it('whatever the order of pages and live entries, repeats included, the transcript ends with every line once, in order', () => {
    fc.assert(
      fc.property(
        fc.record({
          total: fc.integer({ min: 8, max: 60 }),
          joined: fc.double({ min: 0.05, max: 0.4, noNaN: true }),
          returned: fc.double({ min: 0.4, max: 0.9, noNaN: true }),
          keep: fc.integer({ min: 1, max: 6 }),
          pageSize: fc.integer({ min: 1, max: 12 }),
          /** Each event: a live entry (the next one, or one already given again), or a page from a line in the hole. */
          events: fc.array(fc.oneof(fc.record({ live: fc.boolean() }), fc.record({ page: fc.double({ min: 0, max: 1, noNaN: true }) })), { maxLength: 80 }),
        }),
        ({ total, joined, returned, keep, pageSize, events }) => {
          const { entries, streams } = serverLog(total);
          const joinedAt = Math.max(1, Math.floor(total * joined));
          const returnedAt = Math.max(joinedAt, Math.floor(total * returned));
          const mirror = new CaptionMirror('en');
          mirror.applyCatchUp(snapshotAt(streams, joinedAt, keep));
          const firstHeld = mirror.getView().stream!.lines[0]?.n ?? joinedAt + 1;
          // Away from joinedAt to returnedAt: back with a snapshot of the recent lines only.
          mirror.applyCatchUp(snapshotAt(streams, returnedAt, keep));
          let live = returnedAt;
          const check = () => {
            const lines = mirror.getView().stream!.lines;
            const ns = numbers(lines);
            // In order, each once, at every step.
            expect(ns).toEqual([...new Set(ns)].sort((a, b) => a - b));
            expect(lines.every((line) => line.text === `line ${line.n}`)).toBe(true);
          };
          for (const event of events) {
            if ('live' in event) {
              // The next entry, or the last one given again.
              if (event.live && live < total) live += 1;
              if (live > returnedAt) mirror.receive(entries[live - 1]!);
            } else {
              // Pages from anywhere between the first line held and the last the server has: overlapping what is held too.
              const fromLine = firstHeld + Math.floor(event.page * (live - firstHeld + 1));
              mirror.insertLines(pageOf(streams[live]!, fromLine, pageSize));
            }
            check();
          }
          // The follower asks for what is still missing until nothing is.
          for (let range = mirror.nextMissing(); range; range = mirror.nextMissing()) {
            expect(mirror.insertLines(pageOf(streams[live]!, range.from, pageSize))).toBeGreaterThan(0);
            check();
          }
          for (let seq = live + 1; seq <= total; seq += 1) mirror.receive(entries[seq - 1]!);
          const view = mirror.getView();
          expect(view.missing).toEqual([]);
          expect(view.stream!.lines).toEqual(streams[total]!.lines.filter((line) => line.n >= firstHeld));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a page that comes back without some missed lines has them said to be skipped, and asks again for them on retry', () => {
    const { streams } = serverLog(20);
    const mirror = new CaptionMirror('en');
    mirror.applyCatchUp(snapshotAt(streams, 3, 3));
    mirror.applyCatchUp(snapshotAt(streams, 20, 3));
    expect(mirror.getView().missing).toEqual([{ from: 4, to: 17 }]);
    mirror.insertLines(pageOf(streams[20]!, 4, 5));
    mirror.skip({ from: 9, to: 12 });
    expect(mirror.getView().missing).toEqual([{ from: 13, to: 17 }]);
    expect(mirror.getView().skipped).toEqual([{ from: 9, to: 12 }]);
    mirror.insertLines(pageOf(streams[20]!, 13, 10));
    expect(mirror.nextMissing()).toBeNull();
    mirror.retrySkipped();
    expect(mirror.getView()).toMatchObject({ missing: [{ from: 9, to: 12 }], skipped: [] });
    mirror.insertLines(pageOf(streams[20]!, 9, 4));
    expect(numbers(mirror.getView().stream!.lines)).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
  });

  it('a snapshot from a server that lost its log replaces the transcript, and nothing is missing or skipped', () => {
    const { streams } = serverLog(30);
    const mirror = new CaptionMirror('en');
    mirror.applyCatchUp(snapshotAt(streams, 25, 25));
    mirror.skip({ from: 3, to: 4 });
    mirror.applyCatchUp(snapshotAt(streams, 5, 5));
    expect(mirror.getView()).toMatchObject({ missing: [], skipped: [] });
    expect(numbers(mirror.getView().stream!.lines)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('line ranges', () => {
  const line = (n: number) => ({ n }) as CaptionLine;
  it('merging keeps each line number once, in order, the held line winning', () => {
    const held = [line(1), line(2), line(5)];
    const incoming = [line(2), line(3), line(3), line(4), line(6)];
    const merged = mergeLines(held, incoming);
    expect(numbers(merged)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(merged[1]).toBe(held[1]);
  });

  it('holes are the runs between held lines, not before the first', () => {
    expect(holesIn([line(4), line(5), line(9), line(11)])).toEqual([{ from: 6, to: 8 }, { from: 10, to: 10 }]);
    expect(holesIn([])).toEqual([]);
  });

  it('ranges are cut and joined without overlaps', () => {
    expect(withoutRanges([{ from: 1, to: 10 }], [{ from: 3, to: 4 }, { from: 8, to: 12 }])).toEqual([{ from: 1, to: 2 }, { from: 5, to: 7 }]);
    expect(addRange([{ from: 1, to: 2 }, { from: 8, to: 9 }], { from: 3, to: 5 })).toEqual([{ from: 1, to: 5 }, { from: 8, to: 9 }]);
  });
});
