import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser.js';
import { meetingLinks, openPage } from '../support/e2e.js';
import { ADMIN_TOKEN, http, seedMeeting, startServer, stopServer, type RunningServer } from '../support/harness.js';

const SHOTS = '/work/notes/shots';

/**
 * One StreamText event as its Realtime Caption Pull API serves it (support.streamtext.net
 * article 4633531262989), paraphrased: `GET /captions?event=&last=&language=` answers
 * `{"content": …, "lastPosition": …}`, the text after position `last`; an unknown event is
 * not found.
 */
const EVENT = 'ITU-CWG-Internet';
const TEXT = 'Good morning, colleagues, and welcome to the open consultation.\n';
let streamText: Server;
let server: RunningServer;
let browser: Browser;
/** Text as read, without the bidi isolates around names (the page puts them there for Arabic). */
const read = (text: string) => text.replace(/[\u2066-\u2069]/g, '');

beforeAll(async () => {
  streamText = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/captions' || url.searchParams.get('event') !== EVENT) return void res.writeHead(404).end();
    const last = Math.max(0, Number(url.searchParams.get('last') ?? '0'));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ content: TEXT.slice(last), lastPosition: TEXT.length, languageCode: 'en' }));
  });
  await new Promise<void>((resolve) => streamText.listen(0, '127.0.0.1', resolve));
  const { port } = streamText.address() as AddressInfo;
  server = await startServer({ captionQuietMs: 60_000, streamText: { baseUrl: `http://127.0.0.1:${port}`, pollMs: 200 } });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stopServer(server);
  await new Promise((resolve) => streamText?.close(resolve));
});

