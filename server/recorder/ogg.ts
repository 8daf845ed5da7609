/**
 * Just enough of OGG (RFC 3533) and Ogg Opus (RFC 7845) to cut a recording without decoding
 * it: read the Opus packets of a file with the sample position each starts at, and write a
 * new OGG/Opus file from packets. The Opus bytes are copied as they are: no re-encoding.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let r = i << 24;
    for (let bit = 0; bit < 8; bit++) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

/** OGG's CRC-32: polynomial 0x04c11db7, no reflection, initial value and final xor 0. */
export function oggCrc(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]!) >>> 0;
  return crc >>> 0;
}

export const OPUS_RATE = 48_000;
/** A 20 ms Opus frame (CELT, fullband, mono) that decodes to silence. */
export const SILENCE_FRAME = Uint8Array.of(0xf8, 0xff, 0xfe);
export const SILENCE_SAMPLES = 960;

/** Samples (at 48 kHz) an Opus packet decodes to, from its TOC byte (RFC 6716, 3.1); 0 if malformed. */
export function opusSamples(packet: Uint8Array): number {
  const toc = packet[0];
  if (toc === undefined) return 0;
  let perFrame: number;
  if (toc & 0x80) perFrame = (OPUS_RATE << ((toc >> 3) & 0x03)) / 400;
  else if ((toc & 0x60) === 0x60) perFrame = toc & 0x08 ? OPUS_RATE / 50 : OPUS_RATE / 100;
  else {
    const size = (toc >> 3) & 0x03;
    perFrame = size === 3 ? (OPUS_RATE * 60) / 1000 : (OPUS_RATE << size) / 100;
  }
  const code = toc & 0x03;
  const frames = code === 0 ? 1 : code === 3 ? (packet[1] ?? 0) & 0x3f : 2;
  return perFrame * frames;
}

export interface OpusPacket {
  /** Sample position (48 kHz) where the packet starts, counted from the stream's first audio packet. */
  start: number;
  samples: number;
  data: Uint8Array;
}

export interface OpusStream {
  channels: number;
  packets: OpusPacket[];
  /** Samples of audio the file holds. */
  samples: number;
}

/**
 * The Opus packets of an OGG/Opus file (its first logical stream). A file cut short by a crash
 * ends at its last whole page: a torn page at the end is ignored, as a player would.
 */
export function readOpus(file: Uint8Array): OpusStream {
  const packets: Uint8Array[] = [];
  let pending: Uint8Array[] = [];
  let offset = 0;
  while (offset + 27 <= file.length) {
    if (file[offset] !== 0x4f || file[offset + 1] !== 0x67 || file[offset + 2] !== 0x67 || file[offset + 3] !== 0x53) {
      throw new Error(`not an OGG page at byte ${offset}`);
    }
    const segments = file[offset + 26]!;
    const lacing = file.subarray(offset + 27, offset + 27 + segments);
    const bodyLength = lacing.reduce((sum, value) => sum + value, 0);
    const end = offset + 27 + segments + bodyLength;
    if (lacing.length < segments || end > file.length) break;
    let position = offset + 27 + segments;
    let current: Uint8Array[] = pending;
    for (const value of lacing) {
      current.push(file.subarray(position, position + value));
      position += value;
      if (value < 255) {
        packets.push(concat(current));
        current = [];
      }
    }
    pending = current;
    offset = end;
  }
  const [head, , ...audio] = packets;
  if (!head || new TextDecoder().decode(head.subarray(0, 8)) !== 'OpusHead') throw new Error('not an Ogg Opus stream');
  const channels = head[9] ?? 2;
  let start = 0;
  const out: OpusPacket[] = [];
  for (const data of audio) {
    const samples = opusSamples(data);
    if (samples === 0) continue;
    out.push({ start, samples, data });
    start += samples;
  }
  return { channels, packets: out, samples: start };
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function page(serial: number, sequence: number, granule: bigint, flags: number, packets: readonly Uint8Array[]): Uint8Array {
  const lacing: number[] = [];
  for (const packet of packets) {
    let left = packet.length;
    while (left >= 255) {
      lacing.push(255);
      left -= 255;
    }
    lacing.push(left);
  }
  const bodyLength = packets.reduce((sum, packet) => sum + packet.length, 0);
  const out = new Uint8Array(27 + lacing.length + bodyLength);
  const view = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53, 0, flags]);
  view.setBigUint64(6, granule, true);
  view.setUint32(14, serial, true);
  view.setUint32(18, sequence, true);
  out[26] = lacing.length;
  out.set(lacing, 27);
  let at = 27 + lacing.length;
  for (const packet of packets) {
    out.set(packet, at);
    at += packet.length;
  }
  view.setUint32(22, oggCrc(out), true);
  return out;
}

/** Packets per page: about a second of 20 ms frames, well under OGG's 255 lacing values. */
const PACKETS_PER_PAGE = 50;

/**
 * An OGG/Opus file of the given packets, in order. Pre-skip is 0, so the file plays exactly
 * the samples its packets hold; the serial number is derived from `serialSeed`, so the same
 * packets always give the same bytes.
 */
export function writeOpus(packets: readonly Uint8Array[], options: { channels: number; serialSeed: string; vendor?: string }): Uint8Array {
  const serial = oggCrc(new TextEncoder().encode(options.serialSeed));
  const head = new Uint8Array(19);
  head.set(new TextEncoder().encode('OpusHead'));
  const headView = new DataView(head.buffer);
  head[8] = 1;
  head[9] = options.channels;
  headView.setUint16(10, 0, true);
  headView.setUint32(12, OPUS_RATE, true);
  const vendor = new TextEncoder().encode(options.vendor ?? 'OpenFloor');
  const tags = new Uint8Array(8 + 4 + vendor.length + 4);
  tags.set(new TextEncoder().encode('OpusTags'));
  new DataView(tags.buffer).setUint32(8, vendor.length, true);
  tags.set(vendor, 12);
  const pages: Uint8Array[] = [page(serial, 0, 0n, 0x02, [head]), page(serial, 1, 0n, 0x00, [tags])];
  let granule = 0n;
  for (let i = 0; i < packets.length; i += PACKETS_PER_PAGE) {
    const group = packets.slice(i, i + PACKETS_PER_PAGE);
    for (const packet of group) granule += BigInt(opusSamples(packet));
    const last = i + PACKETS_PER_PAGE >= packets.length;
    pages.push(page(serial, pages.length, granule, last ? 0x04 : 0x00, group));
  }
  if (packets.length === 0) pages.push(page(serial, pages.length, 0n, 0x04, []));
  return concat(pages);
}
