import type { CaptionLine, CaptionSpeaker } from '../captions/model.js';
import type { Language, RecordCorrection, RecordEdit } from '../meeting/model.js';

/** A transcript line of the record: one caption line, or several joined by the secretariat. */
export interface ReviewedLine {
  /** Positions of the caption lines it is made of, in stream order. */
  lines: number[];
  text: string;
  startedAt: number;
  committedAt: number;
  writer: string;
  topicId: string | null;
  speaker: CaptionSpeaker;
  /** Whether the secretariat named the speaker (a sound tag then keeps the name given). */
  speakerCorrected: boolean;
}

type LineEdit = Extract<RecordEdit, { kind: 'mergeLines' | 'setSpeaker' }>;

const isLineEdit = (edit: RecordEdit, language: Language): edit is LineEdit =>
  (edit.kind === 'mergeLines' || edit.kind === 'setSpeaker') && edit.language === language;

/** Where an edit applies in the lines as corrected so far, or -1 when it no longer applies. */
function targetOf(lines: readonly ReviewedLine[], edit: LineEdit): number {
  if (edit.kind === 'mergeLines') {
    // A line joins the one after it; it is named by its first caption line, and so is the one after it.
    const index = lines.findIndex((line) => line.lines[0] === edit.line);
    if (index < 0 || index === lines.length - 1) return -1;
    return edit.next === undefined || lines[index + 1]!.lines[0] === edit.next ? index : -1;
  }
  return lines.findIndex((line) => line.lines.includes(edit.line));
}

function applyLineEdit(lines: readonly ReviewedLine[], index: number, edit: LineEdit): ReviewedLine[] {
  const target = lines[index]!;
  if (edit.kind === 'setSpeaker') {
    const speaker = { participantId: edit.participantId, label: edit.label };
    return lines.map((line, i) => (i === index ? { ...line, speaker, speakerCorrected: true } : line));
  }
  const next = lines[index + 1]!;
  const joined: ReviewedLine = {
    ...target,
    lines: [...target.lines, ...next.lines],
    text: `${target.text} ${next.text}`,
    committedAt: next.committedAt,
  };
  return [...lines.slice(0, index), joined, ...lines.slice(index + 2)];
}

/**
 * One language's transcript with the secretariat's corrections applied in the order they were
 * made. The caption stream is not changed; an edit whose line is gone (a later revert of the
 * merge it relied on) is skipped and not counted.
 */
export function reviewedLines(
  captionLines: readonly CaptionLine[],
  language: Language,
  corrections: readonly RecordCorrection[],
): { lines: ReviewedLine[]; applied: number } {
  let lines: ReviewedLine[] = captionLines.map((line) => ({
    lines: [line.n],
    text: line.text,
    startedAt: line.startedAt,
    committedAt: line.committedAt,
    writer: line.writer,
    topicId: line.topicId,
    speaker: line.speaker,
    speakerCorrected: false,
  }));
  let applied = 0;
  for (const { edit } of corrections) {
    if (!isLineEdit(edit, language)) continue;
    const index = targetOf(lines, edit);
    if (index < 0) continue;
    lines = applyLineEdit(lines, index, edit);
    applied += 1;
  }
  return { lines, applied };
}

/**
 * Whether a transcript edit can be made now, checked by the adapter that holds the caption
 * streams (the meeting's own transition cannot see them): `applies`; `changed` when the lines it
 * names are there but another correction joined them otherwise meanwhile (a second secretary
 * pressing the same "Join with next line"); `missing` when there is no such line, or no line
 * after it to join.
 */
export function lineEditVerdict(
  captionLines: readonly CaptionLine[],
  corrections: readonly RecordCorrection[],
  edit: LineEdit,
): 'applies' | 'changed' | 'missing' {
  const { lines } = reviewedLines(captionLines, edit.language, corrections);
  if (targetOf(lines, edit) >= 0) return 'applies';
  if (edit.kind !== 'mergeLines') return 'missing';
  const index = lines.findIndex((line) => line.lines.includes(edit.line));
  if (index < 0) return 'missing';
  const joinedToTheOneBefore = lines[index]!.lines[0] !== edit.line;
  return joinedToTheOneBefore || edit.next !== undefined ? 'changed' : 'missing';
}
