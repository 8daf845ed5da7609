import express, { type Request, type Response } from 'express';
import { join } from 'node:path';
import { languages, Language, type Language as LanguageCode } from '../../shared/meeting/model.js';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import {
  archiveIndexHtml,
  fileNames,
  mediaTypes,
  STYLE_HASH,
  type ExportFile,
} from './exports/index.js';
import { chooseEncoding, compressedCopies, sendAsAccepted, type CompressedCopy } from '../http/encodings.js';
import { allowInlineStyle } from '../http/security.js';
import type { PdfPrinter } from './pdf.js';
import type { ArchiveService } from './service.js';
import type { ArchiveRenderer, BundleSource } from './renderer.js';
import type { ArchiveShelf, Shelved } from './shelf.js';
import { logger } from '../observability/log.js';

const BUNDLE = 'bundle.zip';

/** A language the reader asked for (query, then Accept-Language) among those on offer. */
function chooseLanguage(req: Request, offered: readonly LanguageCode[]): LanguageCode {
  const asked = Language.safeParse(req.query.lang);
  if (asked.success && offered.includes(asked.data)) return asked.data;
  const accepted = req.acceptsLanguages(...offered);
  return typeof accepted === 'string' && Language.safeParse(accepted).success ? (accepted as LanguageCode) : offered[0]!;
}

/**
 * The public archive: an index of archived meetings, and for each a record page in every
 * meeting language with its exports, the record printed to PDF (when a printer is configured)
 * and the zip bundle the secretariat submits. Archived records never change, so each meeting's
 * files are rendered once onto the shelf (at sealing, or by the first reader of a meeting sealed
 * elsewhere) and served from disk after that, as is the bundle.
 */
