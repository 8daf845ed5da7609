import { readStored, writeStored } from '../../storage.js';

/**
 * The chair's one-key shortcuts. Unlike the captioner's (who types all day and so needs a
 * modifier), the chair mostly presses buttons: single keys act whenever focus is not in a text
 * field. Keys are matched by physical position (`KeyboardEvent.code`), so N works the same on
 * an Arabic layout; each can be remapped, and the choice is kept in this browser.
 */
export const chairActions = ['next', 'end', 'pauseResume', 'addTime', 'closeList', 'help'] as const;
export type ChairAction = (typeof chairActions)[number];

export interface ChairKey {
  code: string;
  shift: boolean;
  /** What the key shows, as printed on the keyboard where it was chosen ("N", "?"). */
  label: string;
}

export type ChairBindings = Record<ChairAction, ChairKey>;

export const defaultChairBindings: ChairBindings = {
  next: { code: 'KeyN', shift: false, label: 'N' },
  end: { code: 'KeyE', shift: false, label: 'E' },
  pauseResume: { code: 'KeyP', shift: false, label: 'P' },
  addTime: { code: 'KeyT', shift: false, label: 'T' },
  closeList: { code: 'KeyL', shift: false, label: 'L' },
  help: { code: 'Slash', shift: true, label: '?' },
};

interface Press {
  code: string;
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/** Keys that already do something on a page (moving focus, pressing buttons, scrolling) are never shortcuts. */
const RESERVED = /^(Tab|Enter|NumpadEnter|Space|Escape|Arrow|Home|End|Page|Backspace|Delete|Alt|Control|Shift|Meta|OS|AltGraph|CapsLock|Fn|F\d)/;

/** The key a press would record as a shortcut, or null when it cannot be one. */
export function chairKeyOf(press: Press): ChairKey | null {
  if (!press.code || RESERVED.test(press.code)) return null;
  if (press.altKey || press.ctrlKey || press.metaKey) return null;
  const label = press.key.length === 1 ? press.key.toLocaleUpperCase() : press.code;
  return { code: press.code, shift: press.shiftKey, label };
}

export function chairActionOf(press: Press, bindings: ChairBindings): ChairAction | null {
  const pressed = chairKeyOf(press);
  if (!pressed) return null;
  return chairActions.find((action) => bindings[action].code === pressed.code && bindings[action].shift === pressed.shift) ?? null;
}

/** Binds `action` to `key`; an action that had that key takes over the one `action` had (a swap). */
export function rebindChair(bindings: ChairBindings, action: ChairAction, key: ChairKey): ChairBindings {
  const clash = chairActions.find(
    (other) => other !== action && bindings[other].code === key.code && bindings[other].shift === key.shift,
  );
  const next = { ...bindings, [action]: key };
  if (clash) next[clash] = bindings[action];
  return next;
}

/** Typing in a field is never a shortcut. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
}

const STORAGE_KEY = 'openfloor.chair.shortcuts';

export function parseChairBindings(value: unknown): ChairBindings {
  let bindings = { ...defaultChairBindings };
  if (typeof value !== 'object' || value === null) return bindings;
  for (const action of chairActions) {
    const raw = (value as Record<string, unknown>)[action];
    if (typeof raw !== 'object' || raw === null) continue;
    const { code, shift, label } = raw as Record<string, unknown>;
    if (typeof code !== 'string' || code.length > 40 || RESERVED.test(code) || typeof label !== 'string') continue;
    bindings = rebindChair(bindings, action, { code, shift: shift === true, label: label.slice(0, 12) });
  }
  return bindings;
}

export function loadChairBindings(): ChairBindings {
  return parseChairBindings(readStored(STORAGE_KEY));
}

export function saveChairBindings(bindings: ChairBindings): void {
  writeStored(STORAGE_KEY, bindings);
}
