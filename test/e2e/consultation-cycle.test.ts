import { unzipSync } from 'fflate';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { pdfDocument } from '../support/documents.js';
import { launchedCycle } from '../support/cycles.js';
import { captionsOutOfView, useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, http, tokenOf } from '../support/harness.js';

/** 22 October 2026: two days after the group meeting that chose the topics. */
let now = Date.UTC(2026, 9, 22, 8);
/** Responses are due on Saturday 2 January 2027, until midnight in Geneva. */
const CLOSES_AT = Date.UTC(2027, 0, 2, 23);

const suite = useBrowserAndServer({ clock: () => now });
const PHONE = { width: 390, height: 844 };
const CONSOLE = { width: 1440, height: 900 };

/** Screenshots for people to look at, when asked for (CYCLE_SHOTS=<folder>). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.CYCLE_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `cycle-${name}.png`), fullPage: true });
}

/** Keeps every Content-Security-Policy violation of the page, from before it loads. */
async function watchCsp(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
}

const cspViolations = (page: Page) => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

async function createMeeting(): Promise<string> {
  const created = await http(suite.server.url, 'POST', '/meetings', {
    details: {
      title: 'Open consultation, February 2027',
      venue: 'ITU, Geneva',
      timeZone: 'Europe/Zurich',
      startsAt: Date.UTC(2027, 1, 1, 8),
      endsAt: Date.UTC(2027, 1, 1, 16),
      languages: ['en', 'ar'],
      groupMeeting: { name: 'CWG-Internet, February 2027', startsOn: '2027-02-04' },
    },
  });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const meetingId = created.body.meetingId as string;
  await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, {
    type: 'meeting:update',
    details: { cycle: { settings: { launchWithinDays: 15, responsesDueDaysBefore: 30, compilationDaysBefore: 15, physicalWithinDaysBefore: 3 }, previousGroupMeetingEnd: '2026-10-20', consultationLaunchedOn: null } },
  });
  return meetingId;
}

interface Respondent {
  name: string;
  organisation: string;
  country: string;
  group: string;
  email: string;
  answer: string;
}

async function respond(page: Page, who: Respondent, pdf?: Uint8Array) {
  await page.getByRole('textbox', { name: 'Name (required)' }).fill(who.name);
  await page.getByRole('textbox', { name: 'Organisation', exact: true }).fill(who.organisation);
  await page.getByRole('textbox', { name: 'Country', exact: true }).fill(who.country);
  await page.getByRole('combobox', { name: 'Stakeholder group (required)' }).selectOption({ label: who.group });
  await page.getByRole('textbox', { name: 'E-mail address (required)' }).fill(who.email);
  const first = page.getByRole('group', { name: 'Your response on Arabic domain names' });
  await first.getByLabel('Your text').fill(who.answer);
  if (pdf) await first.getByLabel('Documents (PDF, DOCX or ODT)').setInputFiles({ name: 'response.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await page.getByLabel(/I agree that my response/).check();
  await page.getByRole('button', { name: 'Send my response' }).click();
  await page.getByRole('heading', { name: 'Thank you for your response' }).waitFor({ timeout: 10_000 });
}

/** A launched cycle with one response from each name, sent through its public form. */
async function respondedCycle(title: string, names: string[]) {
  // An hour on from the tests before: the public form's pace per address starts afresh.
  now += 3_600_000;
  const cycleId = await launchedCycle(suite.server.url, { title });
  for (const name of names) {
    const form = new FormData();
    for (const [field, value] of Object.entries({ name, stakeholderGroup: 'civil_society', email: `${name.split(' ')[0]}@example.org`, consent: 'yes', 'answer-p1': 'Our view.' })) form.append(field, value);
    now += 61_000;
    const sent = await fetch(`${suite.server.url}/consult/${cycleId}?lang=en`, { method: 'POST', body: form });
    if (sent.status !== 201) throw new Error(`${name}: ${sent.status}`);
  }
  const listed = async () => (await http(suite.server.url, 'GET', `/cycles/${cycleId}/responses`)).body.responses as { id: string; moderation: { status: string } }[];
  const ids = (await listed()).map((response) => response.id);
  const statusOf = async (responseId: string) => (await listed()).find((response) => response.id === responseId)?.moderation.status;
  return { cycleId, ids, statusOf };
}

/**
 * A launched cycle with one response from each name, and two secretariat pages on it whose
 * clocks stand still: neither refreshes on its own unless the test moves its clock on.
 */
async function twoModerators(title: string, names: string[]) {
  const { cycleId, ids, statusOf } = await respondedCycle(title, names);
  const withClock = { viewport: CONSOLE, beforeLoad: (page: Page) => page.clock.install() };
  const [first, second] = [await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, withClock), await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, withClock)];
  const itemOf = (page: Page, name: string) => page.getByRole('region', { name: 'Responses' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name: new RegExp(`^${name}`) }) });
  for (const page of [first, second]) {
    await itemOf(page, names.at(-1)!).getByRole('button', { name: 'Accept' }).waitFor({ timeout: 10_000 });
    await page.clock.pauseAt(Date.now() + 1000);
  }
  return { ids, statusOf, first, second, itemOf };
}

/** A cycle not launched yet with three Member States' proposals (p1 Peru, p2 Ghana, p3 Japan), and a way to command it as another secretary. */
async function proposedCycle(title: string) {
  const created = await http(suite.server.url, 'POST', '/cycles', { details: { title, nextGroupMeeting: { name: 'CWG-Internet', startsOn: '2027-02-04' }, timeZone: 'Europe/Zurich' } });
  const cycleId = created.body.cycleId as string;
  const run = async (command: unknown) => expect((await http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, command)).status).toBe(200);
  for (const [memberState, proposed] of [['Peru', 'Open data'], ['Ghana', 'Spectrum sharing'], ['Japan', 'Disaster resilience']]) {
    await run({ type: 'proposal:add', details: { memberState, title: proposed, description: '', questions: [] } });
  }
  return { cycleId, run };
}

