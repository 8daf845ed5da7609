import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n/catalogue.js';
import { launchedCycle } from '../support/cycles.js';
import { http, startServer, stopServer, type RunningServer } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/** 22 October 2026: the consultation is open until 2 January 2027. */
const now = Date.UTC(2026, 9, 22, 8);
const BOUNCING = 'bounce@example.org';

let server: RunningServer;
let smtp: TestSmtpServer;
/** The mailboxes the relay refuses, changed as the test goes. */
const refuses = new Set<string>();
let cycleId: string;

const t = translator('en');
const linkIn = (text: string | undefined) => /https?:\/\/\S+\/consult\/\S+\/r\/\S+/.exec(text ?? '')?.[0];

async function post(path: string, fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(`${server.url}${path}`, { method: 'POST', body: form });
  return { status: response.status, html: await response.text() };
}

const respond = (name: string, email: string) =>
  post(`/consult/${cycleId}?lang=en`, { name, stakeholderGroup: 'civil_society', email, consent: 'yes', language: 'en', 'answer-p1': `${name} answers.` });

const askAgain = (email: string, lang = 'en') => post(`/consult/${cycleId}/link?lang=${lang}`, { 'resend-email': email });

const responseOf = async (email: string) =>
  ((await http(server.url, 'GET', `/cycles/${cycleId}/responses`)).body.responses as { id: string; email: string; confirmedAt: number | null }[]).find(
    (response) => response.email === email,
  )!;

beforeAll(async () => {
  smtp = await startSmtpServer({ refuses });
  server = await startServer({ clock: () => now, smtpUrl: smtp.url });
  cycleId = await launchedCycle(
    server.url,
    {
      title: 'Consultation on multilingualism',
      previousGroupMeeting: { name: 'CWG-Internet, October 2026', endsOn: '2026-10-20' },
      nextGroupMeeting: { name: 'CWG-Internet, February 2027', startsOn: '2027-02-04' },
    },
    { memberState: 'India', title: 'Multilingual Internet' },
  );
});

afterAll(async () => {
  await stopServer(server);
  await smtp?.close();
});

describe('a confirmation e-mail that could not be sent is sent again', () => {
  it('tells the respondent the e-mail failed, and the secretariat sends it again once the mailbox takes it', async () => {
    refuses.add(BOUNCING);
    const sent = await respond('Bounced Respondent', BOUNCING);
    expect(sent.status).toBe(201);
    expect(sent.html).toContain('the confirmation e-mail could not be sent');
    const response = await responseOf(BOUNCING);
    expect(response.confirmedAt).toBeNull();

    const refused = await http(server.url, 'POST', `/cycles/${cycleId}/responses/${response.id}/mail`);
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('MAIL_FAILED');

    refuses.delete(BOUNCING);
    const since = smtp.received.length;
    const resent = await http(server.url, 'POST', `/cycles/${cycleId}/responses/${response.id}/mail`);
    expect(resent.body).toEqual({ sentTo: BOUNCING });
    const link = linkIn((await smtp.messageTo(BOUNCING, since)).parsed.text);
    expect(link, 'the link in the e-mail sent again').toBeTruthy();
    expect((await fetch(link!)).status).toBe(200);
    expect((await responseOf(BOUNCING)).confirmedAt).not.toBeNull();

    expect((await http(server.url, 'POST', `/cycles/${cycleId}/responses/r999/mail`)).body.error.code).toBe('RESPONSE_NOT_FOUND');
    const stranger = await fetch(`${server.url}/api/cycles/${cycleId}/responses/${response.id}/mail`, { method: 'POST', headers: { authorization: 'Bearer not-the-token' } });
    expect(stranger.status).toBe(401);
  });

  it('lets a respondent ask for their link again, answering the same whether or not the address responded', async () => {
    expect((await respond('Lost Link', 'lost@example.org')).status).toBe(201);
    const first = linkIn((await smtp.messageTo('lost@example.org')).parsed.text);
    const page = await (await fetch(`${server.url}/consult/${cycleId}?lang=en`)).text();
    expect(page).toContain(`action="/consult/${cycleId}/link?lang=en"`);
    expect(page).toContain(t('consultation.resend.heading'));

    const since = smtp.received.length;
    const unknown = await askAgain('nobody@example.org');
    const known = await askAgain('LOST@example.org');
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    const answer = (html: string, email: string) => html.replace(email, '…');
    expect(answer(unknown.html, 'nobody@example.org')).toBe(answer(known.html, 'LOST@example.org'));
    // The same link as the first time: asking again neither changes nor revokes it.
    expect(linkIn((await smtp.messageTo('lost@example.org', since)).parsed.text)).toBe(first);
    expect(smtp.received.slice(since).filter((mail) => mail.envelopeTo.includes('nobody@example.org'))).toEqual([]);
  });

  it('asks again for an address at most twice at once, then once each ten minutes, and refuses an address that is not one', async () => {
    expect((await askAgain('twice@example.org')).status).toBe(202);
    expect((await askAgain('twice@example.org')).status).toBe(202);
    const third = await askAgain('Twice@Example.org');
    expect(third.status).toBe(429);
    expect(third.html).toContain(t('errors.RATE_LIMITED'));
    const invalid = await askAgain('not an address');
    expect(invalid.status).toBe(400);
    expect(invalid.html).toContain(t('errors.EMAIL_INVALID'));
  });

  it('offers no such form, and refuses the request, where the server sends no e-mail', async () => {
    const quiet = await startServer({ clock: () => now });
    try {
      const quietId = await launchedCycle(quiet.url, { title: 'Quiet' }, { memberState: 'India', title: 'Topic' });
      const page = await (await fetch(`${quiet.url}/consult/${quietId}?lang=en`)).text();
      expect(page).toContain('<form');
      expect(page).not.toContain('/link?lang=');
      const form = new FormData();
      form.append('resend-email', 'someone@example.org');
      expect((await fetch(`${quiet.url}/consult/${quietId}/link?lang=en`, { method: 'POST', body: form })).status).toBe(503);
    } finally {
      await stopServer(quiet);
    }
  });
});
