import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { captionsOutOfView, useBrowserAndServer } from '../support/e2e.js';
import { accepted, ADMIN_TOKEN, http, MirrorClient, seedMeeting, type SeededMeeting } from '../support/harness.js';

/** Set SHOTS_DIR to keep screenshots of the review and the sealed record for a person to look at. */
const shotsDir = process.env.SHOTS_DIR;
async function shot(page: Page, name: string) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

const suite = useBrowserAndServer();

/** An adjourned meeting with a rehearsal speech, a sentence split over two lines and a gavel. */
async function adjournedMeeting(): Promise<SeededMeeting> {
  const meeting = await seedMeeting(suite.server.url);
  const clients: MirrorClient[] = [];
  const connect = async (token: string) => {
    const client = new MirrorClient(suite.server.url, token);
    clients.push(client);
    await client.ready();
    return client;
  };
  const ok = accepted;
  try {
    const chair = await connect(meeting.tokens.chair);
    const kenya = await connect(meeting.participants.remote.token);
    const captioner = await connect(meeting.tokens.captioner);
    await ok(chair.send('queue:add', { participantId: meeting.participants.room.id, kind: 'intervention' }));
    await ok(chair.send('floor:give', {}));
    await ok(chair.send('floor:end', {}));
    await ok(captioner.send('caption:write', { language: 'en', erase: 0, text: '(Gavel)\n' }));
    await ok(kenya.send('queue:request', { kind: 'intervention' }));
    await ok(chair.send('floor:give', {}));
    await ok(captioner.send('caption:write', { language: 'en', erase: 0, text: 'Kenya supports the proposal\non community networks.\n' }));
    await ok(captioner.send('caption:write', { language: 'ar', erase: 0, text: 'تؤيد كينيا الاقتراح.\n' }));
    await ok(chair.send('floor:end', {}));
    await ok(chair.send('meeting:transition', { to: 'adjourned' }));
  } finally {
    for (const client of clients) client.close();
  }
  return meeting;
}

const setupPath = (meetingId: string) => `/setup?meeting=${encodeURIComponent(meetingId)}#admin=${ADMIN_TOKEN}`;

async function confirm(page: Page, action: Locator, confirmLabel: RegExp) {
  await action.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ state: 'visible', timeout: 5000 });
  // Cancel has the focus: a stray Enter never corrects the record.
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 2000 }).toBe('Cancel');
  await dialog.getByRole('button', { name: confirmLabel }).click();
  await dialog.waitFor({ state: 'hidden', timeout: 5000 });
}

