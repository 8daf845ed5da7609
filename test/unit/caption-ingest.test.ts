import { describe, expect, it } from 'vitest';
import { emptyStream, ingestVerdict, joinPost, overlayRows, realtimeDelta, windowDelta, wrapRows } from '../../shared/captions/stream.js';

describe('joining posts', () => {
  it('adds no space across scripts written without spaces: Chinese, Japanese, Thai', () => {
    expect(joinPost('主席先生', '谢谢')).toBe('谢谢');
    expect(joinPost('ありがとう', 'ございます')).toBe('ございます');
    expect(joinPost('ขอบคุณ', 'ครับ')).toBe('ครับ');
    expect(joinPost('会议', 'OK')).toBe('OK');
  });

  it('adds a space between Latin, Cyrillic or Arabic words, none before closing punctuation or after a space', () => {
    expect(joinPost('Thank', 'you')).toBe(' you');
    expect(joinPost('Спасибо', 'председатель')).toBe(' председатель');
    expect(joinPost('شكرا', 'سيدي')).toBe(' سيدي');
    expect(joinPost('Thank you', '.')).toBe('.');
    expect(joinPost('Thank ', 'you')).toBe('you');
    expect(joinPost('', 'First')).toBe('First');
  });
});

describe('raw realtime text with backspaces', () => {
  it('erases in order: first what the same chunk added, then the tail before it', () => {
    expect(realtimeDelta('lins\x08es')).toEqual({ erase: 0, text: 'lines' });
    expect(realtimeDelta('\x08\x08\x7fabc')).toEqual({ erase: 3, text: 'abc' });
    expect(realtimeDelta('ab\x08\x08\x08c')).toEqual({ erase: 1, text: 'c' });
  });

  it('never erases back past a line break, turns CR and CRLF into line breaks, tabs into spaces, and drops other control codes', () => {
    expect(realtimeDelta('done\r\n\x08\x08next')).toEqual({ erase: 0, text: 'done\nnext' });
    expect(realtimeDelta('a\rb\tc\x00\x1bd')).toEqual({ erase: 0, text: 'a\nb cd' });
  });
});

describe('whole-window posts', () => {
  it('only what follows the previous window is new, as the window grows and scrolls', () => {
    expect(windowDelta('', 'Thank')).toEqual({ erase: 0, text: 'Thank' });
    expect(windowDelta('Thank', 'Thank you')).toEqual({ erase: 0, text: ' you' });
    expect(windowDelta('Thank you', 'Thank you\nChair.')).toEqual({ erase: 0, text: '\nChair.' });
    expect(windowDelta('one\ntwo\nthree', 'two\nthree\nfour')).toEqual({ erase: 0, text: '\nfour' });
    expect(windowDelta('one\ntwo', 'one\ntwo')).toEqual({ erase: 0, text: '' });
  });

  it('a changed last line is erased back to where it differs; an unrelated window starts a line', () => {
    expect(windowDelta('one\ntwp', 'one\ntwo more')).toEqual({ erase: 1, text: 'o more' });
    expect(windowDelta('first line', 'second line')).toEqual({ erase: 0, text: '\nsecond line' });
    expect(windowDelta('one\ntwo', 'one\nsix')).toEqual({ erase: 3, text: 'six' });
  });

  it('a window whose lines are all still there, the last grown, writes only the growth', () => {
    expect(windowDelta('one\ntwo\nthree', 'one\ntwo\nthree four')).toEqual({ erase: 0, text: ' four' });
  });
});

describe('the seq rule', () => {
  const cursor = { seq: 5, post: 'five' };
  it('new above the last, a retry at the same seq and body, a resend that extends it', () => {
    expect(ingestVerdict(undefined, 0, 'x')).toEqual({ kind: 'new' });
    expect(ingestVerdict(cursor, 9, 'x')).toEqual({ kind: 'new' });
    expect(ingestVerdict(cursor, 5, 'five')).toEqual({ kind: 'retry' });
    expect(ingestVerdict(cursor, 5, 'five six')).toEqual({ kind: 'resend', applied: 'five' });
  });

  it('seq 1 again is a new session; an older seq, seq 0 and a reused seq are refused', () => {
    expect(ingestVerdict(cursor, 1, 'again')).toEqual({ kind: 'restart' });
    expect(ingestVerdict(cursor, 3, 'three')).toEqual({ kind: 'old' });
    expect(ingestVerdict(cursor, 4, 'five'), 'an older seq with the last post’s text is no retry of it').toEqual({ kind: 'old' });
    expect(ingestVerdict(cursor, 0, 'zero')).toEqual({ kind: 'old' });
    expect(ingestVerdict(cursor, 5, 'other')).toEqual({ kind: 'reused' });
  });
});

describe('overlay rows', () => {
  it('wraps at spaces to the line length, and cuts a word longer than a row', () => {
    expect(wrapRows('Distinguished delegates, good morning and welcome to Geneva', 32, 'en')).toEqual([
      'Distinguished delegates, good',
      'morning and welcome to Geneva',
    ]);
    expect(wrapRows('x'.repeat(40), 32, 'en')).toEqual(['x'.repeat(32), 'x'.repeat(8)]);
  });

  it('never starts a row with the full stop or comma that ends the word before it, nor ends one with an opening bracket, in English or Arabic', () => {
    const english = 'We support the inputs on connectivity. The floor is open.';
    // The row is full right after "connectivity": its full stop goes to the next row with it.
    const fullAt = Array.from('We support the inputs on connectivity').length;
    expect(wrapRows(english, fullAt, 'en')).toEqual(['We support the inputs on', 'connectivity. The floor is open.']);
    const arabic = 'ينظر الفريق العامل في المساهمات بشأن التوصيلية المجدية، باب المناقشة مفتوح.';
    const arabicFullAt = Array.from('ينظر الفريق العامل في المساهمات بشأن التوصيلية المجدية').length;
    const rows = wrapRows(arabic, arabicFullAt, 'ar');
    expect(rows).toEqual(['ينظر الفريق العامل في المساهمات بشأن التوصيلية', 'المجدية، باب المناقشة مفتوح.']);
    expect(wrapRows('Egypt supports it (see document 12).', 18, 'en')).toEqual(['Egypt supports it', '(see document 12).']);
    expect(wrapRows('Egypt supports it «as drafted».', 19, 'en')).toEqual(['Egypt supports it', '«as drafted».']);
  });

  it('breaks Chinese between words, never past the length', () => {
    const rows = wrapRows('我们支持关于有意义连接的提案并希望记录在案', 8, 'zh');
    expect(rows.join('')).toBe('我们支持关于有意义连接的提案并希望记录在案');
    for (const row of rows) expect(Array.from(row).length).toBeLessThanOrEqual(8);
  });

  it('always gives exactly the number of rows asked for, the newest last, padded with empty rows', () => {
    expect(overlayRows(emptyStream('en'), 2, 32)).toEqual(['', '']);
    const stream = { ...emptyStream('en'), tail: { text: 'a '.repeat(50).trim(), startedAt: 1, context: { topicId: null, participantId: null } } };
    const rows = overlayRows(stream, 2, 32);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(32);
    expect(overlayRows({ ...stream, tail: { ...stream.tail, text: 'short' } }, 3, 32)).toEqual(['short', '', '']);
  });
});
