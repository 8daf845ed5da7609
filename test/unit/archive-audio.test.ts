import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audioFileNames, concatenated, offsetIn, spokenIntervals, uncovered, type Interval } from '../../shared/archive/audio.js';

/**
 * The oracles count milliseconds one by one on small clocks: what a rule says of each instant,
 * written independently of the interval arithmetic under test.
 */
const instants = (intervals: readonly Interval[]): number[] =>
  intervals.flatMap(({ startedAt, endedAt }) => Array.from({ length: Math.max(0, endedAt - startedAt) }, (_, index) => startedAt + index));

/** Each interval non-empty, and each after the one before without touching it. */
function expectSortedApart(intervals: readonly Interval[]): void {
  for (const interval of intervals) expect(interval.endedAt).toBeGreaterThan(interval.startedAt);
  for (let index = 1; index < intervals.length; index += 1) {
    expect(intervals[index]!.startedAt).toBeGreaterThan(intervals[index - 1]!.endedAt);
  }
}

const anInterval = (low: number, high: number) =>
  fc.tuple(fc.integer({ min: low, max: high }), fc.integer({ min: low, max: high })).map(([a, b]) => ({ startedAt: Math.min(a, b), endedAt: Math.max(a, b) }));

const aSpeech = fc
  .record({
    interval: anInterval(0, 120),
    pauses: fc.array(fc.record({ at: fc.integer({ min: -10, max: 130 }), length: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }) }), { maxLength: 5 }),
  })
  .map(({ interval, pauses }) => ({
    startedAt: interval.startedAt,
    endedAt: interval.endedAt,
    pauses: pauses.map(({ at, length }) => ({ startedAt: at, endedAt: length === null ? null : at + length })),
  }));

