/**
 * The sRGB colour space (IEC 61966-2-1) as an ICC version 2 display profile, built from the
 * standard's own numbers rather than shipped as a binary: PDF/A needs one embedded as the
 * output intent, and a profile derived here is one the project can check, with nothing to
 * download or install. Version 2 is what every PDF/A part accepts (PDF/A-1 reads no v4).
 *
 * What goes in, from IEC 61966-2-1 and ICC.1:2001-04:
 * - the primaries' and D65 white's chromaticities, turned into the RGB→XYZ matrix and adapted
 *   to the profile connection space's D50 with the Bradford transform (ICC's own practice),
 *   so the three colorants add up to the D50 white;
 * - the sRGB transfer function (a linear toe, then a 2.4 power), sampled in a 1024-entry curve
 *   shared by the three channels;
 * - D65 as the media white point, as in the reference sRGB profile of the same version.
 */

const PRIMARIES = { r: [0.64, 0.33], g: [0.3, 0.6], b: [0.15, 0.06] } as const;
const D65_XY = [0.3127, 0.329] as const;
/** The ICC profile connection space's illuminant, as the ICC header encodes it. */
export const PCS_D50 = [0.9642, 1, 0.8249] as const;
const CURVE_POINTS = 1024;
export const SRGB_PROFILE_NAME = 'sRGB IEC61966-2.1';

type Vector = [number, number, number];
type Matrix = [Vector, Vector, Vector];

const xyToXyz = ([x, y]: readonly [number, number]): Vector => [x / y, 1, (1 - x - y) / y];

const multiply = (a: Matrix, b: Matrix): Matrix =>
  a.map((row) => [0, 1, 2].map((column) => row[0] * b[0][column]! + row[1] * b[1][column]! + row[2] * b[2][column]!)) as Matrix;

const apply = (m: Matrix, v: Vector): Vector => m.map((row) => row[0] * v[0] + row[1] * v[1] + row[2] * v[2]) as Vector;

function invert(m: Matrix): Matrix {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const cofactors: Matrix = [
    [e * i - f * h, c * h - b * i, b * f - c * e],
    [f * g - d * i, a * i - c * g, c * d - a * f],
    [d * h - e * g, b * g - a * h, a * e - b * d],
  ];
  const determinant = a * cofactors[0][0] + b * cofactors[1][0] + c * cofactors[2][0];
  return cofactors.map((row) => row.map((value) => value / determinant)) as Matrix;
}

const BRADFORD: Matrix = [
  [0.8951, 0.2664, -0.1614],
  [-0.7502, 1.7135, 0.0367],
  [0.0389, -0.0685, 1.0296],
];

/** The red, green and blue colorants in PCS XYZ (D50), each a column of the RGB→XYZ matrix. */
export function srgbColorantsD50(): { r: Vector; g: Vector; b: Vector } {
  const white = xyToXyz(D65_XY);
  const columns = [PRIMARIES.r, PRIMARIES.g, PRIMARIES.b].map(xyToXyz);
  const primaries: Matrix = [0, 1, 2].map((row) => columns.map((column) => column[row]!)) as Matrix;
  // Scaled so that RGB (1, 1, 1) is the white.
  const scale = apply(invert(primaries), white);
  const toXyz = primaries.map((row) => row.map((value, column) => value * scale[column]!)) as Matrix;
  const from = apply(BRADFORD, white);
  const to = apply(BRADFORD, [...PCS_D50] as Vector);
  const cone: Matrix = [
    [to[0] / from[0], 0, 0],
    [0, to[1] / from[1], 0],
    [0, 0, to[2] / from[2]],
  ];
  const adapted = multiply(multiply(multiply(invert(BRADFORD), cone), BRADFORD), toXyz);
  const column = (index: number): Vector => [adapted[0][index]!, adapted[1][index]!, adapted[2][index]!];
  return { r: column(0), g: column(1), b: column(2) };
}

/** IEC 61966-2-1's decoding: an sRGB value in 0..1 to linear light. */
export const srgbToLinear = (value: number): number => (value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4);

