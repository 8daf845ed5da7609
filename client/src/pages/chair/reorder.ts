/**
 * Reordering the list of speakers by dragging, whatever drives it (mouse, touch, keyboard).
 * A drag ends on a slot: the gap before line `slot`, or after the last line when `slot` is the
 * list's length; the line then lands at `targetOf(from, slot)`, since it leaves its own place
 * first. The keyboard instead moves a target position and shows its slot.
 */

/** Where a line taken from `from` lands when dropped on `slot`. */
export const targetOf = (from: number, slot: number): number => (slot > from ? slot - 1 : slot);

/** The slot that puts a line taken from `from` at `target`; null when it stays where it is. */
export const slotOf = (from: number, target: number): number | null => (target === from ? null : target > from ? target + 1 : target);

/** The keys that move a picked-up line, as accessible drag-and-drop libraries bind them. */
export function movedTarget(key: string, target: number, length: number): number | null {
  switch (key) {
    case 'ArrowUp':
      return Math.max(0, target - 1);
    case 'ArrowDown':
      return Math.min(length - 1, target + 1);
    case 'Home':
      return 0;
    case 'End':
      return length - 1;
    default:
      return null;
  }
}

/** Keys that pick up or drop a line (the same two dnd-kit and react-beautiful-dnd use). */
export const isGrabKey = (key: string): boolean => key === ' ' || key === 'Enter';

/** The slot a pointer at `y` points to, from the lines' boxes top to bottom: before the first line whose middle is below it. */
export function slotAt(y: number, lines: readonly { top: number; bottom: number }[]): number {
  const index = lines.findIndex((line) => y < (line.top + line.bottom) / 2);
  return index === -1 ? lines.length : index;
}
