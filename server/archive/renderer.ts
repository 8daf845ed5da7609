import type { ArchiveRecord } from '../../shared/archive/record.js';
import type { CycleState } from '../../shared/cycle/model.js';
import type { Language } from '../../shared/meeting/model.js';
import type { ReportOptions } from '../cycle/report.js';
import type { CompressedCopy } from '../http/encodings.js';
import type { Printable } from './pdf.js';
import { startWorker, ThreadClient } from '../worker-thread.js';
import type { ShelfIndex } from './shelf.js';

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

/**
 * The archive's rendering, on a thread of its own (render-worker.ts): readers of archived
 * meetings, and of a consultation's compilation report, never stall the live meetings' captions
 * on this node.
 */
export class ArchiveRenderer {
  private readonly thread = new ThreadClient<RenderRequest, RenderReply & { ok: true }>(
    () => startWorker({ source: new URL('./render-worker.ts', import.meta.url), bundled: new URL('../../dist/server/archive-render-worker.js', import.meta.url) }),
    { thread: 'The archive renderer', failed: 'Could not render the archive' },
  );

  /** Every export of the record, as bytes, with the shelf's index of them. */
  async render(record: ArchiveRecord, options: { withPdf: boolean; bundleHref: string }) {
    const reply = await this.thread.ask('render', { record, ...options });
    return { index: reply.index, contents: new Map(reply.contents) };
  }

  /** What the record in `language` is printed to PDF from. */
  async printable(record: ArchiveRecord, language: Language): Promise<Printable> {
    return (await this.thread.ask('printable', { record, language })).printable;
  }

  /** The zip bundle of the record's files, with its manifest. */
  async bundle(record: ArchiveRecord, files: BundleSource[]): Promise<Uint8Array> {
    return (await this.thread.ask('bundle', { record, files })).zip;
  }

  /**
   * A consultation cycle's compilation report in `language` (reportHtml), as UTF-8; with its
   * compressed copies when `compressed`. A report of 1,000 responses is some megabytes of HTML
   * and 0.2 s of CPU to render.
   */
  async report(cycle: CycleState, language: Language, options: ReportOptions, compressed: boolean): Promise<{ html: Buffer; copies: CompressedCopy[] }> {
    const { html, copies } = await this.thread.ask('report', { cycle, language, options, compressed });
    // Buffers arrive as plain bytes from the thread: the same memory, as Buffers again.
    const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return { html: buffer(html), copies: copies.map(({ encoding, bytes }) => ({ encoding, bytes: buffer(bytes) })) };
  }

  /** Lets what is being rendered finish (a few seconds at most), then stops the thread. */
  close(): Promise<void> {
    return this.thread.close();
  }
}
