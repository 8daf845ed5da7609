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
