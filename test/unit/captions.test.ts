import { describe, expect, it } from 'vitest';
import { CaptionLogEntry, cleanCaptionText, normaliseCaptionText, type CaptionActor, type CaptionCommand, type CaptionStream } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, recentLines } from '../../shared/captions/stream.js';
import { parseYoutubeBody } from '../../server/captions/ingest.js';

const SEAT_A: CaptionActor = { kind: 'captioner', linkId: 'l1' };
const SEAT_B: CaptionActor = { kind: 'captioner', linkId: 'l2' };
const SYSTEM: CaptionActor = { kind: 'system' };

function apply(stream: CaptionStream, actor: CaptionActor, command: CaptionCommand, now = 1000): CaptionStream {
  const result = applyCaption(stream, command, { actor, now });
  if (!result.ok) throw new Error(result.error.code);
  return result.value.stream;
}
const write = (stream: CaptionStream, text: string, erase = 0, actor = SEAT_A, now = 1000) =>
  apply(stream, actor, { type: 'caption:write', erase, text }, now);
const onFloor = (stream: CaptionStream, participantId: string | null, topicId = 't1') =>
  apply(stream, SYSTEM, { type: 'caption:context', context: { topicId, participantId } });

describe('caption stream rules', () => {
  it('a backspace erases whole characters of Arabic and emoji, never half a code point', () => {
    const stream = write(write(emptyStream('ar'), 'مرحبا 😀'), '', 1);
    expect(stream.tail.text).toBe('مرحبا ');
    expect(write(stream, '', 2).tail.text).toBe('مرحب');
  });

  it('erasing stops at the last committed line', () => {
    const stream = write(write(emptyStream('en'), 'Final line.\nab'), '', 10);
    expect(stream.lines.map((line) => line.text)).toEqual(['Final line.']);
    expect(stream.tail.text).toBe('');
  });

  it('a line keeps the time of its first character and of its commit', () => {
    let stream = write(emptyStream('en'), 'Hel', 0, SEAT_A, 1000);
    stream = write(stream, 'lo\n', 0, SEAT_A, 2500);
    expect(stream.lines[0]).toMatchObject({ text: 'Hello', startedAt: 1000, committedAt: 2500, writer: 'l1', language: 'en' });
  });

  it('a line goes to whoever held the floor when its first character arrived', () => {
    let stream = onFloor(emptyStream('en'), 'p1');
    stream = write(stream, 'Thank you');
    stream = onFloor(stream, 'p2', 't1');
    stream = write(stream, ', Chair.\n');
    expect(stream.lines[0]!.speaker).toEqual({ participantId: 'p1', label: null });
    expect(write(stream, 'Next\n').lines[1]!.speaker).toEqual({ participantId: 'p2', label: null });
  });

  it('an explicit label names the speaker and holds for the following lines until the floor changes', () => {
    let stream = onFloor(emptyStream('en'), 'p1');
    stream = write(stream, '>> Delegate of Kenya: We support this.\nAnd we add one point.\n');
    expect(stream.lines.map((line) => line.speaker)).toEqual([
      { participantId: null, label: 'Delegate of Kenya' },
      { participantId: null, label: 'Delegate of Kenya' },
    ]);
    stream = write(onFloor(stream, 'p2'), 'New speaker.\n');
    expect(stream.lines[2]!.speaker).toEqual({ participantId: 'p2', label: null });
  });

  it('a bare >> marks an unknown speaker', () => {
    const stream = write(onFloor(emptyStream('en'), 'p1'), '>> (inaudible) from the floor.\n');
    expect(stream.lines[0]!.speaker).toEqual({ participantId: null, label: null });
  });

  it('the first seat to write becomes the writer; the other seat must take over', () => {
    const stream = write(emptyStream('en'), 'Seat A writes');
    expect(stream.writer).toBe('l1');
    const refused = applyCaption(stream, { type: 'caption:write', erase: 0, text: 'x' }, { actor: SEAT_B, now: 1 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'CAPTION_NOT_WRITER' } });
  });

  it("taking over commits the outgoing writer's tail under their name", () => {
    const result = applyCaption(write(emptyStream('en'), 'unfinished sentence'), { type: 'caption:takeOver' }, {
      actor: SEAT_B,
      now: 2000,
    });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.committed).toMatchObject([{ text: 'unfinished sentence', writer: 'l1', committedAt: 2000 }]);
    expect(result.value.stream.writer).toBe('l2');
    expect(result.value.stream.tail.text).toBe('');
  });

  it('only the server commits on quiet and follows the floor; only captioners write', () => {
    const stream = emptyStream('en');
    expect(applyCaption(stream, { type: 'caption:commit' }, { actor: SEAT_A, now: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(
      applyCaption(stream, { type: 'caption:context', context: { topicId: null, participantId: 'p9' } }, { actor: SEAT_A, now: 1 }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(applyCaption(stream, { type: 'caption:write', erase: 0, text: 'x' }, { actor: SYSTEM, now: 1 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('a quiet-period commit of a blank tail adds no line', () => {
    const stream = apply(write(emptyStream('en'), '   '), SYSTEM, { type: 'caption:commit' });
    expect(stream.lines).toEqual([]);
    expect(stream.tail.text).toBe('');
  });

  it('recentLines shows the last committed lines followed by the tail', () => {
    const stream = write(emptyStream('en'), 'one\ntwo\nthree\nfour');
    expect(recentLines(stream, 3)).toEqual(['two', 'three', 'four']);
    expect(recentLines(write(stream, '\n'), 2)).toEqual(['three', 'four']);
  });
});

describe('YouTube caption format', () => {
  it('reads timestamp lines (with or without a region) and their text, <br> inside a cue', () => {
    expect(parseYoutubeBody('2012-12-24T00:00:06.873\nI\'M\n2012-12-24T00:00:06.974 region:reg1#cue1\nSENDING<br>MORE\n')).toEqual([
      "I'M",
      'SENDING MORE',
    ]);
  });

  it('accepts the documented HH:MM.SS variant and CRLF line ends', () => {
    expect(parseYoutubeBody('2012-12-24T00:00.06.873\r\nHELLO\r\n')).toEqual(['HELLO']);
  });

  it('refuses text before any timestamp, and an empty body', () => {
    expect(parseYoutubeBody('HELLO\n2012-12-24T00:00:06.873\nX')).toBeNull();
    expect(parseYoutubeBody('')).toBeNull();
  });
});

describe('caption logs written before the seq rule kept post bodies', () => {
  it('replay: a stored Zoom-style post with `ingestSeq` reads as a post of its own text, and its sender carries on', () => {
    const stored = [
      { seq: 1, at: 1000, actor: { kind: 'captioner', linkId: 'l7' }, command: { type: 'caption:write', erase: 0, text: "I'M SENDING", ingestSeq: 1 } },
      { seq: 2, at: 2000, actor: { kind: 'captioner', linkId: 'l7' }, command: { type: 'caption:write', erase: 0, text: ' SEVERAL CAPTIONS.\n', ingestSeq: 2 } },
    ];
    let stream: CaptionStream = emptyStream('en');
    for (const raw of stored) {
      const entry = CaptionLogEntry.parse(raw);
      const result = applyCaption(stream, entry.command, { actor: entry.actor, now: entry.at });
      if (!result.ok) throw new Error(result.error.code);
      stream = result.value.stream;
    }
    expect(stream.lines.map((line) => line.text)).toEqual(["I'M SENDING SEVERAL CAPTIONS."]);
    // The same sender's next caption (seq 3) is applied; a retry of seq 2 is not applied twice.
    const retry = applyCaption(stream, { type: 'caption:write', erase: 0, text: 'SEVERAL CAPTIONS.\n', ingest: { seq: 2, post: 'SEVERAL CAPTIONS.\n' } }, { actor: { kind: 'captioner', linkId: 'l7' }, now: 3000 });
    expect(retry.ok && retry.value.stream.lines.length).toBe(1);
    const next = applyCaption(stream, { type: 'caption:write', erase: 0, text: 'AND MORE', ingest: { seq: 3, post: 'AND MORE' } }, { actor: { kind: 'captioner', linkId: 'l7' }, now: 3000 });
    expect(next.ok && next.value.stream.tail.text).toBe('AND MORE');
  });
});

describe('caption text as screens show it', () => {
  it('drops bidi embeddings, overrides and isolates, which would turn the rest of a line around, and keeps the LRM and RLM marks', () => {
    const hostile = 'Evil\u202Egnp.exe \u202Aa\u202B\u202C\u202D \u2066b\u2067\u2068\u2069 \u200Ekept\u200F';
    expect(normaliseCaptionText(hostile)).toBe('Evilgnp.exe a b \u200Ekept\u200F');
    expect(cleanCaptionText(hostile)).toBe('Evilgnp.exe a b \u200Ekept\u200F');
  });

  it('turns CR and CRLF into the newline that commits a line, and tabs into spaces', () => {
    expect(normaliseCaptionText('one\r\ntwo\rthree\tfour')).toBe('one\ntwo\nthree four');
  });
});
