import type { Request, Response } from 'express';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { CycleState } from '../../shared/cycle/model.js';
import type { Language } from '../../shared/meeting/model.js';
import type { ArchiveRenderer } from '../archive/renderer.js';
import { chooseEncoding, type CompressedCopy } from '../http/encodings.js';
import { RecentMap } from '../recent-map.js';

const gunzipped = promisify(gunzip);

/** Report pages kept: a few cycles' reports in their languages (each some megabytes before compression). */
const KEPT_PAGES = 12;

interface RenderedReport {
  etag: string;
  /** The Brotli and gzip copies smaller than the page. */
  copies: CompressedCopy[];
  /** The page itself, kept only when there is no gzip copy to rebuild it from for the rare reader that takes neither. */
  identity: Buffer | null;
}

interface KeptReport {
  /** The cycle's seq it was rendered at: any later command may change it (an intro, a translation). */
  seq: number;
  rendering: Promise<RenderedReport>;
}

/**
 * The published compilation report's pages, rendered once per change of the cycle and language,
 * on the rendering thread, and kept compressed. The report of a cycle of 1,000 responses is about
 * 4.4 MB of HTML and 0.2 s of CPU to render and compress; it is linked from every topic of the
 * meeting, so delegates open it during the meeting, and rendering it for each of them on the
 * event loop stalled the captions and the floor for seconds. Readers asking at once share one
 * rendering.
 */
export class ReportPages {
  private readonly rendered = new RecentMap<string, KeptReport>(KEPT_PAGES);

  constructor(private readonly renderer: Pick<ArchiveRenderer, 'report'>) {}

  /** Sends the report page of `cycle` (at `seq`) in `language`, or 304 when the reader has it. */
  async send(req: Request, res: Response, cycle: CycleState, seq: number, language: Language): Promise<void> {
    const page = await this.page(cycle, seq, language);
    res.vary('Accept-Encoding').set('etag', page.etag).set('cache-control', 'no-cache').type('text/html; charset=utf-8');
    if (req.get('if-none-match')?.split(',').some((tag) => tag.trim() === page.etag)) {
      res.status(304).end();
      return;
    }
    const encoding = chooseEncoding(req.get('accept-encoding'), page.copies.map((copy) => copy.encoding));
    const copy = page.copies.find((candidate) => candidate.encoding === encoding);
    if (copy) {
      res.set('content-encoding', copy.encoding).send(copy.bytes);
      return;
    }
    const gzip = page.copies.find((candidate) => candidate.encoding === 'gzip');
    res.send(gzip ? await gunzipped(gzip.bytes) : page.identity);
  }

  private page(cycle: CycleState, seq: number, language: Language): Promise<RenderedReport> {
    const key = `${cycle.id}:${language}`;
    const kept = this.rendered.get(key);
    if (kept?.seq === seq) return kept.rendering;
    const rendering = (async () => {
      const { html, copies } = await this.renderer.report(cycle, language, { absolute: '', links: true }, true);
      return { etag: `"report-${cycle.id}-${seq}-${language}"`, copies, identity: copies.some((copy) => copy.encoding === 'gzip') ? null : html };
    })();
    this.rendered.set(key, { seq, rendering });
    // A rendering that failed is not kept: the next reader tries again.
    rendering.catch(() => {
      if (this.rendered.get(key)?.rendering === rendering) this.rendered.delete(key);
    });
    return rendering;
  }
}