describe('the secretariat reviews the record in the setup page, then archives it', () => {
  it('removes a rehearsal speech and joins a split line; the sealed record shows both and says “corrections: 2”', async () => {
    const meeting = await adjournedMeeting();
    const page = await suite.open(setupPath(meeting.meetingId));
    await page.setViewportSize({ width: 1440, height: 900 });
    const review = page.getByRole('region', { name: 'Review the record before archiving' });
    await review.getByText('0 corrections so far').waitFor({ timeout: 10_000 });
    await expect.poll(() => review.getByText('Sound', { exact: true }).count(), { timeout: 5000 }).toBe(1);

    await confirm(page, review.getByRole('button', { name: 'Remove: Amina Civil' }), /^Remove from the record$/);
    await review.getByText('1 correction so far').waitFor({ timeout: 5000 });
    const splitLine = review.getByRole('listitem').filter({ hasText: 'Kenya supports the proposal' });
    await confirm(page, splitLine.getByRole('button', { name: 'Join with next line' }), /^Join the lines$/);
    await review.getByText('2 corrections so far').waitFor({ timeout: 5000 });
    await review.getByText('Kenya supports the proposal on community networks.').waitFor({ timeout: 5000 });
    expect(await review.getByRole('button', { name: 'Remove: Amina Civil' }).count()).toBe(0);
    await shot(page, 'archive-review-en');

    const arabic = await suite.open(setupPath(meeting.meetingId), { locale: 'ar' });
    await arabic.setViewportSize({ width: 1440, height: 900 });
    await arabic.getByRole('region', { name: 'مراجعة المحضر قبل الأرشفة' }).getByText('تصويبان حتى الآن').waitFor({ timeout: 10_000 });
    await shot(arabic, 'archive-review-ar');
    await arabic.context().close();

    await page.getByRole('button', { name: 'Archive the meeting' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive permanently' }).click();
    await page.getByText('This meeting is archived.').waitFor({ timeout: 10_000 });
    await page.context().close();

    // The secretariat finds the archived meeting again in the setup page's list, not "no meetings yet".
    const later = await suite.open(`/setup#admin=${ADMIN_TOKEN}`);
    const list = later.getByRole('region', { name: 'Meetings' });
    await list.getByText('No meeting is being prepared or held.').waitFor({ timeout: 10_000 });
    await list.getByText('Archived meetings (1)').click();
    const archivedItem = list.getByRole('listitem').filter({ hasText: 'Open consultation on meaningful connectivity' });
    await archivedItem.getByText(/^Archived ·/).waitFor({ timeout: 5000 });
    await archivedItem.getByRole('button', { name: 'Manage' }).click();
    await later.getByText('This meeting is archived.').waitFor({ timeout: 10_000 });
    await later.context().close();

    const record = await suite.open(`/archive/${encodeURIComponent(meeting.meetingId)}/record-en.html`);
    await record.setViewportSize({ width: 1440, height: 900 });
    const details = await record.locator('dl.facts').first().innerText();
    expect(details).toMatch(/Corrections before archiving\s+2/);
    await record.getByText('The secretariat corrected this record before archiving it.').waitFor({ timeout: 5000 });
    const speakers = await record.locator(`table:has(caption#speakers-${meeting.topicIds[0]})`).innerText();
    expect(speakers).toContain('Delegate of Kenya');
    expect(speakers).not.toContain('Amina Civil');
    expect(await record.locator('.transcript').innerText()).toContain('Kenya supports the proposal on community networks.');
    await shot(record, 'archive-record-en');
    const arabicRecord = await suite.open(`/archive/${encodeURIComponent(meeting.meetingId)}/record-ar.html`);
    await arabicRecord.setViewportSize({ width: 1440, height: 900 });
    await shot(arabicRecord, 'archive-record-ar');
    await record.context().close();
    await arabicRecord.context().close();
  }, 60_000);

  it('a long transcript is reviewed two hundred lines at a time: the next page by keyboard, a line joined across the pages’ border', async () => {
    const meeting = await seedMeeting(suite.server.url);
    // As a captioner's CAT tool sends them, through the Zoom-style ingest: 450 lines.
    const ingest = `${suite.server.url}/api/captions/closedcaption?token=${meeting.tokens.captioner}&lang=en-US`;
    for (let seq = 1; seq <= 450; seq += 1) {
      const sent = await fetch(`${ingest}&seq=${seq}`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: `Line ${seq} of the debate.\n` });
      await sent.text();
      if (sent.status !== 200) throw new Error(`line ${seq}: ${sent.status}`);
    }
    const chair = new MirrorClient(suite.server.url, meeting.tokens.chair);
    try {
      await chair.ready();
      await accepted(chair.send('meeting:transition', { to: 'adjourned' }));
    } finally {
      chair.close();
    }
    const page = await suite.open(setupPath(meeting.meetingId), { viewport: { width: 1440, height: 900 } });
    const lines = page.locator('ol.review-lines > li');
    const pages = page.getByRole('navigation', { name: 'Pages of the transcript' });
    await pages.getByText(/^Lines 1–200 of 450, /).waitFor({ timeout: 10_000 });
    expect(await lines.count()).toBe(200);
    expect(await lines.first().innerText()).toContain('Line 1 of the debate.');

    await pages.getByRole('button', { name: 'Later lines' }).focus();
    await page.keyboard.press('Enter');
    await pages.getByText(/^Lines 201–400 of 450, /).waitFor({ timeout: 5000 });
    expect(await lines.first().innerText()).toContain('Line 201 of the debate.');
    // The last line of a page joins the first of the next.
    await confirm(page, lines.last().getByRole('button', { name: 'Join with next line' }), /Join/);
    await expect.poll(() => lines.last().innerText(), { timeout: 5000 }).toContain('Line 400 of the debate. Line 401 of the debate.');
    await pages.getByText(/^Lines 201–400 of 449, /).waitFor({ timeout: 5000 });

    // Read to the bottom of the page, the next one opens at its top.
    await page.locator('ol.review-lines + .button-row').getByRole('button', { name: 'Later lines' }).click();
    await pages.getByText(/^Lines 401–449 of 449, /).waitFor({ timeout: 5000 });
    expect(await lines.count()).toBe(49);
    await expect.poll(() => pages.evaluate((nav) => nav.getBoundingClientRect().top >= 0 && nav.getBoundingClientRect().bottom <= innerHeight), { timeout: 5000, message: 'the page opens at its top' }).toBe(true);
    expect(await page.locator('ol.review-lines + .button-row').count()).toBe(0);
    await page.context().close();
  });

  it('on a phone, in English and Arabic, each table of the sealed record wider than the screen keeps its caption in view as it scrolls', async () => {
    const meeting = await adjournedMeeting();
    const archived = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'meeting:transition', to: 'archived' });
    expect(archived.status).toBe(200);
    for (const language of ['en', 'ar']) {
      const record = await suite.open(`/archive/${encodeURIComponent(meeting.meetingId)}/record-${language}.html`, { viewport: { width: 390, height: 844 } });
      await record.locator(`caption#speakers-${meeting.topicIds[0]}`).waitFor({ timeout: 10_000 });
      const seen = await captionsOutOfView(record, '.scroll');
      expect(seen.scrolling, `${language}: the list of speakers is wider than the phone`).toBeGreaterThan(0);
      expect(seen.outside, `${language}: caption lines out of view`).toEqual([]);
      await record.context().close();
    }
  });
});

