import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFString,
  decodePDFRawStream,
  type PDFObject,
} from 'pdf-lib';
import { operatorsOf } from '../../server/archive/pdfa/artifacts.js';
import { removeDir } from './harness.js';

/**
 * The PDF/A-2 requirements the archive's conversion sets out to meet, each checked on the
 * file's bytes: a reader's view of ISO 19005-2, not a validator (no veraPDF here). Returns
 * what fails, as sentences; an empty list when everything checked holds.
 */
export async function pdfAProblems(
  bytes: Uint8Array,
  expected: { language: string; conformance: 'A' | 'U' },
): Promise<string[]> {
  const problems: string[] = [];
  const fail = (problem: string) => problems.push(problem);
  const raw = Buffer.from(bytes);

  // 6.1.2 File header: %PDF-1.n at offset 0, then a comment of four bytes above 127.
  if (!/^%PDF-1\.[0-7]\r?\n%/.test(raw.subarray(0, 12).toString('latin1'))) fail('header is not %PDF-1.n followed by a comment line');
  const comment = raw.subarray(raw.indexOf(0x25, 5) + 1, raw.indexOf(0x25, 5) + 5);
  if (comment.length < 4 || [...comment].some((byte) => byte < 128)) fail('the header comment has not four bytes above 127');
  // 6.1.3: nothing after the last %%EOF but an end of line.
  if (!/%%EOF\r?\n?$/.test(raw.subarray(-8).toString('latin1'))) fail('data after %%EOF');

  const document = await PDFDocument.load(bytes, { updateMetadata: false });
  const { context, catalog } = document;
  // 6.1.3 Trailer: an ID of two strings; no encryption.
  const id = context.lookupMaybe(context.trailerInfo.ID, PDFArray);
  if (!id || id.size() !== 2 || !(id.get(0) instanceof PDFHexString || id.get(0) instanceof PDFString)) fail('the trailer has no /ID of two strings');
  if (context.trailerInfo.Encrypt) fail('the file is encrypted');

  // 6.6.2 Metadata: an unfiltered XML stream with a bare packet header and pdfaid.
  const metadata = rawStream(catalog, 'Metadata');
  let xmp = '';
  if (!metadata) fail('the catalog has no /Metadata stream');
  else {
    if (metadata.dict.get(PDFName.of('Type'))?.toString() !== '/Metadata') fail('the metadata stream is not /Type /Metadata');
    if (metadata.dict.get(PDFName.of('Subtype'))?.toString() !== '/XML') fail('the metadata stream is not /Subtype /XML');
    if (metadata.dict.has(PDFName.of('Filter'))) fail('the metadata stream is filtered');
    xmp = new TextDecoder().decode(metadata.getContents());
  }
  const header = /^<\?xpacket ([^?]*)\?>/.exec(xmp);
  if (!header) fail('the XMP does not start with an xpacket header');
  else {
    if (/\b(bytes|encoding)=/.test(header[1]!)) fail('the xpacket header has bytes or encoding');
    if (!header[1]!.includes('begin="\ufeff"')) fail('the xpacket header does not begin with the byte order mark');
    if (!header[1]!.includes('id="W5M0MpCehiHzreSzNTczkc9d"')) fail('the xpacket header has not the XMP id');
  }
  if (!/<\?xpacket end="[rw]"\?>\s*$/.test(xmp)) fail('the XMP packet is not closed');
  const property = (name: string) => {
    const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xmp);
    if (!match) return null;
    const inner = /<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/.exec(match[1]!);
    return unescapeXml(inner ? inner[1]! : match[1]!);
  };
  if (property('pdfaid:part') !== '2') fail('pdfaid:part is not 2');
  if (property('pdfaid:conformance') !== expected.conformance) fail(`pdfaid:conformance is not ${expected.conformance}`);

  // 6.6.2.3 The Info entries and their XMP twins agree.
  const info = context.lookupMaybe(context.trailerInfo.Info, PDFDict);
  const infoText = (key: string) => {
    const value = info?.lookup(PDFName.of(key));
    return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : null;
  };
  for (const [key, twin] of [
    ['Title', 'dc:title'],
    ['Author', 'dc:creator'],
    ['Subject', 'dc:description'],
    ['Creator', 'xmp:CreatorTool'],
    ['Producer', 'pdf:Producer'],
  ] as const) {
    if (infoText(key) === null) fail(`Info has no /${key}`);
    else if (infoText(key) !== property(twin)) fail(`Info /${key} (${infoText(key)}) differs from ${twin} (${property(twin)})`);
  }
  for (const [key, twin] of [
    ['CreationDate', 'xmp:CreateDate'],
    ['ModDate', 'xmp:ModifyDate'],
  ] as const) {
    const pdfInstant = pdfDateToMs(infoText(key));
    const xmpInstant = Date.parse(property(twin) ?? '');
    if (pdfInstant === null || Number.isNaN(xmpInstant) || pdfInstant !== xmpInstant) fail(`Info /${key} and ${twin} are not the same instant`);
  }
  if (property('dc:date') === null) fail('no dc:date');

  // 6.2.3 Output intent: GTS_PDFA1 with an embedded RGB ICC profile.
  const intents = catalog.lookupMaybe(PDFName.of('OutputIntents'), PDFArray);
  const intent = intents?.size() === 1 ? intents.lookupMaybe(0, PDFDict) : undefined;
  if (!intent) fail('not exactly one output intent');
  else {
    if (intent.get(PDFName.of('S'))?.toString() !== '/GTS_PDFA1') fail('the output intent is not GTS_PDFA1');
    const profile = rawStream(intent, 'DestOutputProfile');
    if (!profile) fail('the output intent has no DestOutputProfile');
    else {
      if (profile.dict.lookupMaybe(PDFName.of('N'), PDFNumber)?.asNumber() !== 3) fail('the ICC stream is not /N 3');
      const icc = Buffer.from(decodePDFRawStream(profile).decode());
      if (icc.readUInt32BE(0) !== icc.length) fail('the ICC profile size does not match its header');
      if (icc.subarray(36, 40).toString('latin1') !== 'acsp') fail('the ICC profile has no acsp signature');
      if (!['mntr', 'prtr'].includes(icc.subarray(12, 16).toString('latin1'))) fail('the ICC profile is not a display or output profile');
      if (icc.subarray(16, 20).toString('latin1') !== 'RGB ') fail('the ICC profile is not RGB');
      if (icc[8]! < 2 || icc[8]! > 4) fail('the ICC profile version is not 2 to 4');
    }
  }

  // 6.7 (level A) Tagged: marked, a structure tree of standard types, the document language.
  const lang = catalog.lookup(PDFName.of('Lang'));
  if (!(lang instanceof PDFString || lang instanceof PDFHexString) || lang.decodeText() !== expected.language) fail(`/Lang is not ${expected.language}`);
  if (expected.conformance === 'A') {
    const markInfo = catalog.lookupMaybe(PDFName.of('MarkInfo'), PDFDict);
    if (markInfo?.lookup(PDFName.of('Marked')) !== PDFBool.True) fail('MarkInfo /Marked is not true');
    const root = catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict);
    if (!root) fail('no structure tree');
    else {
      const roleMap = root.lookupMaybe(PDFName.of('RoleMap'), PDFDict);
      const types = new Set<string>();
      const walk = (node: PDFObject | undefined) => {
        const resolved = node && context.lookup(node);
        if (resolved instanceof PDFArray) resolved.asArray().forEach(walk);
        if (!(resolved instanceof PDFDict)) return;
        const type = resolved.lookup(PDFName.of('S'));
        if (type instanceof PDFName) types.add(type.decodeText());
        walk(resolved.get(PDFName.of('K')));
      };
      walk(root.get(PDFName.of('K')));
      for (const type of types) {
        const mapped = roleMap?.lookup(PDFName.of(type));
        const standard = STANDARD_STRUCTURE_TYPES.has(type) || (mapped instanceof PDFName && STANDARD_STRUCTURE_TYPES.has(mapped.decodeText()));
        if (!standard) fail(`structure type ${type} is neither standard nor role-mapped to one`);
      }
    }
  }

  for (const [index, page] of document.getPages().entries()) {
    // 6.3.2, 6.3.3 Annotations print, hide nothing and have a normal appearance.
    const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (const annotation of annotations?.asArray().map((ref) => context.lookup(ref)) ?? []) {
      if (!(annotation instanceof PDFDict)) continue;
      const flags = annotation.lookupMaybe(PDFName.of('F'), PDFNumber)?.asNumber() ?? 0;
      if ((flags & 4) === 0 || (flags & (1 | 2 | 32 | 256)) !== 0) fail(`page ${index + 1}: an annotation does not print or is hidden`);
      if (!annotation.lookupMaybe(PDFName.of('AP'), PDFDict)?.has(PDFName.of('N'))) fail(`page ${index + 1}: an annotation has no normal appearance`);
    }
    // Every glyph maps to Unicode (6.2.11.7, levels U and A); level A: all content tagged or artifact.
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    const unicodeOf = new Map<string, Map<number, string>>();
    for (const [name, ref] of fonts?.entries() ?? []) {
      const toUnicode = rawStream(context.lookup(ref, PDFDict), 'ToUnicode');
      unicodeOf.set(name.decodeText(), toUnicode ? toUnicodeMap(Buffer.from(decodePDFRawStream(toUnicode).decode()).toString('latin1')) : new Map());
    }
    const contents = context.lookup(page.node.get(PDFName.of('Contents')));
    const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => context.lookup(ref)) : [contents];
    for (const stream of streams) {
      if (!(stream instanceof PDFRawStream)) continue;
      const content = decodePDFRawStream(stream).decode();
      let depth = 0;
      let font = '';
      for (const operator of operatorsOf(content)) {
        const source = Buffer.from(content.subarray(operator.start, operator.end)).toString('latin1');
        if (operator.name === 'BDC' || operator.name === 'BMC') depth += 1;
        else if (operator.name === 'EMC') depth -= 1;
        else if (expected.conformance === 'A' && depth === 0) fail(`page ${index + 1}: ${operator.name} outside tagged content or an artifact`);
        if (operator.name === 'Tf') font = /\/([^\s/]+)/.exec(source)?.[1] ?? '';
        if (operator.name === 'Tj' || operator.name === 'TJ') {
          for (const hex of source.match(/<([0-9A-Fa-f]+)>/g) ?? []) {
            for (let at = 1; at + 4 <= hex.length - 1; at += 4) {
              const unicode = unicodeOf.get(font)?.get(parseInt(hex.slice(at, at + 4), 16));
              if (!unicode || /^(0+|feff|fffe)$/i.test(unicode)) fail(`page ${index + 1}: glyph ${hex.slice(at, at + 4)} of /${font} has no Unicode`);
            }
          }
        }
      }
    }
  }

  // 6.2.11.4 Fonts embedded, and with a Unicode map, as poppler sees them.
  const dir = mkdtempSync(join(tmpdir(), 'openfloor-pdfa-'));
  try {
    const file = join(dir, 'checked.pdf');
    writeFileSync(file, bytes);
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter((row) => row.trim() !== '');
    if (rows.length === 0) fail('pdffonts lists no font');
    for (const row of rows) {
      const [embedded, , unicode] = row.trim().split(/\s+/).slice(-5);
      if (embedded !== 'yes') fail(`font not embedded: ${row}`);
      if (unicode !== 'yes') fail(`font without a Unicode map: ${row}`);
    }
  } finally {
    removeDir(dir);
  }
  return [...new Set(problems)];
}

