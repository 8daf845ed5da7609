import type { Language } from '../meeting/model.js';
import { madeOnce } from '../intl.js';
import { fail, ok, exhaustive, type Result } from '../result.js';
import type {
  CaptionActor,
  CaptionCommand,
  CaptionLine,
  CaptionSpeaker,
  CaptionStream,
  CaptionTail,
  FloorContext,
  IngestCursor,
} from './model.js';
import { MAX_DELTA_CHARS } from './model.js';

export interface CaptionContext {
  actor: CaptionActor;
  now: number;
}

export interface CaptionTransition {
  stream: CaptionStream;
  /** Lines this command committed, in order. */
  committed: CaptionLine[];
  /**
   * Nothing to write: a CAT-software retry of a seq already applied, or a stream handed to the
   * writer it already has. Acknowledged, not logged.
   */
  duplicate: boolean;
}

const NO_CONTEXT: FloorContext = { topicId: null, participantId: null };

export function emptyStream(language: Language, context: FloorContext = NO_CONTEXT): CaptionStream {
  return {
    language,
    lines: [],
    lineCount: 0,
    tail: emptyTail(context),
    writer: null,
    lastInputAt: null,
    context,
    labelled: null,
    ingest: {},
  };
}

function emptyTail(context: FloorContext): CaptionTail {
  return { text: '', startedAt: null, context };
}

const LABEL = /^>>\s*([^:\n]{1,120}?)\s*:\s*/u;
const BARE_MARKER = /^>>\s*/u;

/**
 * A line's leading CART speaker marker: `>> NAME:` (a label) or a bare `>>` (unknown speaker),
 * and the text after it. Displays and exports show the speaker their own way, without the marker.
 */
export function speakerMarkerOf(text: string): { marked: boolean; label: string | null; rest: string } {
  const label = LABEL.exec(text);
  if (label) return { marked: true, label: label[1]!.trim(), rest: text.slice(label[0].length) };
  const bare = BARE_MARKER.exec(text);
  if (bare) return { marked: true, label: null, rest: text.slice(bare[0].length) };
  return { marked: false, label: null, rest: text };
}

// One or more bracketed tags and nothing else: `(Gavel)`, `[applause]`, `（掌声）`, `(Laughter) (Applause)`.
const SOUND_TAGS = /^(?:[(\[（【][^()[\]（）【】\n]{1,60}[)\]）】]\s*)+$/u;

/**
 * Whether a line only describes a sound (the gavel, applause, laughter): it is said by no one,
 * so transcripts print it without a speaker, not as an unknown speaker's words.
 */
export function isSoundTag(text: string): boolean {
  return SOUND_TAGS.test(speakerMarkerOf(text.trim()).rest.trim());
}

/**
 * CART convention: `>> NAME:` names a new speaker, a bare `>>` marks an unknown one; a line
 * without a marker keeps the last label, else goes to whoever held the floor when it began.
 */
function speakerOf(text: string, stream: CaptionStream): { speaker: CaptionSpeaker; labelled: CaptionSpeaker | null } {
  const marker = speakerMarkerOf(text);
  if (marker.marked) {
    const speaker = { participantId: null, label: marker.label };
    return { speaker, labelled: speaker };
  }
  if (stream.labelled) return { speaker: stream.labelled, labelled: stream.labelled };
  return { speaker: { participantId: stream.tail.context.participantId, label: null }, labelled: null };
}

/**
 * Turns the tail into a committed line; blank tails are dropped, not committed. With `chars`,
 * only the tail's first `chars` code points: the rest stays the tail, dated from now and
 * attributed to the floor as it is now (a new speaker's first words are what follows the break).
 */
