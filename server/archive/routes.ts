import express, { type Request, type Response } from 'express';
import { languages, Language, type Language as LanguageCode } from '../../shared/meeting/model.js';
import type { ArchiveRecord } from '../../shared/archive/record.js';
import { archiveIndexHtml, bundle, exportFiles, fileNames, mediaTypes, type ExportFile } from './exports/index.js';
import type { ArchiveService } from './service.js';

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
 * meeting language with its exports and the zip bundle the secretariat submits. Archived
 * records never change, so every response is built once and cached for good.
 */
export function createArchiveRoutes(archive: ArchiveService): express.Router {
  // strict: `/archive/x` and `/archive/x/` are different pages here.
  const router = express.Router({ strict: true });
  const published = new Map<string, { files: Map<string, ExportFile>; zip: Uint8Array; record: ArchiveRecord }>();

  const publicationOf = (meetingId: string) => {
    const cached = published.get(meetingId);
    if (cached) return cached;
    const record = archive.record(meetingId);
    if (!record.ok) return null;
    const files = exportFiles(record.value, { bundleHref: BUNDLE });
    const publication = { files: new Map(files.map((file) => [file.name, file])), zip: bundle(record.value).zip, record: record.value };
    published.set(meetingId, publication);
    return publication;
  };

  const notFound = (res: Response) => res.status(404).type('text/plain; charset=utf-8').send('No archived meeting here.');

  router.get('/', (req, res) => {
    const language = chooseLanguage(req, languages);
    const entries = archive.archived().map((record) => ({ record, href: `/archive/${encodeURIComponent(record.meeting.id)}/` }));
    const others = languages.map((other) => ({ language: other, href: `/archive/?lang=${other}` }));
    res.type(mediaTypes.html).set('cache-control', 'no-cache').send(archiveIndexHtml(entries, language, others));
  });

  // The record pages link their exports by sibling name, so the meeting's folder needs its slash.
  router.get('/:meetingId', (req, res) => res.redirect(301, `/archive/${encodeURIComponent(req.params.meetingId)}/`));

  router.get('/:meetingId/', (req, res) => {
    const publication = publicationOf(req.params.meetingId);
    if (!publication) return notFound(res);
    const language = chooseLanguage(req, publication.record.meeting.languages);
    res.redirect(302, fileNames.html(language));
  });

  router.get('/:meetingId/:file', (req, res) => {
    const publication = publicationOf(req.params.meetingId);
    if (!publication) return notFound(res);
    res.set('cache-control', 'public, max-age=86400, immutable');
    if (req.params.file === BUNDLE) {
      return res
        .type(mediaTypes.zip)
        .attachment(fileNames.bundle(publication.record))
        .send(Buffer.from(publication.zip));
    }
    const file = publication.files.get(req.params.file);
    if (!file) return notFound(res);
    res.type(file.mediaType).send(file.content);
  });

  return router;
}
