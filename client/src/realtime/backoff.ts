/** The longest a page waits before coming back, however often it failed. */
const MAX_RETRY_MS = 30_000;

/**
 * How long a page waits before its next try after `failures` failed ones: `delayMs` (the
 * stream's delay, or what a refusal said), doubled with each failure up to 30 s, spread over up
 * to half as long again, so a hall that lost the network together does not come back in the same second.
 * Never less than `delayMs`: a refusal that said 20 minutes is not tried again after 30 s.
 */
export function comeBackDelay(delayMs: number, failures: number): number {
  return Math.max(delayMs, Math.min(delayMs * 2 ** failures, MAX_RETRY_MS)) * (1 + Math.random() / 2);
}
