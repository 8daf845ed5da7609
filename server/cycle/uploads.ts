import busboy from 'busboy';
import type { Request } from 'express';
import type { ErrorCode } from '../../shared/errors.js';
import { MAX_DOCUMENT_BYTES } from './documents.js';

/** A whole response form, documents included. */
export const MAX_FORM_BYTES = 32 * 1024 * 1024;
const MAX_FILES = 30;
const MAX_FIELDS = 400;
const MAX_FIELD_BYTES = 64 * 1024;

export interface UploadedFile {
  field: string;
  name: string;
  bytes: Uint8Array;
}

export interface ParsedForm {
  fields: Map<string, string[]>;
  files: UploadedFile[];
}

export type FormResult = { ok: true; form: ParsedForm } | { ok: false; code: ErrorCode; detail?: string };

/** Past this, a refused body is not read: the connection is closed under it. */
const MAX_DRAINED_BYTES = 512 * 1024 * 1024;

/**
 * Reads a refused body to its end without keeping it. A browser sends the whole form before it
 * reads the answer: closing the connection under it shows "connection reset" instead of the
 * page saying the documents are too large. Beyond a bound the refusal goes out at once.
 */
function drained(req: Request, declared: number): Promise<void> {
  if (declared > MAX_DRAINED_BYTES || req.readableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    req.once('end', resolve).once('close', resolve).once('error', resolve);
    req.resume();
  });
}

/**
 * Reads a multipart form (the response form posts one, with or without JavaScript) into
 * memory within its limits. A form over a limit is read to its end and dropped: nothing of it
 * is kept, and the refusal names the limit that was passed.
 */
export function readForm(req: Request): Promise<FormResult> {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > MAX_FORM_BYTES) return drained(req, declared).then(() => ({ ok: false, code: 'UPLOAD_TOO_LARGE' }));
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // The name as sent, folders included: a name with a path is refused, not quietly cut.
        preservePath: true,
        limits: { fileSize: MAX_DOCUMENT_BYTES, files: MAX_FILES, fields: MAX_FIELDS, fieldSize: MAX_FIELD_BYTES, parts: MAX_FILES + MAX_FIELDS },
      });
    } catch {
      resolve({ ok: false, code: 'BAD_REQUEST', detail: 'expected a multipart form' });
      return;
    }
    const fields = new Map<string, string[]>();
    const files: UploadedFile[] = [];
    let refusal: { code: ErrorCode; detail?: string } | null = null;
    let received = 0;
    const refuse = (code: ErrorCode, detail?: string) => {
      refusal ??= detail === undefined ? { code } : { code, detail };
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) refuse('BAD_REQUEST', `${name} is too long`);
      fields.set(name, [...(fields.get(name) ?? []), value]);
    });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        received += chunk.length;
        if (received > MAX_FORM_BYTES) refuse('UPLOAD_TOO_LARGE');
        if (!refusal) chunks.push(chunk);
      });
      stream.on('limit', () => refuse('FILE_TOO_LARGE', info.filename));
      stream.on('end', () => {
        // An empty file input sends a part without a name or bytes: nothing was attached.
        if (size === 0 && !info.filename) return;
        if (!refusal) files.push({ field, name: info.filename ?? '', bytes: new Uint8Array(Buffer.concat(chunks)) });
      });
    });
    parser.on('filesLimit', () => refuse('UPLOAD_TOO_LARGE', 'too many documents'));
    parser.on('fieldsLimit', () => refuse('BAD_REQUEST', 'too many fields'));
    parser.on('partsLimit', () => refuse('BAD_REQUEST', 'too many parts'));
    parser.on('error', () => resolve({ ok: false, code: 'BAD_REQUEST', detail: 'the form could not be read' }));
    parser.on('close', () => resolve(refusal ? { ok: false, ...refusal } : { ok: true, form: { fields, files } }));
    req.pipe(parser);
  });
}
