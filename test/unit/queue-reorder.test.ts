import { describe, expect, it } from 'vitest';
import { isGrabKey, movedTarget, slotAt, slotOf, targetOf } from '../../client/src/pages/chair/reorder.js';

describe('reordering the list of speakers by drag, touch or keyboard', () => {
  it('a line dropped on a slot below itself lands one higher, since it leaves its own place first', () => {
    expect(targetOf(0, 3)).toBe(2);
    expect(targetOf(2, 0)).toBe(0);
    expect(targetOf(1, 1)).toBe(1);
    expect(targetOf(1, 2)).toBe(1);
  });

  it('the slot shown for a keyboard target is the one that lands there, and none for its own place', () => {
    for (let from = 0; from < 4; from += 1) {
      for (let target = 0; target < 4; target += 1) {
        const slot = slotOf(from, target);
        if (target === from) expect(slot).toBeNull();
        else expect(targetOf(from, slot!)).toBe(target);
      }
    }
  });

  it('the arrows move one place, Home and End to the ends, never past them; other keys do not move', () => {
    expect(movedTarget('ArrowUp', 0, 3)).toBe(0);
    expect(movedTarget('ArrowDown', 0, 3)).toBe(1);
    expect(movedTarget('ArrowDown', 2, 3)).toBe(2);
    expect(movedTarget('Home', 2, 3)).toBe(0);
    expect(movedTarget('End', 0, 3)).toBe(2);
    expect(movedTarget('ArrowLeft', 1, 3)).toBeNull();
    expect([' ', 'Enter', 'Escape'].map(isGrabKey)).toEqual([true, true, false]);
  });

  it('a pointer points to the gap before the first line whose middle is below it, or the end', () => {
    const lines = [
      { top: 0, bottom: 40 },
      { top: 40, bottom: 80 },
      { top: 80, bottom: 120 },
    ];
    expect(slotAt(10, lines)).toBe(0);
    expect(slotAt(30, lines)).toBe(1);
    expect(slotAt(70, lines)).toBe(2);
    expect(slotAt(119, lines)).toBe(3);
  });
});
