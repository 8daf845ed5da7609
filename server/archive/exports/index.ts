/**
 * The archive's export formats: pure functions from an ArchiveRecord to file contents.
 * - webVtt / srt / plainText: the transcript in one language.
 * - recordHtml: the public record in one language (accessible HTML).
 * - recordJson: the record for machines (read back with ArchiveRecord.parse).
 * - speechesCsv: the list of speakers in one language, for spreadsheets.
 * - exportFiles: all of the above with names and media types; bundle: them in a zip with a manifest.
 */
export { webVtt, cueText, escapeCueText } from './webvtt.js';
export { srt, speakerLabel } from './srt.js';
export { plainText } from './text.js';
export { speechesCsv, csvField, neutralised } from './csv.js';
export { archiveIndexHtml, recordHtml, recordPdfMetadata, escapeHtml, safeHref, STYLE_HASH, type ExportLink, type RecordHtmlOptions } from './html.js';
export { recordJson } from './json.js';
export { exportFiles, downloadLinks, fileNames, mediaTypes, type ExportFile, type ExportFileOptions } from './files.js';
export { audioFilesOf, topicCaptionsVtt, topicTimeline } from './audio.js';
export { bundle, sha256Hex, type Bundle, type BundleManifest, type ManifestEntry } from './bundle.js';
export { cuesOf, MIN_CUE_MS, RLM, type Cue } from './format.js';
export { exportLabels, labelsFor, languageNames, dirOf, isRtl, type ExportLabels } from './labels.js';
