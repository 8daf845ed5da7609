import type { CaptionLine } from '../../../shared/captions/model.js';

/** Line numbers `from` to `to`, both included. */
export interface LineRange {
  from: number;
  to: number;
}

export const rangeSize = (ranges: readonly LineRange[]): number => ranges.reduce((sum, range) => sum + range.to - range.from + 1, 0);

/**
 * The lines of both, by line number, each once: a line already held stays as it is (a line
 * never changes once committed). Both are in line order, so this is one merge pass.
 */
export function mergeLines(held: readonly CaptionLine[], incoming: readonly CaptionLine[]): CaptionLine[] {
  const merged: CaptionLine[] = [];
  let a = 0;
  let b = 0;
  while (a < held.length || b < incoming.length) {
    const left = held[a];
    const right = incoming[b];
    const next = !right || (left && left.n <= right.n) ? left! : right;
    if (next === left) a += 1;
    else b += 1;
    if (left && right && left.n === right.n) b += 1;
    if (merged.at(-1)?.n !== next.n) merged.push(next);
  }
  return merged;
}

/**
 * The holes between held lines: what a page that came back after a long absence did not get.
 * Lines before the first held one are not missing: a page that joins late starts there.
 */
export function holesIn(lines: readonly CaptionLine[]): LineRange[] {
  const holes: LineRange[] = [];
  for (let index = 1; index < lines.length; index += 1) {
    const before = lines[index - 1]!.n;
    const after = lines[index]!.n;
    if (after > before + 1) holes.push({ from: before + 1, to: after - 1 });
  }
  return holes;
}

/** `ranges` without what `taken` covers; both sorted and without overlaps of their own. */
export function withoutRanges(ranges: readonly LineRange[], taken: readonly LineRange[]): LineRange[] {
  const left: LineRange[] = [];
  for (const range of ranges) {
    let from = range.from;
    for (const cut of taken) {
      if (cut.to < from || cut.from > range.to) continue;
      if (cut.from > from) left.push({ from, to: cut.from - 1 });
      from = Math.max(from, cut.to + 1);
    }
    if (from <= range.to) left.push({ from, to: range.to });
  }
  return left;
}

/** `ranges` and `range` as sorted ranges without overlaps, adjacent ones joined. */
export function addRange(ranges: readonly LineRange[], range: LineRange): LineRange[] {
  const sorted = [...ranges, range].sort((x, y) => x.from - y.from);
  const joined: LineRange[] = [];
  for (const next of sorted) {
    const last = joined.at(-1);
    if (last && next.from <= last.to + 1) joined[joined.length - 1] = { from: last.from, to: Math.max(last.to, next.to) };
    else joined.push({ ...next });
  }
  return joined;
}
