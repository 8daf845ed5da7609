import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHeader,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFString,
  decodePDFRawStream,
  type PDFContext,
  type PDFObject,
  type PDFPage,
} from 'pdf-lib';
import { markUntaggedAsArtifacts } from './artifacts.js';
import { SRGB_PROFILE_NAME, srgbIccProfile } from './srgb-icc.js';
import { PDFA_PART, pdfDate, xmpPacket, type PdfAConformance, type PdfAMetadata } from './xmp.js';

/**
 * The level the archive's PDFs claim. Chromium tags what it prints (a structure tree of
 * standard types from the HTML's headings, lists and tables, MarkInfo, /Lang) and maps every
 * glyph it draws to Unicode, which is what level A asks on top of U; see the README for what
 * was checked and how.
 */
export const ARCHIVE_PDFA_CONFORMANCE: PdfAConformance = 'A';

/** Annotation flags (ISO 32000-1, 12.5.3): PDF/A wants Print set and the hiding ones clear. */
const PRINT = 4;
const HIDING = 1 | 2 | 32 | 256; // Invisible, Hidden, NoView, ToggleNoView

export type PdfAInput = Omit<PdfAMetadata, 'producer' | 'documentId'>;

/**
 * Makes Chromium's tagged PDF a PDF/A-2 file (ISO 19005-2) by adding what Chromium leaves
 * out, and changing nothing it drew:
 * - an XMP metadata stream, unfiltered, with pdfaid part and conformance and the Dublin
 *   Core/XMP properties, equal to a rewritten Info dictionary;
 * - an sRGB output intent (GTS_PDFA1) with its ICC profile embedded, for the DeviceRGB
 *   Chromium paints in;
 * - the trailer's /ID, from the printed bytes, so the same print always gets the same ID;
 * - /Lang and a title shown in the viewer's title bar;
 * - annotations (Chromium's links) printable and with an appearance, as PDF/A requires;
 * - what Chromium paints outside the structure tree (page backgrounds) marked as artifacts;
 * - a PDF 1.7 header (PDF/A-2's base) and a classic cross-reference table.
 * An encrypted input is refused: PDF/A forbids encryption and Chromium never encrypts.
 */
export async function toPdfA(printed: Uint8Array, input: PdfAInput, conformance = ARCHIVE_PDFA_CONFORMANCE): Promise<Uint8Array> {
  const document = await PDFDocument.load(printed, { updateMetadata: false });
  if (document.isEncrypted) throw new Error('An encrypted PDF cannot be made PDF/A');
  const { context, catalog } = document;
  const digest = createHash('sha256').update(printed).digest();
  const documentId = digest.subarray(0, 16).toString('hex');
  const chromium = infoText(context, 'Producer');
  const metadata: PdfAMetadata = {
    ...input,
    producer: chromium ? `${chromium}; pdf-lib (PDF/A-${conformance === 'A' ? '2a' : `2${conformance.toLowerCase()}`})` : 'pdf-lib',
    documentId: uuidOf(documentId),
  };

  context.header = PDFHeader.forVersion(1, 7);
  context.trailerInfo.ID = context.obj([PDFHexString.of(documentId), PDFHexString.of(documentId)]);
  context.trailerInfo.Info = context.register(infoDictionary(context, metadata));

  const xmp = new TextEncoder().encode(xmpPacket(metadata, conformance));
  catalog.set(PDFName.of('Metadata'), context.register(context.stream(xmp, { Type: 'Metadata', Subtype: 'XML' })));
  const profile = context.register(context.flateStream(srgbIccProfile(), { N: 3 }));
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of(SRGB_PROFILE_NAME),
    Info: PDFString.of(SRGB_PROFILE_NAME),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: profile,
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
  catalog.set(PDFName.of('Lang'), PDFHexString.fromText(metadata.language));
  catalog.set(PDFName.of('ViewerPreferences'), context.obj({ DisplayDocTitle: true }));
  // PDF/A forbids actions that run on opening or on events.
  catalog.delete(PDFName.of('AA'));
  catalog.delete(PDFName.of('OpenAction'));

  for (const page of document.getPages()) {
    markPageArtifacts(context, page);
    page.node.delete(PDFName.of('AA'));
    const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let index = 0; annotations && index < annotations.size(); index += 1) {
      const annotation = annotations.lookupMaybe(index, PDFDict);
      if (annotation) makePrintable(context, annotation);
    }
  }

  return document.save({ useObjectStreams: false, updateFieldAppearances: false, addDefaultPage: false });
}

function infoText(context: PDFContext, key: string): string | null {
  const info = context.lookupMaybe(context.trailerInfo.Info, PDFDict);
  const value = info?.lookup(PDFName.of(key));
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : null;
}

/** Only keys with an XMP twin, each equal to it: PDF/A checks that the two agree. */
function infoDictionary(context: PDFContext, metadata: PdfAMetadata): PDFDict {
  const date = PDFString.of(pdfDate(metadata.date));
  return context.obj({
    Title: PDFHexString.fromText(metadata.title),
    Author: PDFHexString.fromText(metadata.author),
    Subject: PDFHexString.fromText(metadata.subject),
    Creator: PDFHexString.fromText(metadata.creatorTool),
    Producer: PDFHexString.fromText(metadata.producer),
    CreationDate: date,
    ModDate: date,
  });
}

/** Each content stream of the page with what Chromium paints outside the structure marked as artifact. */
function markPageArtifacts(context: PDFContext, page: PDFPage) {
  const contents = page.node.get(PDFName.of('Contents'));
  const marked = (reference: PDFObject): PDFObject => {
    const stream = context.lookup(reference);
    if (!(stream instanceof PDFRawStream)) return reference;
    const rewritten = markUntaggedAsArtifacts(decodePDFRawStream(stream).decode());
    return rewritten ? context.register(context.flateStream(rewritten)) : reference;
  };
  const list = context.lookup(contents);
  if (list instanceof PDFArray) {
    for (let index = 0; index < list.size(); index += 1) list.set(index, marked(list.get(index)));
  } else if (contents) {
    page.node.set(PDFName.of('Contents'), marked(contents));
  }
}

/** A link that prints, hides nothing, and has a (transparent) appearance of its own size. */
function makePrintable(context: PDFContext, annotation: PDFDict) {
  const flags = annotation.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
  annotation.set(PDFName.of('F'), PDFNumber.of((flags | PRINT) & ~HIDING));
  annotation.delete(PDFName.of('AA'));
  if (annotation.has(PDFName.of('AP'))) return;
  const rect = annotation.lookupMaybe(PDFName.of('Rect'), PDFArray);
  const corners = rect ? [0, 1, 2, 3].map((index) => rect.lookupMaybe(index, PDFNumber)?.asNumber() ?? 0) : [0, 0, 0, 0];
  const width = Math.abs(corners[2]! - corners[0]!);
  const height = Math.abs(corners[3]! - corners[1]!);
  const appearance = context.stream(new Uint8Array(0), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, width, height] });
  annotation.set(PDFName.of('AP'), context.obj({ N: context.register(appearance) }));
}

/** The trailer ID's sixteen bytes written as a UUID, so XMP and trailer name the same document. */
function uuidOf(text: string): string {
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

/** Whether a file already claims PDF/A-2 (an archive PDF this module has made). */
export function isPdfA(pdf: Uint8Array): boolean {
  return Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).includes(`<pdfaid:part>${PDFA_PART}</pdfaid:part>`);
}
