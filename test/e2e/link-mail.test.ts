import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { seedMeeting, startServer, stopServer, type RunningServer } from '../support/harness.js';
import { linksIn, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

let smtp: TestSmtpServer;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startServer({ smtpUrl: smtp.url });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stopServer(server);
  await smtp?.close();
});

const linkIn = (text: string) => linksIn(text)[0] ?? '';

describe('getting a personal link again by e-mail', () => {
  it('a registrant on a phone in Arabic gets the link by e-mail, and on another device asks for it again and opens it', async () => {
    const meeting = await seedMeeting(server.url);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ar' });
    await phone.addInitScript(() => localStorage.setItem('openfloor.language', 'ar'));
    const page = await phone.newPage();
    await page.goto(`${server.url}/m/${meeting.meetingId}/register`);
    await page.getByLabel('الاسم كما ينبغي أن يظهر').fill('سلمى يوسف');
    await page.getByLabel('فئة أصحاب المصلحة').selectOption('academic_technical');
    await page.getByLabel('عنوان البريد الإلكتروني (اختياري)').fill('salma@example.org');
    await page.getByRole('button', { name: 'تسجيل', exact: true }).click();
    // The address is bidi-isolated (U+2068 … U+2069) inside the Arabic sentence.
    await page.getByText(/وأرسلناه أيضًا إلى \u2068salma@example\.org\u2069/).waitFor({ timeout: 10_000 });
    const shown = await page.getByRole('textbox', { name: 'رابطك الشخصي' }).inputValue();
    const first = await smtp.messageTo('salma@example.org');
    expect(first.parsed.headers.get('content-language')).toBe('ar');
    expect(linkIn(first.parsed.text ?? '')).toBe(shown);
    await phone.close();

    const laptop = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    try {
      const other = await laptop.newPage();
      await other.goto(`${server.url}/m/${meeting.meetingId}/participant`);
      await other.getByText('Open that link again').waitFor({ timeout: 10_000 });
      await other.getByRole('link', { name: /Get your link again/ }).click();
      const since = smtp.received.length;
      await other.getByLabel('The e-mail address you registered with').fill('salma@example.org');
      await other.getByRole('button', { name: 'Send my link' }).click();
      await other.getByText('If this address is registered for this meeting, your link is on its way').waitFor({ timeout: 10_000 });
      const again = await smtp.messageTo('salma@example.org', since);
      expect(again.parsed.headers.get('content-language')).toBe('en');
      await other.goto(linkIn(again.parsed.text ?? ''));
      await other.getByRole('button', { name: 'Request the floor' }).waitFor({ timeout: 10_000 });
    } finally {
      await laptop.close();
    }
  });
});