describe('two secretaries review the record at once', () => {
  it('both join the same two transcript lines: joined once, and the second is told someone else joined them, nothing more swept in', async () => {
    const meeting = await adjournedMeeting();
    const held = { viewport: { width: 1440, height: 900 }, beforeLoad: (page: Page) => page.clock.install() };
    const desks = [await suite.open(setupPath(meeting.meetingId), held), await suite.open(setupPath(meeting.meetingId), held)] as const;
    const joinButton = (page: Page) =>
      page.getByRole('region', { name: 'Review the record before archiving' }).getByRole('listitem').filter({ hasText: 'Kenya supports the proposal' }).getByRole('button', { name: 'Join with next line' });
    for (const page of desks) {
      await joinButton(page).waitFor({ timeout: 10_000 });
      await page.clock.pauseAt(Date.now() + 1000);
      await joinButton(page).click();
      await page.getByRole('dialog').getByRole('button', { name: /^Join the lines$/ }).waitFor({ timeout: 5000 });
    }
    const [first, second] = desks;
    await first.getByRole('dialog').getByRole('button', { name: /^Join the lines$/ }).click();
    await first.getByRole('dialog').waitFor({ state: 'hidden', timeout: 5000 });
    await second.getByRole('dialog').getByRole('button', { name: /^Join the lines$/ }).click();
    await second.getByRole('alert').filter({ hasText: 'Someone else joined these lines of the transcript otherwise before your command arrived.' }).waitFor({ timeout: 5000 });
    const state = suite.server.app.registry.get(meeting.meetingId)!.state;
    expect(state.corrections.map((correction) => correction.edit)).toEqual([{ kind: 'mergeLines', language: 'en', line: 2, next: 3 }]);
    const review = second.getByRole('region', { name: 'Review the record before archiving' });
    await review.getByText('1 correction so far').waitFor({ timeout: 5000 });
    await review.getByText('Kenya supports the proposal on community networks.').waitFor({ timeout: 5000 });
    for (const page of desks) await page.context().close();
  });
});

describe('the chair resumes the meeting while the secretariat archives it', () => {
  /** The setup page of an adjourned meeting, its clock held so that it reads the meeting only when told. */
  async function heldSetupPage(meeting: SeededMeeting) {
    const page = await suite.open(setupPath(meeting.meetingId), { viewport: { width: 1440, height: 900 }, beforeLoad: (held: Page) => held.clock.install() });
    await page.getByRole('button', { name: 'Archive the meeting' }).waitFor({ timeout: 10_000 });
    await page.clock.pauseAt(Date.now() + 1000);
    await page.getByRole('button', { name: 'Archive the meeting' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Archive permanently' }).waitFor({ timeout: 5000 });
    return { page, dialog };
  }

  async function chairResumes(meeting: SeededMeeting) {
    const chair = new MirrorClient(suite.server.url, meeting.tokens.chair);
    try {
      await chair.ready();
      await accepted(chair.send('meeting:transition', { to: 'open', expectedSpeechId: null, expectedStatus: 'adjourned' }));
    } finally {
      chair.close();
    }
  }

  const statusOf = (meeting: SeededMeeting) => suite.server.app.registry.get(meeting.meetingId)!.state.status;

  it('the question open on the secretary’s page says the meeting was resumed, offers only Close, and nothing is archived', async () => {
    const meeting = await adjournedMeeting();
    const { page, dialog } = await heldSetupPage(meeting);
    await chairResumes(meeting);
    await page.clock.runFor(10_000);
    await dialog.getByRole('alert').filter({ hasText: 'The meeting was resumed meanwhile.' }).waitFor({ timeout: 5000 });
    await dialog.getByText('Nothing was done from this console.').waitFor({ timeout: 5000 });
    expect(await dialog.getByRole('button').allInnerTexts()).toEqual(['Close']);
    await shot(page, 'archive-overtaken-en');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5000 });
    expect(await page.getByRole('button', { name: 'Archive the meeting' }).count()).toBe(0);
    expect(statusOf(meeting)).toBe('open');
    await page.context().close();
  });

  it('archiving confirmed on a page that had not yet seen the resumption is refused and says why; the meeting stays open', async () => {
    const meeting = await adjournedMeeting();
    const { page, dialog } = await heldSetupPage(meeting);
    await chairResumes(meeting);
    await dialog.getByRole('button', { name: 'Archive permanently' }).click();
    await page.getByRole('alert').filter({ hasText: 'The meeting was resumed meanwhile. Nothing was done from this console.' }).waitFor({ timeout: 5000 });
    expect(statusOf(meeting)).toBe('open');
    expect(await page.getByText('This meeting is archived.').count()).toBe(0);
    await page.context().close();
  });
});
