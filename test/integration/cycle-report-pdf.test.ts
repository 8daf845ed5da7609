import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPdf } from '../../server/archive/pdf.js';
import { http, startServer, stopServer, type RunningServer } from '../support/harness.js';
import { pdfAProblems } from '../support/pdfa.js';

let now = Date.UTC(2026, 9, 22, 8);
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ clock: () => now, pdf: true });
});
afterAll(() => stopServer(server));

describe('compilation report PDF', () => {
  it('prints the published report as PDF/A-2a from its HTML, in the language asked, with the responses and its own title and language', async () => {
    const created = await http(server.url, 'POST', '/cycles', {
      details: {
        title: 'Consultation on multilingualism',
        previousGroupMeeting: { name: 'CWG-Internet, October 2026', endsOn: '2026-10-20' },
        nextGroupMeeting: { name: 'CWG-Internet, February 2027', startsOn: '2027-02-04' },
        timeZone: 'Europe/Zurich',
        languages: ['en', 'ar'],
      },
    });
    const cycleId = created.body.cycleId as string;
    const run = async (body: unknown) => {
      const result = await http(server.url, 'POST', `/cycles/${cycleId}/commands`, body);
      if (result.status !== 200) throw new Error(JSON.stringify(result.body));
    };
    await run({ type: 'proposal:add', details: { memberState: 'India', title: 'Multilingual Internet', description: 'Content in every script.', questions: [] } });
    await run({ type: 'topics:choose', proposalIds: ['p1'] });
    await run({ type: 'consultation:launch' });
    const form = new FormData();
    for (const [name, value] of Object.entries({ name: 'Priya Raman', organisation: 'Script Lab', country: 'India', stakeholderGroup: 'academic_technical', email: 'priya@example.org', consent: 'yes', 'answer-p1': 'Universal acceptance matters.' })) form.append(name, value);
    expect((await fetch(`${server.url}/consult/${cycleId}?lang=en`, { method: 'POST', body: form })).status).toBe(201);
    await run({ type: 'response:accept', responseId: 'r2' });
    now = Date.UTC(2027, 0, 3, 9);
    await run({ type: 'report:publish' });

    const response = await fetch(`${server.url}/consult/${cycleId}/report/ar.pdf`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    const pdf = new Uint8Array(await response.arrayBuffer());
    expect(isPdf(pdf)).toBe(true);
    const file = join(mkdtempSync(join(tmpdir(), 'cycle-pdf-')), 'report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Priya Raman');
    expect(text).toContain('Universal acceptance matters.');
    // The report goes to the group beside the archived record, kept to the same standard.
    expect(await pdfAProblems(pdf, { language: 'ar', conformance: 'A' })).toEqual([]);
    const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
    // Latin names in an Arabic sentence are bidi-isolated (FSI … PDI), in the metadata too.
    expect(info).toContain('Title:           تقرير التجميع: \u2068Consultation on multilingualism\u2069');
    expect(info).toContain('Author:          أمانة المشاورة');
    expect(info).toContain('Subject:         الردود على المشاورة المفتوحة قبل \u2068CWG-Internet, February 2027\u2069');
    expect(info).toMatch(/CreationDate:\s+2027-01-03T09:00:00(Z|\+00)/);
  }, 60_000);
});