function commitTail(
  stream: CaptionStream,
  writer: string | null,
  now: number,
  chars?: number,
): [CaptionStream, CaptionLine | null] {
  const all = Array.from(stream.tail.text);
  const rest = chars === undefined ? '' : all.slice(chars).join('').trimStart();
  const text = (chars === undefined ? stream.tail.text : all.slice(0, chars).join('')).trim();
  const restTail: CaptionTail = rest ? { text: rest, startedAt: now, context: stream.context } : emptyTail(stream.context);
  if (!text || writer === null || stream.tail.startedAt === null) {
    return [{ ...stream, tail: restTail }, null];
  }
  const { speaker, labelled } = speakerOf(text, stream);
  const line: CaptionLine = {
    n: stream.lineCount + 1,
    text,
    language: stream.language,
    startedAt: stream.tail.startedAt,
    committedAt: now,
    writer,
    topicId: stream.tail.context.topicId,
    speaker,
  };
  return [{ ...stream, lines: [...stream.lines, line], lineCount: line.n, tail: restTail, labelled }, line];
}

/**
 * Longest tail a writer leaves uncommitted: text that never ends a line (Zoom-style posts
 * without a newline, a writer who never pauses) is committed in lines of about this length.
 */
export const TAIL_MAX_CHARS = 240;

/**
 * The end of the tail a writer may still be correcting: a break never falls inside it, so a
 * backspace of a word or two always finds its text (StreamText's and CAT programs' corrections
 * go back a few words; one caption row of StreamText's pull is 32 characters).
 */
export const TAIL_EDITABLE_CHARS = 32;