function rawStream(dict: PDFDict, key: string): PDFRawStream | undefined {
  const value = dict.lookup(PDFName.of(key));
  return value instanceof PDFRawStream ? value : undefined;
}

/** ISO 32000-1, 14.8.4: the standard structure types. */
const STANDARD_STRUCTURE_TYPES = new Set(
  (
    'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 ' +
    'L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot ' +
    'Ruby RB RT RP Warichu WT WP Figure Formula Form'
  ).split(' '),
);

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** A PDF date (D:YYYYMMDDHHmmSS with Z or ±HH'mm') as epoch milliseconds. */
function pdfDateToMs(text: string | null): number | null {
  const match = text && /^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)(Z|([+-])(\d\d)'(\d\d)'?)?/.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, , sign, offsetHours, offsetMinutes] = match;
  const utc = Date.UTC(+year!, +month! - 1, +day!, +hour!, +minute!, +second!);
  const offset = sign ? (sign === '-' ? -1 : 1) * (+offsetHours! * 60 + +offsetMinutes!) * 60_000 : 0;
  return utc - offset;
}

/** The bfchar and bfrange entries of a ToUnicode CMap: code → UTF-16 hex. */
function toUnicodeMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.match(/beginbfchar[\s\S]*?endbfchar/g) ?? []) {
    for (const [, code, unicode] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) map.set(parseInt(code!, 16), unicode!);
  }
  for (const block of cmap.match(/beginbfrange[\s\S]*?endbfrange/g) ?? []) {
    for (const [, low, high, first] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      for (let code = parseInt(low!, 16); code <= parseInt(high!, 16); code += 1) {
        map.set(code, (parseInt(first!, 16) + code - parseInt(low!, 16)).toString(16).padStart(4, '0'));
      }
    }
  }
  return map;
}
