import { z } from 'zod';
import { Id, Language, Timestamp } from '../meeting/model.js';

/** Who a caption line is attributed to. */
export const CaptionSpeaker = z.object({
  /** The floor holder the line was attributed to, when no label named someone else. */
  participantId: Id.nullable(),
  /** Name from an explicit `>> NAME:` label; null when unlabelled or after a bare `>>`. */
  label: z.string().max(120).nullable(),
});
export type CaptionSpeaker = z.infer<typeof CaptionSpeaker>;

export const CaptionLine = z.object({
  /** 1-based position of the line in its stream. */
  n: z.number().int().positive(),
  text: z.string(),
  language: Language,
  /** Time of the line's first character. */
  startedAt: Timestamp,
  committedAt: Timestamp,
  /** Link id of the captioner seat that wrote it. */
  writer: Id,
  topicId: Id.nullable(),
  speaker: CaptionSpeaker,
});
export type CaptionLine = z.infer<typeof CaptionLine>;

/** What is happening in the meeting, as the caption stream last heard it. */
export const FloorContext = z.object({ topicId: Id.nullable(), participantId: Id.nullable() });
export type FloorContext = z.infer<typeof FloorContext>;

/** The provisional, still editable text after the last committed line. */
export const CaptionTail = z.object({
  text: z.string(),
  startedAt: Timestamp.nullable(),
  /** The meeting's floor when the tail's first character arrived. */
  context: FloorContext,
});
export type CaptionTail = z.infer<typeof CaptionTail>;

/** The last post applied from one sender: its `seq`, its body as received, and when. */
export const IngestCursor = z.object({
  seq: z.number().int().nonnegative(),
  post: z.string(),
  at: Timestamp,
});
export type IngestCursor = z.infer<typeof IngestCursor>;

/** Largest body a sending tool may post at once. */
export const MAX_POST_CHARS = 16_000;

export const CaptionStream = z.object({
  language: Language,
  /** Committed lines; a snapshot carries only the most recent ones. */
  lines: z.array(CaptionLine),
  lineCount: z.number().int().nonnegative(),
  tail: CaptionTail,
  /** The one seat allowed to write; the first to write claims it, the other takes over. */
  writer: Id.nullable(),
  lastInputAt: Timestamp.nullable(),
  context: FloorContext,
  /** Speaker named by the last label; it holds until the floor changes or another label. */
  labelled: CaptionSpeaker.nullable(),
  /** Where each seat's (or feed's) sending software stands: the last post applied. */
  ingest: z.record(Id, IngestCursor),
});
export type CaptionStream = z.infer<typeof CaptionStream>;

/** Longest text one delta may carry; CAT software posts a few words at a time. */
export const MAX_DELTA_CHARS = 4000;

// Control characters other than newline would reach screens as garbage.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/g;

export const DeltaText = z
  .string()
  .max(MAX_DELTA_CHARS)
  .refine((text) => !new RegExp(CONTROL.source).test(text), 'control characters are not allowed');

// Embeddings, overrides and isolates: a right-to-left override in a caption would turn the rest of its line around on every screen (U+202E).
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Caption text as keyboards and CAT software send it, in the stream's terms: line breaks
 * (CR, CRLF) become newlines, each of which commits a line, tabs become spaces, and bidi
 * embedding, override and isolate controls are dropped (each line is shown isolated already;
 * the marks LRM and RLM stay).
 */
export function normaliseCaptionText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(BIDI_CONTROLS, '');
}

/** Typed text as the stream accepts it: normalised, other control characters dropped. */
export function cleanCaptionText(text: string): string {
  return normaliseCaptionText(text).replace(CONTROL, '');
}

export const CaptionCommand = z.discriminatedUnion('type', [
  /** Erase characters from the end of the tail, then append text; a newline commits a line. */
  z.strictObject({
    type: z.literal('caption:write'),
    erase: z.number().int().min(0).max(MAX_DELTA_CHARS),
    text: DeltaText,
    /**
     * Present for posts from sending software (Zoom-style, StreamText, a pulled feed): the
     * post's `seq` and body, checked against the sender's cursor by the seq rule (stream.ts).
     */
    ingest: z.strictObject({ seq: z.number().int().nonnegative(), post: z.string().max(MAX_POST_CHARS) }).optional(),
  }),
  /**
   * The tail becomes a line: all of it when the quiet period passed, or only its first `chars`
   * code points at a sentence or length boundary (tailBreak), the rest staying editable.
   */
  z.strictObject({ type: z.literal('caption:commit'), chars: z.number().int().positive().optional() }),
  /** The floor or the topic changed in the meeting. */
  z.strictObject({ type: z.literal('caption:context'), context: FloorContext }),
  /** The other seat of the team takes the stream over. */
  z.strictObject({ type: z.literal('caption:takeOver') }),
  /**
   * The server hands the stream to a seat or feed: the writer fell silent for the quiet period
   * and another posted, or the lead captioner or the chair switched the provider.
   */
  z.strictObject({
    type: z.literal('caption:handOver'),
    to: Id,
    reason: z.enum(['quiet', 'switched']),
    /** Link id of whoever switched the provider. */
    by: Id.nullable(),
  }),
]);
export type CaptionCommand = z.infer<typeof CaptionCommand>;

export const CaptionActor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('captioner'), linkId: Id }),
  /** The server itself: quiet-period commits, floor changes, hand-overs. */
  z.object({ kind: z.literal('system') }),
  /** A feed the server pulls for the meeting (a StreamText event); it writes like a seat. */
  z.object({ kind: z.literal('feed'), feedId: Id }),
]);
export type CaptionActor = z.infer<typeof CaptionActor>;

/**
 * Caption logs written before the seq rule kept each post's body stored a Zoom-style post's
 * number alone (`ingestSeq`); such an entry reads as a post of its own text, so old meetings
 * replay and their senders' cursors carry on.
 */
function upgradeStoredCommand(command: unknown): unknown {
  if (typeof command !== 'object' || command === null || !('ingestSeq' in command)) return command;
  const { ingestSeq, ...rest } = command as { ingestSeq: unknown; text?: unknown };
  return { ...rest, ingest: { seq: ingestSeq, post: typeof rest.text === 'string' ? rest.text.trimStart() : '' } };
}

export const CaptionLogEntry = z.object({
  seq: z.number().int().positive(),
  at: Timestamp,
  actor: CaptionActor,
  command: z.preprocess(upgradeStoredCommand, CaptionCommand),
});
export type CaptionLogEntry = z.infer<typeof CaptionLogEntry>;

/** Default quiet period after which the tail commits. */
export const QUIET_COMMIT_MS = 3000;
