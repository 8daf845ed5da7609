import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptionActor, CaptionCommand, CaptionStream } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, recentLines, trimmedForSnapshot } from '../../shared/captions/stream.js';

const SEAT_A: CaptionActor = { kind: 'captioner', linkId: 'l1' };
const SEAT_B: CaptionActor = { kind: 'captioner', linkId: 'l2' };
const SYSTEM: CaptionActor = { kind: 'system' };

/** The obvious model: committed lines and a tail of code points; erasing never reaches a committed line. */
class ReferenceTranscript {
  lines: string[] = [];
  tail: string[] = [];

  commit(): void {
    const text = this.tail.join('').trim();
    if (text) this.lines.push(text);
    this.tail = [];
  }

  write(erase: number, text: string): void {
    this.tail = this.tail.slice(0, Math.max(0, this.tail.length - erase));
    for (const char of Array.from(text)) {
      if (char === '\n') this.commit();
      else this.tail.push(char);
    }
  }
}

type Step =
  | { kind: 'write'; seat: 'a' | 'b'; erase: number; text: string }
  | { kind: 'commit' }
  | { kind: 'takeOver'; seat: 'a' | 'b' }
  | { kind: 'context'; participantId: string | null };

const textChar = fc.constantFrom('a', 'b', ' ', 'é', 'ع', 'ل', '中', '😀', '\n', '>', ':', '.');
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('write' as const),
      seat: fc.constantFrom('a' as const, 'b' as const),
      erase: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 })),
      text: fc.array(textChar, { maxLength: 12 }).map((chars) => chars.join('')),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'commit' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('takeOver' as const), seat: fc.constantFrom('a' as const, 'b' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('context' as const), participantId: fc.constantFrom(null, 'p1', 'p2') }),
  },
);

function commandOf(item: Step): { actor: CaptionActor; command: CaptionCommand } {
  switch (item.kind) {
    case 'write':
      return { actor: item.seat === 'a' ? SEAT_A : SEAT_B, command: { type: 'caption:write', erase: item.erase, text: item.text } };
    case 'commit':
      return { actor: SYSTEM, command: { type: 'caption:commit' } };
    case 'takeOver':
      return { actor: item.seat === 'a' ? SEAT_A : SEAT_B, command: { type: 'caption:takeOver' } };
    case 'context':
      return { actor: SYSTEM, command: { type: 'caption:context', context: { topicId: 't1', participantId: item.participantId } } };
  }
}

interface Accepted {
  at: number;
  actor: CaptionActor;
  command: CaptionCommand;
}

/** Runs the steps through applyCaption, mirroring accepted writes into the reference model. */
function run(steps: Step[]) {
  let stream = emptyStream('en');
  const reference = new ReferenceTranscript();
  const log: Accepted[] = [];
  let now = 1_000;
  for (const item of steps) {
    now += 37;
    const { actor, command } = commandOf(item);
    const result = applyCaption(stream, command, { actor, now });
    if (!result.ok) {
      expect(result.error.code).toBe('CAPTION_NOT_WRITER');
      continue;
    }
    if (command.type === 'caption:write') reference.write(command.erase, command.text);
    if (command.type === 'caption:commit' || (command.type === 'caption:takeOver' && result.value.stream.writer !== stream.writer)) {
      reference.commit();
    }
    expect(result.value.committed.map((line) => line.text)).toEqual(
      result.value.stream.lines.slice(stream.lines.length).map((line) => line.text),
    );
    stream = result.value.stream;
    log.push({ at: now, actor, command });
  }
  return { stream, reference, log };
}

function replay(from: CaptionStream, entries: Accepted[]): CaptionStream {
  return entries.reduce((current, entry) => {
    const result = applyCaption(current, entry.command, { actor: entry.actor, now: entry.at });
    if (!result.ok) throw new Error(result.error.code);
    return result.value.stream;
  }, from);
}

describe('caption stream properties', () => {
  it('any sequence of deltas with backspaces rebuilds the same text as the reference model', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const { stream, reference } = run(steps);
        expect(stream.lines.map((line) => line.text)).toEqual(reference.lines);
        expect(stream.tail.text).toBe(reference.tail.join(''));
        expect(stream.lineCount).toBe(reference.lines.length);
      }),
      { numRuns: 300 },
    );
  });

  it('a viewer that starts from any snapshot and applies the later deltas ends where the writer is', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.nat(), fc.integer({ min: 1, max: 5 }), (steps, cut, keep) => {
        const { stream, log } = run(steps);
        const at = cut % (log.length + 1);
        const snapshot = trimmedForSnapshot(replay(emptyStream('en'), log.slice(0, at)), keep);
        const viewer = replay(snapshot, log.slice(at));
        expect(viewer.tail).toEqual(stream.tail);
        expect(viewer.lineCount).toBe(stream.lineCount);
        // The viewer holds the lines committed since its snapshot plus what the snapshot kept.
        expect(viewer.lines).toEqual(stream.lines.slice(stream.lines.length - viewer.lines.length));
        // What a display of `keep` lines shows is the same, however little the snapshot carried.
        expect(recentLines(viewer, keep)).toEqual(recentLines(stream, keep));
      }),
      { numRuns: 300 },
    );
  });

  it('lines are numbered consecutively, timed in order, and never change once committed', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const { stream, log } = run(steps);
        stream.lines.forEach((line, index) => {
          expect(line.n).toBe(index + 1);
          expect(line.startedAt).toBeLessThanOrEqual(line.committedAt);
          expect(line.text).toBe(line.text.trim());
          expect(line.text).not.toBe('');
        });
        for (let count = 0; count <= log.length; count += 1) {
          const prefix = replay(emptyStream('en'), log.slice(0, count));
          expect(stream.lines.slice(0, prefix.lines.length)).toEqual(prefix.lines);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a retried CAT post (same seq, same body) is acknowledged as a duplicate and changes nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 8 }).filter((text) => !/[\u0000-\u001f]/.test(text)), { maxLength: 20 }), (posts) => {
        let stream = emptyStream('en');
        posts.forEach((text, index) => {
          const command: CaptionCommand = { type: 'caption:write', erase: 0, text, ingest: { seq: index + 1, post: text } };
          const first = applyCaption(stream, command, { actor: SEAT_A, now: index });
          if (!first.ok) throw new Error(first.error.code);
          const retry = applyCaption(first.value.stream, command, { actor: SEAT_A, now: index });
          expect(retry).toEqual({ ok: true, value: { stream: first.value.stream, committed: [], duplicate: true } });
          stream = first.value.stream;
        });
        expect(stream.tail.text).toBe(posts.join(''));
      }),
      { numRuns: 200 },
    );
  });
});
