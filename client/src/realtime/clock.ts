import { useEffect, useState } from 'react';

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
