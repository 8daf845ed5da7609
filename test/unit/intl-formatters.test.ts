import { describe, expect, it, vi } from 'vitest';
import { formatPercent, formatTime } from '../../client/src/format.js';
import { madeOnce } from '../../shared/intl.js';
import { formatZoned } from '../../shared/zoned-time.js';

/** How many date formatters `work` makes: Intl.DateTimeFormat counted while it runs. */
function dateFormattersMadeBy(work: () => void): number {
  const Original = Intl.DateTimeFormat;
  let made = 0;
  Intl.DateTimeFormat = class extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      made++;
    }
  } as typeof Original;
  try {
    work();
  } finally {
    Intl.DateTimeFormat = Original;
  }
  return made;
}

describe('Intl formatters are made once per language and options', () => {
  // The chair's record of speeches is drawn again every second: with 150 speeches, making a
  // formatter per time shown took 60 ms of each second on a fast machine.
  it('the times of 150 speeches in two languages make two date formatters, not 600', () => {
    const began = Date.UTC(2026, 11, 6, 9, 0);
    const shown = new Set<string>();
    const made = dateFormattersMadeBy(() => {
      for (const language of ['fr', 'ru']) {
        for (let speech = 0; speech < 150; speech++) {
          shown.add(`${language} ${formatTime(began + speech * 60_000, 'Asia/Riyadh', language)}`);
          formatTime(began + speech * 60_000 + 45_000, 'Asia/Riyadh', language);
        }
      }
    });
    expect(made).toBe(2);
    // Still each time as it is: 150 minutes apart, in each language.
    expect(shown.size).toBe(300);
    expect(formatTime(began, 'Asia/Riyadh', 'fr')).toBe('12:00:00');
  });

  it('a formatter is kept per language and time zone: another zone gets its own', () => {
    const when = Date.UTC(2017, 1, 3, 9, 0);
    expect(formatZoned(when, 'Europe/Zurich', 'en-GB')).toBe('3 Feb 2017, 10:00 (CET, Europe/Zurich)');
    expect(formatZoned(when, 'Asia/Tokyo', 'en-GB')).toBe('3 Feb 2017, 18:00 (GMT+9, Asia/Tokyo)');
    expect(formatZoned(when, 'Europe/Zurich', 'en-GB')).toBe('3 Feb 2017, 10:00 (CET, Europe/Zurich)');
  });

  it('madeOnce makes a formatter on first use only, and again for other arguments', () => {
    const make = vi.fn((language: string, zone: string) => ({ language, zone }));
    const formatter = madeOnce(make);
    expect(formatter('ar', 'UTC')).toBe(formatter('ar', 'UTC'));
    expect(formatter('ar', 'Asia/Dubai')).not.toBe(formatter('ar', 'UTC'));
    expect(make).toHaveBeenCalledTimes(2);
  });

  it('past 256 formatters, one more is made each time it is asked for and not kept: a zone typed letter by letter cannot grow memory', () => {
    const make = vi.fn((zone: string) => ({ zone }));
    const formatter = madeOnce(make);
    const zones = Array.from({ length: 300 }, (_, index) => `Zone/${index}`);
    for (const zone of zones) formatter(zone);
    expect(make).toHaveBeenCalledTimes(300);
    expect(formatter('Zone/0')).toBe(formatter('Zone/0'));
    expect(make).toHaveBeenCalledTimes(300);
    expect(formatter('Zone/299')).not.toBe(formatter('Zone/299'));
    expect(make).toHaveBeenCalledTimes(302);
  });
});

describe('shares', () => {
  it('are written each language’s way with Western digits; in Arabic the sign stays after the number in a right-to-left line', () => {
    expect(formatPercent(0.2, 'en')).toBe('20%');
    expect(formatPercent(0.2, 'fr')).toMatch(/^20\s%$/u);
    expect(formatPercent(0.2, 'zh')).toBe('20%');
    const arabic = formatPercent(0.2, 'ar');
    expect(arabic).not.toMatch(/[\u0660-\u0669]/);
    // Left-to-right marks hold "20" and "%" together, in that order, inside Arabic text.
    expect(arabic.replace(/\u200e/g, '')).toBe('20%');
    expect(arabic).toMatch(/^20\u200e%/);
  });
});
