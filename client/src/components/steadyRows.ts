import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/** A row as a list shows it: `left` when it left the list while someone was working on it. */
export interface SteadyRow<T> {
  row: T;
  left: boolean;
}

/**
 * The rows to show next without moving any row already shown: a row that left stays where it
 * was, marked as left, unless this page let it go (its own decision); a row that stayed keeps
 * its place and takes its new value; a row that arrived goes after all of them.
 */
export function steadyRows<T>(shown: readonly SteadyRow<T>[], next: readonly T[], keyOf: (row: T) => string, lettingGo: ReadonlySet<string>): SteadyRow<T>[] {
  const arrived = new Map(next.map((row) => [keyOf(row), row]));
  const rows: SteadyRow<T>[] = [];
  for (const { row } of shown) {
    const key = keyOf(row);
    const now = arrived.get(key);
    if (now !== undefined) {
      rows.push({ row: now, left: false });
      arrived.delete(key);
    } else if (!lettingGo.has(key)) {
      rows.push({ row, left: true });
    }
  }
  for (const row of arrived.values()) rows.push({ row, left: false });
  return rows;
}

/**
 * The rows to show next in their new order, each row that left kept just after the row it
 * followed (or first), unless this page let it go: for a list whose order must show at once
 * (the speakers' list, which another console reorders), where only departures are held.
 */
export function withDeparted<T>(shown: readonly SteadyRow<T>[], next: readonly T[], keyOf: (row: T) => string, lettingGo: ReadonlySet<string>): SteadyRow<T>[] {
  const present = new Set(next.map(keyOf));
  const departedAfter = new Map<string | null, SteadyRow<T>[]>();
  let anchor: string | null = null;
  for (const { row } of shown) {
    const key = keyOf(row);
    if (present.has(key)) anchor = key;
    else if (!lettingGo.has(key)) departedAfter.set(anchor, [...(departedAfter.get(anchor) ?? []), { row, left: true }]);
  }
  const rows = [...(departedAfter.get(null) ?? [])];
  for (const row of next) rows.push({ row, left: false }, ...(departedAfter.get(keyOf(row)) ?? []));
  return rows;
}

/**
 * How long after a row moved a press on it is taken as aimed at where it was: about the time
 * from deciding to press to the finger or the click landing (a reaction, then the movement).
 */
const MOVED_GRACE_MS = 600;

/** What marks a row of a held list, naming its key: a press is checked against where that row was. */
export const rowKey = (key: string) => ({ 'data-row-key': key });

/** Whether someone is working on a part of the page: the pointer over it, or focus in it. */
export interface Steadiness {
  holding: boolean;
  /** A row this page decided on itself: it may leave while the list is held. */
  letGo: (key: string) => void;
  lettingGo: ReadonlySet<string>;
  /** For the part's element. */
  ref: (element: HTMLElement | null) => () => void;
  /** When each row last moved (performance.now()), written by the part's lists as they render. */
  movedAt: Map<string, number>;
  /** A press just landed on a row that had moved under it, and was not acted on: say so. */
  movedAsPressed: boolean;
}

/**
 * Holds a part of the page's lists still while someone works on it. Another secretary's
 * decision, arriving with the page's refresh, took a row out and moved the rows below it up
 * under the pointer: a click meant for one person landed on the next.
 *
 * A hold needs someone already there: a finger gives no hover, and a mouse may be on its way.
 * So a press (a click or a tap, not a key: focus stays on its own row's button) on a row that
 * moved just before it, or while it was down, does nothing: it was aimed at the row that was
 * there. The part says why (`movedAsPressed`).
 */
