import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markUntaggedAsArtifacts, operatorsOf } from '../../server/archive/pdfa/artifacts.js';
import { PCS_D50, SRGB_PROFILE_NAME, srgbColorantsD50, srgbIccProfile, srgbToLinear } from '../../server/archive/pdfa/srgb-icc.js';
import { pdfDate, xmpDate, xmpPacket, type PdfAMetadata } from '../../server/archive/pdfa/xmp.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | null) => (data === null ? null : Buffer.from(data).toString('latin1'));

/** The tag table of an ICC profile: signature → its data. */
function tagsOf(profile: Uint8Array): Map<string, Buffer> {
  const data = Buffer.from(profile);
  const tags = new Map<string, Buffer>();
  for (let index = 0; index < data.readUInt32BE(128); index += 1) {
    const entry = 132 + 12 * index;
    const offset = data.readUInt32BE(entry + 4);
    tags.set(data.toString('latin1', entry, entry + 4), data.subarray(offset, offset + data.readUInt32BE(entry + 8)));
  }
  return tags;
}

const xyzOf = (tag: Buffer) => [8, 12, 16].map((at) => tag.readInt32BE(at) / 65536);

describe('the sRGB ICC profile the PDF/A output intent embeds', () => {
  const profile = srgbIccProfile();
  const header = Buffer.from(profile);

  it('has an ICC v2 display-profile header: its size, acsp, mntr, RGB to XYZ, the D50 illuminant', () => {
    expect(header.readUInt32BE(0)).toBe(profile.length);
    expect(header.readUInt32BE(8)).toBe(0x02100000);
    expect(header.toString('latin1', 12, 24)).toBe('mntrRGB XYZ ');
    expect(header.toString('latin1', 36, 40)).toBe('acsp');
    expect([68, 72, 76].map((at) => header.readInt32BE(at) / 65536)).toEqual(PCS_D50.map((value) => expect.closeTo(value, 4)));
  });

  it('carries every tag a v2 RGB matrix/TRC profile needs, each inside the profile and 4-byte aligned', () => {
    const tags = tagsOf(profile);
    expect([...tags.keys()].sort()).toEqual(['bTRC', 'bXYZ', 'cprt', 'desc', 'gTRC', 'gXYZ', 'rTRC', 'rXYZ', 'wtpt']);
    for (let index = 0; index < header.readUInt32BE(128); index += 1) {
      const offset = header.readUInt32BE(132 + 12 * index + 4);
      expect(offset % 4).toBe(0);
      expect(offset + header.readUInt32BE(132 + 12 * index + 8)).toBeLessThanOrEqual(profile.length);
    }
    expect(tags.get('desc')!.toString('latin1', 12, 12 + SRGB_PROFILE_NAME.length)).toBe(SRGB_PROFILE_NAME);
  });

  it('has colorants that add up to the D50 white (Bradford-adapted sRGB primaries) and the D65 media white', () => {
    const tags = tagsOf(profile);
    const [r, g, b] = ['rXYZ', 'gXYZ', 'bXYZ'].map((name) => xyzOf(tags.get(name)!));
    [0, 1, 2].forEach((axis) => expect(r![axis]! + g![axis]! + b![axis]!).toBeCloseTo(PCS_D50[axis]!, 3));
    // The published D50-adapted sRGB matrix (IEC 61966-2-1 through ICC's Bradford adaptation).
    const { r: red } = srgbColorantsD50();
    expect(red.map((value) => Number(value.toFixed(4)))).toEqual([0.436, 0.2225, 0.0139]);
    expect(xyzOf(tags.get('wtpt')!)).toEqual([expect.closeTo(0.9505, 3), expect.closeTo(1, 3), expect.closeTo(1.089, 3)]);
  });

  it('samples the sRGB transfer function: linear toe, 2.4 power above it, shared by the three channels', () => {
    const tags = tagsOf(profile);
    const curve = tags.get('rTRC')!;
    expect(curve.toString('latin1', 0, 4)).toBe('curv');
    const points = curve.readUInt32BE(8);
    const at = (index: number) => curve.readUInt16BE(12 + 2 * index) / 65535;
    expect(at(0)).toBe(0);
    expect(at(points - 1)).toBe(1);
    expect(at(Math.round((points - 1) / 2))).toBeCloseTo(srgbToLinear(0.5), 3);
    expect(srgbToLinear(0.5)).toBeCloseTo(0.214, 3);
    expect(srgbToLinear(0.04)).toBeCloseTo(0.04 / 12.92, 6);
    expect(tags.get('gTRC')!.equals(curve) && tags.get('bTRC')!.equals(curve)).toBe(true);
  });

  it('is read by Little CMS as sRGB: converting through it to lcms’s own sRGB changes no colour', (context) => {
    const python = spawnSync('python3', ['-c', 'import ctypes.util,sys; sys.exit(0 if ctypes.util.find_library("lcms2") else 1)']);
    if (python.status !== 0) {
      context.skip('python3 with Little CMS (liblcms2, which poppler-utils installs) is not on this machine');
    }
    const result = JSON.parse(
      execFileSync('python3', [join(import.meta.dirname, '../support/lcms-roundtrip.py')], { input: profile, encoding: 'utf8' }),
    ) as { opened: boolean; version: number; deviceClass: string; colorSpace: string; maxDifference: number };
    expect(result).toEqual({ opened: true, version: 2, deviceClass: 'mntr', colorSpace: 'RGB ', maxDifference: 0 });
  }, 30_000);
});

