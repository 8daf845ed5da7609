import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import type { CycleState } from '../../shared/cycle/model.js';
import type { Language } from '../../shared/meeting/model.js';
import type { ReportOptions } from '../cycle/report.js';
import type { CompressedCopy } from '../http/encodings.js';
import type { Printable } from './pdf.js';
import { settledWithin } from '../timers.js';
import type { ShelfIndex } from './shelf.js';

const CLOSE_GRACE_MS = 5000;

/** A file of the bundle: on disk (an export on the shelf, a PDF, the audio) or given (the consultation's inputs). */
export type BundleSource = { name: string; mediaType: string } & ({ path: string } | { content: string | Uint8Array });

export type RenderRequest =
  | { id: number; kind: 'render'; record: ArchiveRecord; withPdf: boolean; bundleHref: string }
  | { id: number; kind: 'printable'; record: ArchiveRecord; language: Language }
  | { id: number; kind: 'bundle'; record: ArchiveRecord; files: BundleSource[] }
  | { id: number; kind: 'report'; cycle: CycleState; language: Language; options: ReportOptions; compressed: boolean };

export type RenderReply =
  | { id: number; ok: true; kind: 'render'; index: ShelfIndex; contents: [string, Uint8Array][] }
  | { id: number; ok: true; kind: 'printable'; printable: Printable }
  | { id: number; ok: true; kind: 'bundle'; zip: Uint8Array }
  | { id: number; ok: true; kind: 'report'; html: Uint8Array; copies: { encoding: CompressedCopy['encoding']; bytes: Uint8Array }[] }
  | { id: number; ok: false; message: string };

/** Set by infra/build-server.mjs: the server runs from its bundle, the worker from its own. */
declare const __OPENFLOOR_BUNDLE__: boolean | undefined;

function startWorker(): Worker {
  if (typeof __OPENFLOOR_BUNDLE__ !== 'undefined' && __OPENFLOOR_BUNDLE__) {
    // Resolved from this source file's place in the tree (build-server.mjs keeps it): dist/server/ beside server/.
    return new Worker(new URL('../../dist/server/archive-render-worker.js', import.meta.url));
  }
  // From the sources (tests, tsx): the worker's TypeScript, through tsx registered in the thread first.
  // tsx's ESM entry, as its package names it: require.resolve would give its CommonJS one.
  const manifest = createRequire(import.meta.url).resolve('tsx/package.json');
  const entry = (JSON.parse(readFileSync(manifest, 'utf8')) as { exports: Record<string, { import: { default: string } }> }).exports['./esm/api']!.import.default;
  const tsx = pathToFileURL(join(dirname(manifest), entry)).href;
  const script = new URL('./render-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(script)}); });`, { eval: true });
}

type Pending = { worker: Worker; done: Promise<unknown>; resolve: (reply: RenderReply & { ok: true }) => void; reject: (error: Error) => void };

/**
 * The archive's rendering, on a thread of its own (render-worker.ts): readers of archived
 * meetings, and of a consultation's compilation report, never stall the live meetings' captions
 * on this node. One thread, started on first use and kept; requests queue on it in order. A
 * thread that dies fails what it held, and the next request starts another.
 */
export class ArchiveRenderer {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  /** Every export of the record, as bytes, with the shelf's index of them. */
  async render(record: ArchiveRecord, options: { withPdf: boolean; bundleHref: string }) {
    const reply = await this.ask('render', { record, ...options });
    return { index: reply.index, contents: new Map(reply.contents) };
  }

  /** What the record in `language` is printed to PDF from. */
  async printable(record: ArchiveRecord, language: Language): Promise<Printable> {
    return (await this.ask('printable', { record, language })).printable;
  }

  /** The zip bundle of the record's files, with its manifest. */
  async bundle(record: ArchiveRecord, files: BundleSource[]): Promise<Uint8Array> {
    return (await this.ask('bundle', { record, files })).zip;
  }

  /**
   * A consultation cycle's compilation report in `language` (reportHtml), as UTF-8; with its
   * compressed copies when `compressed`. A report of 1,000 responses is some megabytes of HTML
   * and 0.2 s of CPU to render.
   */
  async report(cycle: CycleState, language: Language, options: ReportOptions, compressed: boolean): Promise<{ html: Buffer; copies: CompressedCopy[] }> {
    const { html, copies } = await this.ask('report', { cycle, language, options, compressed });
    // Buffers arrive as plain bytes from the thread: the same memory, as Buffers again.
    const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { html: buffer(html), copies: copies.map(({ encoding, bytes }) => ({ encoding, bytes: buffer(bytes) })) };
  }

  /** Lets what is being rendered finish (a few seconds at most), then stops the thread. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const inFlight = [...this.pending.values()].map((waiting) => waiting.done);
    await settledWithin(Promise.allSettled(inFlight), CLOSE_GRACE_MS);
    this.worker = null;
    await worker.terminate();
  }

  /** Sends a request to the thread; the reply to a request is of its kind (render-worker.ts answers each in kind). */
  private ask<K extends RenderRequest['kind']>(kind: K, body: Omit<Extract<RenderRequest, { kind: K }>, 'id' | 'kind'>): Promise<Extract<RenderReply, { kind: K }>> {
    const worker = this.started();
    const request = { ...body, id: this.nextId++, kind } as unknown as RenderRequest;
    let settle!: Pick<Pending, 'resolve' | 'reject'>;
    const done = new Promise<RenderReply & { ok: true }>((resolve, reject) => (settle = { resolve, reject }));
    this.pending.set(request.id, { worker, done: done.catch(() => undefined), ...settle });
    worker.postMessage(request);
    return done as Promise<Extract<RenderReply, { kind: K }>>;
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    // An idle renderer does not keep the process alive.
    worker.unref();
    worker.on('message', (reply: RenderReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply);
      else waiting.reject(new Error(`Could not render the archive: ${reply.message}`));
    });
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        if (waiting.worker !== worker) continue;
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', (error) => failAll(new Error(`The archive renderer failed: ${error.message}`)));
    worker.on('exit', (code) => failAll(new Error(`The archive renderer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
