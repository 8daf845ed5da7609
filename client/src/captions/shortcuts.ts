import { readStored, writeStored } from '../storage.js';

/**
 * Captioner shortcuts (WCAG 2.1.4): captioners type for a living, so a shortcut always needs
 * Alt, Ctrl or Meta, and each one can be remapped or turned off. Keys are matched by their
 * physical position (`KeyboardEvent.code`), so Alt+1 works the same on an Arabic layout.
 */
export const shortcutActions = [
  'speakerCurrent',
  'speakerUnknown',
  'applause',
  'gavel',
  'inaudible',
  'laughter',
] as const;
export type ShortcutAction = (typeof shortcutActions)[number];

export interface KeyBinding {
  code: string;
  alt: boolean;
  ctrl: boolean;
  meta: boolean;
  shift: boolean;
}

export type Bindings = Record<ShortcutAction, KeyBinding | null>;

/** The part of a KeyboardEvent shortcuts look at. */
export interface KeyPress {
  code: string;
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

const alt = (code: string): KeyBinding => ({ code, alt: true, ctrl: false, meta: false, shift: false });

export const defaultBindings: Bindings = {
  speakerCurrent: alt('Digit1'),
  speakerUnknown: alt('Digit2'),
  applause: alt('Digit3'),
  gavel: alt('Digit4'),
  inaudible: alt('Digit5'),
  laughter: alt('Digit6'),
};

const MODIFIER_CODES = /^(Alt|Control|Shift|Meta|OS|AltGraph|CapsLock|Fn)/;

/**
 * The binding a key press would record, or null when it cannot be a shortcut: a modifier on
 * its own, or no Alt, Ctrl or Meta (a plain or shifted key is typing). Alt together with
 * Ctrl is AltGr on many layouts, which types characters, so it is refused too.
 */
export function bindingOf(press: KeyPress): KeyBinding | null {
  if (!press.code || MODIFIER_CODES.test(press.code)) return null;
  if (!press.altKey && !press.ctrlKey && !press.metaKey) return null;
  if (press.altKey && press.ctrlKey) return null;
  return { code: press.code, alt: press.altKey, ctrl: press.ctrlKey, meta: press.metaKey, shift: press.shiftKey };
}

export function sameBinding(a: KeyBinding | null, b: KeyBinding | null): boolean {
  if (!a || !b) return false;
  return a.code === b.code && a.alt === b.alt && a.ctrl === b.ctrl && a.meta === b.meta && a.shift === b.shift;
}

/** The action a key press triggers, if shortcuts are on and one is bound to it. */
export function actionOf(press: KeyPress, bindings: Bindings, enabled: boolean): ShortcutAction | null {
  if (!enabled) return null;
  const pressed = bindingOf(press);
  if (!pressed) return null;
  return shortcutActions.find((action) => sameBinding(bindings[action], pressed)) ?? null;
}

/** Another action already bound to `binding`, which remapping would take it from. */
export function conflictOf(bindings: Bindings, action: ShortcutAction, binding: KeyBinding): ShortcutAction | null {
  return shortcutActions.find((other) => other !== action && sameBinding(bindings[other], binding)) ?? null;
}

/** Binds `action` to `binding` (or turns it off with null); a clashing action loses it. */
export function rebind(bindings: Bindings, action: ShortcutAction, binding: KeyBinding | null): Bindings {
  const next: Bindings = { ...bindings, [action]: binding };
  if (binding) {
    const clash = conflictOf(bindings, action, binding);
    if (clash) next[clash] = null;
  }
  return next;
}

function keyName(code: string): string {
  const match = /^(?:Digit|Key|Numpad)(.+)$/.exec(code);
  if (match?.[1]) return code.startsWith('Numpad') ? `Num ${match[1]}` : match[1];
  return code;
}

/** "Alt+1", "Ctrl+Shift+K": always in Latin, as printed on keyboards. */
export function formatBinding(binding: KeyBinding): string {
  return [
    binding.ctrl && 'Ctrl',
    binding.alt && 'Alt',
    binding.meta && 'Meta',
    binding.shift && 'Shift',
    keyName(binding.code),
  ]
    .filter(Boolean)
    .join('+');
}

/** The console's own settings, kept in this browser. */
export interface CaptionerSettings {
  shortcutsEnabled: boolean;
  bindings: Bindings;
  /** Minutes of writing before the reminder to hand over; 0 turns the reminder off. */
  rotationMinutes: number;
}

export const DEFAULT_ROTATION_MINUTES = 20;
export const MAX_ROTATION_MINUTES = 120;

export const defaultCaptionerSettings: CaptionerSettings = {
  shortcutsEnabled: true,
  bindings: defaultBindings,
  rotationMinutes: DEFAULT_ROTATION_MINUTES,
};

function parseBinding(value: unknown): KeyBinding | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object') return undefined;
  const { code, alt: a, ctrl, meta, shift } = value as Record<string, unknown>;
  if (typeof code !== 'string' || code.length > 40) return undefined;
  const binding = bindingOf({
    code,
    key: '',
    altKey: a === true,
    ctrlKey: ctrl === true,
    metaKey: meta === true,
    shiftKey: shift === true,
  });
  return binding ?? undefined;
}

/** Settings read back from storage; anything missing or malformed takes its default. */
export function parseCaptionerSettings(value: unknown): CaptionerSettings {
  if (typeof value !== 'object' || value === null) return defaultCaptionerSettings;
  const raw = value as Record<string, unknown>;
  const rawBindings = (typeof raw.bindings === 'object' && raw.bindings !== null ? raw.bindings : {}) as Record<
    string,
    unknown
  >;
  let bindings: Bindings = { ...defaultBindings };
  for (const action of shortcutActions) {
    const parsed = parseBinding(rawBindings[action]);
    if (parsed !== undefined) bindings = rebind(bindings, action, parsed);
  }
  const minutes = raw.rotationMinutes;
  return {
    shortcutsEnabled: typeof raw.shortcutsEnabled === 'boolean' ? raw.shortcutsEnabled : true,
    bindings,
    rotationMinutes:
      typeof minutes === 'number' && Number.isInteger(minutes) && minutes >= 0 && minutes <= MAX_ROTATION_MINUTES
        ? minutes
        : DEFAULT_ROTATION_MINUTES,
  };
}

const SETTINGS_KEY = 'openfloor.captioner.settings';

export function loadCaptionerSettings(): CaptionerSettings {
  return parseCaptionerSettings(readStored(SETTINGS_KEY));
}

export function saveCaptionerSettings(value: CaptionerSettings): void {
  writeStored(SETTINGS_KEY, value);
}

/**
 * Whole reminder periods elapsed since the seat began writing: the reminder shows from the
 * first, and again at each later one. 0 before the first, or when reminders are off.
 */
export function rotationPeriodsDue(writingSinceMs: number | null, nowMs: number, rotationMinutes: number): number {
  if (writingSinceMs === null || rotationMinutes <= 0) return 0;
  return Math.max(0, Math.floor((nowMs - writingSinceMs) / (rotationMinutes * 60_000)));
}
