import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dirOf, translator } from '../../shared/i18n/catalogue.js';
import { languages } from '../../shared/meeting/model.js';
import { escapeHtml } from '../../server/archive/exports/html.js';
import { pdfDocument, scriptNamedPdf, zipBomb } from '../support/documents.js';
import { http, startServer, stopServer, type RunningServer } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/** 22 October 2026 in Geneva: the group meeting that chose the topics ended on the 20th. */
let now = Date.UTC(2026, 9, 22, 8);
const DAY = 24 * 3600_000;
/** Responses are due on 2 January 2027 (30 days before the meeting of 1 February), until midnight in Geneva. */
const CLOSES_AT = Date.UTC(2027, 0, 2, 23);

let server: RunningServer;
let smtp: TestSmtpServer;
let meetingId: string;
let cycleId: string;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function command(body: unknown) {
  const result = await http(server.url, 'POST', `/cycles/${cycleId}/commands`, body);
  return result;
}

async function accept(body: unknown) {
  const result = await command(body);
  if (result.status !== 200) throw new Error(JSON.stringify(result.body));
  return result.body as { seq: number; createdId: string | null };
}

interface Upload {
  field: string;
  name: string;
  bytes: Uint8Array;
}

async function post(path: string, fields: Record<string, string>, files: Upload[] = [], headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append(file.field, new Blob([file.bytes as BlobPart]), file.name);
  const response = await fetch(`${server.url}${path}`, { method: 'POST', body: form, headers });
  return { status: response.status, html: await response.text() };
}

const respondent = (name: string, email: string, group = 'civil_society') => ({
  name,
  organisation: `${name} Institute`,
  country: 'Kenya',
  stakeholderGroup: group,
  email,
  consent: 'yes',
  language: 'en',
});

const meeting = async () => (await http(server.url, 'GET', `/meetings/${meetingId}`)).body.state;
const cycle = async () => (await http(server.url, 'GET', `/cycles/${cycleId}`)).body;
/** The first page of the moderation list (these tests hold fewer responses than a page). */
const responses = async () => (await http(server.url, 'GET', `/cycles/${cycleId}/responses`)).body.responses;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startServer({ clock: () => now, smtpUrl: smtp.url });
  const created = await http(server.url, 'POST', '/meetings', {
    details: {
      title: 'Open consultation, February 2027',
      timeZone: 'Europe/Zurich',
      startsAt: Date.UTC(2027, 1, 1, 8),
      endsAt: Date.UTC(2027, 1, 1, 16),
      languages: ['en', 'ar'],
      groupMeeting: { name: 'CWG-Internet, February 2027', startsOn: '2027-02-04' },
    },
  });
  meetingId = created.body.meetingId;
  // Set up before cycles existed: the timeline the setup page recorded on the meeting.
  await http(server.url, 'POST', `/meetings/${meetingId}/commands`, {
    type: 'meeting:update',
    details: { cycle: { settings: { launchWithinDays: 15, responsesDueDaysBefore: 30, compilationDaysBefore: 15, physicalWithinDaysBefore: 3 }, previousGroupMeetingEnd: '2026-10-20', consultationLaunchedOn: null } },
  });
});

afterAll(async () => {
  await stopServer(server);
  await smtp?.close();
});

