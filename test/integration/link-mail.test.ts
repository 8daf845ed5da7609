import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { http, MirrorClient, seedMeeting, startServer, stopServer, tokenOf, type RunningServer } from '../support/harness.js';
import { linksIn, startSmtpServer, type TestSmtpServer } from '../support/smtp.js';

let smtp: TestSmtpServer;
let server: RunningServer;
const clients: MirrorClient[] = [];
const printed: string[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startServer({ smtpUrl: smtp.url });
  // Everything the server prints, to check that no link ends up in its logs.
  for (const method of ['log', 'error', 'warn', 'info'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
  }
});
afterAll(async () => {
  vi.restoreAllMocks();
  for (const client of clients) client.close();
  await stopServer(server);
  await smtp.close();
});

const register = (meetingId: string, body: Record<string, unknown>) =>
  http(
    server.url,
    'POST',
    `/meetings/${meetingId}/registrations`,
    { stakeholderGroup: 'civil_society', attendance: 'remote', ...body },
    null,
  );

/** The one http(s) address on a line of its own in the message. */
function linkIn(text: string): string {
  const links = linksIn(text);
  expect(links).toHaveLength(1);
  return links[0]!;
}

async function participantOf(url: string): Promise<string | null> {
  const client = new MirrorClient(server.url, tokenOf(url));
  clients.push(client);
  await client.ready();
  return client.you?.participantId ?? null;
}

describe('personal links by e-mail', () => {
  it('a registrant who gives an address receives the link in English, and it opens their page', async () => {
    const meeting = await seedMeeting(server.url);
    const result = await register(meeting.meetingId, { displayName: 'Maria Silva', email: 'maria@example.org', language: 'en' });
    expect(result.status).toBe(201);
    expect(result.body.emailed).toBe(true);

    const mail = await smtp.messageTo('maria@example.org');
    expect(mail.parsed.subject).toBe('Your link to Open consultation on meaningful connectivity');
    expect(mail.parsed.headers.get('content-language')).toBe('en');
    expect(mail.parsed.from?.text).toContain('openfloor@test.invalid');
    const text = mail.parsed.text ?? '';
    expect(text).toContain('Hello Maria Silva,');
    expect(text).toMatch(/Europe\/Zurich/);
    const url = linkIn(text);
    expect(url).toBe(result.body.url);
    expect(await participantOf(url)).toBe(result.body.participantId);
  });

  it('a registrant reading the page in Arabic receives the e-mail in Arabic', async () => {
    const meeting = await seedMeeting(server.url);
    const result = await register(meeting.meetingId, { displayName: 'ليلى حداد', email: 'layla@example.org', language: 'ar' });
    expect(result.body.emailed).toBe(true);
    const mail = await smtp.messageTo('layla@example.org');
    // The meeting's Latin title is bidi-isolated (FSI … PDI) in the Arabic subject.
    expect(mail.parsed.subject).toBe('رابطك إلى \u2068Open consultation on meaningful connectivity\u2069');
    expect(mail.parsed.headers.get('content-language')).toBe('ar');
    const text = mail.parsed.text ?? '';
    expect(text).toContain('مرحبًا \u2068ليلى حداد\u2069،');
    expect(text).toContain('أرسل رابطي مرة أخرى');
    expect(await participantOf(linkIn(text))).toBe(result.body.participantId);
  });

  it('"send my link again" answers alike for known and unknown addresses, and mails only the known one', async () => {
    const meeting = await seedMeeting(server.url);
    const registered = await register(meeting.meetingId, { displayName: 'Kofi Mensah', email: 'Kofi@Example.org', language: 'en' });
    await smtp.messageTo('Kofi@Example.org');
    const before = smtp.received.length;

    const resend = (email: string) =>
      http(server.url, 'POST', `/meetings/${meeting.meetingId}/registrations/resend`, { email, language: 'ar' }, null);
    const unknown = await resend('nobody@example.org');
    const known = await resend(' kofi@example.org ');
    expect(unknown.status).toBe(202);
    expect(known.status).toBe(202);
    expect(unknown.body).toEqual(known.body);

    const again = await smtp.messageTo('kofi@example.org', before);
    expect(again.parsed.headers.get('content-language')).toBe('ar');
    expect(linkIn(again.parsed.text ?? '')).toBe(registered.body.url);
    // The unknown address was asked for first; by now its mail would have arrived.
    expect(smtp.received.slice(before).flatMap((mail) => mail.envelopeTo)).toEqual(['kofi@example.org']);
  });

  it('"send my link again" is rate limited per address, and the refusal says when to ask again', async () => {
    const meeting = await seedMeeting(server.url);
    const resend = () =>
      http(server.url, 'POST', `/meetings/${meeting.meetingId}/registrations/resend`, { email: 'flood@example.org' }, null);
    expect((await resend()).status).toBe(202);
    expect((await resend()).status).toBe(202);
    const third = await resend();
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('RATE_LIMITED');
    expect(third.body.error.retryAfterMs).toBeGreaterThan(0);
  });

  it('the server prints no personal link or address', () => {
    const tokens = smtp.received.map((mail) => tokenOf(linkIn(mail.parsed.text ?? '').replace(/\n/g, '')));
    expect(tokens.length).toBeGreaterThan(0);
    for (const line of printed) {
      for (const token of tokens) expect(line).not.toContain(token);
      expect(line).not.toMatch(/@example\.org/);
    }
  });
});