describe('the speech timeline', () => {
  it('a speech is spoken from its start to its end less its pauses', () => {
    const speech = { startedAt: 0, endedAt: 10_000, pauses: [{ startedAt: 3000, endedAt: 5000 }, { startedAt: 8000, endedAt: 9000 }] };
    expect(spokenIntervals(speech)).toEqual([
      { startedAt: 0, endedAt: 3000 },
      { startedAt: 5000, endedAt: 8000 },
      { startedAt: 9000, endedAt: 10_000 },
    ]);
    // A pause still running at the end (adjourned while paused) ends the speech there.
    expect(spokenIntervals({ startedAt: 0, endedAt: 10_000, pauses: [{ startedAt: 6000, endedAt: null }] })).toEqual([{ startedAt: 0, endedAt: 6000 }]);
  });

  it('pauses given out of order, overlapping or reaching past the end take out only what they cover', () => {
    const speech = {
      startedAt: 100,
      endedAt: 200,
      pauses: [
        { startedAt: 180, endedAt: 260 },
        { startedAt: 120, endedAt: 140 },
        { startedAt: 130, endedAt: 150 },
      ],
    };
    expect(spokenIntervals(speech)).toEqual([
      { startedAt: 100, endedAt: 120 },
      { startedAt: 150, endedAt: 180 },
    ]);
    // A pause from the first instant: nothing is spoken before it ends.
    expect(spokenIntervals({ startedAt: 100, endedAt: 200, pauses: [{ startedAt: 100, endedAt: 110 }] })).toEqual([{ startedAt: 110, endedAt: 200 }]);
    expect(spokenIntervals({ startedAt: 100, endedAt: 100, pauses: [] })).toEqual([]);
  });

  it('every instant of a speech is spoken exactly when no pause covers it, in sorted separate intervals (property)', () => {
    fc.assert(
      fc.property(aSpeech, (speech) => {
        const spoken = spokenIntervals(speech);
        expectSortedApart(spoken);
        const paused = (at: number) => speech.pauses.some((pause) => at >= pause.startedAt && at < (pause.endedAt ?? speech.endedAt));
        const expected = instants([speech]).filter((at) => !paused(at));
        expect(instants(spoken)).toEqual(expected);
      }),
    );
  });

  it('back-to-back audio starts each piece where the pieces before it end', () => {
    expect(concatenated([])).toEqual([]);
    expect(
      concatenated([
        { startedAt: 1000, endedAt: 3000 },
        { startedAt: 5000, endedAt: 6000 },
        { startedAt: 7000, endedAt: 7500 },
      ]),
    ).toEqual([
      { startedAt: 1000, endedAt: 3000, offsetMs: 0 },
      { startedAt: 5000, endedAt: 6000, offsetMs: 2000 },
      { startedAt: 7000, endedAt: 7500, offsetMs: 3000 },
    ]);
  });

  it('an instant maps into the back-to-back audio; in a pause it sits at the end of what was said', () => {
    const timeline = concatenated([
      { startedAt: 1000, endedAt: 3000 },
      { startedAt: 5000, endedAt: 6000 },
    ]);
    expect(offsetIn(timeline, 500)).toBeNull();
    expect(offsetIn(timeline, 1000)).toBe(0);
    expect(offsetIn(timeline, 1500)).toBe(500);
    expect(offsetIn(timeline, 3000)).toBe(2000);
    expect(offsetIn(timeline, 4000)).toBe(2000);
    expect(offsetIn(timeline, 5000)).toBe(2000);
    expect(offsetIn(timeline, 5500)).toBe(2500);
    expect(offsetIn(timeline, 9000)).toBe(3000);
    expect(offsetIn([], 9000)).toBeNull();
  });

  it('the offset of an instant is how much audio was spoken before it, once speaking began (property)', () => {
    fc.assert(
      fc.property(aSpeech, fc.integer({ min: -10, max: 140 }), (speech, at) => {
        const timeline = concatenated(spokenIntervals(speech));
        const spokenBefore = instants(timeline).filter((instant) => instant < at).length;
        expect(offsetIn(timeline, at)).toBe(timeline.length === 0 || at < timeline[0]!.startedAt ? null : spokenBefore);
      }),
    );
  });

  it('the uncovered parts of an interval are what no session covered', () => {
    expect(uncovered({ startedAt: 0, endedAt: 10 }, [{ startedAt: 2, endedAt: 4 }, { startedAt: 3, endedAt: 6 }])).toEqual([
      { startedAt: 0, endedAt: 2 },
      { startedAt: 6, endedAt: 10 },
    ]);
    expect(uncovered({ startedAt: 0, endedAt: 10 }, [{ startedAt: -5, endedAt: 50 }])).toEqual([]);
    // Sessions that end where the interval starts, or start where it ends, cover none of it.
    expect(uncovered({ startedAt: 10, endedAt: 20 }, [{ startedAt: 20, endedAt: 30 }, { startedAt: 0, endedAt: 10 }])).toEqual([{ startedAt: 10, endedAt: 20 }]);
  });

  it('an instant of the interval is uncovered exactly when no session covers it, in sorted separate parts (property)', () => {
    fc.assert(
      fc.property(anInterval(0, 100), fc.array(anInterval(-20, 120), { maxLength: 6 }), (interval, covered) => {
        const gaps = uncovered(interval, covered);
        expectSortedApart(gaps);
        const coveredAt = (at: number) => covered.some((cover) => at >= cover.startedAt && at < cover.endedAt);
        expect(instants(gaps)).toEqual(instants([interval]).filter((at) => !coveredAt(at)));
      }),
    );
  });
});

describe('instants that take no time', () => {
  it('a pause resumed in the millisecond it began, or a cover of no length, cuts nothing in two', () => {
    expect(spokenIntervals({ startedAt: 0, endedAt: 100, pauses: [{ startedAt: 50, endedAt: 50 }] })).toEqual([{ startedAt: 0, endedAt: 100 }]);
    expect(uncovered({ startedAt: 0, endedAt: 100 }, [{ startedAt: 50, endedAt: 50 }])).toEqual([{ startedAt: 0, endedAt: 100 }]);
    // A cover from the very start leaves no empty gap before it.
    expect(uncovered({ startedAt: 0, endedAt: 100 }, [{ startedAt: 0, endedAt: 50 }])).toEqual([{ startedAt: 50, endedAt: 100 }]);
  });
});

describe('archive audio file names', () => {
  it('name a speech, a topic and a topic’s timed transcript by their ids, format and language', () => {
    expect(audioFileNames.speech('s7', 'ogg')).toBe('audio-speech-s7.ogg');
    expect(audioFileNames.topic('t2', 'mp3')).toBe('audio-topic-t2.mp3');
    expect(audioFileNames.topicCaptions('t2', 'ar')).toBe('audio-topic-t2-ar.vtt');
  });
});
