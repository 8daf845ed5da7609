import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import SrtParser from 'srt-parser-2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, stopServer, type RunningServer } from '../support/harness.js';
import { archiveHostileMeeting, hostileMeeting, hostileNames, hostileText, type HostileMeeting } from '../support/hostile.js';
import { parseVtt } from '../support/webvtt.js';

/**
 * Hostile names, titles and captions, entered through the real API, in every export of the
 * archived record: WebVTT and SubRip keep exactly one cue per transcript line (no text can
 * pass for a timing line or end a cue early), text files carry no bidi override or control
 * character, CSV rows keep their columns and run no formula, the HTML runs nothing, the zip
 * holds only safe entry names, and the PDF shows the markup as text.
 */
let server: RunningServer;
let meeting: HostileMeeting;

beforeAll(async () => {
  server = await startServer({ pdf: true });
  meeting = await hostileMeeting(server.url);
  await archiveHostileMeeting(server.url, meeting);
}, 60_000);
afterAll(() => stopServer(server));

const file = async (name: string) => {
  const response = await fetch(`${server.url}/archive/${meeting.meetingId}/${name}`);
  expect(response.status, name).toBe(200);
  return response;
};
const text = async (name: string) => (await file(name)).text();

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
// C0 and C1 controls other than tab and line breaks.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const TIMING = /\d{2}:\d{2}:\d{2}[.,]\d{3}\s*-->/;

/** RFC 4180 rows: quoted fields may hold commas, quotes (doubled) and line breaks. */
function csvRows(input: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < input.length; i++) {
    const char = input[i]!;
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      (row = []), (field = '');
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('hostile text in the exports of an archived record', () => {
  it('WebVTT: one cue per transcript line, none with a timing arrow or markup that runs', async () => {
    const vtt = await text('transcript-en.vtt');
    const parsed = parseVtt(vtt);
    expect(parsed.errors).toEqual([]);
    expect(parsed.cues).toHaveLength(meeting.lines);
    for (const cue of parsed.cues) {
      expect(cue.text, 'a cue text with a timing arrow').not.toMatch(/-->/);
      expect(cue.text).not.toMatch(/\n\s*\n/);
    }
    // The markup the captioner typed is text in the cue, not a WebVTT tag.
    expect(vtt).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(vtt).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(vtt).not.toMatch(BIDI_CONTROLS);
    expect(vtt).not.toMatch(CONTROLS);
  });

  it('SubRip: one cue per transcript line, no text that reads as a timing line', async () => {
    const srt = await text('transcript-en.srt');
    const cues = new SrtParser().fromSrt(srt);
    expect(cues).toHaveLength(meeting.lines);
    expect(cues.map((cue) => cue.id)).toEqual(cues.map((_, index) => String(index + 1)));
    for (const cue of cues) expect(cue.text, 'cue text that a player reads as timing').not.toMatch(TIMING);
    // Timing lines are exactly the cues' own.
    expect(srt.split('\n').filter((line) => TIMING.test(line))).toHaveLength(meeting.lines);
    expect(srt).not.toMatch(BIDI_CONTROLS);
    expect(srt).not.toMatch(CONTROLS);
  });

  it('plain text: no bidi override, no control character, each name on its own line', async () => {
    const txt = await text('transcript-en.txt');
    expect(txt).not.toMatch(BIDI_CONTROLS);
    expect(txt).not.toMatch(CONTROLS);
    expect(txt).toContain(hostileText.script);
    // The country's blank line is one space: a name never makes a paragraph of its own.
    expect(txt).not.toMatch(/Country\s*\n/);
  });

  it('CSV: every row has the header’s columns, and no cell starts a formula', async () => {
    const csv = (await text('speakers-en.csv')).replace(/^\uFEFF/, '');
    const rows = csvRows(csv).filter((row) => row.some((cell) => cell !== ''));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      expect(row).toHaveLength(rows[0]!.length);
      for (const cell of row) {
        expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        expect(cell).not.toMatch(BIDI_CONTROLS);
        expect(cell).not.toMatch(CONTROLS);
      }
    }
    expect(rows.some((row) => row.some((cell) => cell.includes('window.__pwned')))).toBe(true);
  });

  it('JSON: the record keeps what was entered, exactly, as data', async () => {
    const record = JSON.parse(await text('record.json'));
    expect(record.meeting.title).toBe(hostileNames.meetingTitle);
    expect(JSON.stringify(record)).toContain(JSON.stringify(hostileNames.speaker).slice(1, -1));
  });

  it('HTML record: no element, script or handler from the entered text; names isolated', async () => {
    for (const name of ['record-en.html', 'record-ar.html', '']) {
      const html = await text(name);
      expect(html, name).not.toMatch(/<script/i);
      expect(html, name).not.toMatch(/<img/i);
      expect(html, name).toContain('&lt;script&gt;');
      // Every override the text brought is inside an isolate (`<bdi>` or `dir="auto"`) or gone.
      for (const match of html.matchAll(/\u202E/g)) {
        const before = html.slice(0, match.index);
        const open = Math.max(before.lastIndexOf('<bdi'), before.lastIndexOf('dir="auto"'));
        const closed = before.lastIndexOf('</bdi>');
        expect(open > closed, `${name}: an override outside an isolate near ${JSON.stringify(html.slice(match.index - 80, match.index))}`).toBe(true);
      }
    }
  });

  // The bundle holds the printed records, so Chromium prints them first: the longer bound.
  it('zip bundle: entry names are relative, without traversal, drive letters or controls', async () => {
    const entries = unzipSync(new Uint8Array(await (await file('bundle.zip')).arrayBuffer()));
    const names = Object.keys(entries);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) {
      expect(name, name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/);
      expect(name.split('/')).not.toContain('..');
    }
    expect(strFromU8(entries['transcript-en.vtt']!)).toBe(await text('transcript-en.vtt'));
  }, 120_000);

  it('PDF: the markup is printed as text', async () => {
    const pdf = new Uint8Array(await (await file('record-en.pdf')).arrayBuffer());
    const path = join(server.dataDir, 'record-en.pdf');
    writeFileSync(path, pdf);
    const printed = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
    expect(printed).toContain('window.__pwned=1');
    expect(printed.replace(/\s+/g, ' ')).toContain('Delegate <script>');
  }, 120_000);
});
