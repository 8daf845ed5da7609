import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, seedMeeting, startServer, type RunningServer } from '../support/harness.js';
import { launchChromium } from '../support/browser.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dataDir);
});

async function open(path: string): Promise<Page> {
  // A context per person, as on separate devices.
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  return page;
}

const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

describe('end to end in Chromium', () => {
  it('a participant requests the floor, the chair gives it, and the room screen shows the speaker and countdown', async () => {
    const meeting = await seedMeeting(server.url);
    const links = (await (
      await fetch(`${server.url}/api/meetings/${meeting.meetingId}/links`, {
        headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
      })
    ).json()) as { links: { role: string; participantId: string | null; url: string }[] };
    const urlOf = (predicate: (link: { role: string; participantId: string | null }) => boolean) =>
      pathOf(links.links.find(predicate)!.url);

    const participant = await open(urlOf((link) => link.participantId === meeting.participants.remote.id));
    const chair = await open(urlOf((link) => link.role === 'chair'));
    const screen = await open(urlOf((link) => link.role === 'screen'));

    await participant.getByRole('button', { name: 'Request the floor' }).click();
    await expect
      .poll(() => participant.getByRole('status').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('1st'));

    const queueEntry = chair.getByText('Delegate of Kenya').first();
    await queueEntry.waitFor({ timeout: 10_000 });
    await chair.getByRole('button', { name: 'Next speaker' }).click();

    const speaker = screen.getByRole('region', { name: 'Current speaker' });
    await expect.poll(() => speaker.innerText(), { timeout: 10_000 }).toContain('Delegate of Kenya');
    await expect.poll(() => speaker.innerText()).toMatch(/remote/i);
    const timer = screen.getByRole('timer');
    await expect.poll(() => timer.innerText(), { timeout: 10_000 }).toMatch(/^\s*[12]:\d\d\s*$/);

    await expect
      .poll(() => participant.getByRole('status').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringMatching(/have the floor/i));

    await chair.getByRole('button', { name: 'End speech' }).click();
    await expect.poll(() => speaker.innerText(), { timeout: 10_000 }).not.toContain('Delegate of Kenya');
  });
});
