import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PdfPrinter } from '../../server/archive/pdf.js';
import { isPdfA, type PdfAInput } from '../../server/archive/pdfa/convert.js';
import { CHROMIUM } from '../support/browser.js';
import { removeDir } from '../support/harness.js';
import { pdfAProblems } from '../support/pdfa.js';

// A page with what the archive's record has: headings, a table, a list, a link, and
// right-to-left text with Arabic's joined letters and the lam-alef ligature.
const PAGE = `<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>محضر</title>
<style>body{font-family:"Noto Sans","Noto Sans Arabic",sans-serif;background:#fff}h2{border-block-start:2px solid #1a1a1a}table{border-collapse:collapse}td,th{border:1px solid #767676}</style></head>
<body><main><h1>محضر الاجتماع</h1><h2>المتكلمون</h2>
<table><caption>الكلمات</caption><thead><tr><th scope="col">الاسم</th><th scope="col">المدة</th></tr></thead>
<tbody><tr><th scope="row"><bdi>Delegate of Kenya</bdi></th><td>2:30</td></tr></tbody></table>
<ul><li><a href="https://www.itu.int/en/council/cwg-internet/">مساهمة من مصر</a></li><li>لا إله</li></ul></main></body></html>`;

const METADATA: PdfAInput = {
  title: 'Open consultation — محضر الاجتماع',
  author: 'أمانة الاجتماع',
  subject: 'محضر الاجتماع: Open consultation، Geneva',
  language: 'ar',
  creatorTool: 'OpenFloor',
  date: new Date(Date.UTC(2017, 1, 3, 10, 2, 0)),
};

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'openfloor-pdfa-test-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach(removeDir));

/** Each page rendered by poppler, as raw pixels. */
function pagesOf(pdf: Uint8Array): Buffer[] {
  const dir = tempDir();
  writeFileSync(join(dir, 'in.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '60', join(dir, 'in.pdf'), join(dir, 'page')]);
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ppm'))
    .sort()
    .map((name) => readFileSync(join(dir, name)));
}

describe('the archive printer makes PDF/A-2a', () => {
  it('meets each PDF/A-2a requirement it implements (checked on the bytes: no independent validator here)', async () => {
    const printer = new PdfPrinter({ chromiumPath: CHROMIUM, cacheDir: tempDir() });
    const pdf = await printer.print('m1', 'record-ar.pdf', { html: PAGE, metadata: METADATA });
    expect(await pdfAProblems(pdf, { language: 'ar', conformance: 'A' })).toEqual([]);
    const info = execFileSync('pdfinfo', ['-', '-isodates'], { input: pdf, encoding: 'utf8' });
    expect(info).toContain(`Title:           ${METADATA.title}`);
    expect(info).toContain(`Author:          ${METADATA.author}`);
    expect(info).toMatch(/CreationDate:\s+2017-02-03T10:02:00(Z|\+00)/);
    expect(info).toMatch(/PDF version:\s+1\.7/);
  }, 60_000);

  it('changes nothing that is drawn: every page renders to the same pixels as Chromium’s own print', async () => {
    const printed = await new PdfPrinter({ chromiumPath: CHROMIUM, cacheDir: tempDir() }).print('m1', 'plain.pdf', { html: PAGE });
    expect(isPdfA(printed)).toBe(false);
    const archived = await new PdfPrinter({ chromiumPath: CHROMIUM, cacheDir: tempDir() }).print('m1', 'record-ar.pdf', { html: PAGE, metadata: METADATA });
    const before = pagesOf(printed);
    const after = pagesOf(archived);
    expect(after.length).toBe(before.length);
    after.forEach((page, index) => expect(page.equals(before[index]!), `page ${index + 1}`).toBe(true));
  }, 60_000);

  it('converts a record printed before the archive made PDF/A once, from that print, and serves the result after', async () => {
    const cacheDir = tempDir();
    const old = await new PdfPrinter({ chromiumPath: CHROMIUM, cacheDir: tempDir() }).print('m1', 'plain.pdf', { html: PAGE });
    mkdirSync(join(cacheDir, 'm1'), { recursive: true });
    writeFileSync(join(cacheDir, 'm1', 'record-ar.pdf'), old);
    // A printer with no Chromium: the conversion must come from the kept print.
    const converted = await new PdfPrinter({ chromiumPath: '/nonexistent/chromium', cacheDir }).print('m1', 'record-ar.pdf', { html: PAGE, metadata: METADATA });
    expect(await pdfAProblems(converted, { language: 'ar', conformance: 'A' })).toEqual([]);
    expect(readFileSync(join(cacheDir, 'm1', 'record-ar.pdf')).equals(Buffer.from(converted))).toBe(true);
    const again = await new PdfPrinter({ chromiumPath: '/nonexistent/chromium', cacheDir }).print('m1', 'record-ar.pdf', { html: PAGE, metadata: METADATA });
    expect(Buffer.from(again).equals(Buffer.from(converted))).toBe(true);
  }, 60_000);
});
