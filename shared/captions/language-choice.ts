import type { Language } from '../meeting/model.js';

/**
 * The first of `preferences` the meeting is captioned in (a tag like `ar-SA` names its base
 * language), else its first language: a page's choice, and the server's for a page that named
 * only its preferences (the meeting event stream's `prefer`).
 */
export function chooseCaptionLanguage(
  preferences: readonly (string | null | undefined)[],
  available: readonly Language[],
): Language | null {
  for (const preference of preferences) {
    const base = preference?.toLowerCase().split('-')[0];
    const found = available.find((language) => language === base);
    if (found) return found;
  }
  return available[0] ?? null;
}