/** Sentence ends: Latin, Arabic, Devanagari and full-width punctuation. */
const SENTENCE_END = /[.!?…؟।。！？]/u;
/** Full-width sentence ends need no space after them (Chinese and Japanese use none). */
const WIDE_SENTENCE_END = /[。！？]/u;
const CLOSERS = /["'”’»)\]）」』]/u;
/** A full stop after one of these (or after a single letter, or inside `e.g.`) ends no sentence. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'no', 'nos', 'art', 'arts', 'para', 'paras', 'rev', 'sr', 'jr', 'hon', 'amb', 'gen', 'vol', 'p', 'pp', 'etc', 'vs', 'cf', 'approx', 'dept', 'fig']);

/** Whether a full stop at `index` (the word before it ending there) is an abbreviation's. */
function abbreviationAt(chars: string[], index: number): boolean {
  let start = index;
  while (start > 0 && !/\s/u.test(chars[start - 1]!)) start -= 1;
  const word = chars.slice(start, index).join('').replace(/^["'“‘«(\[]+/u, '');
  return word.length === 1 || word.includes('.') || ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Where the tail should become a line although its writer has not ended one, as the code
 * points to commit (0: not yet). The transcript and the archive then fill as text arrives,
 * one sentence a line, and the tail stays small:
 * - after a sentence end followed by a space (a full-width one needs none), when the next
 *   sentence does not start in lower case (`e.g. this`, `and then... we`), and not after an
 *   abbreviation (`Mr.`, `No.`, `U.S.`);
 * - before a CART speaker marker (`>>`), which starts a line of its own;
 * - past TAIL_MAX_CHARS without either: at the last space, else (scripts written without
 *   spaces, one endless word) between two characters.
 * Never within TAIL_EDITABLE_CHARS of the end, and never a line longer than TAIL_MAX_CHARS.
 * Explicit rules, no locale data: a stored log must break the same way on every server and
 * browser that replays it.
 */
export function tailBreak(tail: string): number {
  const chars = Array.from(tail);
  const limit = Math.min(chars.length - TAIL_EDITABLE_CHARS, TAIL_MAX_CHARS);
  if (limit <= 0) return 0;
  const started = (index: number) => chars.slice(0, index).join('').trim() !== '';
  for (let index = 1; index <= limit; index += 1) {
    const char = chars[index]!;
    if (char === '>' && chars[index + 1] === '>' && /\s/u.test(chars[index - 1]!) && started(index)) return index;
    if (WIDE_SENTENCE_END.test(chars[index - 1]!) && !WIDE_SENTENCE_END.test(char) && started(index)) return index;
    if (!/\s/u.test(char)) continue;
    let end = index - 1;
    while (end > 0 && CLOSERS.test(chars[end]!)) end -= 1;
    if (!SENTENCE_END.test(chars[end]!) || (chars[end] === '.' && abbreviationAt(chars, end))) continue;
    let next = index;
    while (next < chars.length && /\s/u.test(chars[next]!)) next += 1;
    if (next < chars.length && /\p{Ll}/u.test(chars[next]!)) continue;
    if (started(index)) return index;
  }
  if (chars.length <= TAIL_MAX_CHARS) return 0;
  for (let index = limit; index > 0; index -= 1) if (/\s/u.test(chars[index]!) && started(index)) return index;
  // No space to break at: never between a letter and its combining marks.
  let index = limit;
  while (index > 1 && /\p{M}/u.test(chars[index]!)) index -= 1;
  return index;
}

function write(
  stream: CaptionStream,
  writer: string,
  erase: number,
  text: string,
  now: number,
): { stream: CaptionStream; committed: CaptionLine[] } {
  // Code points, not UTF-16 units: a backspace never splits an Arabic letter or an emoji.
  const kept = Array.from(stream.tail.text);
  let next: CaptionStream = {
    ...stream,
    tail: { ...stream.tail, text: kept.slice(0, Math.max(0, kept.length - erase)).join('') },
  };
  const committed: CaptionLine[] = [];
  const pieces = text.split('\n');
  pieces.forEach((piece, index) => {
    if (index > 0) {
      const [afterCommit, line] = commitTail(next, writer, now);
      next = afterCommit;
      if (line) committed.push(line);
    }
    if (!piece) return;
    const startedAt = next.tail.text === '' ? now : next.tail.startedAt;
    const context = next.tail.text === '' ? next.context : next.tail.context;
    next = { ...next, tail: { text: next.tail.text + piece, startedAt, context } };
  });
  if (next.tail.text === '') next = { ...next, tail: emptyTail(next.context) };
  return { stream: { ...next, lastInputAt: now }, committed };
}

/**
 * Whether the stream's writer has been silent for the quiet period: the next seat or feed to
 * write then gets the stream (the server hands it over), so any seat may start.
 */
export function writerSilent(stream: Pick<CaptionStream, 'lastInputAt'>, now: number, quietMs: number): boolean {
  return now - (stream.lastInputAt ?? 0) >= quietMs;
}

const writerIdOf = (actor: CaptionActor): string | null =>
  actor.kind === 'captioner' ? actor.linkId : actor.kind === 'feed' ? actor.feedId : null;

/**
 * The outgoing writer's tail is committed under their name, so nothing is lost or repeated.
 * The incoming writer counts as just heard from, so the quiet-period rule cannot hand the
 * stream straight back.
 */
function handOver(stream: CaptionStream, to: string, now: number): Result<CaptionTransition> {
  const [next, line] = commitTail(stream, stream.writer, now);
  return ok({ stream: { ...next, writer: to, lastInputAt: now }, committed: line ? [line] : [], duplicate: false });
}

/**
 * The seq rule for sending software, after Zoom's ("seq increments per new caption, and not on
 * a retry"), applied per sender and language:
 * - a seq higher than the last applied one is a new caption (gaps are fine: some senders skip
 *   a seq after a failed post);
 * - the same seq with the same body is a retry: acknowledged, not applied again;
 * - the same seq with a body that extends the one applied is a resend (StreamText resends
 *   everything since its last success): only the extension is new;
 * - seq 1 below the last seq is a restarted sender, a new session: applied;
 * - any other lower seq (seq 0 included) is older than what was applied, and the same seq with
 *   other text is a reuse: both are refused with an error the sender sees, never a 200.
 */
export type IngestVerdict = { kind: 'new' | 'restart' | 'retry' | 'old' | 'reused' } | { kind: 'resend'; applied: string };

export function ingestVerdict(cursor: Pick<IngestCursor, 'seq' | 'post'> | undefined, seq: number, post: string): IngestVerdict {
  if (!cursor || seq > cursor.seq) return { kind: 'new' };
  if (seq === cursor.seq && post === cursor.post) return { kind: 'retry' };
  if (seq === cursor.seq && cursor.post !== '' && post.startsWith(cursor.post)) return { kind: 'resend', applied: cursor.post };
  if (seq === 1) return { kind: 'restart' };
  return { kind: seq === cursor.seq ? 'reused' : 'old' };
}

/** Scripts written without spaces between words: a boundary between posts there is no word break. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\u3000-\u303f\uff00-\uffef]/u;
const CLOSING = /^[.,;:!?)\]}»”’…]/u;

/**
 * A post as it joins the tail: Zoom-style senders post words or lines without the space
 * between them, so one is added, except where none belongs: across Chinese, Japanese, Thai and
 * other scripts written without spaces, before closing punctuation, or where one already is.
 */
export function joinPost(tail: string, text: string): string {
  if (!tail || !text || /\s$/u.test(tail) || /^\s/u.test(text) || CLOSING.test(text)) return text;
  const last = Array.from(tail).at(-1)!;
  const first = Array.from(text)[0]!;
  return UNSPACED.test(last) || UNSPACED.test(first) ? text : ` ${text}`;
}

export interface Delta {
  erase: number;
  text: string;
}

/**
 * Raw realtime text (StreamText's ingestion, a CAT program's "ANSI" realtime output) as one
 * write: each backspace or delete erases the character before it, in order, never reaching
 * back past a line break (that line is committed); CR and CRLF are line breaks, a tab is a
 * space, other control codes are dropped.
 */
export function realtimeDelta(raw: string): Delta {
  let erase = 0;
  const kept: string[] = [];
  for (const char of raw.replace(/\r\n?/g, '\n')) {
    if (char === '\b' || char === '\x7f') {
      if (kept.length === 0) erase += 1;
      else if (kept.at(-1) !== '\n') kept.pop();
    } else if (char === '\t') kept.push(' ');
    else if (char === '\n' || !/\p{Cc}/u.test(char)) kept.push(char);
  }
  return { erase, text: kept.join('') };
}

/** How a sender's posts relate: each adds to the last, each is the whole window, or raw realtime text. */
export type PostFormat = 'append' | 'window' | 'realtime';

/** How soon after a post its resend under a new seq is recognised. */
export const RESEND_WINDOW_MS = 30_000;
/** Shortest repeated post taken for a resend: a repeated word (`that that`) is meant. */
export const RESEND_MIN_CHARS = 12;

/**
 * StreamText resends "all of the content since the last successful message" after a failed
 * post, and its documentation does not say under which seq. When the post was applied but its
 * reply was lost, the resend under a new seq starts with that whole post again. So a post that
 * starts with exactly the sender's last post, sent within RESEND_WINDOW_MS of it, is taken to
 * repeat it: how much of its start is already applied. Conservative: a post shorter than
 * RESEND_MIN_CHARS is never taken for a resend, so words a writer repeats are kept.
 */
export function resendOverlap(cursor: IngestCursor | undefined, post: string, now: number): number {
  if (!cursor || now - cursor.at > RESEND_WINDOW_MS || codePoints(cursor.post) < RESEND_MIN_CHARS) return 0;
  return post.length > cursor.post.length && post.startsWith(cursor.post) ? cursor.post.length : 0;
}

/**
 * One post from sending software as the caption write it makes, judged by the seq rule
 * against the sender's cursor in `stream`. The server runs it for every HTTP post and pull;
 * applyCaption then checks the same rule again when the write is applied.
 */
export function ingestWrite(
  stream: CaptionStream | null,
  senderId: string,
  seq: number,
  post: string,
  format: PostFormat,
  /** For senders that resend under a new seq (StreamText's push): when the post arrived. */
  resendsAt?: number,
): { verdict: IngestVerdict; command: Extract<CaptionCommand, { type: 'caption:write' }> } {
  const cursor = stream?.ingest[senderId];
  const ruled = ingestVerdict(cursor, seq, post);
  const overlap = ruled.kind === 'new' && resendsAt !== undefined ? resendOverlap(cursor, post, resendsAt) : 0;
  const verdict: IngestVerdict = overlap > 0 ? { kind: 'resend', applied: post.slice(0, overlap) } : ruled;
  const fresh = verdict.kind === 'resend' ? post.slice(verdict.applied.length) : post;
  const previous = verdict.kind === 'new' ? (cursor?.post ?? '') : verdict.kind === 'resend' ? verdict.applied : '';
  const written = format === 'realtime' ? realtimeDelta(fresh) : format === 'window' ? windowDelta(previous, post) : { erase: 0, text: fresh };
  // A post that starts something joins the tail with a space where words meet: an appended post,
  // and a restarted sender's first text, which does not continue what its last session left. What
  // continues the sender's own text (realtime keystrokes, a window's growth, a resend) is written as it came.
  const joins = verdict.kind === 'restart' ? written.erase === 0 : format === 'append' && verdict.kind !== 'resend';
  const delta = joins ? { erase: 0, text: joinPost(stream?.tail.text ?? '', written.text) } : written;
  return { verdict, command: { type: 'caption:write', erase: Math.min(delta.erase, MAX_DELTA_CHARS), text: delta.text, ingest: { seq, post } } };
}

const codePoints = (text: string) => Array.from(text).length;

function commonPrefix(a: string, b: string): string {
  const left = Array.from(a);
  const right = Array.from(b);
  let index = 0;
  while (index < left.length && index < right.length && left[index] === right[index]) index += 1;
  return left.slice(0, index).join('');
}

/**
 * Senders that post their whole caption window each time (plover2CAT's rolling captions, its
 * Teams sender) repeat what they posted before: the new window starts at one of the previous
 * window's lines, the oldest lines having scrolled away. Only what follows is new; a changed
 * last line is erased back to where it differs. A window that shares nothing starts a line.
 */
export function windowDelta(previous: string, post: string): Delta {
  if (!previous) return { erase: 0, text: post };
  const lines = previous.split('\n');
  const last = lines.at(-1)!;
  for (let start = 0; start < lines.length; start += 1) {
    const head = lines.slice(start, -1).map((line) => `${line}\n`).join('');
    if (!post.startsWith(head)) continue;
    const rest = post.slice(head.length);
    const shared = commonPrefix(last, rest);
    if (head === '' && shared === '') break;
    return { erase: codePoints(last) - codePoints(shared), text: rest.slice(shared.length) };
  }
  return { erase: 0, text: `\n${post}` };
}

/**
 * The caption stream's one transition function, pure like the meeting's: the server runs it
 * to accept a command, viewers run it on each broadcast, and replaying the log rebuilds it.
 */
export function applyCaption(
  stream: CaptionStream,
  command: CaptionCommand,
  { actor, now }: CaptionContext,
): Result<CaptionTransition> {
  const done = (next: CaptionStream, committed: CaptionLine[] = [], duplicate = false) =>
    ok({ stream: next, committed, duplicate });
  switch (command.type) {
    case 'caption:write': {
      const writer = writerIdOf(actor);
      if (writer === null) return fail('FORBIDDEN');
      const verdict = command.ingest && ingestVerdict(stream.ingest[writer], command.ingest.seq, command.ingest.post);
      // A retry of a post already applied is acknowledged even after a hand-over: it is in the stream.
      if (verdict?.kind === 'retry') return done(stream, [], true);
      if (stream.writer !== null && stream.writer !== writer) return fail('CAPTION_NOT_WRITER');
      if (verdict?.kind === 'old') return fail('CAPTION_SEQ_OLD');
      if (verdict?.kind === 'reused') return fail('CAPTION_SEQ_REUSED');
      const written = write({ ...stream, writer }, writer, command.erase, command.text, now);
      const ingest = command.ingest
        ? { ...stream.ingest, [writer]: { seq: command.ingest.seq, post: command.ingest.post, at: now } }
        : stream.ingest;
      return done({ ...written.stream, ingest }, written.committed);
    }
    case 'caption:commit': {
      if (actor.kind !== 'system') return fail('FORBIDDEN');
      const [next, line] = commitTail(stream, stream.writer, now, command.chars);
      return done(next, line ? [line] : []);
    }
    case 'caption:context': {
      if (actor.kind !== 'system') return fail('FORBIDDEN');
      // A new floor holder ends the reach of the last label.
      const labelled = command.context.participantId === stream.context.participantId ? stream.labelled : null;
      return done({ ...stream, context: command.context, labelled });
    }
    case 'caption:takeOver': {
      if (actor.kind !== 'captioner') return fail('FORBIDDEN');
      if (stream.writer === actor.linkId) return done(stream, [], true);
      // The outgoing writer's tail is committed under their name, so nothing is lost or repeated.
      return handOver(stream, actor.linkId, now);
    }
    case 'caption:handOver': {
      if (actor.kind !== 'system') return fail('FORBIDDEN');
      if (stream.writer === command.to) return done(stream, [], true);
      return handOver(stream, command.to, now);
    }
    default:
      return exhaustive(command);
  }
}

const wordSegmenter = madeOnce((locale: string) => new Intl.Segmenter(locale, { granularity: 'word' }));

/**
 * The pieces a row may break between: words, with the punctuation that closes them (a full
 * stop, a comma, a closing bracket) after them and the punctuation that opens them (an opening
 * bracket or quote after a space) before them, and the spaces between. A row never starts with
 * a full stop that did not fit after its word.
 */
function breakableUnits(text: string, locale: string): string[] {
  const units: string[] = [];
  // The last unit is punctuation that opens what follows: the next word joins it.
  let opening = false;
  for (const { segment, isWordLike } of wordSegmenter(locale).segment(text)) {
    const last = units.length - 1;
    if (segment.trim() === '') {
      units.push(segment);
      opening = false;
    } else if (last >= 0 && units[last]!.trim() !== '' && (!isWordLike || opening)) {
      units[last] += segment;
      opening &&= !isWordLike;
    } else {
      units.push(segment);
      opening = !isWordLike;
    }
  }
  return units;
}

/**
 * Text broken into rows of at most `length` characters: at spaces, and anywhere between words
 * of scripts written without spaces (Intl.Segmenter finds those words), punctuation kept with
 * its word. A word longer than a row is cut.
 */
export function wrapRows(text: string, length: number, locale: string): string[] {
  const width = Math.max(1, Math.floor(length));
  const rows: string[] = [];
  let row = '';
  for (const unit of breakableUnits(text.trim(), locale)) {
    if (codePoints(row) + codePoints(unit) <= width) {
      row += unit;
      continue;
    }
    if (row.trim()) rows.push(row.trimEnd());
    row = unit.trimStart();
    while (codePoints(row) > width) {
      const chars = Array.from(row);
      rows.push(chars.slice(0, width).join(''));
      row = chars.slice(width).join('');
    }
  }
  if (row.trim()) rows.push(row.trimEnd());
  return rows;
}

/** The last `count` overlay rows of `length` characters, always exactly `count` (empty ones last). */
export function overlayRows(stream: Pick<CaptionStream, 'lines' | 'tail' | 'language'>, count: number, length: number): string[] {
  const rows = recentLines(stream, count).flatMap((line) => wrapRows(line, length, stream.language)).slice(-count);
  return [...rows, ...Array.from({ length: count - rows.length }, () => '')];
}

/** Lines a viewer sees: the last `count` committed lines plus the tail. */
export function recentLines(stream: Pick<CaptionStream, 'lines' | 'tail'>, count: number): string[] {
  const committed = stream.lines.slice(Math.max(0, stream.lines.length - count)).map((line) => line.text);
  return stream.tail.text.trim() ? [...committed, stream.tail.text].slice(-count) : committed;
}

/** A snapshot keeps only the recent lines; the rest stay in the log and the archive. */
export function trimmedForSnapshot(stream: CaptionStream, keepLines: number): CaptionStream {
  return { ...stream, lines: stream.lines.slice(Math.max(0, stream.lines.length - keepLines)) };
}
