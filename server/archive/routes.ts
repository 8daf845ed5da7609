import express, { type Request, type Response } from 'express';
import { readFileSync } from 'node:fs';
import { languages, Language, type Language as LanguageCode } from '../../shared/meeting/model.js';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import {
  audioFilesOf,
  archiveIndexHtml,
  bundle,
  exportFiles,
  fileNames,
  mediaTypes,
  recordHtml,
  recordPdfMetadata,
  STYLE_HASH,
  type ExportFile,
} from './exports/index.js';
import { allowInlineStyle } from '../http/security.js';
import type { PdfPrinter } from './pdf.js';
import type { ArchiveService } from './service.js';
import { logger } from '../observability/log.js';

const BUNDLE = 'bundle.zip';

/** A language the reader asked for (query, then Accept-Language) among those on offer. */
function chooseLanguage(req: Request, offered: readonly LanguageCode[]): LanguageCode {
  const asked = Language.safeParse(req.query.lang);
  if (asked.success && offered.includes(asked.data)) return asked.data;
  const accepted = req.acceptsLanguages(...offered);
  return typeof accepted === 'string' && Language.safeParse(accepted).success ? (accepted as LanguageCode) : offered[0]!;
}

interface Publication {
  record: ArchiveRecord;
  files: Map<string, ExportFile>;
  /** Built on first request: with a printer it waits for the PDFs it holds. */
  zip: Promise<Uint8Array> | null;
}

/**
 * The public archive: an index of archived meetings, and for each a record page in every
 * meeting language with its exports, the record printed to PDF (when a printer is configured)
 * and the zip bundle the secretariat submits. Archived records never change, so every
 * response is built once and cached for good.
 */
export function createArchiveRoutes(
  archive: ArchiveService,
  printer: PdfPrinter | null,
  /** Files of the bundle beyond the record: the consultation's report and responses, the group's inputs with it. */
  inputsOf: (meetingId: string) => ExportFile[] = () => [],
): express.Router {
  // strict: `/archive/x` and `/archive/x/` are different pages here.
  const router = express.Router({ strict: true });
  router.use((_req, res, next) => {
    allowInlineStyle(res, STYLE_HASH);
    next();
  });
  const published = new Map<string, Publication>();

  const publicationOf = async (meetingId: string): Promise<Publication | null> => {
    const cached = published.get(meetingId);
    if (cached) return cached;
    const record = await archive.record(meetingId);
    if (!record.ok) return null;
    const files = exportFiles(record.value, { bundleHref: BUNDLE, withPdf: printer !== null });
    const publication = { record: record.value, files: new Map(files.map((file) => [file.name, file])), zip: null };
    published.set(meetingId, publication);
    return publication;
  };

  const pdfOf = (publication: Publication, language: LanguageCode): Promise<Uint8Array> => {
    if (!printer) throw new Error('No PDF printer');
    return printRecordIn(printer, publication.record, language);
  };

  const zipOf = (publication: Publication): Promise<Uint8Array> => {
    publication.zip ??= (async () => {
      const pdfs: ExportFile[] = [];
      for (const language of printer ? publication.record.meeting.languages : []) {
        pdfs.push({ name: fileNames.pdf(language), mediaType: mediaTypes.pdf, content: await pdfOf(publication, language) });
      }
      const audio = audioFilesOf(publication.record).map((file) => ({
        name: file.name,
        mediaType: file.mediaType,
        content: readFileSync(archive.audioFile(publication.record.meeting.id, file.name)!),
      }));
      return bundle(publication.record, [...publication.files.values(), ...pdfs, ...audio, ...inputsOf(publication.record.meeting.id)]).zip;
    })();
    // A failed print is tried again with the next download.
    publication.zip.catch(() => (publication.zip = null));
    return publication.zip;
  };

  const notFound = (res: Response) => res.status(404).type('text/plain; charset=utf-8').send('No archived meeting here.');
  const unavailable = (res: Response, error: unknown) => {
    logger.error({ err: error }, 'could not print an archived record');
    res.status(503).set('retry-after', '30').type('text/plain; charset=utf-8').send('The PDF could not be made just now. Try again shortly.');
  };

  router.get('/', async (req, res) => {
    const language = chooseLanguage(req, languages);
    const entries = (await archive.archived()).map((record) => ({ record, href: `/archive/${encodeURIComponent(record.meeting.id)}/` }));
    const others = languages.map((other) => ({ language: other, href: `/archive/?lang=${other}` }));
    res.type(mediaTypes.html).set('cache-control', 'no-cache').send(archiveIndexHtml(entries, language, others));
  });

  // The record pages link their exports by sibling name, so the meeting's folder needs its slash.
  router.get('/:meetingId', (req, res) => res.redirect(301, `/archive/${encodeURIComponent(req.params.meetingId)}/`));

  router.get('/:meetingId/', async (req, res) => {
    await archive.prepared(req.params.meetingId);
    const publication = await publicationOf(req.params.meetingId);
    if (!publication) return notFound(res);
    const language = chooseLanguage(req, publication.record.meeting.languages);
    res.redirect(302, fileNames.html(language));
  });

  router.get('/:meetingId/:file', async (req, res) => {
    await archive.prepared(req.params.meetingId);
    const publication = await publicationOf(req.params.meetingId);
    if (!publication) return notFound(res);
    const immutable = () => res.set('cache-control', 'public, max-age=86400, immutable');
    // The floor's audio is served from disk, with ranges, so a player can seek.
    const audio = audioFilesOf(publication.record).find((file) => file.name === req.params.file);
    const audioPath = audio ? archive.audioFile(publication.record.meeting.id, audio.name) : null;
    if (audio && audioPath) {
      immutable().type(audio.mediaType);
      return res.sendFile(audioPath, { acceptRanges: true, cacheControl: false, lastModified: false });
    }
    if (req.params.file === BUNDLE) {
      try {
        const zip = await zipOf(publication);
        return immutable().type(mediaTypes.zip).attachment(fileNames.bundle(publication.record)).send(Buffer.from(zip));
      } catch (error) {
        return unavailable(res, error);
      }
    }
    const pdfLanguage = printer ? publication.record.meeting.languages.find((language) => fileNames.pdf(language) === req.params.file) : undefined;
    if (pdfLanguage) {
      try {
        const pdf = await pdfOf(publication, pdfLanguage);
        return immutable().type(mediaTypes.pdf).send(Buffer.from(pdf));
      } catch (error) {
        return unavailable(res, error);
      }
    }
    const file = publication.files.get(req.params.file);
    if (!file) return notFound(res);
    immutable().type(file.mediaType).send(typeof file.content === 'string' ? file.content : Buffer.from(file.content));
  });

  return router;
}

/** Prints a sealed record in each of its languages; the printer keeps what it printed. */
export function printRecord(printer: PdfPrinter, record: ArchiveRecord): void {
  for (const language of record.meeting.languages) {
    printRecordIn(printer, record, language).catch((error: unknown) =>
      logger.error({ err: error, meetingId: record.meeting.id, language }, 'could not print an archived record'),
    );
  }
}

/** The record in `language` printed from its HTML, without the download links a PDF cannot follow. */
function printRecordIn(printer: PdfPrinter, record: ArchiveRecord, language: LanguageCode): Promise<Uint8Array> {
  const html = recordHtml(record, language, { exportLinks: [], otherLanguages: [] });
  return printer.print(record.meeting.id, fileNames.pdf(language), html, recordPdfMetadata(record, language));
}