describe('the consultation cycle in the browser', () => {
  it('runs a scripted cycle: proposals, choice, three respondents, moderation, report, meeting with those inputs, archive', async () => {
    const meetingId = await createMeeting();
    const secretariat = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE, beforeLoad: watchCsp });
    const summary = secretariat.getByRole('region', { name: 'Consultation cycle' });
    await summary.getByRole('button', { name: 'Start the consultation cycle' }).click();
    await summary.getByRole('link', { name: /Run the cycle/ }).click();
    await secretariat.getByRole('heading', { name: 'Dates and deadlines' }).waitFor({ timeout: 10_000 });

    const proposals = secretariat.getByRole('region', { name: "Topic proposals and the group's choice" });
    const propose = async (memberState: string, title: string, questions: string) => {
      await proposals.getByLabel('Member State').fill(memberState);
      await proposals.getByLabel('Topic', { exact: true }).fill(title);
      await proposals.getByLabel('Description').fill(`${title}: why the group should consult on it.`);
      await proposals.getByLabel('Guiding questions, one per line').fill(questions);
      await proposals.getByRole('button', { name: 'Add the proposal' }).click();
    };
    await propose('Egypt', 'Arabic domain names', 'How are IDNs used in your region?\nWhat stands in the way?');
    await proposals.getByLabel('Arabic domain names').waitFor({ timeout: 5000 });
    await propose('Brazil', 'Internet exchange points', 'What policies help IXPs grow?');
    await proposals.getByLabel('Internet exchange points').waitFor({ timeout: 5000 });
    await propose('Kenya', 'Affordable access', 'What makes access affordable?');
    await proposals.getByLabel('Affordable access').waitFor({ timeout: 5000 });
    await propose('egypt', 'A second topic', 'Why?');
    await expect
      .poll(() => proposals.getByRole('alert').allInnerTexts(), { timeout: 5000, message: 'the one-proposal refusal' })
      .toEqual(expect.arrayContaining([expect.stringContaining('already proposed a topic in this cycle')]));
    await proposals.getByLabel('Arabic domain names').check();
    await proposals.getByLabel('Internet exchange points').check();
    await proposals.getByRole('button', { name: 'Choose the ticked topics' }).click();
    await expect
      .poll(async () => (await http(suite.server.url, 'GET', `/meetings/${meetingId}`)).body.state.topics.map((topic: { title: string }) => topic.title), {
        timeout: 5000,
        message: 'the chosen topics on the agenda',
      })
      .toEqual(['Arabic domain names', 'Internet exchange points']);
    await proposals.getByRole('button', { name: 'Launch the online consultation' }).click();
    await secretariat.getByRole('dialog').getByRole('button', { name: 'Launch' }).click();
    await proposals.getByText('The consultation is launched').waitFor({ timeout: 5000 });
    const translations = secretariat.getByRole('region', { name: "The topics' text, in the six languages" });
    const idn = translations.locator('details').filter({ hasText: 'Arabic domain names' });
    await idn.locator('summary').click();
    await idn.getByLabel('Language').selectOption('ar');
    await idn.getByLabel('Topic', { exact: true }).fill('أسماء النطاقات العربية');
    await idn.getByLabel('Guiding questions, one per line').fill('كيف تُستخدم أسماء النطاقات الدولية في منطقتكم؟');
    await idn.getByRole('button', { name: 'Save this text' }).click();
    await translations.getByText('one translation').waitFor({ timeout: 5000 });
    await shot(secretariat, 'secretariat-launched-en');

    const cycleId = new URL(secretariat.url()).searchParams.get('cycle')!;
    const publicPath = `/consult/${cycleId}?lang=en`;

    // One respondent with a PDF, on a phone.
    const reading = await suite.browser.newContext({ viewport: PHONE, locale: 'en-US', timezoneId: 'Asia/Kolkata' });
    const amina = await reading.newPage();
    await watchCsp(amina);
    await amina.goto(`${suite.server.url}${publicPath}`);
    // The deadline, midnight in Geneva, in the reader's own zone.
    await expect
      .poll(() => amina.locator('time').first().innerText(), { timeout: 5000, message: 'the deadline in the reader zone' })
      .toMatch(/January 3, 2027.*04:29.*GMT\+5:30/);
    expect(await axeViolations(amina, 'consultation page, en')).toEqual([]);
    await shot(amina, 'public-phone-en');
    await respond(amina, { name: 'Amina Diallo', organisation: 'Civic Net', country: 'Senegal', group: 'Civil society', email: 'amina@example.org', answer: 'Arabic IDNs need registrars.' }, pdfDocument('Civic Net response'));
    expect(await amina.getByRole('link', { name: /\/r\// }).count()).toBe(1);
    await shot(amina, 'public-phone-thanks-en');
    // The link lets Amina come back and change her response.
    await amina.getByRole('link', { name: /\/r\// }).click();
    await amina.getByRole('heading', { name: 'Your response' }).waitFor({ timeout: 5000 });
    expect(await amina.getByLabel(/Keep/).isChecked()).toBe(true);
    expect(await axeViolations(amina, 'edit page, en')).toEqual([]);
    await shot(amina, 'public-phone-edit-en');

    // One by keyboard alone, in Arabic.
    const karim = await suite.open(`/consult/${cycleId}?lang=ar`, { viewport: PHONE, beforeLoad: watchCsp });
    expect(await karim.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await karim.getByRole('heading', { name: /أسماء النطاقات العربية/ }).waitFor({ timeout: 5000 });
    expect(await axeViolations(karim, 'consultation page, ar')).toEqual([]);
    await shot(karim, 'public-phone-ar');
    await karim.getByRole('textbox', { name: 'الاسم (مطلوب)' }).focus();
    await karim.keyboard.type('كريم منصور');
    await karim.keyboard.press('Tab');
    await karim.keyboard.type('جامعة القاهرة');
    await karim.keyboard.press('Tab');
    await karim.keyboard.type('مصر');
    await karim.keyboard.press('Tab');
    await karim.keyboard.press('ArrowDown');
    await karim.keyboard.press('ArrowDown');
    await karim.keyboard.press('ArrowDown');
    await karim.keyboard.press('ArrowDown');
    await karim.keyboard.press('Tab');
    await karim.keyboard.type('karim@example.org');
    await karim.keyboard.press('Tab');
    await karim.keyboard.type('أسماء النطاقات العربية ضرورية.');
    await karim.getByLabel(/أوافق على نشر ردي/).focus();
    await karim.keyboard.press('Space');
    await karim.keyboard.press('Tab');
    await karim.keyboard.press('Enter');
    await karim.getByRole('heading', { name: 'شكرًا لك على ردك' }).waitFor({ timeout: 10_000 });

    // One without JavaScript: the form is plain HTML.
    const context = await suite.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    const plain = await context.newPage();
    await plain.goto(`${suite.server.url}${publicPath}`);
    await respond(plain, { name: 'Li Wei', organisation: 'Open Registry', country: 'China', group: 'Private sector', email: 'li@example.org', answer: 'Universal acceptance first.' });
    // A refusal shows the form again with the message next to the field, still without JavaScript.
    await plain.goto(`${suite.server.url}${publicPath}`);
    await plain.getByRole('button', { name: 'Send my response' }).click();
    await plain.getByRole('alert').waitFor({ timeout: 5000 });
    expect(await plain.getByRole('alert').innerText()).toContain('Enter a name.');
    expect(await plain.getByRole('textbox', { name: 'Name (required)' }).getAttribute('aria-invalid')).toBe('true');
    await shot(plain, 'public-phone-refused-en');
    await context.close();
    // The same refusal page passes the accessibility checks (axe needs JavaScript to run).
    const refusedPage = await suite.open(publicPath, { viewport: PHONE });
    await refusedPage.getByRole('button', { name: 'Send my response' }).click();
    await refusedPage.getByRole('alert').waitFor({ timeout: 5000 });
    expect(await axeViolations(refusedPage, 'consultation page with refusals')).toEqual([]);

    // Moderation.
    await secretariat.reload();
    const responses = secretariat.getByRole('region', { name: 'Responses' });
    await responses.getByRole('heading', { name: /Li Wei/ }).waitFor({ timeout: 5000 });
    for (const name of ['Amina Diallo', 'كريم منصور', 'Li Wei']) {
      await responses.getByRole('listitem').filter({ has: secretariat.getByRole('heading', { name }) }).getByRole('button', { name: 'Accept' }).click();
      await expect
        .poll(() => responses.getByRole('listitem').filter({ has: secretariat.getByRole('heading', { name }) }).innerText(), { timeout: 5000, message: `${name} accepted` })
        .toContain('accepted');
    }
    expect(await axeViolations(secretariat, 'cycle page, en')).toEqual([]);
    await shot(secretariat, 'secretariat-moderation-en');

    // After the deadline: the report.
    now = CLOSES_AT;
    await secretariat.reload();
    const report = secretariat.getByRole('region', { name: 'Compilation report' });
    await report.getByLabel('Introduction (English)').first().fill('Three stakeholders responded on IDNs.');
    await report.getByRole('button', { name: 'Save the introduction' }).first().click();
    await report.getByText('Saved.').first().waitFor({ timeout: 5000 });
    await report.getByRole('button', { name: 'Publish the report' }).click();
    await secretariat.getByRole('dialog').getByRole('button', { name: 'Publish' }).click();
    await report.getByText(/Version 1 published/).waitFor({ timeout: 5000 });
    await secretariat.evaluate(() => localStorage.setItem('openfloor.language', 'ar'));
    await secretariat.reload();
    await secretariat.getByRole('heading', { name: 'تقرير التجميع' }).waitFor({ timeout: 5000 });
    expect(await axeViolations(secretariat, 'cycle page, ar')).toEqual([]);
    await shot(secretariat, 'secretariat-published-ar');

    const reader = await suite.open(`/consult/${cycleId}/report/en.html`, { viewport: PHONE, beforeLoad: watchCsp });
    expect(await axeViolations(reader, 'report, en')).toEqual([]);
    // The pages keep to the server's Content-Security-Policy: their style and script are files of their own.
    for (const page of [amina, karim, secretariat, reader]) expect(await cspViolations(page)).toEqual([]);
    // Grouped by stakeholder group, in the Tunis Agenda's order.
    expect(await reader.getByRole('heading', { level: 3 }).allInnerTexts()).toEqual(['Guiding questions', 'Private sector', 'Civil society', 'Academic and technical community', 'Guiding questions']);
    expect(await reader.getByRole('heading', { level: 4 }).allInnerTexts()).toEqual(['Li Wei', 'Amina Diallo', 'كريم منصور']);
    await shot(reader, 'report-phone-en');

    // The meeting opens with those inputs on its topics.
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:transition', to: 'scheduled' });
    await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:transition', to: 'open' });
    const chairLink = await http(suite.server.url, 'POST', `/meetings/${meetingId}/links`, { role: 'chair', label: 'Chair' });
    const chair = await suite.open(`/m/${meetingId}/chair#token=${tokenOf(chairLink.body.url)}`, { viewport: CONSOLE });
    await chair.getByRole('link', { name: /Amina Diallo|Civic Net/ }).first().waitFor({ timeout: 10_000 });
    expect(await chair.getByRole('link', { name: /compilation report/i }).count()).toBeGreaterThan(0);
    await shot(chair, 'chair-inputs-en');
    const registered = await http(suite.server.url, 'POST', `/meetings/${meetingId}/registrations`, { displayName: 'Omar Haddad', stakeholderGroup: 'government', attendance: 'remote' }, null);
    const participant = await suite.open(new URL(registered.body.url).pathname + new URL(registered.body.url).hash, { viewport: PHONE });
    await participant.getByRole('link', { name: /Civic Net/ }).waitFor({ timeout: 10_000 });
    expect(await participant.getByRole('link', { name: /compilation report/i }).count()).toBeGreaterThan(0);

    // Archived with them.
    for (const to of ['adjourned', 'archived']) await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:transition', to });
    const bundle = unzipSync(new Uint8Array(await (await fetch(`${suite.server.url}/archive/${meetingId}/bundle.zip`)).arrayBuffer()));
    const published = JSON.parse(new TextDecoder().decode(bundle['consultation/responses.json']));
    expect(published.responses.map((response: { respondent: { name: string } }) => response.respondent.name)).toEqual(['Amina Diallo', 'كريم منصور', 'Li Wei']);
    expect(published.responses[0].answers[0].documents[0].sha256).toMatch(/^[0-9a-f]{64}$/);
  }, 120_000);

  it('changes the dates and day offsets on the cycle page, the warnings following the draft as typed, and keeps them in the cycle', async () => {
    now = Date.UTC(2026, 9, 22, 8);
    const meetingId = await createMeeting();
    const cycleId = (await http(suite.server.url, 'POST', '/cycles', { fromMeeting: meetingId })).body.cycleId as string;
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE });
    const dates = page.getByRole('region', { name: 'Dates and deadlines' });
    await dates.getByText('Every date of this cycle keeps to the rules.').waitFor({ timeout: 10_000 });
    const warnings = () => dates.locator('.timeline-warnings li').allInnerTexts();

    // Responses due a week after the rules' day: warned about before anything is saved.
    await dates.getByLabel('Responses due', { exact: true }).fill('2027-01-09');
    await expect
      .poll(warnings, { timeout: 5000, message: 'the warning about the fixed due date' })
      .toEqual(["Responses are due on Sat, Jan 9, 2027, later than the rules' Sat, Jan 2, 2027."]);
    expect(await dates.getByRole('status').allInnerTexts()).toContain('Not saved yet: the timeline above shows the change.');
    expect((await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body.warnings).toEqual([]);
    // Twenty days before the meeting instead of thirty: the fixed date keeps to the rules again.
    await dates.locator('summary', { hasText: 'Day offsets of the cycle' }).click();
    await dates.getByLabel('Responses are due this many days before the physical meeting').fill('20');
    await dates.getByText('Every date of this cycle keeps to the rules.').waitFor({ timeout: 5000 });
    expect(await dates.getByText('Rules: Tue, Jan 12, 2027').count()).toBe(1);
    // The report is due fifteen days before the meeting; fixed before responses close, it is warned about.
    await dates.getByLabel('Report published by').fill('2027-01-08');
    await expect
      .poll(warnings, { timeout: 5000, message: 'the report before the responses' })
      .toEqual(['The report is due on Fri, Jan 8, 2027, before responses close on Sat, Jan 9, 2027.']);
    expect(await axeViolations(page, 'cycle dates, en')).toEqual([]);
    await shot(page, 'dates-draft-en');
    await dates.getByRole('button', { name: 'Save the dates' }).click();
    await dates.getByText('Saved.').waitFor({ timeout: 5000 });

    // In the cycle's log: another browser, and the server's own checks, see the same.
    const saved = (await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body;
    expect(saved.state.settings.responsesDueDaysBefore).toBe(20);
    expect(saved.state.dates).toMatchObject({ responsesDue: '2027-01-09', reportBy: '2027-01-08' });
    expect(saved.warnings.map((warning: { rule: string }) => warning.rule)).toEqual(['report_before_responses']);
    const other = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: PHONE });
    await other.evaluate(() => localStorage.setItem('openfloor.language', 'ar'));
    await other.reload();
    const arabic = other.getByRole('region', { name: 'المواعيد والمواعيد النهائية' });
    await expect
      .poll(() => arabic.locator('input[type=date]').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value)), {
        timeout: 10_000,
        message: 'the saved dates in another browser',
      })
      .toEqual(['', '2027-01-09', '2027-01-08', '2027-02-01']);
    expect(await arabic.locator('.timeline-warnings li').count()).toBe(1);
    expect(await axeViolations(other, 'cycle dates, ar, phone')).toEqual([]);
    await shot(other, 'dates-phone-ar');
  });

  it('moderates sixty responses a page at a time by keyboard: a status, a search, the next page, a duplicate merged by its number, a refusal shown by its response; in English and Arabic', async () => {
    now = Date.UTC(2026, 9, 22, 8);
    const cycleId = await launchedCycle(suite.server.url, { title: 'Consultation on open data', languages: ['en', 'ar'] });
    for (let index = 1; index <= 60; index += 1) {
      const form = new FormData();
      const name = index === 7 ? 'Aminata Koné' : index === 8 ? 'Aminata Kone' : `Respondent ${index}`;
      for (const [field, value] of Object.entries({ name, stakeholderGroup: 'civil_society', email: `respondent-${index}@example.org`, consent: 'yes', 'answer-p1': `View number ${index}.` })) form.append(field, value);
      now += 61_000; // the public form's pace from one address, after a burst of ten
      const sent = await fetch(`${suite.server.url}/consult/${cycleId}?lang=en`, { method: 'POST', body: form });
      if (sent.status !== 201) throw new Error(`response ${index}: ${sent.status}`);
    }
    const { body: firstPage } = await http(suite.server.url, 'GET', `/cycles/${cycleId}/responses?search=Aminata`);
    const [kone, duplicate] = firstPage.responses as { id: string }[];

    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE });
    const responses = page.getByRole('region', { name: 'Responses' });
    const names = () => responses.getByRole('listitem').getByRole('heading', { level: 3 }).allInnerTexts();
    await responses.getByText('Responses 1–25 of 60').waitFor({ timeout: 10_000 });
    expect(await responses.getByRole('listitem').count()).toBe(25);
    await shot(page, 'responses-page-1');

    // The next page by keyboard.
    await responses.getByRole('navigation', { name: 'Pages of responses' }).getByRole('button', { name: 'Next page' }).focus();
    await page.keyboard.press('Enter');
    await responses.getByText('Responses 26–50 of 60').waitFor({ timeout: 5000 });
    expect((await names())[0]).toMatch(/^Respondent 26/);

    // A search typed without the accent finds both spellings, back on the first page.
    await responses.getByRole('searchbox', { name: /Search/ }).fill('kone');
    await expect.poll(names, { timeout: 5000, message: 'the search' }).toEqual([`Aminata Koné #${kone!.id}`, `Aminata Kone #${duplicate!.id}`]);

    // A number no response has is refused, and the reason shows with the response it concerns.
    const NOT_FOUND = 'There is no such response.';
    const second = responses.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Aminata Kone #/ }) });
    await second.getByRole('textbox', { name: 'Duplicate of' }).fill('r999');
    await second.getByRole('button', { name: 'Merge' }).click();
    await second.getByRole('alert').filter({ hasText: NOT_FOUND }).waitFor({ timeout: 5000 });

    // The duplicate merged into the first by the number the list shows.
    await second.getByRole('textbox', { name: 'Duplicate of' }).fill(`#${kone!.id}`);
    await second.getByRole('button', { name: 'Merge' }).click();
    await expect.poll(() => second.innerText(), { timeout: 5000, message: 'merged' }).toContain(`merged into #${kone!.id}`);
    expect((await second.getByRole('alert').allInnerTexts()).join(' ')).not.toContain(NOT_FOUND);

    // Only the merged ones, then the Arabic page.
    await responses.getByRole('searchbox', { name: /Search/ }).fill('');
    await responses.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'Merged as duplicates (1)' });
    await expect.poll(names, { timeout: 5000, message: 'the merged ones' }).toEqual([`Aminata Kone #${duplicate!.id}`]);
    expect(await axeViolations(page, 'moderation list, en')).toEqual([]);
    await shot(page, 'responses-merged');

    await page.evaluate(() => localStorage.setItem('openfloor.language', 'ar'));
    await page.reload();
    const arabic = page.getByRole('region', { name: 'الردود' });
    await arabic.getByText('الردود من 1 إلى 25 من أصل 60').waitFor({ timeout: 10_000 });
    await arabic.getByRole('navigation', { name: 'صفحات الردود' }).getByRole('button', { name: 'الصفحة التالية' }).click();
    await arabic.getByText('الصفحة 2 من 3').waitFor({ timeout: 5000 });
    expect(await axeViolations(page, 'moderation list, ar')).toEqual([]);
    await shot(page, 'responses-ar');
  });

  it("the cycle's details form shows what another secretary changed meanwhile and sends only its own fields", async () => {
    const cycleId = await launchedCycle(suite.server.url, { title: 'Consultation on open data' });
    const cycleOf = async () => (await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body.state;
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE, beforeLoad: (opened: Page) => opened.clock.install() });
    const details = page.locator('details', { has: page.locator('summary', { hasText: 'Change the title and the group meetings' }) });
    await details.locator('summary').click();
    await details.getByLabel('Group meeting that chooses the topics').fill('CWG-Internet, October 2026');
    await details.getByLabel('Its last day').fill('2026-10-20');

    const renamed = await http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'cycle:update', details: { title: 'Consultation on open data and AI' } });
    expect(renamed.status).toBe(200);
    await page.clock.runFor(30_000);
    await expect.poll(() => details.getByLabel('Title', { exact: true }).inputValue(), { timeout: 5000, message: 'the untouched title follows the cycle' }).toBe('Consultation on open data and AI');
    expect(await details.getByLabel('Group meeting that chooses the topics').inputValue()).toBe('CWG-Internet, October 2026');

    await details.getByRole('button', { name: 'Save the details' }).click();
    await expect.poll(async () => (await cycleOf()).previousGroupMeeting, { timeout: 5000 }).toEqual({ name: 'CWG-Internet, October 2026', endsOn: '2026-10-20' });
    expect((await cycleOf()).title).toBe('Consultation on open data and AI');
  });

  it("the cycle's dates form keeps a date being fixed here when another secretary saves another date, shows theirs, and saving keeps both", async () => {
    now = Date.UTC(2026, 9, 22, 8);
    const meetingId = await createMeeting();
    const cycleId = (await http(suite.server.url, 'POST', '/cycles', { fromMeeting: meetingId })).body.cycleId as string;
    const cycleOf = async () => (await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body.state;
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE, beforeLoad: (opened: Page) => opened.clock.install() });
    const dates = page.getByRole('region', { name: 'Dates and deadlines' });
    await dates.getByText('Every date of this cycle keeps to the rules.').waitFor({ timeout: 10_000 });
    await dates.getByLabel('Responses due', { exact: true }).fill('2027-01-09');

    // Another secretary fixes the report's date meanwhile; this page follows the cycle.
    const fixed = await http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'cycle:update', details: { dates: { ...(await cycleOf()).dates, reportBy: '2027-01-20' } } });
    expect(fixed.status).toBe(200);
    await page.clock.runFor(30_000);
    await expect.poll(() => dates.getByLabel('Report published by').inputValue(), { timeout: 5000, message: 'the date saved elsewhere shown' }).toBe('2027-01-20');
    expect(await dates.getByLabel('Responses due', { exact: true }).inputValue(), 'the date being fixed here is kept').toBe('2027-01-09');

    await dates.getByRole('button', { name: 'Save the dates' }).click();
    await expect.poll(async () => (await cycleOf()).dates.responsesDue, { timeout: 5000 }).toBe('2027-01-09');
    expect((await cycleOf()).dates.reportBy, 'the other secretary’s date is not undone').toBe('2027-01-20');
  });

  it('a report introduction saved by another secretary shows on this page as it follows the cycle, unless one is being written here, which is kept', async () => {
    now = Date.UTC(2026, 9, 22, 8);
    const cycleId = await launchedCycle(suite.server.url, { title: 'Consultation on open data' });
    const setIntro = (text: string) => http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'report:setIntro', topicId: 'p1', language: 'en', text });
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE, beforeLoad: (opened: Page) => opened.clock.install() });
    const intro = page.getByRole('region', { name: 'Compilation report' }).getByLabel('Introduction (English)');
    await intro.waitFor({ timeout: 10_000 });
    expect(await intro.inputValue()).toBe('');

    expect((await setIntro('Responses on open data, as received.')).status).toBe(200);
    await page.clock.runFor(30_000);
    await expect.poll(() => intro.inputValue(), { timeout: 5000, message: 'the introduction saved elsewhere shown' }).toBe('Responses on open data, as received.');

    await intro.fill('Twelve stakeholders responded on open data.');
    expect((await setIntro('Responses on open data.')).status).toBe(200);
    await page.clock.runFor(30_000);
    await expect.poll(async () => (await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body.state.intros.p1.en, { timeout: 5000 }).toBe('Responses on open data.');
    expect(await intro.inputValue(), 'the introduction being written here is kept').toBe('Twelve stakeholders responded on open data.');
  });

  it('a response form pressed twice on a slow connection makes one response', async () => {
    now += 3_600_000;
    const cycleId = await launchedCycle(suite.server.url, { title: 'Consultation on open data' });
    const page = await suite.open(`/consult/${cycleId}?lang=en`, { viewport: PHONE });
    // A slow connection: the server has the first press's form, its answer is still on the way when the second comes.
    await page.route('**/consult/**', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const answered = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 800));
      // The browser dropped the first page load for the second: its answer goes nowhere.
      await route.fulfill({ response: answered }).catch(() => undefined);
    });
    await page.getByRole('textbox', { name: 'Name (required)' }).fill('Amina Diallo');
    await page.getByRole('combobox', { name: 'Stakeholder group (required)' }).selectOption({ label: 'Civil society' });
    await page.getByRole('textbox', { name: 'E-mail address (required)' }).fill('amina.twice@example.org');
    await page.getByLabel('Your text').fill('Open data needs open formats.');
    await page.getByLabel(/I agree that my response/).check();
    const send = page.getByRole('button', { name: 'Send my response' });
    await send.scrollIntoViewIfNeeded();
    const box = (await send.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.getByRole('heading', { name: 'Thank you for your response' }).waitFor({ timeout: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const mine = ((await http(suite.server.url, 'GET', `/cycles/${cycleId}/responses`)).body.responses as { email: string }[]).filter((response) => response.email === 'amina.twice@example.org');
    expect(mine).toHaveLength(1);
  });

  it('a topic whose title wraps on an Arabic phone reads in one run with its count of translations, not in two columns jammed together', async () => {
    const cycleId = await launchedCycle(suite.server.url, { title: 'Consultation on connectivity', languages: ['en', 'ar'] }, { memberState: 'Kenya', title: 'What is meaningful connectivity for rural schools?' });
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: PHONE });
    await page.evaluate(() => localStorage.setItem('openfloor.language', 'ar'));
    await page.reload();
    const summary = page.locator('summary', { hasText: 'What is meaningful connectivity for rural schools?' });
    await summary.waitFor({ timeout: 10_000 });
    // Where the title's last letter and the count's dash are drawn: the count follows the title, on its last line or after.
    const placed = await summary.evaluate((element) => {
      const title = element.querySelector('bdi')!.firstChild!;
      const count = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, { acceptNode: (node) => (node.textContent!.includes('—') ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) }).nextNode()!;
      const letter = (node: Node, at: number) => {
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 1);
        return range.getBoundingClientRect();
      };
      const titleEnd = letter(title, title.textContent!.length - 1);
      const dash = letter(count, count.textContent!.indexOf('—'));
      const whole = document.createRange();
      whole.selectNodeContents(title);
      const titleLines = new Set([...whole.getClientRects()].map((rect) => Math.round(rect.top))).size;
      return { titleLines, titleEndTop: titleEnd.top, dashTop: dash.top };
    });
    expect(placed.titleLines, 'the title wraps at this width').toBeGreaterThan(1);
    expect(placed.dashTop, 'the count comes after the title, not beside its first line').toBeGreaterThanOrEqual(placed.titleEndTop - 1);
  });

  it('on a phone, the caption of a table wider than the screen reads whole where the table starts, in English and Arabic, however far the table is scrolled', async () => {
    const cycleId = await launchedCycle(suite.server.url, { title: 'Consultation on connectivity', languages: ['en', 'ar'] });
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: PHONE });
    for (const language of ['en', 'ar']) {
      await page.evaluate((chosen) => localStorage.setItem('openfloor.language', chosen), language);
      await page.reload();
      await page.locator('table.cycle-counts').waitFor({ timeout: 10_000 });
      const seen = await captionsOutOfView(page, '.table-scroll');
      expect(seen.scrolling, `${language}: the counts table is wider than the phone`).toBeGreaterThan(0);
      expect(seen.outside, `${language}: caption lines out of view`).toEqual([]);
    }
  });

  it("removing a Member State's proposal asks first, naming it and its Member State; a removal refused because the consultation was launched meanwhile is said, not dropped", async () => {
    const { cycleId, run } = await proposedCycle('Consultation on spectrum');
    const titles = async () => ((await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body.state.proposals as { title: string }[]).map((proposal) => proposal.title);
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE, beforeLoad: (opened: Page) => opened.clock.install() });
    const proposals = page.getByRole('region', { name: "Topic proposals and the group's choice" });
    await proposals.getByRole('button', { name: 'Remove “Spectrum sharing”' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove the proposal “Spectrum sharing”?' });
    await dialog.getByText('Ghana may then propose another topic in this cycle.').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await titles()).toEqual(['Open data', 'Spectrum sharing', 'Disaster resilience']);

    await proposals.getByRole('button', { name: 'Remove “Spectrum sharing”' }).click();
    await dialog.getByRole('button', { name: 'Remove the proposal' }).click();
    await expect.poll(titles, { timeout: 5000 }).toEqual(['Open data', 'Disaster resilience']);
    await proposals.getByRole('button', { name: 'Remove “Spectrum sharing”' }).waitFor({ state: 'detached' });
    // Focus does not fall to the page's start: it stays in the proposals.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('proposals-heading');

    // Another secretary chooses and launches; this page, not yet refreshed, removes a proposal.
    await page.clock.pauseAt(Date.now() + 1000);
    await run({ type: 'topics:choose', proposalIds: ['p1'] });
    await run({ type: 'consultation:launch' });
    await proposals.getByRole('button', { name: 'Remove “Disaster resilience”' }).click();
    await page.getByRole('dialog', { name: 'Remove the proposal “Disaster resilience”?' }).getByRole('button', { name: 'Remove the proposal' }).click();
    await proposals.getByRole('alert').filter({ hasText: 'launched' }).waitFor({ timeout: 5000 });
    expect(await titles()).toEqual(['Open data', 'Disaster resilience']);
  });

  it("a choice of topics or a launch pressed on a page older than another secretary's choice is refused and said; the page then shows the choice as it stands", async () => {
    const { cycleId, run } = await proposedCycle('Consultation on resilience');
    const stateOf = async () => (await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body.state as { chosen: string[] | null; launchedAt: number | null };
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE, beforeLoad: (opened: Page) => opened.clock.install() });
    const proposals = page.getByRole('region', { name: "Topic proposals and the group's choice" });
    await proposals.getByLabel('Spectrum sharing').waitFor();
    await page.clock.pauseAt(Date.now() + 1000);

    // Another secretary enters the group's choice; this page, not yet refreshed, ticks another.
    await run({ type: 'topics:choose', proposalIds: ['p1', 'p3'], expectedChosen: null });
    await proposals.getByLabel('Spectrum sharing').check();
    await proposals.getByRole('button', { name: 'Choose the ticked topics' }).click();
    await proposals.getByRole('alert').filter({ hasText: 'Someone else changed the choice of topics' }).waitFor({ timeout: 5000 });
    expect((await stateOf()).chosen).toEqual(['p1', 'p3']);
    await expect.poll(() => proposals.getByLabel('Disaster resilience').isChecked(), { timeout: 5000, message: 'the ticks now show the choice as it stands' }).toBe(true);
    expect(await proposals.getByLabel('Spectrum sharing').isChecked()).toBe(false);

    // The other secretary changes the choice again; this page launches on the one it showed.
    await run({ type: 'topics:choose', proposalIds: ['p2'], expectedChosen: ['p1', 'p3'] });
    await page.getByRole('button', { name: 'Launch the online consultation' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Launch', exact: true }).click();
    await proposals.getByRole('alert').filter({ hasText: 'Someone else changed the choice of topics' }).waitFor({ timeout: 5000 });
    expect(await stateOf()).toMatchObject({ chosen: ['p2'], launchedAt: null });
  });

  it("a topic's text form shows what another secretary changed meanwhile and saves only its own fields, in the original and in a translation; a translation saved elsewhere into another language is kept", async () => {
    const cycleId = await launchedCycle(suite.server.url, { title: 'Consultation on open data' });
    const topicOf = async () => (await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body.state.proposals[0];
    const elsewhere = async (details: unknown) => expect((await http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'proposal:update', proposalId: 'p1', details })).status).toBe(200);
    const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE, beforeLoad: (opened: Page) => opened.clock.install() });
    const texts = page.getByRole('region', { name: "The topics' text, in the six languages" });
    await texts.locator('summary').first().click();
    await texts.getByLabel('Topic', { exact: true }).fill('Open data for development');

    await elsewhere({ description: 'How open data serves development.' });
    await page.clock.runFor(30_000);
    await expect.poll(() => texts.getByLabel('Description').inputValue(), { timeout: 5000, message: 'the untouched description follows the cycle' }).toBe('How open data serves development.');
    expect(await texts.getByLabel('Topic', { exact: true }).inputValue()).toBe('Open data for development');
    await texts.getByRole('button', { name: 'Save this text' }).click();
    await expect.poll(async () => (await topicOf()).title, { timeout: 5000 }).toBe('Open data for development');
    expect((await topicOf()).description).toBe('How open data serves development.');

    // In Arabic, while another secretary corrects the Arabic questions.
    await texts.getByLabel('Language').selectOption('ar');
    await texts.getByLabel('Topic', { exact: true }).fill('البيانات المفتوحة من أجل التنمية');
    await elsewhere({ translations: { ar: { title: 'البيانات المفتوحة', description: '', questions: ['ما الذي ينبغي نشره؟'] }, fr: { title: 'Données ouvertes', description: '', questions: [] } } });
    await page.clock.runFor(30_000);
    await expect.poll(() => texts.getByLabel('Guiding questions, one per line').inputValue(), { timeout: 5000 }).toBe('ما الذي ينبغي نشره؟');
    // A Spanish translator saves theirs just before, which this page has not read yet: it is kept.
    const spanish = { title: 'Datos abiertos', description: '', questions: [] };
    expect((await http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, { type: 'proposal:translate', proposalId: 'p1', language: 'es', text: spanish })).status).toBe(200);
    await texts.getByRole('button', { name: 'Save this text' }).click();
    await expect.poll(async () => (await topicOf()).translations.ar?.title, { timeout: 5000 }).toBe('البيانات المفتوحة من أجل التنمية');
    expect((await topicOf()).translations).toEqual({
      ar: { title: 'البيانات المفتوحة من أجل التنمية', description: '', questions: ['ما الذي ينبغي نشره؟'] },
      fr: { title: 'Données ouvertes', description: '', questions: [] },
      es: spanish,
    });
  });

  it('two secretaries moderating the same response at once: the one whose list was out of date is told, by name, and the first decision stands; with the list narrowed to those waiting, the refusal shows above it', async () => {
    const { ids, statusOf, first, second, itemOf } = await twoModerators('Consultation on open data', ['Amina Diallo', 'Jorge Pérez']);
    const [amina, jorge] = ids as [string, string];

    await itemOf(first, 'Amina Diallo').getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => statusOf(amina), { timeout: 5000 }).toBe('accepted');
    // The second, whose list still shows her response waiting, rejects it as spam.
    const stale = itemOf(second, 'Amina Diallo');
    await stale.getByRole('button', { name: 'Reject' }).click();
    await stale
      .getByRole('alert')
      .filter({ hasText: `Someone else already moderated the response of Amina Diallo (#${amina}) before your command arrived. Nothing was changed` })
      .waitFor({ timeout: 5000 });
    expect(await statusOf(amina)).toBe('accepted');
    await expect.poll(() => stale.innerText(), { timeout: 5000, message: 'the list shows her response as it is now' }).toContain('accepted');

    // Narrowed to those waiting, a response another secretary decided on leaves the list: the refusal stays, above it.
    const responses = second.getByRole('region', { name: 'Responses' });
    await responses.getByRole('combobox', { name: 'Show' }).selectOption({ label: 'To moderate (1)' });
    await itemOf(second, 'Jorge Pérez').getByRole('button', { name: 'Accept' }).waitFor({ timeout: 5000 });
    await itemOf(first, 'Jorge Pérez').getByRole('button', { name: 'Reject' }).click();
    await expect.poll(() => statusOf(jorge), { timeout: 5000 }).toBe('rejected');
    await itemOf(second, 'Jorge Pérez').getByRole('button', { name: 'Accept' }).click();
    await responses
      .getByRole('alert')
      .filter({ hasText: `Someone else already moderated the response of Jorge Pérez (#${jorge})` })
      .waitFor({ timeout: 5000 });
    await responses.getByText('No response matches').waitFor({ timeout: 5000 });
    expect(await statusOf(jorge)).toBe('rejected');
    await shot(second, 'two-secretaries');
  });

  it('while a moderator works on the list narrowed to those waiting, a response another secretary decided on stays in place, so a click meant for the one below it is not taken by the next', async () => {
    const { ids, statusOf, first, second, itemOf } = await twoModerators('Consultation on spectrum', ['Amina Diallo', 'Jorge Pérez', 'Mei Lin']);
    const [amina, jorge, mei] = ids as [string, string, string];
    await second.getByRole('region', { name: 'Responses' }).getByRole('combobox', { name: 'Show' }).selectOption({ label: 'To moderate (3)' });

    // The second moderator's pointer rests on Jorge's Accept while the first accepts Amina's response, just above it.
    const accept = itemOf(second, 'Jorge Pérez').getByRole('button', { name: 'Accept' });
    await accept.scrollIntoViewIfNeeded();
    const box = (await accept.boundingBox())!;
    await second.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await itemOf(first, 'Amina Diallo').getByRole('button', { name: 'Accept' }).click();
    await expect.poll(() => statusOf(amina), { timeout: 5000 }).toBe('accepted');
    await second.clock.runFor(30_000);
    await itemOf(second, 'Amina Diallo').getByText('Moderated by someone else meanwhile').waitFor({ timeout: 5000 });
    expect(await accept.boundingBox()).toEqual(box);
    await shot(second, 'moderated-meanwhile');

    await second.mouse.down();
    await second.mouse.up();
    await expect.poll(() => statusOf(jorge), { timeout: 5000 }).toBe('accepted');
    expect(await statusOf(mei)).toBe('pending');

    // Once the pointer leaves the list, it settles: only Mei's response waits.
    await second.mouse.move(5, 5);
    await expect.poll(() => second.getByRole('region', { name: 'Responses' }).getByRole('listitem').count(), { timeout: 5000 }).toBe(1);
    await itemOf(second, 'Mei Lin').getByRole('button', { name: 'Accept' }).waitFor({ timeout: 5000 });
  });

  it('two secretaries pressing "Publish" at once publish one report; a page showing an older version adds nothing when the report out is the one it would publish, and is refused when it would replace other responses unseen', async () => {
    const { cycleId, ids } = await respondedCycle('Consultation on rural access', ['Amina Diallo', 'Jorge Pérez']);
    const [amina, jorge] = ids as [string, string];
    const run = async (command: unknown) => expect((await http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, command)).status).toBe(200);
    const report = async () => (await http(suite.server.url, 'GET', `/cycles/${cycleId}`)).body.state.report as { version: number; responseIds: string[] } | null;
    await run({ type: 'response:accept', responseId: amina });
    const before = now;
    // 20 January 2027: responses are closed.
    now = Date.UTC(2027, 0, 20, 9);
    try {
      const open = async () => {
        const page = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE, beforeLoad: (opened: Page) => opened.clock.install() });
        await page.getByRole('region', { name: 'Compilation report' }).getByRole('button', { name: 'Publish the report' }).waitFor({ timeout: 10_000 });
        await page.clock.pauseAt(Date.now() + 1000);
        return page;
      };
      const [first, second] = [await open(), await open()];
      const regionOf = (page: Page) => page.getByRole('region', { name: 'Compilation report' });
      for (const page of [first, second]) await regionOf(page).getByRole('button', { name: 'Publish the report' }).click();
      await Promise.all([first, second].map((page) => page.getByRole('dialog', { name: 'Publish the compilation report?' }).getByRole('button', { name: 'Publish', exact: true }).click()));
      for (const page of [first, second]) await regionOf(page).getByText(/^Version 1 published on .*, with one response\./).waitFor({ timeout: 5000 });
      expect(await report()).toMatchObject({ version: 1, responseIds: [amina] });
      // Neither page says anything went wrong (its notices stay in the page, empty).
      for (const page of [first, second]) expect((await regionOf(page).getByRole('alert').allInnerTexts()).filter((text) => text.trim())).toEqual([]);

      // Jorge's response is accepted; the first page follows and publishes it.
      await run({ type: 'response:accept', responseId: jorge });
      await first.clock.runFor(30_000);
      await regionOf(first).getByRole('button', { name: 'Publish again with the current moderation' }).click();
      await first.getByRole('dialog', { name: 'Publish the compilation report?' }).getByText('The report goes public with the 2 accepted responses').waitFor({ timeout: 5000 });
      await first.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
      await regionOf(first).getByText(/^Version 2 published on .*, with 2 responses\./).waitFor({ timeout: 5000 });

      // The second page still shows version 1; its press would publish what version 2 holds: that stands.
      await regionOf(second).getByRole('button', { name: 'Publish again with the current moderation' }).click();
      await second.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
      await regionOf(second).getByText(/^Version 2 published on .*, with 2 responses\./).waitFor({ timeout: 5000 });
      expect((await regionOf(second).getByRole('alert').allInnerTexts()).filter((text) => text.trim())).toEqual([]);
      expect(await report()).toMatchObject({ version: 2, responseIds: [amina, jorge] });

      // Jorge's response goes back to moderation; the first page publishes version 3 without it; it is accepted again.
      await run({ type: 'response:reopen', responseId: jorge });
      await first.clock.runFor(30_000);
      await regionOf(first).getByRole('button', { name: 'Publish again with the current moderation' }).click();
      await first.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
      await regionOf(first).getByText(/^Version 3 published on .*, with one response\./).waitFor({ timeout: 5000 });
      await run({ type: 'response:accept', responseId: jorge });
      // The second page, still on version 2, would replace version 3, which its secretary never saw: refused, and said.
      await regionOf(second).getByRole('button', { name: 'Publish again with the current moderation' }).click();
      await second.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
      await regionOf(second).getByRole('alert').filter({ hasText: 'Someone else published the report with other responses before your command arrived. Nothing was changed' }).waitFor({ timeout: 5000 });
      expect(await report()).toMatchObject({ version: 3, responseIds: [amina] });
      await regionOf(second).getByText(/^Version 3 published on .*, with one response\./).waitFor({ timeout: 5000 });
    } finally {
      now = before;
    }
  });

  it('warns on the setup page before the report deadline passes, live in the cycle zone, in English and Arabic', async () => {
    now = Date.UTC(2026, 9, 22, 8);
    const meetingId = await createMeeting();
    const created = await http(suite.server.url, 'POST', '/cycles', { fromMeeting: meetingId });
    const cycleId = created.body.cycleId as string;
    const run = (body: unknown) => http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, body);
    await run({ type: 'proposal:add', details: { memberState: 'India', title: 'Multilingual Internet', description: '', questions: [] } });
    await run({ type: 'topics:choose', proposalIds: ['p1'] });
    await run({ type: 'consultation:launch' });
    // 12 January 2027: responses closed on the 2nd, the report is due on the 17th and is not out.
    now = Date.UTC(2027, 0, 12, 9);
    const page = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, { viewport: CONSOLE });
    const summary = page.getByRole('region', { name: 'Consultation cycle' });
    await expect
      .poll(() => summary.getByRole('listitem').allInnerTexts(), { timeout: 10_000, message: 'the report warning' })
      .toEqual(expect.arrayContaining([expect.stringContaining('The compilation report is not published and is due on Sun, Jan 17, 2027: 5 days left.')]));
    expect(await summary.locator('[aria-current="step"]').innerText()).toContain('Compilation report published');
    expect(await page.getByRole('region', { name: 'Consultation timeline' }).count()).toBe(0);
    expect(await axeViolations(page, 'setup with cycle, en')).toEqual([]);
    await shot(page, 'setup-warning-en');
    // The meeting moved, in its own form, to a day the rules do not allow: the cycle's checks say so at once.
    const details = page.locator('details').filter({ has: page.getByText("Edit the meeting's details") });
    await details.locator('summary').click();
    await details.getByLabel('Starts (venue time)').fill('2027-01-28T09:00');
    await details.getByLabel('Ends (venue time)').fill('2027-01-28T17:00');
    await details.getByRole('button', { name: 'Save the details' }).click();
    await expect
      .poll(() => summary.getByRole('listitem').allInnerTexts(), { timeout: 10_000, message: 'the meeting outside its window' })
      .toEqual(
        expect.arrayContaining([
          'The open consultation meeting on Thu, Jan 28, 2027 is not within the days before the group meeting (Mon, Feb 1, 2027 to Wed, Feb 3, 2027).',
        ]),
      );
    await page.evaluate(() => localStorage.setItem('openfloor.language', 'ar'));
    await page.reload();
    const arabic = page.getByRole('region', { name: 'دورة التشاور' });
    await expect
      .poll(() => arabic.getByRole('listitem').allInnerTexts(), { timeout: 10_000, message: 'the report warning in Arabic' })
      .toEqual(expect.arrayContaining([expect.stringContaining('بقيت 5 أيام')]));
    expect(await axeViolations(page, 'setup with cycle, ar')).toEqual([]);
    await shot(page, 'setup-warning-ar');
  });
});
