import type { Language } from '../meeting/model.js';
import { fail, ok, exhaustive, type Result } from '../result.js';
import type {
  CaptionActor,
  CaptionCommand,
  CaptionLine,
  CaptionSpeaker,
  CaptionStream,
  CaptionTail,
  FloorContext,
} from './model.js';

export interface CaptionContext {
  actor: CaptionActor;
  now: number;
}

export interface CaptionTransition {
  stream: CaptionStream;
  /** Lines this command committed, in order. */
  committed: CaptionLine[];
  /** A CAT-software retry of a seq already applied: acknowledge, log nothing. */
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
    ingestSeqs: {},
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

/** Turns the tail into a committed line; blank tails are dropped, not committed. */
function commitTail(stream: CaptionStream, writer: string | null, now: number): [CaptionStream, CaptionLine | null] {
  const text = stream.tail.text.trim();
  if (!text || writer === null || stream.tail.startedAt === null) {
    return [{ ...stream, tail: emptyTail(stream.context) }, null];
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
  return [
    { ...stream, lines: [...stream.lines, line], lineCount: line.n, tail: emptyTail(stream.context), labelled },
    line,
  ];
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
      if (actor.kind !== 'captioner') return fail('FORBIDDEN');
      if (stream.writer !== null && stream.writer !== actor.linkId) return fail('CAPTION_NOT_WRITER');
      if (command.ingestSeq !== undefined && command.ingestSeq <= (stream.ingestSeqs[actor.linkId] ?? -1)) {
        return done(stream, [], true);
      }
      const written = write({ ...stream, writer: actor.linkId }, actor.linkId, command.erase, command.text, now);
      const ingestSeqs =
        command.ingestSeq === undefined ? stream.ingestSeqs : { ...stream.ingestSeqs, [actor.linkId]: command.ingestSeq };
      return done({ ...written.stream, ingestSeqs }, written.committed);
    }
    case 'caption:commit': {
      if (actor.kind !== 'system') return fail('FORBIDDEN');
      const [next, line] = commitTail(stream, stream.writer, now);
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
      if (stream.writer === actor.linkId) return done(stream);
      // The outgoing writer's tail is committed under their name, so nothing is lost or repeated.
      const [next, line] = commitTail(stream, stream.writer, now);
      return done({ ...next, writer: actor.linkId }, line ? [line] : []);
    }
    default:
      return exhaustive(command);
  }
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
