/** Median of the values, or null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const LATENCY_WINDOW = 20;
/** Sends and receipts waiting for their other half; older ones are forgotten. */
const MAX_UNMATCHED = 200;

/**
 * Time from sending a delta to receiving its own `caption:changed` broadcast back, matched by
 * the seq its acknowledgement names (the broadcast may arrive before or after that ack).
 * Keeps the last `window` samples and answers their median.
 */
export class LatencyTracker {
  private readonly sentAt = new Map<number, number>();
  private readonly receivedAt = new Map<number, number>();
  private readonly recent: number[] = [];

  constructor(private readonly window: number = LATENCY_WINDOW) {}

  /** A delta sent at `at` was accepted as `seq`. */
  sent(seq: number, at: number): void {
    const received = this.receivedAt.get(seq);
    if (received === undefined) return remember(this.sentAt, seq, at);
    this.receivedAt.delete(seq);
    this.sample(received - at);
  }

  /** The broadcast of `seq` (one of this seat's own deltas) arrived at `at`. */
  received(seq: number, at: number): void {
    const sent = this.sentAt.get(seq);
    if (sent === undefined) return remember(this.receivedAt, seq, at);
    this.sentAt.delete(seq);
    this.sample(at - sent);
  }

  get samples(): readonly number[] {
    return this.recent;
  }

  get median(): number | null {
    return median(this.recent);
  }

  private sample(ms: number): void {
    this.recent.push(Math.max(0, ms));
    if (this.recent.length > this.window) this.recent.splice(0, this.recent.length - this.window);
  }
}

function remember(map: Map<number, number>, seq: number, at: number): void {
  map.set(seq, at);
  if (map.size > MAX_UNMATCHED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}
