import { describe, expect, it } from 'vitest';
import {
  chairActionOf,
  chairKeyOf,
  defaultChairBindings,
  parseChairBindings,
  rebindChair,
} from '../../client/src/pages/chair/shortcuts.js';

const press = (code: string, key: string, modifiers: Partial<Record<'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) => ({
  code,
  key,
  shiftKey: false,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  ...modifiers,
});

describe("the chair's one-key shortcuts", () => {
  it('"Next speaker" is one key, matched by position so it works on an Arabic layout too', () => {
    expect(chairActionOf(press('KeyN', 'n'), defaultChairBindings)).toBe('next');
    expect(chairActionOf(press('KeyN', 'ى'), defaultChairBindings)).toBe('next');
    expect(chairActionOf(press('Slash', '?', { shiftKey: true }), defaultChairBindings)).toBe('help');
    expect(chairActionOf(press('Slash', '/'), defaultChairBindings)).toBeNull();
  });

  it('keys with Ctrl, Alt or Meta belong to the browser, and keys that move focus or press buttons are never shortcuts', () => {
    expect(chairActionOf(press('KeyN', 'n', { ctrlKey: true }), defaultChairBindings)).toBeNull();
    expect(chairActionOf(press('KeyE', 'e', { altKey: true }), defaultChairBindings)).toBeNull();
    for (const code of ['Tab', 'Enter', 'Space', 'Escape', 'ArrowUp', 'Home', 'F5', 'ShiftLeft']) {
      expect(chairKeyOf(press(code, code)), code).toBeNull();
    }
  });

  it('remapping to a key another action had swaps the two, so no action is left without a key', () => {
    const swapped = rebindChair(defaultChairBindings, 'next', { code: 'KeyE', shift: false, label: 'E' });
    expect(swapped.next.code).toBe('KeyE');
    expect(swapped.end).toEqual(defaultChairBindings.next);
  });

  it('stored keys are read back, and anything malformed takes the usual key', () => {
    const stored = JSON.parse(JSON.stringify(rebindChair(defaultChairBindings, 'next', { code: 'KeyX', shift: false, label: 'X' })));
    expect(parseChairBindings(stored).next).toEqual({ code: 'KeyX', shift: false, label: 'X' });
    expect(parseChairBindings({ next: { code: 'Tab', label: 'Tab' }, end: 42 })).toEqual(defaultChairBindings);
    expect(parseChairBindings(null)).toEqual(defaultChairBindings);
  });
});
