import { cleanCaptionText, MAX_DELTA_CHARS } from '../../../shared/captions/model.js';

/**
 * The captioner's text as deltas: erase code points from the end of the provisional tail,
 * then append text (a newline commits the tail as a line), exactly as `caption:write` does.
 * Everything here is pure; the writer (writer.ts) adds the timing and the socket.
 */
export interface Delta {
  erase: number;
  text: string;
}

/**
 * The smallest delta that turns `sent` into `value`: keep their common prefix, erase the rest
 * of `sent`, append the rest of `value`. Counted in code points, like the server, so a
 * correction never splits an Arabic letter or an emoji. Null when nothing changed.
 */
export function typedDelta(sent: string, value: string): Delta | null {
  if (sent === value) return null;
  const before = Array.from(sent);
  const after = Array.from(value);
  let common = 0;
  while (common < before.length && common < after.length && before[common] === after[common]) common += 1;
  return { erase: before.length - common, text: after.slice(common).join('') };
}

/** `tail` after a delta, newlines kept as text (the server would commit at each one). */
export function applyDelta(tail: string, delta: Delta): string {
  const kept = Array.from(tail);
  return kept.slice(0, Math.max(0, kept.length - delta.erase)).join('') + delta.text;
}

/** The text after the last newline: what is still provisional once everything is sent. */
export function afterLastNewline(text: string): string {
  return text.slice(text.lastIndexOf('\n') + 1);
}

/**
 * Typing as the server accepts it: line breaks become newlines (each commits a line), tabs
 * become spaces, and other control characters, which the server refuses, are dropped.
 */
export function cleanTyped(text: string): string {
  return cleanCaptionText(text);
}

/**
 * The writing area's state. `sent` is the tail as the server has it once every delta sent so
 * far is applied; it never holds a newline. `value` is what the captioner wants the tail to
 * become: it may still hold newlines (lines committed with Enter but not sent yet), and the
 * writing area shows only what follows the last of them.
 */
export interface Draft {
  sent: string;
  value: string;
}

export const emptyDraft: Draft = { sent: '', value: '' };

/** What the writing area shows: the provisional tail only. */
export function visibleText(draft: Draft): string {
  return afterLastNewline(draft.value);
}

/** The writing area now reads `visible` (a keystroke, a correction, a paste). */
export function editVisible(draft: Draft, visible: string): Draft {
  const frozen = draft.value.slice(0, draft.value.lastIndexOf('\n') + 1);
  return { ...draft, value: frozen + cleanTyped(visible) };
}

/** Enter: the tail becomes a line. Nothing to commit when the area is empty. */
export function commitDraft(draft: Draft): Draft {
  return visibleText(draft) === '' ? draft : { ...draft, value: `${draft.value}\n` };
}

/**
 * The next delta to send, and the draft once it is sent. A delta carries at most `maxChars`
 * (the server's limit); `more` says another one must follow. Committed lines leave the
 * draft as soon as their newline is sent.
 */
export function flushDraft(
  draft: Draft,
  maxChars: number = MAX_DELTA_CHARS,
): { delta: Delta | null; draft: Draft; more: boolean } {
  const wanted = typedDelta(draft.sent, draft.value);
  if (!wanted) return { delta: null, draft, more: false };
  let delta = wanted;
  let more = false;
  if (wanted.erase > maxChars) {
    delta = { erase: maxChars, text: '' };
    more = true;
  } else if (wanted.text.length > maxChars) {
    delta = { erase: wanted.erase, text: cutAt(wanted.text, maxChars) };
    more = true;
  }
  // `applied` is a prefix of `value`, or (erase cut short) what remains of `sent`.
  const applied = applyDelta(draft.sent, delta);
  const lastNewline = applied.lastIndexOf('\n');
  if (lastNewline < 0) return { delta, draft: { sent: applied, value: draft.value }, more };
  return {
    delta,
    draft: { sent: applied.slice(lastNewline + 1), value: draft.value.slice(lastNewline + 1) },
    more,
  };
}

/** At most `max` UTF-16 units of `text`, never splitting a code point. */
function cutAt(text: string, max: number): string {
  let length = 0;
  for (const char of text) {
    if (length + char.length > max) break;
    length += char.length;
  }
  return text.slice(0, length);
}

/**
 * The server's tail changed under the draft (a quiet-period commit, a take-over, a refused
 * delta): keep the captioner's unsent edits, replayed on top of what the server now has.
 */
export function rebaseDraft(draft: Draft, serverTail: string): Draft {
  const pending = typedDelta(draft.sent, draft.value);
  return { sent: serverTail, value: pending ? applyDelta(serverTail, pending) : serverTail };
}

/** Inserts `insert` in place of the selection; answers the new text and the caret after it. */
export function insertAtSelection(
  visible: string,
  start: number,
  end: number,
  insert: string,
): { visible: string; caret: number } {
  const from = Math.max(0, Math.min(start, visible.length));
  const to = Math.max(from, Math.min(end, visible.length));
  const before = visible.slice(0, from);
  const after = visible.slice(to);
  const lead = before !== '' && !/\s$/u.test(before) ? ' ' : '';
  const trail = after === '' || !/^\s/u.test(after) ? ' ' : '';
  const text = `${before}${lead}${insert}${trail}${after}`;
  return { visible: text, caret: before.length + lead.length + insert.length + trail.length };
}

/**
 * A speaker label begins a line (CART convention, and how the server attributes lines): over
 * an empty area it replaces it, otherwise the current tail is committed first.
 */
export function startSpeakerLine(draft: Draft, marker: string): Draft {
  const visible = visibleText(draft);
  if (visible.trim() === '') return editVisible(draft, marker);
  return { ...draft, value: `${draft.value}\n${marker}` };
}
