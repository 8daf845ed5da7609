import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaptionActor, CaptionCommand, CaptionStream } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, TAIL_EDITABLE_CHARS, TAIL_MAX_CHARS, tailBreak } from '../../shared/captions/stream.js';

const SEAT: CaptionActor = { kind: 'captioner', linkId: 'l1' };
const SYSTEM: CaptionActor = { kind: 'system' };
const length = (text: string) => Array.from(text).length;

function apply(stream: CaptionStream, actor: CaptionActor, command: CaptionCommand, now: number): CaptionStream {
  const result = applyCaption(stream, command, { actor, now });
  if (!result.ok) throw new Error(result.error.code);
  return result.value.stream;
}

/** What the server does after each write: commit at every break the tail has run past. */
function writeAndBreak(stream: CaptionStream, text: string, now: number, erase = 0): CaptionStream {
  let next = apply(stream, SEAT, { type: 'caption:write', erase, text }, now);
  for (let chars = tailBreak(next.tail.text); chars > 0; chars = tailBreak(next.tail.text)) {
    next = apply(next, SYSTEM, { type: 'caption:commit', chars }, now);
  }
  return next;
}

const filler = ' and the delegation then spoke at some length about it';

describe('breaking the tail at sentences and lengths', () => {
  it('a finished sentence becomes a line once the next one is under way past the editable end', () => {
    const next = 'The delegation of Kenya supports the proposal';
    expect(tailBreak(`Thank you, Chair. ${next}`)).toBe('Thank you, Chair. '.length - 1);
    // Too little of the next sentence yet: the writer may still be correcting across it.
    expect(tailBreak('Thank you, Chair. The delegation')).toBe(0);
    const stream = writeAndBreak(emptyStream('en'), `Thank you, Chair. ${next}`, 1000);
    expect(stream.lines.map((line) => line.text)).toEqual(['Thank you, Chair.']);
    expect(stream.tail.text).toBe(next);
  });

  it('question marks, Arabic and full-width sentence ends break; the Chinese one needs no space', () => {
    expect(tailBreak(`Is that agreed? Yes${filler}`)).toBe('Is that agreed?'.length);
    expect(tailBreak(`شكرا سيدي الرئيس؟ ${'الكلمة لوفد مصر الآن بعد ذلك مباشرة'}`)).toBe(Array.from('شكرا سيدي الرئيس؟').length);
    expect(tailBreak(`谢谢主席。${'下一位发言者是肯尼亚代表团的代表他将就这项提案发言并提出修正意见和建议'}`)).toBe(5);
  });

  it('no break after an abbreviation, inside `U.S.`, or before a lower-case word', () => {
    expect(tailBreak(`Mr. Smith${filler}`)).toBe(0);
    expect(tailBreak(`Item No. 5${filler}`)).toBe(0);
    expect(tailBreak(`The U.S. delegation${filler}`)).toBe(0);
    expect(tailBreak(`Several, e.g. Kenya${filler}`)).toBe(0);
    expect(tailBreak(`And then... we${filler}`)).toBe(0);
  });

  it('no break after an initial, nor after an abbreviation opened by quotes or brackets', () => {
    expect(tailBreak(`Statement by J. Smith${filler}`)).toBe(0);
    expect(tailBreak(`He quoted ("Mr. Smith${filler}`)).toBe(0);
    expect(tailBreak(`He quoted 'Dr. Okafor${filler}`)).toBe(0);
  });

  it('only a full stop can be an abbreviation’s: a question or exclamation mark after one letter ends the sentence', () => {
    expect(tailBreak(`Is it plan B? The delegation${filler}`)).toBe('Is it plan B?'.length);
    expect(tailBreak(`Not Mr! The delegation${filler}`)).toBe('Not Mr!'.length);
  });

  it('a sentence closed by a quote or bracket breaks after the closer', () => {
    expect(tailBreak(`He said "we agree." Then${filler}`)).toBe('He said "we agree."'.length);
    expect(tailBreak(`(As agreed.) The${filler}`)).toBe('(As agreed.)'.length);
  });

  it('a lower-case word after several spaces still continues the sentence; an upper-case one after several spaces starts one', () => {
    expect(tailBreak(`It was late...   and${filler}`)).toBe(0);
    // (`late...` is also read as an abbreviation; a question mark is not.)
    expect(tailBreak(`Was it late?   and${filler}`)).toBe(0);
    expect(tailBreak(`We agree.   The${filler}`)).toBe('We agree.'.length);
  });

  it('no break before any text: a marker or sentence end at the very start leaves nothing to commit', () => {
    expect(tailBreak(`  >> CHAIR: We resume${filler}`)).toBe(0);
    expect(tailBreak(`>> CHAIR: We resume${filler}`)).toBe(0);
  });

  it('a tail of exactly the longest length without a sentence end is not broken yet', () => {
    const words = Array.from({ length: 60 }, (_, index) => `w${index}`).join(' ');
    const exact = `${words} ${'x'.repeat(TAIL_MAX_CHARS - words.length - 1)}`;
    expect(length(exact)).toBe(TAIL_MAX_CHARS);
    expect(tailBreak(exact)).toBe(0);
    expect(tailBreak(`${exact}y`)).toBeGreaterThan(0);
  });

  it('a speaker marker starts a line of its own', () => {
    const text = `we thank the delegate >> CHAIR: The next speaker is Brazil, you have the floor`;
    expect(tailBreak(text)).toBe('we thank the delegate '.length);
    const stream = writeAndBreak(emptyStream('en'), text, 1000);
    expect(stream.lines.map((line) => line.text)).toEqual(['we thank the delegate']);
    expect(stream.tail.text.startsWith('>> CHAIR:')).toBe(true);
  });

  it('text without sentence ends is broken at a space once it passes the longest tail, no line longer than it', () => {
    const words = Array.from({ length: 60 }, (_, index) => `word${index}`).join(' ');
    const stream = writeAndBreak(emptyStream('en'), words, 1000);
    expect(stream.lines.length).toBeGreaterThan(0);
    for (const line of stream.lines) expect(length(line.text)).toBeLessThanOrEqual(TAIL_MAX_CHARS);
    expect(length(stream.tail.text)).toBeLessThanOrEqual(TAIL_MAX_CHARS);
    expect([...stream.lines.map((line) => line.text), stream.tail.text].join(' ')).toBe(words);
  });

  it('one endless word, or Chinese without punctuation, is cut between characters, never before a combining mark', () => {
    const han = '会'.repeat(600);
    const stream = writeAndBreak(emptyStream('zh'), han, 1000);
    expect(stream.lines.map((line) => line.text).join('') + stream.tail.text).toBe(han);
    const marked = 'e\u0301'.repeat(200);
    const cut = tailBreak(marked);
    expect(cut).toBeGreaterThan(0);
    expect(Array.from(marked)[cut]).toBe('e');
    // Shifted by one, the longest tail ends on a combining mark: the cut steps back before its letter.
    const shifted = `x${marked}`;
    expect(Array.from(shifted)[TAIL_MAX_CHARS]).toBe('\u0301');
    expect(tailBreak(shifted)).toBe(TAIL_MAX_CHARS - 1);
  });

  it('a sentence end whose space leaves exactly the editable end after it breaks there', () => {
    const editable = 'X'.repeat(TAIL_EDITABLE_CHARS - 1);
    expect(tailBreak(`Good morning. ${editable}`)).toBe('Good morning.'.length);
    expect(tailBreak(`Good morning. ${editable.slice(1)}`)).toBe(0);
  });

  it('a lone greater-than sign is no speaker marker', () => {
    expect(tailBreak(`Growth of 5 > 3 was reported${filler}`)).toBe(0);
    expect(tailBreak(`the ratio > holds${filler}`)).toBe(0);
  });

  it('the rest of the tail is dated from the break and follows the floor as it is then', () => {
    let stream = apply(emptyStream('en'), SYSTEM, { type: 'caption:context', context: { topicId: 't1', participantId: 'p1' } }, 500);
    stream = apply(stream, SEAT, { type: 'caption:write', erase: 0, text: 'Thank you, Chair.' }, 1000);
    stream = apply(stream, SYSTEM, { type: 'caption:context', context: { topicId: 't1', participantId: 'p2' } }, 1500);
    stream = writeAndBreak(stream, ' Good morning to all of you, colleagues and friends', 2000);
    expect(stream.lines[0]).toMatchObject({ text: 'Thank you, Chair.', startedAt: 1000, committedAt: 2000, speaker: { participantId: 'p1' } });
    expect(stream.tail).toMatchObject({ startedAt: 2000, context: { participantId: 'p2' } });
  });

  it('a commit of the first characters replays the same from the log: a stored break never moves', () => {
    const stream = apply(
      apply(emptyStream('en'), SEAT, { type: 'caption:write', erase: 0, text: 'one two three four' }, 1),
      SYSTEM,
      { type: 'caption:commit', chars: 8 },
      2,
    );
    expect(stream.lines.map((line) => line.text)).toEqual(['one two']);
    expect(stream.tail.text).toBe('three four');
  });
});

