import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CAPTIONS_LIVE_MS, captionsLive, standInLanguage, type LivenessOf } from '../../shared/captions/liveness.js';
import { languages as allLanguages, type Language } from '../../shared/meeting/model.js';

const stream = fc.option(
  fc.record({
    writer: fc.option(fc.constantFrom('seat-1', 'seat-2', 'feed-1'), { nil: null }),
    lastInputAt: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
  }),
  { nil: null },
);
const meetingLanguages = fc.shuffledSubarray([...allLanguages], { minLength: 1 });

describe('which caption languages are live', () => {
  it('a language is live exactly while a writer holds it and its last input is less than the window old; listed in the meeting\'s order, the next change at the first to fall silent', () => {
    fc.assert(
      fc.property(meetingLanguages, fc.array(stream, { minLength: 6, maxLength: 6 }), fc.integer({ min: 0, max: 1_200_000 }), (languages, streams, now) => {
        const streamOf = (language: Language): LivenessOf | null => streams[allLanguages.indexOf(language)] ?? null;
        const { languages: live, nextChangeAt } = captionsLive(languages, streamOf, now);
        const expected = languages.filter((language) => {
          const held = streamOf(language);
          return held !== null && held.writer !== null && held.lastInputAt !== null && now < held.lastInputAt + CAPTIONS_LIVE_MS;
        });
        expect(live).toEqual(expected);
        const ends = expected.map((language) => streamOf(language)!.lastInputAt! + CAPTIONS_LIVE_MS);
        expect(nextChangeAt).toBe(ends.length ? Math.min(...ends) : null);
        // Nothing is live at the next change that was not live before it (only silence comes by itself).
        if (nextChangeAt !== null) {
          const later = captionsLive(languages, streamOf, nextChangeAt).languages;
          expect(later.every((language) => live.includes(language))).toBe(true);
          expect(later.length).toBeLessThan(live.length);
        }
      }),
    );
  });

  it('a stream nobody holds is not live, whatever its last input', () => {
    expect(captionsLive(['en'], () => ({ writer: null, lastInputAt: 1000 }), 1000).languages).toEqual([]);
  });

  it('a one-language room screen shows its own language while it is live or nothing is, else the first live language', () => {
    fc.assert(
      fc.property(fc.constantFrom(...allLanguages), fc.subarray([...allLanguages]), (own, live) => {
        const shown = standInLanguage(own, live) ?? own;
        if (live.includes(own) || live.length === 0) expect(shown).toBe(own);
        else expect(shown).toBe(live[0]);
      }),
    );
    expect(standInLanguage('ar', ['en', 'fr'])).toBe('en');
    expect(standInLanguage('ar', ['en', 'ar'])).toBeNull();
    expect(standInLanguage('ar', [])).toBeNull();
  });
});
