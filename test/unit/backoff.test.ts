import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comeBackDelay } from '../../client/src/realtime/backoff.js';

describe('how long a page waits before coming back', () => {
  it('doubles with each failure up to 30 s, spread over up to half as long again', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30_000 }), fc.nat(20), (delayMs, failures) => {
        const plain = Math.min(delayMs * 2 ** failures, 30_000);
        const waited = comeBackDelay(delayMs, failures);
        expect(waited).toBeGreaterThanOrEqual(plain);
        expect(waited).toBeLessThanOrEqual(plain * 1.5);
      }),
    );
  });

  it('never comes back sooner than a refusal said, however long that is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30_001, max: 3_600_000 }), fc.nat(20), (toldMs, failures) => {
        const waited = comeBackDelay(toldMs, failures);
        expect(waited).toBeGreaterThanOrEqual(toldMs);
        expect(waited).toBeLessThanOrEqual(toldMs * 1.5);
      }),
    );
  });
});
