import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveRecord } from '../../shared/archive/record.js';
import type { RecordEdit } from '../../shared/meeting/model.js';
import { pdfAProblems } from '../support/pdfa.js';
import { accepted, http, MirrorClient, removeDir, seedMeeting, startServer, type RunningServer, type SeededMeeting, waitFor } from '../support/harness.js';

const QUIET_MS = 300;

let server: RunningServer;
let meeting: SeededMeeting;
const clients: MirrorClient[] = [];

async function connect(token: string) {
  const client = new MirrorClient(server.url, token);
  clients.push(client);
  await client.ready();
  return client;
}

const ok = accepted;

const englishLines = () => server.app.captions.fullStream(meeting.meetingId, 'en')?.lines ?? [];

const correct = (edit: RecordEdit, token?: string | null) =>
  http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'record:correct', edit }, token);
const review = async () => {
  const response = await http(server.url, 'GET', `/meetings/${meeting.meetingId}/review`);
  if (response.status !== 200) throw new Error(JSON.stringify(response.body));
  return ArchiveRecord.parse(response.body.record);
};

/** Speech ids in the meeting state, oldest first. */
let rehearsalId: string;
let kenyaSpeechId: string;
let rawEnglishBefore: string;

beforeAll(async () => {
  server = await startServer({ captionQuietMs: QUIET_MS, pdf: true });
  meeting = await seedMeeting(server.url);
  const chair = await connect(meeting.tokens.chair);
  const kenya = await connect(meeting.participants.remote.token);
  const amina = await connect(meeting.participants.room.token);
  const captioner = await connect(meeting.tokens.captioner);

  // Amina agrees to be named in the attendee list; the Delegate of Kenya does not.
  await ok(amina.send('participant:update', { participantId: meeting.participants.room.id, details: { publishName: true } }));

  // Before the meeting starts in earnest: a sound check with the floor, to be removed from the record.
  await ok(chair.send('queue:add', { participantId: meeting.participants.room.id, kind: 'intervention' }));
  await ok(chair.send('floor:give', {}));
  await ok(chair.send('floor:end', {}));
  await ok(captioner.send('caption:write', { language: 'en', erase: 0, text: '(Gavel)\n' }));

  await ok(kenya.send('queue:request', { kind: 'intervention' }));
  await ok(chair.send('floor:give', {}));
  // One sentence the quiet period split in two: the captioner paused mid-sentence.
  await ok(captioner.send('caption:write', { language: 'en', erase: 0, text: 'Kenya supports the proposal' }));
  await waitFor(() => englishLines().length === 2, 'the quiet-period commit');
  await ok(captioner.send('caption:write', { language: 'en', erase: 0, text: 'on community networks.\n' }));
  // A line the captioner labelled with the wrong name.
  await ok(captioner.send('caption:write', { language: 'en', erase: 0, text: '>> Amina: We thank the secretariat.\n' }));
  await ok(captioner.send('caption:write', { language: 'ar', erase: 0, text: 'تؤيد كينيا الاقتراح.\n' }));
  await ok(chair.send('floor:end', {}));

  // Corrections are refused while the meeting is still open.
  const early = await correct({ kind: 'setGroup', participantId: meeting.participants.remote.id, stakeholderGroup: 'intergovernmental' });
  expect(early.body.error.code).toBe('RECORD_NOT_IN_REVIEW');

  await ok(chair.send('meeting:transition', { to: 'adjourned' }));
  await waitFor(() => chair.state?.status === 'adjourned', 'the meeting to be adjourned everywhere');
  const speeches = server.app.registry.get(meeting.meetingId)!.state.topics[0]!.history;
  rehearsalId = speeches[0]!.id;
  kenyaSpeechId = speeches[1]!.id;
  rawEnglishBefore = JSON.stringify(englishLines());
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server.stop();
  removeDir(server.dataDir);
});

