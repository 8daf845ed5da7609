/** What a request draws on: one bucket, or several together (`Budgets`). */
export interface Limit {
  /** Spends one token; false (and nothing spent) when there is none. */
  take(): boolean;
  /** Milliseconds until `take` can succeed; 0 now. */
  wait(): number;
}

/** Token bucket per connection: a stuck key or a hostile client cannot flood the log. */
export class RateLimiter implements Limit {
  private tokens: number;
  private last: number;

  constructor(private readonly options: { burst: number; perSecond: number; clock: () => number }) {
    this.tokens = options.burst;
    this.last = options.clock();
  }

  private refill(): void {
    const now = this.options.clock();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.perSecond);
    this.last = now;
  }

  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  wait(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.options.perSecond) * 1000);
  }

  /** Refilled to the brim: the same as a new bucket, so it may be forgotten. */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.options.burst;
  }
}

/**
 * Buckets one request draws on together (its connection's, its link's, its address's): it
 * passes only if each has a token, and then spends one from each, so a refusal by one costs
 * the others nothing.
 */
export class Budgets implements Limit {
  constructor(private readonly buckets: readonly Limit[]) {}

  take(): boolean {
    if (this.wait() > 0) return false;
    for (const bucket of this.buckets) bucket.take();
    return true;
  }

  wait(): number {
    return Math.max(0, ...this.buckets.map((bucket) => bucket.wait()));
  }
}

/**
 * One token bucket per key (an address, a hashed e-mail address, a link). Past `maxKeys`
 * the full buckets are forgotten (a new one would be the same), and if that is not enough all
 * of them, which only ever lets a flood through sooner, never holds it in memory.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, RateLimiter>();

  constructor(private readonly options: { burst: number; perSecond: number; clock: () => number; maxKeys?: number }) {}

  take(key: string): boolean {
    return this.bucket(key).take();
  }

  /** The key's bucket, kept across connections: a reconnection does not refill it. */
  bucket(key: string): RateLimiter {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const maxKeys = this.options.maxKeys ?? 10_000;
      if (this.buckets.size >= maxKeys) {
        for (const [other, kept] of this.buckets) if (kept.full) this.buckets.delete(other);
        if (this.buckets.size >= maxKeys) this.buckets.clear();
      }
      bucket = new RateLimiter(this.options);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }
}
