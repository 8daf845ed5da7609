/** What a PDF/A file says about itself, once in its Info dictionary and once, the same, in XMP. */
export interface PdfAMetadata {
  /** dc:title and /Title. */
  title: string;
  /** dc:creator and /Author: who made the record. */
  author: string;
  /** dc:description and /Subject. */
  subject: string;
  /** dc:language and the catalog's /Lang (BCP 47). */
  language: string;
  /** xmp:CreatorTool and /Creator: the application the document was made in. */
  creatorTool: string;
  /** pdf:Producer and /Producer: what wrote the PDF. */
  producer: string;
  /** dc:date, xmp:CreateDate, xmp:ModifyDate, xmp:MetadataDate and /CreationDate, /ModDate. */
  date: Date;
  /** xmpMM:DocumentID and InstanceID, as a UUID: the same bytes as the trailer's /ID. */
  documentId: string;
}

/** PDF/A-2 part and level (ISO 19005-2): A adds logical structure to U's Unicode text. */
export const PDFA_PART = 2;
export type PdfAConformance = 'A' | 'U' | 'B';

/** Characters XML 1.0 cannot carry at all; user text never needs them. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

const xml = (text: string) =>
  text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

/** An instant as XMP writes it (ISO 8601, UTC, whole seconds), the precision of a PDF date. */
export const xmpDate = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/** The same instant as a PDF date string (ISO 32000-1, 7.9.4). */
export const pdfDate = (date: Date): string => `D:${xmpDate(date).replace(/[-:TZ]/g, '')}+00'00'`;

/** The packet's padding lets a later editor rewrite it in place, as XMP recommends. */
const PADDING = `${' '.repeat(99)}\n`.repeat(20);

/**
 * The XMP packet of a PDF/A-2 file: the identification schema (part and conformance) and the
 * Dublin Core, XMP basic, PDF and media-management properties that mirror the Info
 * dictionary. The packet header carries neither `bytes` nor `encoding` (PDF/A forbids them)
 * and the packet is UTF-8, so it is written into an unfiltered stream as it is.
 */
export function xmpPacket(metadata: PdfAMetadata, conformance: PdfAConformance): string {
  const date = xmpDate(metadata.date);
  const alt = (text: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xml(text)}</rdf:li></rdf:Alt>`;
  return [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"',
    ' xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
    `<pdfaid:part>${PDFA_PART}</pdfaid:part>`,
    `<pdfaid:conformance>${conformance}</pdfaid:conformance>`,
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(metadata.title)}</dc:title>`,
    `<dc:creator><rdf:Seq><rdf:li>${xml(metadata.author)}</rdf:li></rdf:Seq></dc:creator>`,
    `<dc:description>${alt(metadata.subject)}</dc:description>`,
    `<dc:date><rdf:Seq><rdf:li>${date}</rdf:li></rdf:Seq></dc:date>`,
    `<dc:language><rdf:Bag><rdf:li>${xml(metadata.language)}</rdf:li></rdf:Bag></dc:language>`,
    `<xmp:CreatorTool>${xml(metadata.creatorTool)}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<pdf:Producer>${xml(metadata.producer)}</pdf:Producer>`,
    `<xmpMM:DocumentID>uuid:${metadata.documentId}</xmpMM:DocumentID>`,
    `<xmpMM:InstanceID>uuid:${metadata.documentId}</xmpMM:InstanceID>`,
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    PADDING + '<?xpacket end="w"?>',
  ].join('\n');
}