describe('the secretariat reviews the record before sealing it', () => {
  it('the preview is the record as it would be sealed now, with no corrections yet', async () => {
    const record = await review();
    expect(record.corrections).toBe(0);
    expect(record.topics[0]!.speeches.map((speech) => speech.id)).toEqual([rehearsalId, kenyaSpeechId]);
    const english = record.transcripts.find((transcript) => transcript.language === 'en')!;
    expect(english.lines.map((line) => [line.lines, line.text, line.speaker, line.sound])).toEqual([
      [[1], '(Gavel)', null, true],
      [[2], 'Kenya supports the proposal', 'Delegate of Kenya', false],
      [[3], 'on community networks.', 'Delegate of Kenya', false],
      [[4], '>> Amina: We thank the secretariat.', 'Amina', false],
    ]);
  });

  it('names in the attendee list only those who agreed, and counts the others', async () => {
    const { attendance } = await review();
    expect(attendance.named.map((attendee) => attendee.name)).toEqual(['Amina Civil']);
    expect(attendance.unnamed).toBe(1);
  });

  it('only the secretariat corrects: no token, or the chair’s link as a token, is refused', async () => {
    const edit: RecordEdit = { kind: 'removeSpeech', speechId: rehearsalId };
    expect((await correct(edit, null)).body.error.code).toBe('UNAUTHORIZED');
    expect((await correct(edit, meeting.tokens.chair)).body.error.code).toBe('UNAUTHORIZED');
    expect((await review()).corrections).toBe(0);
  });

  it('refuses a correction of a line or speech that does not exist, changing nothing', async () => {
    expect((await correct({ kind: 'mergeLines', language: 'en', line: 99 })).body.error.code).toBe('CAPTION_LINE_NOT_FOUND');
    // The last line has no line after it to join.
    expect((await correct({ kind: 'mergeLines', language: 'en', line: 4 })).body.error.code).toBe('CAPTION_LINE_NOT_FOUND');
    expect((await correct({ kind: 'mergeLines', language: 'ar', line: 5 })).status).toBe(404);
    expect((await correct({ kind: 'removeSpeech', speechId: 'nope' })).body.error.code).toBe('SPEECH_NOT_FOUND');
    expect((await review()).corrections).toBe(0);
  });

  it('applies each correction to the record and counts them; a revert takes one back', async () => {
    expect((await correct({ kind: 'removeSpeech', speechId: rehearsalId })).status).toBe(200);
    expect(
      (await correct({ kind: 'setGroup', participantId: meeting.participants.remote.id, stakeholderGroup: 'intergovernmental' })).status,
    ).toBe(200);
    // Two secretaries press "Join with next line" on the same two lines at once: joined once, the
    // other told why, and no third line swept in.
    const joins = await Promise.all([1, 2].map(() => correct({ kind: 'mergeLines', language: 'en', line: 2, next: 3 })));
    expect(joins.map((join) => join.status).sort()).toEqual([200, 409]);
    expect(joins.find((join) => join.status === 409)!.body.error.code).toBe('RECORD_CHANGED');
    const label = await correct({ kind: 'setSpeaker', language: 'en', line: 4, participantId: meeting.participants.room.id, label: null });
    expect(label.status).toBe(200);

    const record = await review();
    expect(record.corrections).toBe(4);
    expect(record.topics[0]!.speeches.map((speech) => [speech.id, speech.stakeholderGroup])).toEqual([[kenyaSpeechId, 'intergovernmental']]);
    const english = record.transcripts.find((transcript) => transcript.language === 'en')!;
    expect(english.lines.map((line) => [line.lines, line.text, line.speaker])).toEqual([
      [[1], '(Gavel)', null],
      [[2, 3], 'Kenya supports the proposal on community networks.', 'Delegate of Kenya'],
      [[4], '>> Amina: We thank the secretariat.', 'Amina Civil'],
    ]);
    const byGroup = Object.fromEntries(record.speakingTime.byStakeholderGroup.map((row) => [row.group, row.speeches]));
    expect(byGroup).toMatchObject({ government: 0, intergovernmental: 1, civil_society: 0 });

    const revert = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, {
      type: 'record:revert',
      correctionId: label.body.createdId,
    });
    expect(revert.status).toBe(200);
    expect((await review()).corrections).toBe(3);
    expect((await correct({ kind: 'setSpeaker', language: 'en', line: 4, participantId: meeting.participants.room.id, label: null })).status).toBe(200);
  });

  it('seals the corrected record; the raw caption log and the meeting log keep what happened', async () => {
    const archived = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'meeting:transition', to: 'archived' });
    expect(archived.status).toBe(200);
    const sealed = await server.app.archive.record(meeting.meetingId);
    if (!sealed.ok) throw new Error(sealed.error.code);
    expect(sealed.value.corrections).toBe(4);
    expect(sealed.value.topics[0]!.speeches).toHaveLength(1);
    expect(JSON.stringify(englishLines())).toBe(rawEnglishBefore);
    const state = server.app.registry.get(meeting.meetingId)!.state;
    expect(state.topics[0]!.history.map((speech) => speech.id)).toEqual([rehearsalId, kenyaSpeechId]);
    expect(state.participants.find((participant) => participant.id === meeting.participants.remote.id)?.stakeholderGroup).toBe('government');
    // Sealed: no more corrections.
    expect((await correct({ kind: 'removeSpeech', speechId: kenyaSpeechId })).body.error.code).toBe('MEETING_ARCHIVED');
  });
});