describe('consultation cycle, end to end over HTTP', () => {
  it('takes over the meeting timeline into a cycle of its own, with the dates the rules give', async () => {
    const created = await http(server.url, 'POST', '/cycles', { fromMeeting: meetingId });
    expect(created.status).toBe(201);
    cycleId = created.body.cycleId;
    const view = await cycle();
    expect(view.state).toMatchObject({ meetingId, previousGroupMeeting: { endsOn: '2026-10-20' }, dates: { meeting: '2027-02-01' } });
    expect(view.schedule).toMatchObject({ launchBy: '2026-11-04', responsesDue: '2027-01-02', reportBy: '2027-01-17', meeting: '2027-02-01' });
    expect(view.phase).toBe('not_launched');
    const again = await http(server.url, 'POST', '/cycles', { fromMeeting: meetingId });
    expect(again.body.error.code).toBe('MEETING_IN_OTHER_CYCLE');
    // The group meeting that chose the topics, corrected: the latest launch follows it.
    await accept({ type: 'cycle:update', details: { previousGroupMeeting: { name: 'CWG-Internet, October 2026', endsOn: '2026-10-16' } } });
    expect((await cycle()).schedule.launchBy).toBe('2026-10-31');
    await accept({ type: 'cycle:update', details: { previousGroupMeeting: { name: 'CWG-Internet, October 2026', endsOn: '2026-10-20' } } });
    const refused = await command({ type: 'cycle:update', details: { timeZone: 'Mars/Olympus_Mons' } });
    expect(refused.body.error.code).toBe('BAD_REQUEST');
  });

  it('holds one proposal per Member State across the cycle, and the chosen topics become the agenda', async () => {
    const propose = (memberState: string, title: string) =>
      command({ type: 'proposal:add', details: { memberState, title, description: `${title}: why it matters.`, questions: ['What should the group consider?'] } });
    for (const [state, title] of [['Brazil', 'Internet exchange points'], ['Kenya', 'Affordable access'], ['Egypt', 'Arabic domain names']] as const) {
      expect((await propose(state, title)).status).toBe(200);
    }
    const second = await propose('brazil', 'Another topic');
    expect(second.body.error.code).toBe('ONE_PROPOSAL_PER_MEMBER_STATE');
    await accept({ type: 'topics:choose', proposalIds: ['p3', 'p1'] });
    const agenda = (await meeting()).topics.map((topic: { title: string; proposedBy: string }) => `${topic.proposedBy}: ${topic.title}`);
    expect(agenda).toEqual(['Egypt: Arabic domain names', 'Brazil: Internet exchange points']);
    // Kenya proposed this cycle and was not chosen: a topic of Kenya's added by hand is a second proposal.
    const byHand = await http(server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'topic:add', details: { title: 'Something else', proposedBy: 'Kenya' } });
    expect(byHand.body.error.code).toBe('ONE_PROPOSAL_PER_MEMBER_STATE');
  });

  it('shows the public page closed before launch, and refuses a response then', async () => {
    const page = await fetch(`${server.url}/consult/${cycleId}?lang=en`);
    const html = await page.text();
    expect(html).toContain('Not open yet');
    expect(html).toContain('Arabic domain names');
    expect(html).not.toContain('<form');
    const refused = await post(`/consult/${cycleId}?lang=en`, { ...respondent('Early', 'early@example.org'), 'answer-p3': 'Too early' });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain('not open for responses');
  });

  it('speaks the six UN languages as the reader chooses, each topic in its translation or marked as the original', async () => {
    await accept({
      type: 'proposal:update',
      proposalId: 'p3',
      details: { translations: { ru: { title: 'Доменные имена на арабском языке', description: 'Почему это важно.', questions: ['Что следует рассмотреть группе?'] } } },
    });
    const page = `${server.url}/consult/${cycleId}`;
    for (const language of languages) {
      const t = translator(language);
      const response = await fetch(`${page}?lang=${language}`);
      const html = await response.text();
      expect(html).toContain(`<html lang="${language}" dir="${dirOf(language)}">`);
      expect(html).toContain(escapeHtml(t('consultation.intro')));
      expect(html).toContain(`<h2 id="topics-heading">${escapeHtml(t('consultation.topics'))}</h2>`);
      // The language links name each language in itself; the one read is the current page.
      expect(html).toContain(`<a href="/consult/${cycleId}?lang=${language}" lang="${language}" hreflang="${language}" aria-current="page">`);
      // Chosen from the page's links: remembered for the reader's next visit.
      expect(response.headers.get('set-cookie')).toMatch(new RegExp(`^openfloor\\.language=${language};`));
    }
    // The choice remembered (here or in the app) wins over the browser's languages.
    const remembered = await fetch(page, { headers: { cookie: 'openfloor.language=ru', 'accept-language': 'fr-FR,fr;q=0.9' } });
    const russian = await remembered.text();
    expect(russian).toContain('<html lang="ru" dir="ltr">');
    expect(remembered.headers.get('set-cookie')).toBeNull();
    // The Russian translation, in Russian; the untranslated topic as proposed, in the cycle's first language and marked.
    expect(russian).toContain('<bdi lang="ru" dir="ltr">Доменные имена на арабском языке</bdi></h3>');
    expect(russian).toContain(`<bdi lang="en" dir="ltr">Internet exchange points</bdi> <span class="original-marker">(${translator('ru')('topic.original', { language: 'английский' })})</span>`);
    // Without a choice: the browser's first language among the six.
    const chinese = await (await fetch(page, { headers: { 'accept-language': 'de-CH,zh-CN;q=0.8,en;q=0.5' } })).text();
    expect(chinese).toContain('<html lang="zh" dir="ltr">');
    expect(chinese).toContain('<bdi lang="en" dir="ltr">Arabic domain names</bdi> <span class="original-marker">(原文：英文)</span>');
    const arabic = await (await fetch(page, { headers: { 'accept-language': 'ar-EG' } })).text();
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('<bdi lang="en" dir="ltr">Arabic domain names</bdi>');
  });

  it("a chosen topic's translations reach the meeting's topic as each is saved, in the meeting's languages, without undoing one made in the meeting itself", async () => {
    const topicOf = async (memberState: string) => (await meeting()).topics.find((topic: { proposedBy: string }) => topic.proposedBy === memberState);
    const arabic = { title: 'أسماء النطاقات العربية', description: 'لماذا يهم ذلك.', questions: [] };
    await accept({ type: 'proposal:translate', proposalId: 'p3', language: 'ar', text: arabic });
    expect(await topicOf('Egypt')).toMatchObject({ titles: { ar: arabic.title }, descriptions: { ar: arabic.description } });
    // The meeting's own secretary translates Brazil's topic, which the cycle has no Arabic for.
    const meetingSide = await http(server.url, 'POST', `/meetings/${meetingId}/commands`, {
      type: 'topic:update',
      topicId: (await topicOf('Brazil')).id,
      details: {},
      translated: { ar: { title: 'نقاط تبادل الإنترنت' } },
    });
    expect(meetingSide.status).toBe(200);
    // The cycle's translator corrects the Arabic of Egypt's topic and adds Spanish to Brazil's: Spanish is not a language of the meeting.
    await accept({ type: 'proposal:translate', proposalId: 'p3', language: 'ar', text: { ...arabic, title: 'أسماء النطاقات باللغة العربية' } });
    await accept({ type: 'proposal:translate', proposalId: 'p1', language: 'es', text: { title: 'Puntos de intercambio de Internet', description: '', questions: [] } });
    expect((await topicOf('Egypt')).titles).toEqual({ ar: 'أسماء النطاقات باللغة العربية' });
    expect((await topicOf('Brazil')).titles).toEqual({ ar: 'نقاط تبادل الإنترنت' });
  });

  it('takes responses once launched, confirms them by the e-mailed link, and lets the respondent edit until the deadline', async () => {
    now += DAY;
    await accept({ type: 'consultation:launch' });
    const launched = await accept({ type: 'consultation:launch' });
    expect(launched.seq).toBeGreaterThan(0);
    // The meeting's copy of the timeline (the archive record carries it) follows the cycle.
    expect((await meeting()).cycle).toMatchObject({ previousGroupMeetingEnd: '2026-10-20', consultationLaunchedOn: '2026-10-23' });
    const arabicPage = await (await fetch(`${server.url}/consult/${cycleId}?lang=ar`)).text();
    expect(arabicPage).toContain('dir="rtl"');
    expect(arabicPage).toContain('أرسل ردي');

    const since = smtp.received.length;
    const sent = await post(`/consult/${cycleId}?lang=en`, { ...respondent('Amina Diallo', 'amina@example.org'), 'answer-p3': 'IDNs matter.' }, [
      { field: 'documents-p3', name: 'amina-response.pdf', bytes: pdfDocument() },
    ]);
    expect(sent.status).toBe(201);
    expect(sent.html).toContain('amina@example.org');
    const mail = await smtp.messageTo('amina@example.org', since);
    const link = /https?:\/\/\S+\/consult\/\S+\/r\/\S+/.exec(mail.parsed.text ?? '')?.[0];
    expect(link, 'the confirmation link in the e-mail').toBeTruthy();
    let [response] = await responses();
    expect(response).toMatchObject({ confirmedAt: null, answers: [{ topicId: 'p3', documents: [{ name: 'amina-response.pdf', type: 'pdf' }] }] });
    expect(response.answers[0].documents[0].sha256).toBe(sha256(pdfDocument()));

    const opened = await fetch(link!);
    expect(opened.status).toBe(200);
    const editPage = await opened.text();
    expect(editPage).toContain('your e-mail address is confirmed');
    expect(editPage).toContain('IDNs matter.');
    [response] = await responses();
    expect(response.confirmedAt).not.toBeNull();

    const path = new URL(link!).pathname + new URL(link!).search;
    const edited = await post(path, { ...respondent('Amina Diallo', 'ignored@example.org'), 'answer-p3': 'IDNs matter a lot.', 'keep-p3': sha256(pdfDocument()) });
    expect(edited.status).toBe(200);
    [response] = await responses();
    expect(response).toMatchObject({ email: 'amina@example.org', answers: [{ text: 'IDNs matter a lot.', documents: [{ name: 'amina-response.pdf' }] }] });

    const forged = await fetch(`${server.url}/consult/${cycleId}/r/r1.forged?lang=en`);
    expect(forged.status).toBe(404);
  });

  it('refuses hostile uploads with a clear message and stores nothing of them', async () => {
    const before = await responses();
    const streams = () => server.app.cycles.documents;
    const cases: [string, Upload, string][] = [
      ['a script renamed .pdf', { field: 'documents-p1', name: 'report.pdf', bytes: scriptNamedPdf }, 'Only PDF, DOCX and ODT'],
      ['a zip bomb', { field: 'documents-p1', name: 'bomb.odt', bytes: zipBomb() }, 'unpacks to far more'],
      ['a path-traversal name', { field: 'documents-p1', name: '../../etc/passwd.pdf', bytes: pdfDocument('A document never sent before') }, 'name cannot be used'],
    ];
    for (const [what, upload, message] of cases) {
      const refused = await post(`/consult/${cycleId}?lang=en`, { ...respondent('Mallory', `mallory-${what.length}@example.org`), 'answer-p1': 'x' }, [upload]);
      expect(refused.status, what).toBe(400);
      expect(refused.html, what).toContain(message);
      expect(await streams().get(sha256(upload.bytes)), `${what}: not stored`).toBeNull();
    }
    const big = new Uint8Array(200 * 1024 * 1024);
    const tooBig = await post(`/consult/${cycleId}?lang=en`, { ...respondent('Big', 'big@example.org'), 'answer-p1': 'x' }, [
      { field: 'documents-p1', name: 'big.pdf', bytes: big },
    ]).catch((error: unknown) => ({ status: 0, html: String(error) }));
    expect(tooBig.status).toBe(413);
    expect(tooBig.html).toContain('larger than the limit');
    expect(await responses()).toEqual(before);
  });

  it('answers a form over the size limit with the page naming the limit once the browser has sent all of it, not a reset connection', async () => {
    // As a browser posts: the whole body first, the answer read after. Written to a raw socket,
    // so the answer is lost if the server closes the connection while the body still arrives.
    const size = 48 * 1024 * 1024;
    const boundary = 'OpenFloorLimitBoundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="documents-p1"; filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const length = Buffer.byteLength(head) + size + Buffer.byteLength(tail);
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      // From an address of its own, so the per-address form budget of the other tests is untouched.
      const socket = connect({ port: Number(port), host: '127.0.0.1', localAddress: '127.0.0.2' });
      const received: Buffer[] = [];
      socket.on('data', (chunk) => received.push(chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(Buffer.concat(received).toString('utf8')));
      socket.write(
        `POST /consult/${cycleId}?lang=en HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n${head}`,
      );
      const chunk = Buffer.alloc(1024 * 1024);
      let sent = 0;
      const writeMore = () => {
        while (sent < size) {
          sent += chunk.length;
          if (!socket.write(chunk)) return void socket.once('drain', writeMore);
        }
        socket.write(tail);
      };
      writeMore();
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer).toContain('larger than the limit');
  });

  it('keeps robots out with the honeypot and the per-address and per-e-mail limits', async () => {
    const before = (await responses()).length;
    const trapped = await post(`/consult/${cycleId}?lang=en`, { ...respondent('Bot', 'bot@example.org'), 'answer-p1': 'Buy now', website: 'http://spam.example' });
    expect(trapped.status).toBe(200);
    expect((await responses()).length).toBe(before);
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      statuses.push((await post(`/consult/${cycleId}?lang=en`, { ...respondent('Repeat', 'repeat@example.org'), 'answer-p1': `Try ${index}` })).status);
    }
    expect(statuses).toEqual([201, 201, 201, 429]);
    // From one address: a burst of ten forms (refused ones count too), then one a minute.
    now += 3600_000;
    const burst: number[] = [];
    for (let index = 0; index < 11; index += 1) burst.push((await post(`/consult/${cycleId}?lang=en`, { 'answer-p1': 'no name' })).status);
    expect(burst).toEqual([...Array(10).fill(400), 429]);
    now += 60_000;
    expect((await post(`/consult/${cycleId}?lang=en`, { 'answer-p1': 'no name' })).status).toBe(400);
  });

  it('moderates, publishes the report after the deadline, and gives the meeting its inputs and the archive its package', async () => {
    let view = await cycle();
    const [amina, ...repeats] = (await responses()) as { id: string }[];
    // Repeat's three responses are unconfirmed until opened; confirm one through its e-mail.
    const mail = await smtp.messageTo('repeat@example.org');
    const link = /https?:\/\/\S+\/consult\/\S+\/r\/\S+/.exec(mail.parsed.text ?? '')![0];
    await fetch(link);
    const unconfirmed = await command({ type: 'response:accept', responseId: repeats[1]!.id });
    expect(unconfirmed.body.error.code).toBe('RESPONSE_UNCONFIRMED');
    await accept({ type: 'response:accept', responseId: amina!.id });
    await accept({ type: 'response:accept', responseId: repeats[0]!.id });
    await accept({ type: 'response:merge', responseId: repeats[1]!.id, intoId: repeats[0]!.id });
    await accept({ type: 'response:reject', responseId: repeats[2]!.id, reason: 'spam', note: 'Repeated' });
    view = await cycle();
    expect(view.counts).toMatchObject({ byStatus: { accepted: 2, merged: 1, rejected: 1 } });

    const early = await command({ type: 'report:publish' });
    expect(early.body.error.code).toBe('REPORT_BEFORE_DEADLINE');
    now = CLOSES_AT - 1;
    expect((await post(`/consult/${cycleId}?lang=en`, { ...respondent('Last', 'last@example.org'), 'answer-p1': 'Just in time' })).status).toBe(201);
    now = CLOSES_AT;
    expect((await post(`/consult/${cycleId}?lang=en`, { ...respondent('Late', 'late@example.org'), 'answer-p1': 'Too late' })).status).toBe(409);
    await accept({ type: 'report:setIntro', topicId: 'p3', language: 'en', text: 'Responses on IDNs.' });
    await accept({ type: 'report:publish' });

    const report = await fetch(`${server.url}/consult/${cycleId}/report/en.html`);
    const reportText = await report.text();
    expect(reportText).toContain('Responses on IDNs.');
    expect(reportText).toContain('Amina Diallo');
    expect(reportText).toContain(sha256(pdfDocument()));
    expect(reportText).not.toContain('amina@example.org');
    const arabic = await (await fetch(`${server.url}/consult/${cycleId}/report/ar.html`)).text();
    expect(arabic).toContain('تقرير التجميع');
    const pdfPath = /href="([^"]+amina-response\.pdf)"/.exec(reportText)![1]!;
    const pdf = await fetch(`${server.url}${pdfPath}`);
    expect(sha256(new Uint8Array(await pdf.arrayBuffer()))).toBe(sha256(pdfDocument()));

    const topics = (await meeting()).topics as { proposedBy: string; inputs: { author: string; url: string }[]; compilationReportUrl: string }[];
    const egypt = topics.find((topic) => topic.proposedBy === 'Egypt')!;
    expect(egypt.inputs.map((input) => input.author)).toEqual(['Amina Diallo']);
    expect(egypt.compilationReportUrl).toBe(`${server.url}/consult/${cycleId}/report`);
    expect(topics.find((topic) => topic.proposedBy === 'Brazil')!.inputs.map((input) => input.author)).toEqual(['Repeat']);

    const csv = await fetch(`${server.url}/api/cycles/${cycleId}/responses.csv`, { headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } });
    expect(await csv.text()).toContain('amina@example.org');
    const zip = unzipSync(new Uint8Array(await (await fetch(`${server.url}/api/cycles/${cycleId}/responses.zip`, { headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' } })).arrayBuffer()));
    expect(Object.keys(zip)).toContain(`documents/${amina!.id}/p3/amina-response.pdf`);

    for (const to of ['scheduled', 'open', 'adjourned', 'archived']) {
      await http(server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:transition', to });
    }
    const bundle = unzipSync(new Uint8Array(await (await fetch(`${server.url}/archive/${meetingId}/bundle.zip`)).arrayBuffer()));
    expect(Object.keys(bundle)).toEqual(expect.arrayContaining(['consultation/compilation-report-en.html', 'consultation/compilation-report-ar.html', 'consultation/responses.json']));
    const manifest = JSON.parse(new TextDecoder().decode(bundle['manifest.json']));
    expect(manifest.files.map((file: { name: string }) => file.name)).toContain('consultation/responses.json');
  });

  it('the published report page is compressed as the reader takes it, answered 304 while unchanged, and shows a change made after publication at once', async () => {
    const page = `${server.url}/consult/${cycleId}/report/en.html`;
    const brotli = await fetch(page, { headers: { 'accept-encoding': 'br' } });
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toMatch(/accept-encoding/i);
    const etag = brotli.headers.get('etag')!;
    const text = await brotli.text();
    expect(text).toContain('Responses on IDNs.');
    const plain = await fetch(page, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(text);
    const again = await fetch(page, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // Asked in a language it is not written in, the published report is sent in its first language.
    const french = await fetch(`${server.url}/consult/${cycleId}/report/fr.html`, { redirect: 'manual' });
    expect([french.status, french.headers.get('location')]).toEqual([302, `/consult/${cycleId}/report/en.html`]);
    // An introduction corrected after publication: the page says it now, under a new tag.
    await accept({ type: 'report:setIntro', topicId: 'p3', language: 'en', text: 'Responses on internationalised domain names.' });
    const changed = await fetch(page, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await changed.text()).toContain('Responses on internationalised domain names.');
  });

  it('takes a meeting agenda set up by hand over as the proposals and the choice, leaving the topics as they are', async () => {
    const created = await http(server.url, 'POST', '/meetings', {
      details: { title: 'Earlier meeting', startsAt: Date.UTC(2027, 5, 7, 8), endsAt: Date.UTC(2027, 5, 7, 16), groupMeeting: { name: 'CWG-Internet, June 2027', startsOn: '2027-06-09' } },
    });
    const earlier = created.body.meetingId as string;
    for (const [title, proposedBy] of [['Cybersecurity', 'Ghana'], ['Open data', ''], ['Child online protection', 'Mexico']]) {
      await http(server.url, 'POST', `/meetings/${earlier}/commands`, { type: 'topic:add', details: { title, proposedBy } });
    }
    const topicsBefore = (await http(server.url, 'GET', `/meetings/${earlier}`)).body.state.topics.map((topic: { id: string }) => topic.id);
    const cycleOf = await http(server.url, 'POST', '/cycles', { fromMeeting: earlier });
    const view = (await http(server.url, 'GET', `/cycles/${cycleOf.body.cycleId}`)).body;
    expect(view.state.proposals.map((proposal: { memberState: string; title: string }) => `${proposal.memberState}: ${proposal.title}`)).toEqual([
      'Ghana: Cybersecurity',
      'Mexico: Child online protection',
    ]);
    expect(view.state.chosen).toEqual(view.state.proposals.map((proposal: { id: string }) => proposal.id));
    const topicsAfter = (await http(server.url, 'GET', `/meetings/${earlier}`)).body.state.topics.map((topic: { id: string }) => topic.id);
    expect(topicsAfter).toEqual([topicsBefore[0], topicsBefore[2], topicsBefore[1]]);
  });

  it('replays the cycle after a restart', async () => {
    const before = await cycle();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startServer({ clock: () => now, dataDir, smtpUrl: smtp.url });
    const after = await cycle();
    expect(after.state).toEqual(before.state);
  });

  it('a finished cycle (report out, meeting archived) is not read at start, yet is listed, served, bundled and changed as before', async () => {
    const before = await cycle();
    const dataDir = server.dataDir;
    await server.stop();
    server = await startServer({ clock: () => now, dataDir, smtpUrl: smtp.url });
    const cycles = server.app.cycles.cycles;
    expect(cycles.get(cycleId)).toBeUndefined();
    expect(cycles.ofMeeting(meetingId)).toBeUndefined();
    const listed = async () => ((await http(server.url, 'GET', '/cycles')).body.cycles as { id: string; title: string }[]).find((listedCycle) => listedCycle.id === cycleId);
    expect(await listed()).toEqual({ id: cycleId, title: before.state.title, meetingId, groupMeeting: before.state.nextGroupMeeting, phase: 'closed' });
    // The archive's bundle, rebuilt on a new node, still carries the cycle's report.
    const files = (await server.app.cycles.archiveFiles(meetingId)).map((file) => file.name);
    expect(files).toEqual(expect.arrayContaining(['consultation/compilation-report-en.html', 'consultation/responses.json']));
    const report = await fetch(`${server.url}/consult/${cycleId}/report?lang=en`);
    expect(report.status).toBe(200);
    expect((await cycle()).state).toEqual(before.state);
    // A correction after the fact goes through its log as before, and the summary follows it.
    await accept({ type: 'cycle:update', details: { title: 'Open consultation, February 2027 (corrected)' } });
    expect((await listed())?.title).toBe('Open consultation, February 2027 (corrected)');
    const dataDirAgain = server.dataDir;
    await server.stop();
    server = await startServer({ clock: () => now, dataDir: dataDirAgain, smtpUrl: smtp.url });
    expect(server.app.cycles.cycles.get(cycleId)).toBeUndefined();
    expect((await listed())?.title).toBe('Open consultation, February 2027 (corrected)');
  });
});
