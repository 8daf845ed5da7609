import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { settledWithin } from './timers.js';

const CLOSE_GRACE_MS = 5000;

/** Set by infra/build-server.mjs: the server runs from its bundle, a worker from its own. */
declare const __OPENFLOOR_BUNDLE__: boolean | undefined;

/**
 * A worker thread of the server: `bundled` (dist/server/, as infra/build-server.mjs writes it,
 * resolved from the caller's place in the tree, which the build keeps) when the server runs from
 * its bundle; otherwise the worker's TypeScript `source`, through tsx registered in the thread first.
 */
export function startWorker(scripts: { source: URL; bundled: URL }, workerData?: unknown): Worker {
  if (typeof __OPENFLOOR_BUNDLE__ !== 'undefined' && __OPENFLOOR_BUNDLE__) return new Worker(scripts.bundled, { workerData });
  // tsx's ESM entry, as its package names it: require.resolve would give its CommonJS one.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsx = pathToFileURL(join(dirname(manifest), entry)).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(scripts.source.href)}); });`, {
    eval: true,
    workerData,
  });
}

/** What every request to a thread carries: its id, which the reply repeats, and its kind. */
export type ThreadRequest = { id: number; kind: string };
/** A thread's reply: of the request's kind when it worked, a message when it did not. */
export type ThreadReply = ({ ok: true; kind: string } | { ok: false; message: string }) & { id: number };

type Pending = { worker: Worker; done: Promise<unknown>; resolve: (reply: unknown) => void; reject: (error: Error) => void };

/**
 * Requests to a worker thread and their replies. One thread, started on first use and kept;
 * requests queue on it in order. An idle thread does not keep the process alive. A thread that
 * dies fails what it held, and the next request starts another.
 */
export class ThreadClient<Request extends ThreadRequest, Reply extends ThreadReply & { ok: true }> {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** `names`: the thread's, in its errors ("The archive renderer"), and what a failed request could not do. */
  constructor(
    private readonly start: () => Worker,
    private readonly names: { thread: string; failed: string },
  ) {}

  /** Sends a request; the reply is of its kind (the thread answers each in kind). */
  ask<K extends Request['kind']>(kind: K, body: Omit<Extract<Request, { kind: K }>, 'id' | 'kind'>): Promise<Extract<Reply, { kind: K }>> {
    const worker = this.started();
    const request = { ...body, id: this.nextId++, kind };
    let settle!: Pick<Pending, 'resolve' | 'reject'>;
    const done = new Promise<unknown>((resolve, reject) => (settle = { resolve, reject }));
    this.pending.set(request.id, { worker, done: done.catch(() => undefined), ...settle });
    worker.postMessage(request);
    return done as Promise<Extract<Reply, { kind: K }>>;
  }

  /** Lets what is in hand finish (a few seconds at most), then stops the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const inFlight = [...this.pending.values()].map((waiting) => waiting.done);
    await settledWithin(Promise.allSettled(inFlight), CLOSE_GRACE_MS);
    this.worker = null;
    await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = this.start();
    worker.unref();
    worker.on('message', (reply: ThreadReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new Error(`${this.names.failed}: ${reply.message}`));
    });
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        if (waiting.worker !== worker) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', (error) => failAll(new Error(`${this.names.thread} failed: ${error.message}`)));
    worker.on('exit', (code) => failAll(new Error(`${this.names.thread} stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
