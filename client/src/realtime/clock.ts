import { useEffect, useState, useSyncExternalStore } from 'react';

/** Local clock, re-rendering every `intervalMs`. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** The server's clock as this page best knows it: countdowns must agree across devices. */
export function useServerNow(clockOffsetMs: number, intervalMs = 250): number {
  return useNow(intervalMs) + clockOffsetMs;
}

/**
 * One timer for everything on a page that shows whole seconds (the chair's list of waiting
 * times, the record of speeches, the balance; the captioner's desk): they change in one render a second, not in one
 * each at its own moment, and a line whose time did not change is not drawn again.
 */
const secondListeners = new Set<() => void>();
let second = Date.now();
let secondTimer: ReturnType<typeof setInterval> | undefined;

function subscribeToSeconds(listener: () => void): () => void {
  secondListeners.add(listener);
  if (secondTimer === undefined) {
    second = Date.now();
    secondTimer = setInterval(() => {
      second = Date.now();
      for (const notify of secondListeners) notify();
    }, 1000);
  }
  return () => {
    secondListeners.delete(listener);
    if (secondListeners.size === 0) {
      clearInterval(secondTimer);
      secondTimer = undefined;
    }
  };
}

/** The server's clock, moving once a second with every other user of it on the page. */
export function useServerSecond(clockOffsetMs: number): number {
  return useSyncExternalStore(subscribeToSeconds, () => second) + clockOffsetMs;
}