describe('content-stream artifacts: what Chromium paints outside the structure', () => {
  it('reads operators with their operands, whatever the operands hold (strings with parentheses and escapes, hex, dictionaries, arrays, inline images)', () => {
    const stream = bytes(
      '/P <</MCID 0>> BDC BT /F1 12 Tf (a \\) b (nested) c) Tj [<0041> -20 (x)] TJ ET EMC\n' +
        '% a comment with EMC in it\nq BI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xffx EI Q',
    );
    expect(operatorsOf(stream).map((operator) => operator.name)).toEqual(['BDC', 'BT', 'Tf', 'Tj', 'TJ', 'ET', 'EMC', 'q', 'BI', 'Q']);
    const tj = operatorsOf(stream)[3]!;
    expect(text(stream.subarray(tj.start, tj.end))).toBe('(a \\) b (nested) c) Tj');
  });

  it('wraps each run outside marked content in /Artifact BMC … EMC and leaves tagged content as it was', () => {
    const stream = bytes('q 1 0 0 1 0 0 cm 1 g 0 0 595 842 re f\n/P <</MCID 0>> BDC BT (Hi) Tj ET EMC\nQ');
    expect(text(markUntaggedAsArtifacts(stream))).toBe(
      '/Artifact BMC\nq 1 0 0 1 0 0 cm 1 g 0 0 595 842 re f\nEMC\n\n/P <</MCID 0>> BDC BT (Hi) Tj ET EMC\n/Artifact BMC\nQ\nEMC\n',
    );
  });

  it('changes nothing when everything is already marked, and leaves a run that draws a form (which may hold tags) alone', () => {
    expect(markUntaggedAsArtifacts(bytes('/Artifact BMC 0 0 1 1 re f EMC /P <</MCID 1>> BDC BT (a) Tj ET EMC'))).toBeNull();
    expect(markUntaggedAsArtifacts(bytes('q /Fm0 Do Q'))).toBeNull();
  });
});

describe('the XMP packet of a PDF/A-2 file', () => {
  const metadata: PdfAMetadata = {
    title: 'Tom & Jerry <i>2017</i> — محضر',
    author: 'Meeting secretariat',
    subject: 'Meeting record: "quoted"',
    language: 'ar',
    creatorTool: 'OpenFloor',
    producer: 'Skia/PDF m156; pdf-lib',
    date: new Date(Date.UTC(2017, 1, 3, 10, 2, 0, 750)),
    documentId: '00112233-4455-6677-8899-aabbccddeeff',
  };
  const packet = xmpPacket(metadata, 'A');

  it('opens with a bare xpacket header (byte order mark and id, no bytes or encoding attribute) and closes writable', () => {
    expect(packet.startsWith('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n')).toBe(true);
    expect(packet.endsWith('<?xpacket end="w"?>')).toBe(true);
    expect(packet).not.toMatch(/<\?xpacket[^?]*(bytes|encoding)=/);
  });

  it('identifies PDF/A-2 with its level and escapes user text', () => {
    expect(packet).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(packet).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(packet).toContain('<rdf:li xml:lang="x-default">Tom &amp; Jerry &lt;i&gt;2017&lt;/i&gt; — محضر</rdf:li>');
    expect(packet).toContain('Meeting record: &quot;quoted&quot;');
    expect(xmpPacket({ ...metadata, title: 'bell\u0007 here' }, 'U')).toContain('bell here');
  });

  it('writes one instant the same way in XMP and as a PDF date, to the second', () => {
    expect(xmpDate(metadata.date)).toBe('2017-02-03T10:02:00Z');
    expect(pdfDate(metadata.date)).toBe("D:20170203100200+00'00'");
    expect(packet).toContain('<xmp:CreateDate>2017-02-03T10:02:00Z</xmp:CreateDate>');
  });
});