export function useSteadiness(): Steadiness {
  const [pointer, setPointer] = useState(false);
  const [focus, setFocus] = useState(false);
  const [movedAsPressed, setMovedAsPressed] = useState(false);
  const lettingGo = useRef(new Set<string>());
  const movedAt = useRef(new Map<string, number>());
  const part = useRef<HTMLElement | null>(null);
  // A focused control removed with its row sends no blur: focus is in the part only if it is there now.
  const holding = pointer || (focus && part.current !== null && part.current.contains(document.activeElement));
  if (!holding) lettingGo.current.clear();
  const letGo = useCallback((key: string) => {
    lettingGo.current.add(key);
  }, []);
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(noticeTimer.current), []);
  // The browser's own events, not React's: React works out leaving from the element the pointer
  // was over, and misses it when that element was a row since removed.
  const ref = useCallback((element: HTMLElement | null) => {
    part.current = element;
    if (!element) return () => undefined;
    const entered = () => setPointer(true);
    const left = () => setPointer(false);
    const focused = () => setFocus(true);
    const blurred = (event: FocusEvent) => {
      // Focus moving between two controls of the part stays in it.
      if (event.relatedTarget instanceof Node && element.contains(event.relatedTarget)) return;
      setFocus(false);
    };
    let pressedAt = Number.NEGATIVE_INFINITY;
    const pressed = () => {
      pressedAt = performance.now();
    };
    // In the capture phase, before the row's own handlers (React's are at the page's root).
    const clicked = (event: MouseEvent) => {
      // A key's click has no detail: it goes to the focused button, of the row it was meant for.
      if (event.detail === 0 || !(event.target instanceof Element)) return;
      const row = event.target.closest('[data-row-key]');
      const moved = row && element.contains(row) ? movedAt.current.get(row.getAttribute('data-row-key')!) : undefined;
      if (moved === undefined || moved < pressedAt - MOVED_GRACE_MS) {
        setMovedAsPressed(false);
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      setMovedAsPressed(true);
      clearTimeout(noticeTimer.current);
      noticeTimer.current = setTimeout(() => setMovedAsPressed(false), 8000);
    };
    element.addEventListener('pointerenter', entered);
    element.addEventListener('pointerleave', left);
    element.addEventListener('focusin', focused);
    element.addEventListener('focusout', blurred);
    element.addEventListener('pointerdown', pressed, true);
    element.addEventListener('click', clicked, true);
    return () => {
      element.removeEventListener('pointerenter', entered);
      element.removeEventListener('pointerleave', left);
      element.removeEventListener('focusin', focused);
      element.removeEventListener('focusout', blurred);
      element.removeEventListener('pointerdown', pressed, true);
      element.removeEventListener('click', clicked, true);
      // A list removed (the last of its rows gone) sends no pointerleave: whoever was on it is not on the next one.
      part.current = null;
      setPointer(false);
      setFocus(false);
    };
  }, []);
  return { holding, letGo, lettingGo: lettingGo.current, ref, movedAt: movedAt.current, movedAsPressed };
}

/**
 * The rows of one list, held still while `steadiness` holds (`hold`: every row in place, or only
 * the departed ones). `resetKey` names what the rows were chosen by (a search, a topic): when it
 * changes, the list is shown as it is, since the rows that left it did so because they were asked to.
 */
export function useSteadyRows<T>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  steadiness: Steadiness,
  resetKey: string,
  hold: typeof steadyRows = steadyRows,
): SteadyRow<T>[] {
  const shown = useRef<{ rows: SteadyRow<T>[]; resetKey: string }>({ rows: [], resetKey });
  const next =
    steadiness.holding && shown.current.resetKey === resetKey
      ? hold(shown.current.rows, rows, keyOf, steadiness.lettingGo)
      : rows.map((row) => ({ row, left: false }));
  useLayoutEffect(() => {
    // A row in another place than in the last rendering has moved on the screen (the rows are of
    // one height). Not in a list asked for anew (another search, filter or page): the person
    // expects every row to change, and looks before pressing.
    const placeBefore = new Map(shown.current.resetKey === resetKey ? shown.current.rows.map(({ row }, index) => [keyOf(row), index]) : []);
    const now = performance.now();
    // What moved longer ago than a press is checked against no longer matters.
    for (const [key, at] of steadiness.movedAt) if (at < now - MOVED_GRACE_MS) steadiness.movedAt.delete(key);
    next.forEach(({ row }, index) => {
      const before = placeBefore.get(keyOf(row));
      if (before !== undefined && before !== index) steadiness.movedAt.set(keyOf(row), now);
    });
    shown.current = { rows: next, resetKey };
  });
  return next;
}
