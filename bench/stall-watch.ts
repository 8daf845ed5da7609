/**
 * What ran while the event loop stalled. With BENCH_STALLS (a file path) set, a server child
 * times every callback the loop runs (async_hooks `before`/`after`, by resource type) and checks
 * its own lateness every millisecond; for each stall of 50 ms or more it writes, per resource
 * type, how many callbacks ran in that stretch and for how long, with the longest single one.
 * A CPU profile cannot say this: its busy stretches run across turns of the loop, and the time
 * the kernel spends in a write or the process waits for a core looks alike in it.
 *
 * async_hooks cost CPU on every callback: the figures of a run watched so say where a stall's
 * time went, not how long the loop stalls unwatched.
 */
import { createHook } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

interface Ran {
  type: string;
  start: number;
  ms: number;
}

export interface Stall {
  at: number;
  lateMs: number;
  byType: Record<string, { count: number; ms: number; longestMs: number }>;
  /** The stretch's time not inside any timed callback: the loop's own work, I/O polling, or waiting for a core. */
  outsideMs: number;
}

/**
 * Broadcasts named by event among what ran: the adapter's local delivery (`apply`) and the event
 * streams' `deliver`, timed where they run (inside the callback that broadcast). Their time is
 * part of the callbacks' they ran in, and is listed beside them.
 */
export interface Broadcasting {
  adapter: object;
  streams: object;
}

export function stallWatch(broadcasting?: Broadcasting): { stop(label?: string): void } {
  const file = process.env.BENCH_STALLS;
  if (!file) return { stop: () => undefined };
  const types = new Map<number, string>();
  const started = new Map<number, number>();
  const ran: Ran[] = [];
  let depth = 0;
  const hook = createHook({
    init(asyncId, type) {
      types.set(asyncId, type);
    },
    before(asyncId) {
      if (depth++ === 0) started.set(asyncId, performance.now());
    },
    after(asyncId) {
      if (--depth !== 0) return;
      const start = started.get(asyncId);
      started.delete(asyncId);
      if (start === undefined) return;
      ran.push({ type: types.get(asyncId) ?? 'unknown', start, ms: performance.now() - start });
      if (ran.length > 200_000) ran.splice(0, 100_000);
    },
    destroy(asyncId) {
      types.delete(asyncId);
    },
  });
  hook.enable();
  if (broadcasting) {
    const timed = (target: object, method: string, name: (self: any, args: any[]) => string) => {
      const original = (target as any)[method] as (...args: unknown[]) => unknown;
      (target as any)[method] = function (this: unknown, ...args: unknown[]) {
        const kind = name(this, args);
        const start = performance.now();
        try {
          return original.apply(this, args);
        } finally {
          ran.push({ type: kind, start, ms: performance.now() - start });
        }
      };
    };
    timed(broadcasting.adapter, 'apply', (self) => `socket broadcast ${String(self.encoded?.packet?.data?.[0] ?? '(acked or binary)')}`);
    timed(broadcasting.streams, 'deliver', (_self, args) => `stream broadcast ${String(args[1]?.[0])}`);
  }
  const stalls: Array<Stall & { label: string }> = [];
  let label = 'start';
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    const lateMs = now - last - 1;
    last = now;
    if (lateMs < 50) return;
    const from = now - lateMs - 1;
    const byType: Stall['byType'] = {};
    let inside = 0;
    for (const { type, start, ms } of ran) {
      if (start + ms < from || start > now) continue;
      const entry = (byType[type] ??= { count: 0, ms: 0, longestMs: 0 });
      entry.count += 1;
      entry.ms += ms;
      entry.longestMs = Math.max(entry.longestMs, ms);
      inside += ms;
    }
    stalls.push({ label, at: now, lateMs, byType, outsideMs: lateMs - inside });
  }, 1);
  tick.unref();
  return {
    stop(next = 'stop') {
      label = next;
      writeFileSync(file, JSON.stringify(stalls, null, 1));
    },
  };
}
