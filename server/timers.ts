/**
 * Delayed work, given at the composition root like the clock: tests that move the clock move
 * these timers with it, instead of waiting for real time to pass.
 */
export interface Timers {
  set(callback: () => void, ms: number): Timer;
  clear(timer: Timer): void;
}

/** Opaque: whatever `set` returned. */
export type Timer = { readonly timer: unknown };

/** Node's setTimeout caps its delay at 2^31-1 ms (about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Node's timers; they do not keep the process alive. */
export const systemTimers: Timers = {
  set: (callback, ms) => ({ timer: setTimeout(callback, Math.min(ms, MAX_TIMER_MS)).unref() }),
  clear: ({ timer }) => clearTimeout(timer as NodeJS.Timeout),
};
