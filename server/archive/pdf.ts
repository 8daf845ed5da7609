import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeWhole } from '../storage/data-dir.js';
import { isPdfA, toPdfA, type PdfAInput } from './pdfa/convert.js';

export interface PdfPrinterOptions {
  /** A Chromium able to print headless (Debian's /usr/bin/chromium). */
  chromiumPath: string;
  /** Where printed records are kept: a record is printed once, ever, and served from here. */
  cacheDir: string;
  /** Longest a print may take before it is abandoned. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 120_000;

/** What a PDF is printed from. */
export interface Printable {
  html: string;
  /** PDF/A-2 metadata; without it the PDF is as Chromium printed it. */
  metadata?: PdfAInput;
}

/**
 * Prints archived records to PDF/A-2 with headless Chromium, from the same accessible HTML the
 * archive publishes. Chromium's PDF is tagged (structure tree from the HTML's headings, tables
 * and lists, with /Lang) and carries a document outline; toPdfA adds what PDF/A asks beyond
 * that (see pdfa/convert.ts and the README). An archived record never changes, so each is
 * printed once, kept on disk, and the same bytes are served after a restart. One print runs at
 * a time: a browser per request would starve the meeting server.
 */
export class PdfPrinter {
  private readonly pending = new Map<string, Promise<Uint8Array>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: PdfPrinterOptions) {}

  /**
   * The PDF named `name`, printed from `printable` on the first call and read from disk after:
   * PDF/A-2 when the document's metadata is given (archived records), as Chromium printed it
   * otherwise. A function is called only when the PDF has to be printed or converted, so a
   * reader of a printed record costs a file read, not a record and its HTML.
   */
  print(meetingId: string, name: string, printable: Printable | (() => Promise<Printable>)): Promise<Uint8Array> {
    const key = `${meetingId}/${name}`;
    const existing = this.pending.get(key);
    if (existing) return existing;
    const file = join(this.options.cacheDir, encodeURIComponent(meetingId), name);
    const source = typeof printable === 'function' ? printable : async () => printable;
    // Only prints in progress are kept: a printed PDF is on disk, not held for every record ever read.
    const printed = this.cachedOrPrinted(file, source).finally(() => this.pending.delete(key));
    this.pending.set(key, printed);
    return printed;
  }

  private async cachedOrPrinted(file: string, source: () => Promise<Printable>): Promise<Uint8Array> {
    const cached: Uint8Array | null = existsSync(file) ? new Uint8Array(await readFile(file)) : null;
    if (cached && isPdfA(cached)) return cached;
    const { html, metadata } = await source();
    // Records printed before the archive made PDF/A are converted once, from the same print.
    if (cached && !metadata) return cached;
    let printed = cached;
    if (!printed) {
      const run = this.queue.then(() => this.printNow(html));
      this.queue = run.catch(() => undefined);
      printed = await run;
    }
    const pdf = metadata ? await toPdfA(printed, metadata) : printed;
    await mkdir(join(file, '..'), { recursive: true });
    await writeWhole(file, pdf);
    return pdf;
  }

  private async printNow(html: string): Promise<Uint8Array> {
    const dir = await mkdtemp(join(tmpdir(), 'openfloor-pdf-'));
    try {
      const page = join(dir, 'record.html');
      const out = join(dir, 'record.pdf');
      await writeFile(page, html);
      await new Promise<void>((resolve, reject) => {
        execFile(
          this.options.chromiumPath,
          [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-extensions',
            '--no-first-run',
            `--user-data-dir=${join(dir, 'profile')}`,
            '--no-pdf-header-footer',
            '--generate-pdf-document-outline',
            `--print-to-pdf=${out}`,
            pathToFileURL(page).href,
          ],
          { timeout: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
          (error, _stdout, stderr) => {
            if (error) reject(new Error(`Chromium could not print the record: ${error.message}\n${String(stderr).slice(-2000)}`));
            else resolve();
          },
        );
      });
      const pdf = new Uint8Array(await readFile(out));
      if (!isPdf(pdf)) throw new Error('Chromium wrote no PDF');
      return pdf;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** A complete PDF file: the header at the start and an end-of-file marker near the end. */
export function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  return head === '%PDF-' && tail.includes('%%EOF');
}