/** A big-endian byte writer with the ICC encodings the profile uses. */
class IccWriter {
  private readonly bytes: number[] = [];
  get length() {
    return this.bytes.length;
  }
  u8(value: number) {
    this.bytes.push(value & 0xff);
  }
  u16(value: number) {
    this.u8(value >> 8);
    this.u8(value);
  }
  u32(value: number) {
    this.u16(value >>> 16);
    this.u16(value & 0xffff);
  }
  signature(text: string) {
    for (const char of text.padEnd(4, ' ')) this.u8(char.charCodeAt(0));
  }
  s15Fixed16(value: number) {
    this.u32(Math.round(value * 65536) >>> 0);
  }
  ascii(text: string) {
    for (const char of text) this.u8(char.charCodeAt(0));
    this.u8(0);
  }
  zeros(count: number) {
    for (let index = 0; index < count; index += 1) this.u8(0);
  }
  align() {
    while (this.bytes.length % 4 !== 0) this.u8(0);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

function xyzTag(value: readonly number[]): Uint8Array {
  const out = new IccWriter();
  out.signature('XYZ ');
  out.u32(0);
  for (const component of value) out.s15Fixed16(component);
  return out.done();
}

/** textDescriptionType of ICC v2: the ASCII description, with empty Unicode and ScriptCode parts. */
function descriptionTag(text: string): Uint8Array {
  const out = new IccWriter();
  out.signature('desc');
  out.u32(0);
  out.u32(text.length + 1);
  out.ascii(text);
  out.u32(0); // Unicode language code
  out.u32(0); // Unicode character count
  out.u16(0); // ScriptCode code
  out.u8(0); // ScriptCode count
  out.zeros(67); // ScriptCode description, fixed length
  return out.done();
}

function textTag(text: string): Uint8Array {
  const out = new IccWriter();
  out.signature('text');
  out.u32(0);
  out.ascii(text);
  return out.done();
}

function curveTag(): Uint8Array {
  const out = new IccWriter();
  out.signature('curv');
  out.u32(0);
  out.u32(CURVE_POINTS);
  for (let index = 0; index < CURVE_POINTS; index += 1) out.u16(Math.round(srgbToLinear(index / (CURVE_POINTS - 1)) * 65535));
  return out.done();
}

let built: Uint8Array | null = null;

/** The profile's bytes: the same on every call (its date is fixed, so archived PDFs are reproducible). */
export function srgbIccProfile(): Uint8Array {
  if (built) return built;
  const colorants = srgbColorantsD50();
  const curve = curveTag();
  // One curve serves the three channels: tags may share their data.
  const tags: Array<[string, Uint8Array]> = [
    ['desc', descriptionTag(SRGB_PROFILE_NAME)],
    ['cprt', textTag('No copyright, use freely')],
    ['wtpt', xyzTag(xyToXyz(D65_XY))],
    ['rXYZ', xyzTag(colorants.r)],
    ['gXYZ', xyzTag(colorants.g)],
    ['bXYZ', xyzTag(colorants.b)],
    ['rTRC', curve],
    ['gTRC', curve],
    ['bTRC', curve],
  ];
  const tableEnd = 128 + 4 + 12 * tags.length;
  const data = new IccWriter();
  const placed = new Map<Uint8Array, number>();
  const entries = tags.map(([signature, bytes]) => {
    let offset = placed.get(bytes);
    if (offset === undefined) {
      offset = tableEnd + data.length;
      placed.set(bytes, offset);
      for (const byte of bytes) data.u8(byte);
      data.align();
    }
    return { signature, offset, size: bytes.length };
  });
  const body = data.done();
  const size = tableEnd + body.length;

  const out = new IccWriter();
  out.u32(size);
  out.u32(0); // preferred CMM: none
  out.u32(0x02100000); // version 2.1.0
  out.signature('mntr');
  out.signature('RGB ');
  out.signature('XYZ ');
  for (const part of [2026, 1, 1, 0, 0, 0]) out.u16(part); // creation date, fixed
  out.signature('acsp');
  out.u32(0); // primary platform: none
  out.u32(0); // flags: not embedded-only, may be used independently
  out.u32(0); // device manufacturer
  out.u32(0); // device model
  out.zeros(8); // device attributes
  out.u32(0); // rendering intent: perceptual
  for (const component of PCS_D50) out.s15Fixed16(component);
  out.u32(0); // creator
  out.zeros(44); // profile ID (v4 only) and reserved bytes, to 128
  out.u32(tags.length);
  for (const entry of entries) {
    out.signature(entry.signature);
    out.u32(entry.offset);
    out.u32(entry.size);
  }
  const profile = new Uint8Array(size);
  profile.set(out.done(), 0);
  profile.set(body, tableEnd);
  built = profile;
  return profile;
}
