import { describe, expect, it } from 'vitest';
import { formatZoned, zoneLabel } from '../../shared/zoned-time.js';

/** 3 February 2017, 09:00 UTC: 10:00 in Geneva (CET, winter). */
const WINTER = Date.UTC(2017, 1, 3, 9, 0);
/** 3 July 2017, 08:00 UTC: 10:00 in Geneva (CEST, summer). */
const SUMMER = Date.UTC(2017, 6, 3, 8, 0);

describe('times as the meeting’s own clock shows them', () => {
  it('a date and time is followed by the zone’s short name at that instant and the zone itself', () => {
    expect(formatZoned(WINTER, 'Europe/Zurich', 'en-GB')).toBe('3 Feb 2017, 10:00 (CET, Europe/Zurich)');
    expect(zoneLabel(SUMMER, 'Europe/Zurich', 'en-GB')).toBe('CEST, Europe/Zurich');
  });

  it('a zone whose short name is its own name is named once', () => {
    expect(zoneLabel(WINTER, 'UTC', 'en-GB')).toBe('UTC');
  });

  it('Arabic lists the short name and the zone with the Arabic comma, whatever the region, and keeps Western digits', () => {
    for (const language of ['ar', 'ar-EG']) {
      const label = zoneLabel(WINTER, 'Europe/Zurich', language);
      expect(label.endsWith('، Europe/Zurich')).toBe(true);
      expect(label).not.toBe('Europe/Zurich');
      const text = formatZoned(WINTER, 'Europe/Zurich', language);
      expect(text).toContain('10:00');
      expect(text).not.toMatch(/[\u0660-\u0669]/);
    }
    // Other languages keep the Latin comma.
    expect(zoneLabel(WINTER, 'Europe/Zurich', 'fr')).toMatch(/^[^،]+, Europe\/Zurich$/);
  });
});
