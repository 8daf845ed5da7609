import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { z } from 'zod';
import type { DocumentType } from '../../shared/cycle/model.js';
import type { ErrorCode } from '../../shared/errors.js';
import { SeqConflictError, type LogStore } from '../storage/log.js';

/** Largest document a respondent may attach. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** A DOCX or ODT unpacks to at most this much, and at most this many times its size. */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
const MAX_UNPACK_RATIO = 100;
/** Entries read to tell the kind of an office document: all small. */
const MAX_PROBE_ENTRY_BYTES = 64 * 1024;

export const documentMediaTypes: Record<DocumentType, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
};

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * A name to show and offer for download: no folders, no control or bidi override characters,
 * no leading dot. A name that needs changing is refused, not silently changed: the respondent
 * knows which file went in under which name.
 */
export function checkDocumentName(name: string): ErrorCode | null {
  if (name.length === 0 || name.length > 200) return 'FILE_NAME_REFUSED';
  if (/[/\\\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(name)) return 'FILE_NAME_REFUSED';
  if (name.startsWith('.') || name.includes('..') || name.trim() !== name) return 'FILE_NAME_REFUSED';
  return null;
}

const startsWith = (bytes: Uint8Array, text: string) => Buffer.from(bytes.subarray(0, text.length)).toString('latin1') === text;

/**
 * What the bytes are, whatever the file is called: a PDF by its header and end marker, a DOCX
 * or an ODT by the zip entries that make one. Zips that would unpack to far more than they
 * weigh (zip bombs) are refused from their directory, without unpacking them.
 */
export function documentTypeOf(bytes: Uint8Array): { ok: true; type: DocumentType } | { ok: false; code: ErrorCode } {
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, code: 'FILE_TOO_LARGE' };
  if (startsWith(bytes, '%PDF-')) {
    const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
    return tail.includes('%%EOF') ? { ok: true, type: 'pdf' } : { ok: false, code: 'FILE_TYPE_REFUSED' };
  }
  if (!startsWith(bytes, 'PK\u0003\u0004')) return { ok: false, code: 'FILE_TYPE_REFUSED' };
  let unpacked = 0;
  const names: string[] = [];
  let probes: Record<string, Uint8Array>;
  try {
    probes = unzipSync(bytes, {
      filter: (entry) => {
        names.push(entry.name);
        unpacked += entry.originalSize;
        return (entry.name === 'mimetype' || entry.name === '[Content_Types].xml') && entry.originalSize <= MAX_PROBE_ENTRY_BYTES;
      },
    });
  } catch {
    return { ok: false, code: 'FILE_TYPE_REFUSED' };
  }
  if (unpacked > MAX_UNPACKED_BYTES || unpacked > bytes.length * MAX_UNPACK_RATIO) return { ok: false, code: 'FILE_ARCHIVE_REFUSED' };
  const text = (name: string) => (probes[name] ? Buffer.from(probes[name]).toString('utf8') : '');
  if (text('mimetype').trim() === documentMediaTypes.odt && names.includes('content.xml')) return { ok: true, type: 'odt' };
  if (names.includes('word/document.xml') && text('[Content_Types].xml').includes('wordprocessingml.document.main+xml')) {
    return { ok: true, type: 'docx' };
  }
  return { ok: false, code: 'FILE_TYPE_REFUSED' };
}

const StoredDocument = z.object({ sha256: z.string(), base64: z.string() });
const DOCUMENT_PREFIX = 'cycle-document:';

/**
 * Documents kept by their SHA-256 in the same durable store as the logs, each written before
 * the response that names it: a response is never acknowledged with a document that a crash
 * could lose. The same document sent twice is kept once.
 */
export class DocumentStore {
  constructor(private readonly store: LogStore) {}

  async put(bytes: Uint8Array): Promise<string> {
    const sha256 = sha256Hex(bytes);
    try {
      await this.store.append(DOCUMENT_PREFIX + sha256, 1, { sha256, base64: Buffer.from(bytes).toString('base64') });
    } catch (error) {
      // Already kept: the same bytes, by their hash.
      if (!(error instanceof SeqConflictError)) throw error;
    }
    return sha256;
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    const [entry] = await this.store.read(DOCUMENT_PREFIX + sha256);
    if (!entry) return null;
    const stored = StoredDocument.parse(entry);
    return new Uint8Array(Buffer.from(stored.base64, 'base64'));
  }
}