export function createArchiveRoutes(
  archive: ArchiveService,
  shelf: ArchiveShelf,
  renderer: ArchiveRenderer,
  printer: PdfPrinter | null,
  /** Files of the bundle beyond the record: the consultation's report and responses, the group's inputs with it. */
  inputsOf: (meetingId: string) => Promise<ExportFile[]> = async () => [],
): express.Router {
  // strict: `/archive/x` and `/archive/x/` are different pages here.
  const router = express.Router({ strict: true });
  router.use((_req, res, next) => {
    allowInlineStyle(res, STYLE_HASH);
    next();
  });

  const recordOf = async (meetingId: string): Promise<ArchiveRecord | null> => {
    const record = await archive.record(meetingId);
    return record.ok ? record.value : null;
  };
  const shelvedOf = (meetingId: string) => shelveRecord(shelf, renderer, meetingId, () => recordOf(meetingId), printer !== null);

  const bundleOf = (shelved: Shelved): Promise<string> =>
    shelf.bundle(shelved.meetingId, async () => {
      const record = await recordOf(shelved.meetingId);
      if (!record) throw new Error(`The record of ${shelved.meetingId} is gone`);
      const files: BundleSource[] = shelved.files.map((file) => ({ ...file, path: join(shelved.dir, file.name) }));
      for (const language of printer ? shelved.languages : []) {
        files.push({ name: fileNames.pdf(language), mediaType: mediaTypes.pdf, content: await printRecordIn(printer!, renderer, record, language) });
      }
      for (const file of shelved.audio) files.push({ ...file, path: archive.audioFile(shelved.meetingId, file.name)! });
      return renderer.bundle(record, [...files, ...(await inputsOf(shelved.meetingId))]);
    });

  const notFound = (res: Response) => res.status(404).type('text/plain; charset=utf-8').send('No archived meeting here.');
  const unavailable = (res: Response, error: unknown, what: 'PDF' | 'bundle') => {
    logger.error({ err: error }, what === 'PDF' ? 'could not print an archived record' : 'could not build the bundle of an archived record');
    res.status(503).set('retry-after', '30').type('text/plain; charset=utf-8').send(`The ${what} could not be made just now. Try again shortly.`);
  };
  const immutable = (res: Response, mediaType: string) => res.set('cache-control', 'public, max-age=86400, immutable').type(mediaType);
  // Ranges, so a player can seek in the audio; the shelf's own cache headers, not send's.
  const fromDisk = { acceptRanges: true, cacheControl: false, lastModified: false } as const;

  // Index cards never change once made: a language's page is built again only when the archived meetings do.
  // Each page is compressed once too, in Node's thread pool: years of meetings make it hundreds of kilobytes.
  const indexPages = new Map<LanguageCode, { meetings: string; html: Buffer; copies: Promise<CompressedCopy[]> }>();
  router.get('/', async (req, res) => {
    const language = chooseLanguage(req, languages);
    const cards = await archive.archived();
    const meetings = cards.map((card) => card.meeting.id).join('\n');
    let built = indexPages.get(language);
    if (built?.meetings !== meetings) {
      const entries = cards.map((record) => ({ record, href: `/archive/${encodeURIComponent(record.meeting.id)}/` }));
      const others = languages.map((other) => ({ language: other, href: `/archive/?lang=${other}` }));
      const html = Buffer.from(archiveIndexHtml(entries, language, others));
      built = { meetings, html, copies: compressedCopies(html, false) };
      indexPages.set(language, built);
    }
    const copies = await built.copies;
    const chosen = chooseEncoding(req.get('accept-encoding'), copies.map((copy) => copy.encoding));
    const copy = copies.find((candidate) => candidate.encoding === chosen);
    res.type(mediaTypes.html).vary('Accept-Encoding').set('cache-control', 'no-cache');
    if (copy) res.set('content-encoding', copy.encoding);
    res.send(copy?.bytes ?? built.html);
  });

  // The record pages link their exports by sibling name, so the meeting's folder needs its slash.
  router.get('/:meetingId', (req, res) => res.redirect(301, `/archive/${encodeURIComponent(req.params.meetingId)}/`));

  router.get('/:meetingId/', async (req, res) => {
    await archive.prepared(req.params.meetingId);
    const shelved = await shelvedOf(req.params.meetingId);
    if (!shelved) return notFound(res);
    res.redirect(302, fileNames.html(chooseLanguage(req, shelved.languages)));
  });

  router.get('/:meetingId/:file', async (req, res) => {
    await archive.prepared(req.params.meetingId);
    const shelved = await shelvedOf(req.params.meetingId);
    if (!shelved) return notFound(res);
    const name = req.params.file;
    const audio = shelved.audio.find((file) => file.name === name);
    const audioPath = audio ? archive.audioFile(shelved.meetingId, audio.name) : null;
    if (audio && audioPath) return immutable(res, audio.mediaType).sendFile(audioPath, fromDisk);
    if (name === BUNDLE) {
      try {
        const zip = await bundleOf(shelved);
        return immutable(res, mediaTypes.zip).attachment(shelved.bundleName).sendFile(zip, fromDisk);
      } catch (error) {
        return unavailable(res, error, 'bundle');
      }
    }
    const pdfLanguage = printer ? shelved.languages.find((language) => fileNames.pdf(language) === name) : undefined;
    if (pdfLanguage) {
      try {
        const pdf = await printer!.print(shelved.meetingId, name, async () => {
          const record = await recordOf(shelved.meetingId);
          if (!record) throw new Error(`The record of ${shelved.meetingId} is gone`);
          return renderer.printable(record, pdfLanguage);
        });
        return immutable(res, mediaTypes.pdf).send(Buffer.from(pdf));
      } catch (error) {
        return unavailable(res, error, 'PDF');
      }
    }
    const file = shelved.files.find((candidate) => candidate.name === name);
    if (!file) return notFound(res);
    // A page, transcript or list as the reader's browser takes it: a three-hour meeting's is megabytes.
    sendAsAccepted(req, immutable(res, file.mediaType), join(shelved.dir, file.name), file.encodings, fromDisk, (error) =>
      logger.warn({ err: error, meetingId: shelved.meetingId, file: name }, 'an archived file was not sent whole'),
    );
  });

  return router;
}

/** The meeting's exports on the shelf, rendered from its record (off the event loop) the first time. */
export function shelveRecord(
  shelf: ArchiveShelf,
  renderer: ArchiveRenderer,
  meetingId: string,
  recordOf: () => Promise<ArchiveRecord | null>,
  withPdf: boolean,
): Promise<Shelved | null> {
  return shelf.shelved(meetingId, async () => {
    const record = await recordOf();
    return record ? renderer.render(record, { withPdf, bundleHref: BUNDLE }) : null;
  });
}

/** Prints a sealed record in each of its languages; the printer keeps what it printed. */
export function printRecord(printer: PdfPrinter, renderer: ArchiveRenderer, record: ArchiveRecord): void {
  for (const language of record.meeting.languages) {
    printRecordIn(printer, renderer, record, language).catch((error: unknown) =>
      logger.error({ err: error, meetingId: record.meeting.id, language }, 'could not print an archived record'),
    );
  }
}

/** The record in `language` printed to PDF, its HTML rendered off the event loop only when it must be printed. */
function printRecordIn(printer: PdfPrinter, renderer: ArchiveRenderer, record: ArchiveRecord, language: LanguageCode): Promise<Uint8Array> {
  return printer.print(record.meeting.id, fileNames.pdf(language), () => renderer.printable(record, language));
}