describe('StreamText pull setup on the caption desk', () => {
  it('the lead captioner sets, watches and stops the pull by keyboard, in plain words, in English and Arabic; an ordinary seat only watches', async () => {
    const meeting = await seedMeeting(server.url);
    const second = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'captioner', label: 'Seat 2' });
    const links = await meetingLinks(server, meeting.meetingId);
    const lead = await openPage(browser, `${server.url}${links.role('captioner')}`, { viewport: { width: 1440, height: 900 } });
    const eventField = lead.getByLabel('StreamText event name');
    await eventField.waitFor();
    await expect.poll(() => lead.getByText('Not pulling from StreamText.').count()).toBe(1);

    // Nothing entered: the form says what is missing instead of sending.
    await eventField.focus();
    await lead.keyboard.press('Enter');
    await expect.poll(() => lead.getByText('Enter the StreamText event name.').count()).toBe(1);
    expect(await eventField.getAttribute('aria-invalid')).toBe('true');

    // A misspelt event: StreamText's answer, in plain words.
    await lead.keyboard.type('ITU-CWG-Internt');
    await lead.keyboard.press('Tab');
    await lead.keyboard.type('en');
    await lead.keyboard.press('Enter');
    await expect
      .poll(() => lead.locator('.desk-pull [role="status"]').innerText().then(read), { timeout: 10_000 })
      .toContain('StreamText answered 404 for event “ITU-CWG-Internt”.');

    // Corrected: the text arrives, and the status says how recently and how fast.
    await eventField.fill(EVENT);
    await eventField.focus();
    await lead.keyboard.press('Enter');
    await expect.poll(() => lead.locator('.desk-pull [role="status"]').innerText().then(read), { timeout: 10_000 }).toContain('last text');
    expect(await lead.locator('.desk-pull [role="status"]').innerText().then(read)).toContain(`Pulling the StreamText event “${EVENT}”:`);
    await expect.poll(() => lead.locator('.caption-desk table').innerText(), { timeout: 10_000 }).toContain('StreamText pull');
    const stream = server.app.captions.fullStream(meeting.meetingId, 'en')!;
    expect(stream.lines.map((line) => line.text)).toEqual([TEXT.trim()]);
    expect(server.app.streamTextPulls.configsOf(meeting.meetingId)).toEqual([{ language: 'en', event: EVENT, streamTextLanguage: 'en' }]);
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(`${SHOTS}/caption-pull-en.png`, await lead.screenshot({ fullPage: true }));
    writeFileSync(`${SHOTS}/caption-pull-desk-en.png`, await lead.locator('.caption-desk').screenshot());

    // An ordinary seat sees where the pull stands, and no form.
    const seat = await openPage(browser, `${server.url}/m/${meeting.meetingId}/captioner#token=${new URL(second.body.url).hash.slice('#token='.length)}`, {
      viewport: { width: 1440, height: 900 },
    });
    await expect.poll(() => seat.locator('.desk-pull').innerText().then(read), { timeout: 10_000 }).toContain(`Pulling the StreamText event “${EVENT}”:`);
    expect(await seat.locator('.desk-pull').innerText().then(read)).toContain('The lead captioner or the chair sets');
    expect(await seat.getByLabel('StreamText event name').count()).toBe(0);
    expect(await seat.getByRole('button', { name: 'Switch provider' }).count()).toBe(0);

    // The same desk in Arabic.
    const arabic = await openPage(browser, `${server.url}${links.role('captioner')}`, { locale: 'ar', viewport: { width: 1440, height: 900 } });
    await expect.poll(() => arabic.locator('.desk-pull [role="status"]').innerText().then(read), { timeout: 10_000 }).toContain('يجري سحب فعالية StreamText');
    expect(await arabic.getByLabel('اسم فعالية StreamText').inputValue()).toBe(EVENT);
    writeFileSync(`${SHOTS}/caption-pull-ar.png`, await arabic.screenshot({ fullPage: true }));
    writeFileSync(`${SHOTS}/caption-pull-desk-ar.png`, await arabic.locator('.caption-desk').screenshot());

    // Stopped by keyboard.
    await lead.getByRole('button', { name: 'Stop pulling' }).focus();
    await lead.keyboard.press('Enter');
    await expect.poll(() => lead.locator('.desk-pull [role="status"]').innerText().then(read), { timeout: 10_000 }).toBe('Not pulling from StreamText.');
    expect(server.app.streamTextPulls.configsOf(meeting.meetingId)).toEqual([]);
  }, 60_000);

  it('the secretariat issues a lead captioner seat and turns another seat’s lead off, by keyboard, in English and Arabic', async () => {
    const meeting = await seedMeeting(server.url);
    const setup = await openPage(browser, `${server.url}/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, { viewport: { width: 1440, height: 900 } });
    const role = setup.getByLabel('Role', { exact: true });
    await role.selectOption('captioner');
    await setup.getByLabel('Label').fill('CART lead');
    const lead = setup.getByRole('checkbox', { name: 'Lead captioner' });
    await lead.focus();
    await setup.keyboard.press('Space');
    expect(await lead.isChecked()).toBe(true);
    await setup.getByRole('button', { name: 'Issue the link' }).press('Enter');
    await expect
      .poll(() => server.app.registry.get(meeting.meetingId)!.state.links.find((link) => link.label === 'CART lead')?.lead ?? null, { timeout: 10_000 })
      .toBe(true);
    // The seeded seat is the lead already: its button is pressed; pressing it makes it an ordinary seat.
    const seeded = server.app.registry.get(meeting.meetingId)!.state.links.find((link) => link.role === 'captioner' && link.label === 'captioner')!;
    const toggle = setup.getByRole('button', { name: 'Lead captioner Captioner – captioner' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.press('Enter');
    await expect.poll(() => server.app.registry.get(meeting.meetingId)!.state.links.find((link) => link.id === seeded.id)!.lead, { timeout: 10_000 }).toBe(false);
    await expect.poll(() => toggle.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    await role.selectOption('captioner');
    writeFileSync(`${SHOTS}/lead-captioner-setup-en.png`, await setup.locator('.issue-form').screenshot());

    const arabic = await openPage(browser, `${server.url}/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`, {
      locale: 'ar',
      viewport: { width: 1440, height: 900 },
      beforeLoad: (page) => page.addInitScript(() => localStorage.setItem('openfloor.language', 'ar')),
    });
    await arabic.getByLabel('الدور', { exact: true }).selectOption('captioner');
    expect(await arabic.getByRole('checkbox', { name: 'كبير كتّاب التعليق النصي' }).count()).toBe(1);
    writeFileSync(`${SHOTS}/lead-captioner-setup-ar.png`, await arabic.locator('.issue-form').screenshot());
  }, 60_000);
});
