/**
 * The archive's rendering thread: a sealed meeting's exports and its zip bundle are built here,
 * off the server's event loop (a three-hour meeting's exports take 0.3–0.6 s of CPU on this
 * machine, its bundle as much again), and handed back as bytes; so is the HTML its PDFs are
 * printed from, and a consultation's compilation report. Started by renderer.ts.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { renderedReport } from '../cycle/report.js';
import { compressedCopies, SUFFIX } from '../http/encodings.js';
import { audioFilesOf, bundle, exportFiles, fileNames, recordHtml, recordPdfMetadata, type ExportFile } from './exports/index.js';
import type { RenderReply, RenderRequest } from './renderer.js';

const encoder = new TextEncoder();
/** The exports that are text (pages, transcripts, lists, JSON); a reader's browser takes them compressed. */
const COMPRESSIBLE = /^text\/|json|subrip/;
const bytesOf = (content: string | Uint8Array) => (typeof content === 'string' ? encoder.encode(content) : content);

async function handle(request: RenderRequest): Promise<{ reply: RenderReply; transfer: ArrayBuffer[] }> {
  switch (request.kind) {
    case 'render': {
      const { record, withPdf, bundleHref } = request;
      const files = await Promise.all(
        exportFiles(record, { bundleHref, withPdf }).map(async (file) => {
          const content = bytesOf(file.content);
          return { ...file, content, copies: COMPRESSIBLE.test(file.mediaType) ? await compressedCopies(content, false) : [] };
        }),
      );
      const index = {
        meetingId: record.meeting.id,
        languages: record.meeting.languages,
        files: files.map(({ name, mediaType, copies }) => ({ name, mediaType, encodings: copies.map(({ encoding }) => encoding) })),
        audio: audioFilesOf(record).map(({ name, mediaType }) => ({ name, mediaType, encodings: [] })),
        bundleName: fileNames.bundle(record),
      };
      // Each its own buffer, so that it can be transferred.
      const contents = files.flatMap((file) => [
        [file.name, file.content] as [string, Uint8Array],
        ...file.copies.map(({ encoding, bytes }) => [file.name + SUFFIX[encoding], new Uint8Array(bytes)] as [string, Uint8Array]),
      ]);
      return { reply: { id: request.id, ok: true, kind: 'render', index, contents }, transfer: contents.map(([, bytes]) => bytes.buffer as ArrayBuffer) };
    }
    case 'printable': {
      // The record without the download links a PDF cannot follow.
      const html = recordHtml(request.record, request.language, { exportLinks: [], otherLanguages: [] });
      return { reply: { id: request.id, ok: true, kind: 'printable', printable: { html, metadata: recordPdfMetadata(request.record, request.language) } }, transfer: [] };
    }
    case 'bundle': {
      const files: ExportFile[] = [];
      for (const file of request.files) files.push({ name: file.name, mediaType: file.mediaType, content: 'path' in file ? new Uint8Array(await readFile(file.path)) : bytesOf(file.content) });
      const { zip } = bundle(request.record, files);
      return { reply: { id: request.id, ok: true, kind: 'bundle', zip }, transfer: [zip.buffer as ArrayBuffer] };
    }
    case 'report': {
      const { html, copies } = await renderedReport(request.cycle, request.language, request.options, request.compressed);
      // Each its own buffer, so that it can be transferred.
      const owned = copies.map(({ encoding, bytes }) => ({ encoding, bytes: new Uint8Array(bytes) }));
      return {
        reply: { id: request.id, ok: true, kind: 'report', html, copies: owned },
        transfer: [html.buffer as ArrayBuffer, ...owned.map(({ bytes }) => bytes.buffer as ArrayBuffer)],
      };
    }
  }
}

parentPort!.on('message', (request: RenderRequest) => {
  handle(request).then(
    ({ reply, transfer }) => parentPort!.postMessage(reply, transfer),
    (error: unknown) => parentPort!.postMessage({ id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
  );
});
