import type { ErrorCode } from '../../shared/errors.js';

/** Something this node needs to serve a meeting, probed by `/readyz`: null when it answers, else why not. */
export interface ReadinessCheck {
  name: string;
  /** The code `/readyz` reports while it fails. */
  code: ErrorCode;
  probe: () => Promise<string | null>;
}

/**
 * Whether a load balancer should send this node new connections: not while it drains for a
 * shutdown, nor while a service it depends on does not answer. The disk's own health is
 * `StorageHealth`, which `/readyz` reports first.
 */
export class Readiness {
  private drainingSince: number | null = null;
  private readonly checks: ReadinessCheck[] = [];

  add(check: ReadinessCheck): void {
    this.checks.push(check);
  }

  /** From now on `/readyz` answers 503: the node is shutting down. */
  drain(now: number): void {
    this.drainingSince ??= now;
  }

  get draining(): number | null {
    return this.drainingSince;
  }

  /** The checks failing now, probed together. */
  async failing(): Promise<{ name: string; code: ErrorCode; reason: string }[]> {
    const results = await Promise.all(this.checks.map(async (check) => ({ check, reason: await check.probe() })));
    return results.flatMap(({ check, reason }) => (reason === null ? [] : [{ name: check.name, code: check.code, reason }]));
  }
}

/**
 * LiveKit answers HTTP on its signalling address: any answer within `timeoutMs` is reachable,
 * a refused connection, an unknown host or silence is not. Short, as a probe waits for it.
 */
export function liveKitReachable(url: string, timeoutMs = 1000): ReadinessCheck {
  const httpUrl = url.replace(/^ws/, 'http');
  return {
    name: 'livekit',
    code: 'MEDIA_UNAVAILABLE',
    probe: async () => {
      try {
        const response = await fetch(httpUrl, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
        await response.body?.cancel();
        return null;
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        const why = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause?.code ?? cause?.message ?? String(error));
        return `LiveKit at ${url} is unreachable (${why})`;
      }
    },
  };
}