describe('the sealed record’s exports use the corrected version', () => {
  const get = (path: string) => fetch(`${server.url}/archive/${meeting.meetingId}/${path}`);

  it('the record page says corrections were made, with their count, and lists named attendees', async () => {
    const page = await (await get('record-en.html')).text();
    expect(page).toContain('<dt>Corrections before archiving</dt><dd><span class="num">4</span></dd>');
    expect(page).toContain('The secretariat corrected this record before archiving it.');
    expect(page).toContain('Kenya supports the proposal on community networks.');
    expect(page).not.toContain('Unknown speaker');
    expect(page).toContain('<i class="sound">(Gavel)</i>');
    expect(page).toMatch(/<caption id="attendees">Attendees<\/caption>[\s\S]*<bdi>Amina Civil<\/bdi>/);
    for (const file of ['speakers-en.csv', 'record-en.pdf']) expect(page).toContain(`href="${file}"`);
  });

  it('the speakers list downloads as CSV with the corrected group, in the meeting’s time zone', async () => {
    const response = await get('speakers-en.csv');
    expect(response.headers.get('content-type')).toContain('text/csv');
    const csv = await response.text();
    const rows = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'Topic,No.,Name,Affiliation,Country,Stakeholder group,Participation,Type of speech,In reply to,Began (Europe/Zurich),Ended (Europe/Zurich),Duration',
    );
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^Connectivity,1,Delegate of Kenya,Ministry,Kenya,Intergovernmental organizations,Remote,Intervention,,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,/);
  });

  it('the record prints to a tagged PDF/A-2a that opens and carries the record’s text, Arabic included, and its title and author', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openfloor-pdf-test-'));
    try {
      for (const [language, expected] of [
        ['en', ['Delegate of Kenya', 'Kenya supports the proposal on community networks.', 'Corrections before archiving']],
        ['ar', ['تؤيد كينيا الاقتراح', 'Delegate of Kenya']],
      ] as const) {
        const response = await get(`record-${language}.pdf`);
        expect(response.status, language).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/pdf');
        const file = join(dir, `record-${language}.pdf`);
        const pdf = new Uint8Array(await response.arrayBuffer());
        writeFileSync(file, pdf);
        expect(await pdfAProblems(pdf, { language, conformance: 'A' }), language).toEqual([]);
        const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
        expect(info).toMatch(/Tagged:\s+yes/);
        expect(info).toContain(`Title:           Open consultation on meaningful connectivity — ${language === 'en' ? 'Meeting record' : 'محضر الاجتماع'}\n`);
        expect(info).toMatch(language === 'en' ? /Author:\s+Meeting secretariat/ : /Author:\s+أمانة الاجتماع/);
        expect(info).toMatch(/Pages:\s+[1-9]/);
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
        for (const phrase of expected) expect(wordsOf(text), `${language}: ${phrase}`).toEqual(expect.arrayContaining(wordsOf(phrase)));
      }
    } finally {
      removeDir(dir);
    }
  }, 60_000);

  it('prints once: the same PDF bytes again, and in the bundle with its hash in the manifest', async () => {
    const first = new Uint8Array(await (await get('record-en.pdf')).arrayBuffer());
    const second = new Uint8Array(await (await get('record-en.pdf')).arrayBuffer());
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    const files = unzipSync(new Uint8Array(await (await get('bundle.zip')).arrayBuffer()));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['record-en.pdf', 'record-ar.pdf', 'speakers-en.csv', 'speakers-ar.csv']));
    expect(Buffer.from(files['record-en.pdf']!).equals(Buffer.from(first))).toBe(true);
    const manifest = JSON.parse(new TextDecoder().decode(files['manifest.json'])) as { files: { name: string; mediaType: string }[] };
    expect(manifest.files.find((file) => file.name === 'record-en.pdf')?.mediaType).toBe('application/pdf');
  }, 60_000);
});

/**
 * The words of a text, each as its letters sorted: pdftotext gives Arabic in presentation
 * forms and splits the lam-alef ligature in visual order (الاجتماع comes out االجتماع), so a
 * word is compared by the letters it holds, not their order.
 */
function wordsOf(text: string): string[] {
  return text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '')
    .map((word) => [...word].sort().join(''));
}
