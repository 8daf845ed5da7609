/** Token bucket per connection: a stuck key or a hostile client cannot flood the log. */
export class RateLimiter {
  private tokens: number;
  private last: number;

  constructor(private readonly options: { burst: number; perSecond: number; clock: () => number }) {
    this.tokens = options.burst;
    this.last = options.clock();
  }

  take(): boolean {
    const now = this.options.clock();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.last) / 1000) * this.options.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * One token bucket per key (an address, a hashed e-mail address). Buckets are forgotten in
 * bulk past `maxKeys`, which only ever lets a flood through sooner, never holds it in memory.
 */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, RateLimiter>();

  constructor(private readonly options: { burst: number; perSecond: number; clock: () => number; maxKeys?: number }) {}

  /** How long one request waits at most for its turn once the burst is spent (Retry-After). */
  get secondsPerToken(): number {
    return Math.ceil(1 / this.options.perSecond);
  }

  take(key: string): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= (this.options.maxKeys ?? 10_000)) this.buckets.clear();
      bucket = new RateLimiter(this.options);
      this.buckets.set(key, bucket);
    }
    return bucket.take();
  }
}
