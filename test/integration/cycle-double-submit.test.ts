import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchedCycle } from '../support/cycles.js';
import { http, startServer, stopServer, type RunningServer } from '../support/harness.js';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

/**
 * A respondent on a slow connection presses "Send my response" twice, or goes back and sends the
 * page again: the form is one submission, so it makes one response and one confirmation e-mail.
 */
const now = Date.UTC(2026, 9, 22, 8);
let server: RunningServer;
let smtp: TestSmtpServer;
let cycleId: string;

const responsesOf = async (email: string) =>
  ((await http(server.url, 'GET', `/cycles/${cycleId}/responses`)).body.responses as { id: string; email: string }[]).filter((response) => response.email === email);

/** The public page as a browser gets it, and the hidden fields its form sends back. */
async function openForm(): Promise<Record<string, string>> {
  const page = await (await fetch(`${server.url}/consult/${cycleId}?lang=en`)).text();
  return Object.fromEntries([...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [match[1]!, match[2]!]));
}

async function send(fields: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = await fetch(`${server.url}/consult/${cycleId}?lang=en`, { method: 'POST', body: form });
  return { status: response.status, html: await response.text() };
}

const filled = (name: string, email: string) => ({ name, stakeholderGroup: 'civil_society', email, consent: 'yes', 'answer-p1': `${name} answers on open data.` });

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startServer({ clock: () => now, smtpUrl: smtp.url });
  cycleId = await launchedCycle(server.url);
});
afterAll(async () => {
  await stopServer(server);
  await smtp?.close();
});

describe('the public consultation form sent twice', () => {
  it('two posts of one form, at once, make one response and one e-mail, and both are thanked', async () => {
    const hidden = await openForm();
    expect(hidden.submission, 'the form carries its submission').toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    const since = smtp.received.length;
    const [first, second] = await Promise.all([send({ ...hidden, ...filled('Amina Diallo', 'amina@example.org') }), send({ ...hidden, ...filled('Amina Diallo', 'amina@example.org') })]);
    expect([first.status, second.status]).toEqual([201, 201]);
    for (const answer of [first, second]) expect(answer.html).toContain('amina@example.org');
    expect(await responsesOf('amina@example.org')).toHaveLength(1);
    await smtp.messageTo('amina@example.org', since);
    // Time for a second e-mail, were one sent.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.received.slice(since).filter((mail) => mail.envelopeTo.includes('amina@example.org'))).toHaveLength(1);
  });

  it('the page sent back after a refusal keeps its submission; corrected, it makes one response, and another page load is another response', async () => {
    const hidden = await openForm();
    const refused = await send({ ...hidden, ...filled('Jorge Pérez', 'jorge@example.org'), consent: '' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain(`name="submission" value="${hidden.submission}"`);
    expect((await send({ ...hidden, ...filled('Jorge Pérez', 'jorge@example.org') })).status).toBe(201);
    expect((await send({ ...hidden, ...filled('Jorge Pérez', 'jorge@example.org') })).status).toBe(201);
    expect(await responsesOf('jorge@example.org')).toHaveLength(1);
    // Another visit to the page is another response (the secretariat merges real duplicates).
    expect((await send({ ...(await openForm()), ...filled('Jorge Pérez', 'jorge@example.org') })).status).toBe(201);
    expect(await responsesOf('jorge@example.org')).toHaveLength(2);
  });
});
