/**
 * Tagged PDF (ISO 32000-1, 14.8.2.2) asks that every piece of a page be either real content,
 * inside a marked-content sequence the structure tree points to, or an artifact. Chromium tags
 * all the text and drawing that belongs to the HTML, but paints the page background (and sets
 * up clips) outside any sequence. This marks those runs as /Artifact, so PDF/A level A's
 * "everything is structure or artifact" holds; nothing that is drawn changes.
 */

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIMITERS = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);

interface Operator {
  name: string;
  /** Where its first operand (or the operator itself) starts, and where the operator ends. */
  start: number;
  end: number;
}

/** Skips one literal string `( … )`, with nested balanced parentheses and backslash escapes. */
function skipLiteral(bytes: Uint8Array, at: number): number {
  let depth = 0;
  for (let index = at; index < bytes.length; index += 1) {
    const byte = bytes[index];
    if (byte === 0x5c) index += 1;
    else if (byte === 0x28) depth += 1;
    else if (byte === 0x29 && --depth === 0) return index + 1;
  }
  return bytes.length;
}

const isRegular = (byte: number | undefined) => byte !== undefined && !WHITESPACE.has(byte) && !DELIMITERS.has(byte);

/** The operators of a content stream, each with the span of its operands. */
export function operatorsOf(bytes: Uint8Array): Operator[] {
  const operators: Operator[] = [];
  let operandsStart = -1;
  let index = 0;
  const text = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  while (index < bytes.length) {
    const byte = bytes[index]!;
    if (WHITESPACE.has(byte)) {
      index += 1;
      continue;
    }
    if (byte === 0x25) {
      while (index < bytes.length && bytes[index] !== 0x0a && bytes[index] !== 0x0d) index += 1;
      continue;
    }
    const tokenStart = index;
    if (byte === 0x28) index = skipLiteral(bytes, index);
    else if (byte === 0x3c && bytes[index + 1] === 0x3c) index += 2;
    else if (byte === 0x3e && bytes[index + 1] === 0x3e) index += 2;
    else if (byte === 0x3c) {
      while (index < bytes.length && bytes[index] !== 0x3e) index += 1;
      index += 1;
    } else if (byte === 0x2f) {
      index += 1;
      while (isRegular(bytes[index])) index += 1;
    } else if (DELIMITERS.has(byte)) index += 1;
    else {
      while (isRegular(bytes[index])) index += 1;
      const word = text(tokenStart, index);
      if (!/^[-+.\d]+$/.test(word) && word !== 'true' && word !== 'false' && word !== 'null') {
        if (word === 'BI') {
          // An inline image: its data runs from ID to an EI that stands alone.
          const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
          const id = data.indexOf('ID', index, 'latin1');
          let end = id === -1 ? bytes.length : id + 2;
          while (end < bytes.length) {
            const ei = data.indexOf('EI', end, 'latin1');
            if (ei === -1) {
              end = bytes.length;
              break;
            }
            end = ei + 2;
            if (WHITESPACE.has(bytes[ei - 1]!) && (ei + 2 >= bytes.length || WHITESPACE.has(bytes[ei + 2]!))) break;
          }
          index = end;
        }
        operators.push({ name: word, start: operandsStart === -1 ? tokenStart : operandsStart, end: index });
        operandsStart = -1;
        continue;
      }
    }
    if (operandsStart === -1) operandsStart = tokenStart;
  }
  return operators;
}

/**
 * The content stream with each run of operators outside any marked-content sequence wrapped
 * in `/Artifact BMC … EMC`, or null when there is none. A run that draws a form XObject is
 * left alone: the form may hold tagged content of its own.
 */
export function markUntaggedAsArtifacts(bytes: Uint8Array): Uint8Array | null {
  const runs: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let run: { start: number; end: number; draws: boolean } | null = null;
  const close = () => {
    if (run && !run.draws) runs.push(run);
    run = null;
  };
  for (const operator of operatorsOf(bytes)) {
    if (operator.name === 'BMC' || operator.name === 'BDC') {
      if (depth === 0) close();
      depth += 1;
    } else if (operator.name === 'EMC') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0) {
      run ??= { start: operator.start, end: operator.end, draws: false };
      run.end = operator.end;
      if (operator.name === 'Do') run.draws = true;
    }
  }
  close();
  if (runs.length === 0) return null;
  const parts: Uint8Array[] = [];
  const open = new TextEncoder().encode('/Artifact BMC\n');
  const end = new TextEncoder().encode('\nEMC\n');
  let copied = 0;
  for (const { start, end: stop } of runs) {
    parts.push(bytes.subarray(copied, start), open, bytes.subarray(start, stop), end);
    copied = stop;
  }
  parts.push(bytes.subarray(copied));
  return Buffer.concat(parts);
}
