import type { Request, Response } from 'express';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { z } from 'zod';

type SendFileOptions = NonNullable<Parameters<Response['sendFile']>[1]>;

/**
 * Files served as they were written, compressed once beside them: the client's build
 * (infra/precompress.ts) and an archived meeting's shelf (archive/shelf.ts). Per request, only
 * the secretariat's few large answers are compressed (`sendLargeJson`).
 */
export const ContentEncoding = z.enum(['br', 'gzip']);
export type ContentEncoding = z.infer<typeof ContentEncoding>;
/** Best first: the order copies are offered in when a browser weighs them alike. */
const PREFERRED = ContentEncoding.options;
/** Each copy's name is its file's, with this added. */
export const SUFFIX: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' };

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

export interface CompressedCopy {
  encoding: ContentEncoding;
  bytes: Buffer;
}

/**
 * The copies of `content` smaller than it (a tiny file's would only cost a decoding), best
 * first. `thorough`: Brotli's highest quality, for what is compressed once per release; it is
 * about 50 times slower than quality 9 for some 15 % less (measured on a meeting's exports).
 */
export async function compressedCopies(content: Uint8Array, thorough: boolean): Promise<CompressedCopy[]> {
  const quality = thorough ? constants.BROTLI_MAX_QUALITY : 9;
  const [br, gz] = await Promise.all([
    brotli(content, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: content.length } }),
    gzipped(content, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  const copies: CompressedCopy[] = [
    { encoding: 'br', bytes: br },
    { encoding: 'gzip', bytes: gz },
  ];
  return copies.filter(({ bytes }) => bytes.length < content.length);
}

/**
 * The best of the copies `offered` that an Accept-Encoding header takes, or null for the file
 * itself. Listing order is no preference (RFC 9110 §12.5.3): at equal weights the server's
 * order decides, so Chromium's "gzip, deflate, br, zstd" gets Brotli.
 */
export function chooseEncoding(header: string | undefined, offered: readonly ContentEncoding[]): ContentEncoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (coding) weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  let best: ContentEncoding | null = null;
  let bestWeight = 0;
  for (const encoding of PREFERRED.filter((candidate) => offered.includes(candidate))) {
    const weight = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [encoding, weight];
  }
  return best;
}

/**
 * Sends `file`, or the compressed copy of it (among those `offered`) the request prefers, with
 * the file's own media type and caching headers, which `res` already carries.
 */
export function sendAsAccepted(req: Request, res: Response, file: string, offered: readonly ContentEncoding[], options: SendFileOptions, onError: (error: Error) => void): void {
  if (offered.length > 0) res.vary('Accept-Encoding');
  const chosen = chooseEncoding(req.get('accept-encoding'), offered);
  if (chosen) res.set('content-encoding', chosen);
  res.sendFile(chosen ? file + SUFFIX[chosen] : file, options, (error) => error && onError(error));
}

/** Below this, a JSON answer goes as it is: compressing it would cost more than it saves. */
const LARGE_JSON_BYTES = 32 * 1024;

/**
 * A JSON answer of the secretariat's that grows with the meeting (the whole meeting, its links,
 * the record under review: hundreds of kilobytes to megabytes at ITU size, asked again by a page
 * that follows the meeting), gzipped in zlib's thread pool when large and the client takes it.
 * Answers to everyone else stay small and are never compressed per request.
 */
export async function sendLargeJson(req: Request, res: Response, body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  res.type('application/json').vary('Accept-Encoding');
  if (text.length < LARGE_JSON_BYTES || chooseEncoding(req.get('accept-encoding'), ['gzip']) === null) {
    res.send(text);
    return;
  }
  const bytes = await gzipped(text, { level: constants.Z_DEFAULT_COMPRESSION });
  res.set('content-encoding', 'gzip').send(bytes);
}
