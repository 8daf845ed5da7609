import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCaption, emptyStream } from '../../shared/captions/stream.js';
import type { CaptionStream } from '../../shared/captions/model.js';
import {
  applyDelta,
  commitDraft,
  editVisible,
  emptyDraft,
  flushDraft,
  insertAtSelection,
  typedDelta,
  visibleText,
  type Draft,
} from '../../client/src/captions/draft.js';

const char = fc.constantFrom('a', 'b', ' ', 'é', 'ع', 'ل', '😀', '中', '.', '\t');
const text = fc.array(char, { maxLength: 10 }).map((chars) => chars.join(''));

type Action =
  | { kind: 'type'; text: string }
  | { kind: 'backspace'; count: number }
  | { kind: 'replace'; start: number; end: number; text: string }
  | { kind: 'enter' }
  | { kind: 'flush' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('type' as const), text }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('backspace' as const), count: fc.integer({ min: 1, max: 6 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('replace' as const), start: fc.nat(20), end: fc.nat(20), text }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'enter' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'flush' as const }) },
);

describe('captioner writing area', () => {
  it('the smallest delta between what was sent and what is typed rebuilds the typed text', () => {
    fc.assert(
      fc.property(text, text, (sent, value) => {
        const delta = typedDelta(sent, value);
        expect(delta === null ? sent : applyDelta(sent, delta)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it('whatever the captioner types, corrects and commits, flushed in any rhythm, the server ends with exactly that text', () => {
    fc.assert(
      fc.property(fc.array(action, { maxLength: 60 }), // At least 2: one code point (an emoji) is two UTF-16 units.
      fc.integer({ min: 2, max: 8 }), (actions, maxChars) => {
        let draft: Draft = emptyDraft;
        let stream: CaptionStream = emptyStream('en');
        const intended: string[] = [];
        let now = 0;
        const flush = () => {
          for (;;) {
            const next = flushDraft(draft, maxChars);
            if (!next.delta) return;
            const result = applyCaption(stream, { type: 'caption:write', ...next.delta }, {
              actor: { kind: 'captioner', linkId: 'l1' },
              now: (now += 50),
            });
            if (!result.ok) throw new Error(result.error.code);
            stream = result.value.stream;
            draft = next.draft;
            if (!next.more) return;
          }
        };
        for (const step of actions) {
          const visible = visibleText(draft);
          const chars = Array.from(visible);
          switch (step.kind) {
            case 'type':
              draft = editVisible(draft, visible + step.text);
              break;
            case 'backspace':
              draft = editVisible(draft, chars.slice(0, Math.max(0, chars.length - step.count)).join(''));
              break;
            case 'replace': {
              const start = Math.min(step.start, step.end);
              draft = editVisible(draft, insertAtSelection(visible, start, Math.max(step.start, step.end), step.text).visible);
              break;
            }
            case 'enter':
              if (visible !== '' && visible.trim() !== '') intended.push(visible.trim());
              draft = commitDraft(draft);
              break;
            case 'flush':
              flush();
              break;
          }
        }
        flush();
        expect(stream.lines.map((line) => line.text)).toEqual(intended);
        expect(stream.tail.text).toBe(visibleText(draft));
      }),
      { numRuns: 300 },
    );
  });
});
