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

/**
 * Settles as `promise` does, or rejects with `late()` once `ms` pass first: a question to a
 * server that may never answer (a hung process, a connection the network dropped unheard).
 */
export function answeredWithin<T>(promise: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Resolves once `promise` settles or `ms` pass, whichever comes first: a goodbye nobody may answer. */
export function settledWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  return answeredWithin(promise, ms, () => new Error('late')).then(
    () => undefined,
    () => undefined,
  );
}
