import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptionStream } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, ingestWrite, RESEND_MIN_CHARS, RESEND_WINDOW_MS, resendOverlap } from '../../shared/captions/stream.js';

/**
 * StreamText, "Real-Time Caption Ingestion – API for posting captions to a URL"
 * (support.streamtext.net article 360045245951), the part followed here, paraphrased:
 * each request has `seq` (the current sequence, starting at 1) and `lang` appended; the POST's
 * plain UTF-8 body "will include all of the content since the last successful message was
 * sent", and may hold delete characters the receiver applies against what was sent before.
 *
 * The article does not say which seq a resend carries. When StreamText counts a post as failed
 * although it was applied (its reply was lost), the next post repeats that post's whole body
 * before the new text, under the next seq. Hence the guard under test (resendOverlap).
 */
const SENDER = 'l1';
const actor = { kind: 'captioner' as const, linkId: SENDER };

function post(stream: CaptionStream, seq: number, body: string, now: number): CaptionStream {
  const { command } = ingestWrite(stream, SENDER, seq, body, 'realtime', now);
  const result = applyCaption(stream, command, { actor, now });
  if (!result.ok) throw new Error(result.error.code);
  return result.value.stream;
}

describe('StreamText resends under a new seq', () => {
  it('a post that repeats the last post whole, then goes on, is applied only past the repeat', () => {
    let stream = post(emptyStream('en'), 1, 'Good morning, colleagues ', 1000);
    // The reply to seq 1 was lost: StreamText sends its content again with what followed.
    stream = post(stream, 2, 'Good morning, colleagues and welcome ', 2000);
    expect(stream.tail.text).toBe('Good morning, colleagues and welcome ');
  });

  it('repeats outside the window, shorter than the minimum, or not at the start are applied whole', () => {
    const first = 'Good morning, colleagues ';
    const late = post(post(emptyStream('en'), 1, first, 1000), 2, `${first}again `, 1000 + RESEND_WINDOW_MS + 1);
    expect(late.tail.text).toBe(`${first}${first}again `);
    const word = post(post(emptyStream('en'), 1, 'that ', 1000), 2, 'that is right ', 1500);
    expect(word.tail.text).toBe('that that is right ');
    const inside = post(post(emptyStream('en'), 1, first, 1000), 2, `and ${first}`, 1500);
    expect(inside.tail.text).toBe(`${first}and ${first}`);
  });

  it('at real clock times a resend is recognised up to the window’s end inclusive, and not a millisecond after', () => {
    const cursor = { seq: 3, post: 'Good morning, colleagues ', at: 1_767_000_000_000 };
    const resend = `${cursor.post}and`;
    expect(resendOverlap(cursor, resend, cursor.at + 2000)).toBe(cursor.post.length);
    expect(resendOverlap(cursor, resend, cursor.at + RESEND_WINDOW_MS)).toBe(cursor.post.length);
    expect(resendOverlap(cursor, resend, cursor.at + RESEND_WINDOW_MS + 1)).toBe(0);
  });

  it('the exact same body under a new seq is a new post (StreamText only posts when there is new content)', () => {
    const cursor = { seq: 3, post: 'Good morning, colleagues ', at: 1000 };
    expect(resendOverlap(cursor, cursor.post, 1500)).toBe(0);
    expect(resendOverlap(cursor, `${cursor.post}and`, 1500)).toBe(cursor.post.length);
    expect(resendOverlap(undefined, 'anything at all here', 1500)).toBe(0);
  });

  it('property: typed text reaches the stream exactly once whichever replies are lost', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/).map((text) => `${text} `);
    // Each burst of typing is long enough that a repeat of it is taken for a resend.
    const burst = fc.array(word, { minLength: 1, maxLength: 6 }).map((words) => words.join('')).filter((text) => Array.from(text).length >= RESEND_MIN_CHARS);
    fc.assert(
      fc.property(fc.array(fc.record({ text: burst, replyLost: fc.boolean() }), { minLength: 1, maxLength: 20 }), (bursts) => {
        let stream = emptyStream('en');
        let unsent = '';
        let now = 1000;
        bursts.forEach(({ text, replyLost }, index) => {
          unsent += text;
          now += 500;
          stream = post(stream, index + 1, unsent, now);
          // Applied either way; StreamText resends it all next time unless the reply came.
          if (!replyLost) unsent = '';
        });
        expect(stream.tail.text).toBe(bursts.map(({ text }) => text).join(''));
      }),
      { numRuns: 300 },
    );
  });
});
