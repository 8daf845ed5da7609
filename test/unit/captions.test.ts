import { describe, expect, it } from 'vitest';
import { CaptionLogEntry, cleanCaptionText, normaliseCaptionText, type CaptionActor, type CaptionCommand, type CaptionStream } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, ingestWrite, isSoundTag, joinPost, recentLines, speakerMarkerOf, wrapRows, writerSilent } from '../../shared/captions/stream.js';
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

  it('a commit at a boundary keeps the rest as the tail, dated from the commit and attributed to the floor as it is now', () => {
    let stream = write(onFloor(emptyStream('en'), 'p1'), 'We agree. Thank you', 0, SEAT_A, 1000);
    stream = onFloor(stream, 'p2');
    const result = applyCaption(stream, { type: 'caption:commit', chars: 10 }, { actor: SYSTEM, now: 4000 });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.committed).toMatchObject([{ text: 'We agree.', startedAt: 1000, committedAt: 4000, speaker: { participantId: 'p1' } }]);
    expect(result.value.stream.tail).toEqual({ text: 'Thank you', startedAt: 4000, context: { topicId: 't1', participantId: 'p2' } });
  });

  it('a tail erased to nothing has no start time: the next character starts the line', () => {
    let stream = write(emptyStream('en'), 'ab', 0, SEAT_A, 1000);
    stream = write(stream, '', 2, SEAT_A, 2000);
    expect(stream.tail).toEqual({ text: '', startedAt: null, context: { topicId: null, participantId: null } });
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

  it('typed text loses the other control characters', () => {
    expect(cleanCaptionText('a\u0000b\u0007c\u001bd\u007fe')).toBe('abcde');
  });

  it('overlay rows hold at most their length (a word that fits exactly stays), start and end without spaces, and cut a word longer than a row', () => {
    expect(wrapRows('  one two three  ', 7, 'en')).toEqual(['one two', 'three']);
    expect(wrapRows('abcdefgh ij', 4, 'en')).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapRows('ab   cd', 3, 'en')).toEqual(['ab', 'cd']);
  });

  it('a tail of spaces only is no line for viewers', () => {
    const stream = write(write(emptyStream('en'), 'Agreed.\n'), '   ');
    expect(recentLines(stream, 3)).toEqual(['Agreed.']);
  });

  it('turns CR and CRLF into the newline that commits a line, and tabs into spaces', () => {
    expect(normaliseCaptionText('one\r\ntwo\rthree\tfour')).toBe('one\ntwo\nthree four');
  });
});

describe('CART speaker markers and sound tags', () => {
  it('`>> NAME:` names a speaker (the name trimmed), a bare `>>` an unknown one; the text after the marker is the words', () => {
    expect(speakerMarkerOf('>> MS. OKAFOR: Thank you, Chair.')).toEqual({ marked: true, label: 'MS. OKAFOR', rest: 'Thank you, Chair.' });
    expect(speakerMarkerOf('>>Chair :   We resume.')).toEqual({ marked: true, label: 'Chair', rest: 'We resume.' });
    expect(speakerMarkerOf('>>   We resume.')).toEqual({ marked: true, label: null, rest: 'We resume.' });
    expect(speakerMarkerOf('>>')).toEqual({ marked: true, label: null, rest: '' });
  });

  it('a marker counts only at the start of a line, and a label is at most 120 characters on one line', () => {
    expect(speakerMarkerOf('He said >> CHAIR: no')).toEqual({ marked: false, label: null, rest: 'He said >> CHAIR: no' });
    expect(speakerMarkerOf('> CHAIR: no')).toEqual({ marked: false, label: null, rest: '> CHAIR: no' });
    const long = 'A'.repeat(121);
    expect(speakerMarkerOf(`>> ${long}: words`)).toEqual({ marked: true, label: null, rest: `${long}: words` });
    expect(speakerMarkerOf(`>> ${'A'.repeat(120)}: words`).label).toBe('A'.repeat(120));
    expect(speakerMarkerOf('>> no label\nCHAIR: words')).toMatchObject({ label: null });
  });

  it('a line of bracketed sound descriptions only is a sound tag, in any bracket style, with or without a marker', () => {
    for (const text of ['(Gavel)', '[applause]', '（掌声）', '【笑声】', '(Laughter) (Applause)', '  (Gavel)  ', '>> (Applause)', '>> CHAIR: (Gavel)']) {
      expect([text, isSoundTag(text)]).toEqual([text, true]);
    }
  });

  it('words outside the brackets, empty or nested brackets, or a description over 60 characters are no sound tag', () => {
    const tooLong = `(${'a'.repeat(61)})`;
    for (const text of ['(Gavel) Order, please.', 'Applause', '()', '((Gavel))', '(Gavel', tooLong, 'We thank (all) delegations']) {
      expect([text, isSoundTag(text)]).toEqual([text, false]);
    }
    expect(isSoundTag(`(${'a'.repeat(60)})`)).toBe(true);
  });
});

