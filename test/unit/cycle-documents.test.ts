import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkDocumentName, documentTypeOf, MAX_DOCUMENT_BYTES } from '../../server/cycle/documents.js';
import { docxDocument, pdfDocument, scriptNamedPdf, zipBomb } from '../support/documents.js';

const odt = () =>
  zipSync({
    mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }],
    'content.xml': strToU8('<office:document-content/>'),
  });

describe('consultation documents are judged by their content, not their name', () => {
  it('recognises PDF, DOCX and ODT', () => {
    expect(documentTypeOf(pdfDocument())).toEqual({ ok: true, type: 'pdf' });
    expect(documentTypeOf(docxDocument())).toEqual({ ok: true, type: 'docx' });
    expect(documentTypeOf(odt())).toEqual({ ok: true, type: 'odt' });
  });

  it('refuses a script, a truncated PDF, a plain zip and an ODT spreadsheet', () => {
    expect(documentTypeOf(scriptNamedPdf)).toEqual({ ok: false, code: 'FILE_TYPE_REFUSED' });
    expect(documentTypeOf(pdfDocument().slice(0, 40))).toEqual({ ok: false, code: 'FILE_TYPE_REFUSED' });
    expect(documentTypeOf(zipSync({ 'a.txt': strToU8('hello') }))).toEqual({ ok: false, code: 'FILE_TYPE_REFUSED' });
    const spreadsheet = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<x/>') });
    expect(documentTypeOf(spreadsheet)).toEqual({ ok: false, code: 'FILE_TYPE_REFUSED' });
  });

  it('refuses a zip bomb from its directory and a document over the size limit', () => {
    expect(documentTypeOf(zipBomb())).toEqual({ ok: false, code: 'FILE_ARCHIVE_REFUSED' });
    const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
    big.set(pdfDocument());
    expect(documentTypeOf(big)).toEqual({ ok: false, code: 'FILE_TOO_LARGE' });
  });

  it('refuses names with folders, parent steps, control or direction-override characters', () => {
    for (const name of ['../x.pdf', 'a/b.pdf', 'a\\b.pdf', '.hidden.pdf', 'x\u0000.pdf', 'fdp.\u202Eexe', ' padded.pdf']) {
      expect(checkDocumentName(name), name).toBe('FILE_NAME_REFUSED');
    }
    expect(checkDocumentName('Réponse du Sénégal (v2).pdf')).toBeNull();
    expect(checkDocumentName('رد مصر.docx')).toBeNull();
  });
});
