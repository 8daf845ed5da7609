import { describe, expect, it } from 'vitest';
import { encodeFloats, stormStats, windowStats, type LoadWindowReport, type PauseStats, type StormReport } from '../../bench/common.js';

const pauses = (loopDelayMaxMs: number, gcCount: number): PauseStats => ({
  majorPageFaults: 0,
  involuntarySwitches: 1,
  voluntarySwitches: 2,
  gcCount,
  gcTotalMs: gcCount * 2,
  gcMaxMs: gcCount,
  majorGcMaxMs: 0,
  loopDelayP99Ms: loopDelayMaxMs / 2,
  loopDelayMaxMs,
});

/** A load process's window: its deliveries' latencies, and per caption seq its first and last arrival. */
function window(latencies: number[], arrivals: Array<[number, number] | null>, extra: Partial<LoadWindowReport> = {}): LoadWindowReport {
  return {
    type: 'report',
    windowMs: 10_000,
    sent: 0,
    acksOk: 0,
    acksFailed: 0,
    failures: [],
    delivered: latencies.length,
    gaps: 0,
    latencies: encodeFloats(Float64Array.from(latencies)),
    firstArrival: encodeFloats(Float64Array.from(arrivals, (arrival) => arrival?.[0] ?? Number.POSITIVE_INFINITY)),
    lastArrival: encodeFloats(Float64Array.from(arrivals, (arrival) => arrival?.[1] ?? Number.NEGATIVE_INFINITY)),
    pauses: pauses(10, 1),
    cpu: { user: 100, system: 10 },
    open: latencies.length,
    ...extra,
  };
}

describe("the benchmark's load processes, merged", () => {
  it('percentiles are those of every delivery of every process, not an average of each one’s', () => {
    // One process saw fast deliveries, the other slow ones: the merged p50 lies between, its max is the slow one's.
    const merged = windowStats([window([1, 2, 3, 4], []), window([10, 20, 30, 40], [])]);
    expect(merged.delivered).toBe(8);
    expect(merged.latency.p50).toBe(4);
    expect(merged.latency.p99).toBe(40);
    expect(merged.latency.max).toBe(40);
    expect(merged.latency.mean).toBeCloseTo(110 / 8);
  });

  it("a caption's first arrival is the earliest and its last the latest over every process", () => {
    const merged = windowStats([
      window([1], [null, [5, 9], [2, 3]]),
      window([1], [null, [4, 12], null, [7, 8]]),
    ]);
    expect(merged.perCaption.count).toBe(3);
    // Captions 1, 2, 3: first arrivals 4, 2, 7 and last 12, 3, 8.
    expect(merged.perCaption.firstP50).toBe(4);
    expect(merged.perCaption.lastP50).toBe(8);
    expect(merged.perCaption.lastMax).toBe(12);
  });

  it('counts add up, the captioner’s sends come from its one process, and the worst pause is kept', () => {
    const merged = windowStats([
      window([1, 2], [], { sent: 200, acksOk: 200, pauses: pauses(30, 2), windowMs: 10_010 }),
      window([3], [], { gaps: 1, failures: ['dropped'], pauses: pauses(50, 1) }),
    ]);
    expect(merged).toMatchObject({ sent: 200, acksOk: 200, delivered: 3, gaps: 1, failures: ['dropped'], open: 3, windowMs: 10_010 });
    expect(merged.cpu).toEqual({ user: 200, system: 20 });
    expect(merged.pauses).toMatchObject({ loopDelayMaxMs: 50, gcCount: 3, gcTotalMs: 6, gcMaxMs: 2 });
  });

  it('a storm lasts until the last process caught up, and its bytes are a mean over every viewer', () => {
    const storm = (ms: number, viewers: number, bytesPerViewer: number): StormReport => ({
      type: 'storm-done',
      kind: 'reload',
      ms,
      reconnected: viewers,
      caughtUp: viewers,
      gaps: 0,
      bytesPerViewer,
      failures: [],
    });
    const merged = stormStats([storm(900, 1500, 100), storm(1200, 500, 200)], [1500, 500]);
    expect(merged).toMatchObject({ ms: 1200, reconnected: 2000, caughtUp: 2000, bytesPerViewer: 125 });
  });
});
