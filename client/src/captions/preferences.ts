import { captionThemes, type Language } from '../../../shared/meeting/model.js';
import { isLanguage } from './layout.js';
import { readStored, writeStored } from '../storage.js';

export type CaptionTheme = (typeof captionThemes)[number];

export const captionFontSizes = ['small', 'medium', 'large', 'x-large'] as const;
export type CaptionFontSize = (typeof captionFontSizes)[number];

export const captionPositions = ['above', 'below'] as const;
export type CaptionPosition = (typeof captionPositions)[number];

export const captionBarLineCounts = [2, 3, 4] as const;
export type CaptionBarLines = (typeof captionBarLineCounts)[number];

/**
 * How the transcript speaks to screen readers: not at all, each committed line, or only a
 * short status when the speaker changes.
 */
export const announceModes = ['off', 'each', 'speaker'] as const;
export type AnnounceMode = (typeof announceModes)[number];

/** A viewer's own caption settings (UAAG 2.0 1.1.4, 1.1.7), kept in this browser. */
export interface CaptionPreferences {
  visible: boolean;
  fontSize: CaptionFontSize;
  theme: CaptionTheme;
  position: CaptionPosition;
  lines: CaptionBarLines;
  announce: AnnounceMode;
  /** Caption language last chosen; used when the meeting is captioned in it. */
  language: Language | null;
}

export const defaultCaptionPreferences: CaptionPreferences = {
  visible: true,
  fontSize: 'medium',
  theme: 'high-contrast',
  position: 'above',
  lines: 2,
  announce: 'each',
  language: null,
};

function oneOf<T>(options: readonly T[], value: unknown, fallback: T): T {
  return options.includes(value as T) ? (value as T) : fallback;
}

/** Preferences read back from storage; anything missing or malformed takes its default. */
export function parseCaptionPreferences(value: unknown): CaptionPreferences {
  if (typeof value !== 'object' || value === null) return defaultCaptionPreferences;
  const raw = value as Record<string, unknown>;
  const d = defaultCaptionPreferences;
  return {
    visible: typeof raw.visible === 'boolean' ? raw.visible : d.visible,
    fontSize: oneOf(captionFontSizes, raw.fontSize, d.fontSize),
    theme: oneOf(captionThemes, raw.theme, d.theme),
    position: oneOf(captionPositions, raw.position, d.position),
    lines: oneOf(captionBarLineCounts, raw.lines, d.lines),
    announce: oneOf(announceModes, raw.announce, d.announce),
    language: isLanguage(raw.language) ? raw.language : null,
  };
}

const PREFERENCES_KEY = 'openfloor.captions';

export function loadCaptionPreferences(): CaptionPreferences {
  return parseCaptionPreferences(readStored(PREFERENCES_KEY));
}

export function saveCaptionPreferences(value: CaptionPreferences): void {
  writeStored(PREFERENCES_KEY, value);
}