const piece = fc.oneof(
  fc.constantFrom('Thank you, Chair.', 'Mr. Smith', 'the U.S. delegation', 'e.g. this', '>> BRAZIL:', '谢谢主席。', '会议', 'شكرا؟', 'é', '😀'),
  fc.stringMatching(/^[a-z]{1,12}$/),
  fc.constantFrom(' ', '  ', '. ', '? ', ' '),
);
const post = fc.array(piece, { minLength: 1, maxLength: 40 }).map((pieces) => pieces.join(''));
const squeeze = (text: string) => text.replace(/\s+/gu, '');

describe('tail break properties', () => {
  it('whatever is written without line breaks, the tail stays capped, lines are capped, and nothing is lost, doubled or reordered', () => {
    fc.assert(
      fc.property(fc.array(post, { minLength: 1, maxLength: 30 }), (posts) => {
        let stream = emptyStream('en');
        posts.forEach((text, index) => {
          stream = writeAndBreak(stream, text, 1000 + index);
          expect(length(stream.tail.text)).toBeLessThanOrEqual(TAIL_MAX_CHARS);
        });
        for (const line of stream.lines) {
          expect(length(line.text)).toBeLessThanOrEqual(TAIL_MAX_CHARS);
          expect(line.text).toBe(line.text.trim());
          expect(line.text).not.toBe('');
        }
        expect(squeeze(stream.lines.map((line) => line.text).join('') + stream.tail.text)).toBe(squeeze(posts.join('')));
      }),
      { numRuns: 300 },
    );
  });

  it('a break never reaches into the last editable characters, so a short correction always finds its text', () => {
    fc.assert(
      fc.property(post, post, fc.integer({ min: 0, max: TAIL_EDITABLE_CHARS }), (first, second, erase) => {
        const stream = writeAndBreak(writeAndBreak(emptyStream('en'), first, 1), second, 2);
        const kept = Array.from(first + second);
        const expected = squeeze(kept.slice(0, Math.max(0, kept.length - erase)).join(''));
        const corrected = apply(stream, SEAT, { type: 'caption:write', erase, text: '' }, 3);
        expect(squeeze(corrected.lines.map((line) => line.text).join('') + corrected.tail.text)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});