describe('the quiet period', () => {
  it('a writer is silent once the quiet period has passed since their last input, not a moment before', () => {
    expect(writerSilent({ lastInputAt: 10_000 }, 12_999, 3000)).toBe(false);
    expect(writerSilent({ lastInputAt: 10_000 }, 13_000, 3000)).toBe(true);
    expect(writerSilent({ lastInputAt: 10_000 }, 20_000, 3000)).toBe(true);
  });

  it('a stream nobody has written to has no writer to wait for', () => {
    expect(writerSilent({ lastInputAt: null }, 1_700_000_000_000, 3000)).toBe(true);
  });
});

describe('hand-overs and take-overs', () => {
  it('only the server hands a stream over; to the writer it already has is a duplicate: nothing committed, nothing changed', () => {
    const stream = write(emptyStream('en'), 'unfinished');
    expect(applyCaption(stream, { type: 'caption:handOver', to: 'l2', reason: 'switched', by: 'l1' }, { actor: SEAT_A, now: 2000 })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const same = applyCaption(stream, { type: 'caption:handOver', to: 'l1', reason: 'quiet', by: null }, { actor: SYSTEM, now: 2000 });
    expect(same).toEqual({ ok: true, value: { stream, committed: [], duplicate: true } });
  });

  it('the server hands the stream to another writer: the outgoing tail is committed under the outgoing name, the new writer counts as just heard', () => {
    const stream = write(emptyStream('en'), 'unfinished', 0, SEAT_A, 1000);
    const result = applyCaption(stream, { type: 'caption:handOver', to: 'l2', reason: 'quiet', by: null }, { actor: SYSTEM, now: 5000 });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.duplicate).toBe(false);
    expect(result.value.committed).toMatchObject([{ text: 'unfinished', writer: 'l1', committedAt: 5000 }]);
    expect(result.value.stream).toMatchObject({ writer: 'l2', lastInputAt: 5000, tail: { text: '' } });
  });

  it('a pulled feed writes like a seat: under its own id, and then holds the stream', () => {
    const feed: CaptionActor = { kind: 'feed', feedId: 'f1' };
    const stream = apply(emptyStream('en'), feed, { type: 'caption:write', erase: 0, text: 'From StreamText' });
    expect(stream.writer).toBe('f1');
    expect(stream.tail.text).toBe('From StreamText');
    expect(applyCaption(stream, { type: 'caption:write', erase: 0, text: 'x' }, { actor: SEAT_A, now: 1 })).toMatchObject({
      ok: false,
      error: { code: 'CAPTION_NOT_WRITER' },
    });
  });

  it('a seat taking over the stream it already writes is a duplicate; only captioner seats take over', () => {
    const stream = write(emptyStream('en'), 'unfinished');
    expect(applyCaption(stream, { type: 'caption:takeOver' }, { actor: SEAT_A, now: 2000 })).toEqual({
      ok: true,
      value: { stream, committed: [], duplicate: true },
    });
    for (const actor of [SYSTEM, { kind: 'feed', feedId: 'f1' } as const]) {
      expect(applyCaption(stream, { type: 'caption:takeOver' }, { actor, now: 2000 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
  });

  it('a floor update naming the same floor holder keeps the last label; only a new holder ends its reach', () => {
    let stream = write(onFloor(emptyStream('en'), 'p1', 't1'), '>> Delegate of Kenya: We support this.\n');
    stream = onFloor(stream, 'p1', 't2');
    stream = write(stream, 'And we add one point.\n');
    expect(stream.lines[1]!.speaker).toEqual({ participantId: null, label: 'Delegate of Kenya' });
  });
});

describe('the seq rule when a write is applied', () => {
  const posted = (stream: CaptionStream, seq: number, post: string, actor: CaptionActor = SEAT_A) =>
    applyCaption(stream, { type: 'caption:write', erase: 0, text: post, ingest: { seq, post } }, { actor, now: 2000 });
  const after = (() => {
    const first = posted(emptyStream('en'), 5, 'Good morning.');
    if (!first.ok) throw new Error(first.error.code);
    return first.value.stream;
  })();

  it('a post older than the last applied is refused as old, the same seq with other text as reused; the stream does not move', () => {
    expect(posted(after, 3, 'Earlier text')).toMatchObject({ ok: false, error: { code: 'CAPTION_SEQ_OLD' } });
    expect(posted(after, 5, 'Different text')).toMatchObject({ ok: false, error: { code: 'CAPTION_SEQ_REUSED' } });
    expect(after.tail.text).toBe('Good morning.');
    expect(after.ingest.l1).toEqual({ seq: 5, post: 'Good morning.', at: 2000 });
  });

  it('after an empty post, the same seq with text is a reuse, not a resend of nothing', () => {
    const empty = posted(emptyStream('en'), 4, '');
    if (!empty.ok) throw new Error(empty.error.code);
    expect(posted(empty.value.stream, 4, 'Now text')).toMatchObject({ ok: false, error: { code: 'CAPTION_SEQ_REUSED' } });
  });

  it('the writer is checked before the seq: another seat’s post is refused as not the writer', () => {
    expect(posted(after, 1, 'x', SEAT_B)).toMatchObject({ ok: false, error: { code: 'CAPTION_NOT_WRITER' } });
  });
});

describe('a post from sending software as the write it makes', () => {
  const tailOf = (text: string) => write(emptyStream('en'), text);

  it('appended posts join the tail with a space where words meet, and carry their seq and body', () => {
    const { verdict, command } = ingestWrite(tailOf('Good'), 'l1', 1, 'morning', 'append');
    expect(verdict).toEqual({ kind: 'new' });
    expect(command).toEqual({ type: 'caption:write', erase: 0, text: ' morning', ingest: { seq: 1, post: 'morning' } });
  });

  it('a space is added where words meet, judged by the tail’s last character and the post’s first only', () => {
    expect(joinPost('Good morning', 'colleagues')).toBe(' colleagues');
    expect(joinPost('Good', 'dear colleagues')).toBe(' dear colleagues');
    expect(joinPost('会议由WHO', 'today')).toBe(' today');
    expect(joinPost('Good ', 'morning')).toBe('morning');
    expect(joinPost('Good', ' morning')).toBe(' morning');
  });

  it('with no stream yet, an appended post is written as it came', () => {
    expect(ingestWrite(null, 'l1', 1, 'Good morning', 'append').command.text).toBe('Good morning');
  });

  it('a window post writes only what follows the sender’s previous window; a retry writes nothing new', () => {
    let stream = emptyStream('en');
    const first = ingestWrite(stream, 'l1', 1, 'Line one\nLine t', 'window');
    expect(first.command).toMatchObject({ erase: 0, text: 'Line one\nLine t' });
    stream = apply(stream, SEAT_A, first.command);
    const second = ingestWrite(stream, 'l1', 2, 'Line one\nLine two\nLine three', 'window');
    expect(second.command).toMatchObject({ erase: 0, text: 'wo\nLine three' });
    const retry = ingestWrite(stream, 'l1', 1, 'Line one\nLine t', 'window');
    expect(retry.verdict).toEqual({ kind: 'retry' });
  });

  it('a restarted realtime sender’s first text joins the tail as a new post, its backspaces erase as sent', () => {
    let stream = emptyStream('en');
    stream = apply(stream, SEAT_A, ingestWrite(stream, 'l1', 7, 'We resume', 'realtime').command);
    const restart = ingestWrite(stream, 'l1', 1, 'now', 'realtime');
    expect(restart.verdict).toEqual({ kind: 'restart' });
    expect(restart.command).toMatchObject({ erase: 0, text: ' now' });
    const erasing = ingestWrite(stream, 'l1', 1, '\b\bmed', 'realtime');
    expect(erasing.command).toMatchObject({ erase: 2, text: 'med' });
    // A new realtime post is raw text: no space is added to it.
    expect(ingestWrite(stream, 'l1', 8, 'd', 'realtime').command).toMatchObject({ erase: 0, text: 'd' });
  });

  it('a resend under the same seq writes only its extension, without a joining space', () => {
    let stream = emptyStream('en');
    stream = apply(stream, SEAT_A, ingestWrite(stream, 'l1', 3, 'Good', 'append').command);
    const resend = ingestWrite(stream, 'l1', 3, 'Good morning', 'append');
    expect(resend.verdict).toEqual({ kind: 'resend', applied: 'Good' });
    expect(resend.command).toMatchObject({ erase: 0, text: ' morning' });
  });

  it('a resend under the same seq that ends a word the first post began writes the rest of the word, no space inside it', () => {
    let stream = emptyStream('en');
    stream = apply(stream, SEAT_A, ingestWrite(stream, 'l1', 3, 'Good morn', 'append').command);
    const resend = ingestWrite(stream, 'l1', 3, 'Good morning', 'append');
    expect(resend.command).toMatchObject({ erase: 0, text: 'ing' });
  });

  it('a window sender resending its window under the same seq writes only what the window gained', () => {
    let stream = emptyStream('en');
    stream = apply(stream, SEAT_A, ingestWrite(stream, 'l1', 2, 'Line one\nLine t', 'window').command);
    const resend = ingestWrite(stream, 'l1', 2, 'Line one\nLine two', 'window');
    expect(resend.verdict).toEqual({ kind: 'resend', applied: 'Line one\nLine t' });
    expect(resend.command).toMatchObject({ erase: 0, text: 'wo' });
  });

  it('a restarted window sender’s first window joins the tail as a new post, not compared with its last session’s window', () => {
    let stream = emptyStream('en');
    stream = apply(stream, SEAT_A, ingestWrite(stream, 'l1', 5, 'We resume', 'window').command);
    const restart = ingestWrite(stream, 'l1', 1, 'We resume at ten', 'window');
    expect(restart.verdict).toEqual({ kind: 'restart' });
    expect(restart.command).toMatchObject({ erase: 0, text: ' We resume at ten' });
  });

  it('a sender that resends under new seqs still has an older seq refused as old, however its text begins', () => {
    let stream = emptyStream('en');
    // Applied at 1000 (the stream's clock here): the older seq comes within the resend window.
    stream = apply(stream, SEAT_A, ingestWrite(stream, 'l1', 5, 'Good morning, colleagues', 'realtime', 1000).command);
    const older = ingestWrite(stream, 'l1', 4, 'Good morning, colleagues and friends', 'realtime', 1500);
    expect(older.verdict).toEqual({ kind: 'old' });
  });

  it('a new seq is never taken for a resend unless the sender resends under new seqs', () => {
    let stream = emptyStream('en');
    stream = apply(stream, SEAT_A, ingestWrite(stream, 'l1', 1, 'Good morning colleagues', 'append').command);
    const repeated = ingestWrite(stream, 'l1', 2, 'Good morning colleagues and friends', 'append');
    expect(repeated.verdict).toEqual({ kind: 'new' });
    expect(repeated.command.text).toBe(' Good morning colleagues and friends');
  });
});

describe('caption logs as stored', () => {
  it('an entry whose command is not an object, or an old post without text, is refused by the schema, not a crash', () => {
    const entry = (command: unknown) => ({ seq: 1, at: 1000, actor: { kind: 'captioner', linkId: 'l1' }, command });
    for (const command of ['caption:write', null, 42, { type: 'caption:write', erase: 0, ingestSeq: 3 }]) {
      expect(() => CaptionLogEntry.safeParse(entry(command))).not.toThrow();
      expect(CaptionLogEntry.safeParse(entry(command)).success).toBe(false);
    }
  });
});
