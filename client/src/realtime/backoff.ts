/** The longest a page waits before coming back, however often it failed. */
const MAX_RETRY_MS = 30_000;

/**
 * How long a page waits before its next try after `failures` failed ones: `delayMs` (the
 * stream's delay, or what a refusal said), doubled with each failure up to 30 s, spread over up
 * to half as long again, so a hall that lost the network together does not come back in the same second.
 */
export function comeBackDelay(delayMs: number, failures: number): number {
  return Math.min(delayMs * 2 ** failures, MAX_RETRY_MS) * (1 + Math.random() / 2);
}
