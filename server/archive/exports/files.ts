import type { ArchiveRecord } from '../../../shared/archive/record.js';
import type { Language } from '../../../shared/meeting/model.js';
import { audioFileNames } from '../../../shared/archive/audio.js';
import { topicCaptionsVtt } from './audio.js';
import { speechesCsv } from './csv.js';
import { recordHtml, type ExportLink } from './html.js';
import { recordJson } from './json.js';
import { labelsFor, languageNames } from './labels.js';
import { srt } from './srt.js';
import { plainText } from './text.js';
import { webVtt } from './webvtt.js';

/** One export, ready to serve or to zip: text, or bytes (the PDF). */
export interface ExportFile {
  name: string;
  mediaType: string;
  content: string | Uint8Array;
}

export const mediaTypes = {
  json: 'application/json',
  html: 'text/html; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  srt: 'application/x-subrip; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  pdf: 'application/pdf',
  zip: 'application/zip',
} as const;

export const fileNames = {
  json: 'record.json',
  manifest: 'manifest.json',
  html: (language: Language) => `record-${language}.html`,
  vtt: (language: Language) => `transcript-${language}.vtt`,
  srt: (language: Language) => `transcript-${language}.srt`,
  txt: (language: Language) => `transcript-${language}.txt`,
  csv: (language: Language) => `speakers-${language}.csv`,
  pdf: (language: Language) => `record-${language}.pdf`,
  /** Suggested download name of the bundle (it is not inside itself). */
  bundle: (record: ArchiveRecord) => `${record.meeting.id}-archive.zip`,
} as const;

export interface ExportFileOptions {
  /** Where a file of the export set is served; default: its bare name, a sibling in the bundle. */
  hrefOf?: (name: string) => string;
  /** Where the zip bundle is served, to list it among the downloads; omitted inside the bundle. */
  bundleHref?: string;
  /** Whether the record is also printed to PDF (`record-<lang>.pdf`), to list it among the downloads. */
  withPdf?: boolean;
}

/**
 * The download list of the HTML record in `language`: the PDF (when printed) and the speakers
 * list in this language, the transcript files in this language
 * first, then in the other transcript languages, then the JSON record and (if given) the zip.
 * Labels are in `language`, each transcript's language named in itself.
 */
export function downloadLinks(record: ArchiveRecord, language: Language, options: ExportFileOptions = {}): ExportLink[] {
  const labels = labelsFor(language);
  const hrefOf = options.hrefOf ?? ((name: string) => name);
  const transcriptLanguages = record.transcripts
    .map((transcript) => transcript.language)
    .sort((a, b) => Number(b === language) - Number(a === language));
  const links: ExportLink[] = [];
  if (options.withPdf) links.push({ label: labels.fileRecordPdf, href: hrefOf(fileNames.pdf(language)) });
  links.push({ label: labels.fileSpeechesCsv, href: hrefOf(fileNames.csv(language)) });
  for (const other of transcriptLanguages) {
    const suffix = ` — ${languageNames[other]}`;
    links.push(
      { label: labels.fileTranscriptText + suffix, href: hrefOf(fileNames.txt(other)) },
      { label: labels.fileWebVtt + suffix, href: hrefOf(fileNames.vtt(other)) },
      { label: labels.fileSrt + suffix, href: hrefOf(fileNames.srt(other)) },
    );
  }
  links.push({ label: labels.fileRecordJson, href: hrefOf(fileNames.json) });
  if (options.bundleHref !== undefined) links.push({ label: labels.fileBundle, href: options.bundleHref });
  return links;
}

/**
 * Every export of the record: `record.json`; `record-<lang>.html` and `speakers-<lang>.csv` for
 * each meeting language;
 * `transcript-<lang>.vtt`, `.srt` and `.txt` for each transcript language. The HTML pages link
 * to each other and to the other files through `hrefOf` (by default relative sibling names,
 * which is what the bundle needs).
 */
export function exportFiles(record: ArchiveRecord, options: ExportFileOptions = {}): ExportFile[] {
  const hrefOf = options.hrefOf ?? ((name: string) => name);
  const meetingLanguages = [...new Set(record.meeting.languages)];
  const transcriptLanguages = [...new Set(record.transcripts.map((transcript) => transcript.language))];
  const files: ExportFile[] = [{ name: fileNames.json, mediaType: mediaTypes.json, content: recordJson(record) }];
  for (const language of meetingLanguages) {
    files.push({
      name: fileNames.html(language),
      mediaType: mediaTypes.html,
      content: recordHtml(record, language, {
        exportLinks: downloadLinks(record, language, options),
        otherLanguages: meetingLanguages
          .filter((other) => other !== language)
          .map((other) => ({ language: other, href: hrefOf(fileNames.html(other)) })),
      }),
    });
    files.push({ name: fileNames.csv(language), mediaType: mediaTypes.csv, content: speechesCsv(record, language) });
  }
  for (const language of transcriptLanguages) {
    files.push(
      { name: fileNames.vtt(language), mediaType: mediaTypes.vtt, content: webVtt(record, language) },
      { name: fileNames.srt(language), mediaType: mediaTypes.srt, content: srt(record, language) },
      { name: fileNames.txt(language), mediaType: mediaTypes.txt, content: plainText(record, language) },
    );
  }
  // Each recorded topic's captions, timed on its audio (the audio files themselves are on disk).
  for (const topic of record.topics) {
    for (const caption of topic.audio?.captions ?? []) {
      files.push({
        name: audioFileNames.topicCaptions(topic.id, caption.language),
        mediaType: mediaTypes.vtt,
        content: topicCaptionsVtt(record, topic, caption.language),
      });
    }
  }
  return files;
}
