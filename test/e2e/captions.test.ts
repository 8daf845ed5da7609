import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, removeDir, seedMeeting, startServer, type RunningServer } from '../support/harness.js';
import { launchChromium } from '../support/browser.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  // A long quiet period: the typo must still be provisional when the correction arrives.
  server = await startServer({ captionQuietMs: 60_000 });
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

interface LinkRow {
  id: string;
  role: string;
  label: string;
  participantId: string | null;
  url: string;
}

/** Every link of a meeting with its page URL, as the secretariat lists them. */
async function linksOf(base: string, meetingId: string): Promise<LinkRow[]> {
  const response = await fetch(`${base}/api/meetings/${meetingId}/links`, {
    headers: { authorization: 'Bearer test-admin-token-0123456789abcdef' },
  });
  return ((await response.json()) as { links: LinkRow[] }).links;
}

describe('live captions end to end in Chromium', () => {
  it('the captioner types and corrects a line; the room screen and a participant see the correction, and the transcript gets the committed line', async () => {
    const meeting = await seedMeeting(server.url);
    const links = await linksOf(server.url, meeting.meetingId);
    const urlOf = (predicate: (link: LinkRow) => boolean) => pathOf(links.find(predicate)!.url);

    const captioner = await open(urlOf((link) => link.role === 'captioner'));
    const screen = await open(urlOf((link) => link.role === 'screen'));
    const participant = await open(urlOf((link) => link.participantId === meeting.participants.remote.id));

    const screenCaptions = screen.getByRole('region', { name: 'Captions' });
    const bar = participant.getByRole('region', { name: 'Live captions' });
    const transcript = participant.getByRole('log', { name: 'Transcript' });
    // Everyone is following the stream before the first word.
    await bar.getByText('Captions appear here when the captioner writes.').waitFor({ timeout: 10_000 });
    await screenCaptions.waitFor({ timeout: 10_000 });
    await expect(transcript.getAttribute('aria-relevant')).resolves.toBe('additions');

    const area = captioner.getByRole('textbox', { name: 'Caption text (the current line)' });
    await expect.poll(() => area.isEditable(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => captioner.getByText('Nobody is writing yet', { exact: false }).count()).toBe(1);
    await area.click();
    await captioner.keyboard.type('Good mornign', { delay: 15 });

    await expect.poll(() => screenCaptions.innerText(), { timeout: 10_000 }).toContain('Good mornign');
    await expect.poll(() => bar.innerText(), { timeout: 10_000 }).toContain('Good mornign');
    // The typing claimed the stream for this seat.
    await expect.poll(() => captioner.getByText('You are writing', { exact: false }).count()).toBe(1);
    // Provisional text never enters the transcript.
    expect(await transcript.innerText()).not.toContain('Good');

    await captioner.keyboard.press('Backspace');
    await captioner.keyboard.press('Backspace');
    await captioner.keyboard.type('ng, colleagues', { delay: 15 });
    await expect.poll(() => area.inputValue()).toBe('Good morning, colleagues');

    await expect.poll(() => screenCaptions.innerText(), { timeout: 10_000 }).toContain('Good morning, colleagues');
    await expect.poll(() => bar.innerText(), { timeout: 10_000 }).toContain('Good morning, colleagues');
    expect(await screenCaptions.innerText()).not.toContain('mornign');
    expect(await bar.innerText()).not.toContain('mornign');
    expect(await transcript.innerText()).not.toContain('Good');

    await captioner.keyboard.press('Enter');
    await expect.poll(() => transcript.innerText(), { timeout: 10_000 }).toContain('Good morning, colleagues');
    expect(await transcript.innerText()).not.toContain('mornign');
    await expect(transcript.getByRole('listitem').count()).resolves.toBe(1);
    // The writing area shows only the provisional tail, now empty; the line is among the recent ones.
    await expect.poll(() => area.inputValue()).toBe('');
    await expect
      .poll(() => captioner.getByRole('list', { name: 'Recent lines' }).innerText())
      .toContain('Good morning, colleagues');
    // The committed line stays on the room screen and in the caption bar.
    expect(await screenCaptions.innerText()).toContain('Good morning, colleagues');
    expect(await bar.innerText()).toContain('Good morning, colleagues');
    // The console measures its own round trip, as viewers receive it.
    await expect.poll(() => captioner.getByText(/Latency to viewers: \d+ ms/).count()).toBe(1);

    // What the server stored is the corrected line, committed once, with nothing left over.
    const stream = server.app.captions.fullStream(meeting.meetingId, 'en')!;
    expect(stream.lines.map((line) => line.text)).toEqual(['Good morning, colleagues']);
    expect(stream.tail.text).toBe('');
  });

  it('two seats hand over without losing text; a quiet pause commits the line; Alt+1 labels the floor holder', async () => {
    // This case needs a short quiet period: a server of its own.
    const quiet = await startServer({ captionQuietMs: 800 });
    try {
      const seeded = await seedMeeting(quiet.url);
      await http(quiet.url, 'POST', `/meetings/${seeded.meetingId}/links`, { role: 'captioner', label: 'Seat 2' });
      const links = await linksOf(quiet.url, seeded.meetingId);
      const seat1Link = links.find((link) => link.role === 'captioner' && link.label === 'captioner')!;
      const seat2Link = links.find((link) => link.role === 'captioner' && link.label === 'Seat 2')!;
      const openOn = async (url: string) => {
        const context = await browser.newContext({ locale: 'en-US' });
        const page = await context.newPage();
        await page.goto(`${quiet.url}${pathOf(url)}`);
        return page;
      };
      const seat1 = await openOn(seat1Link.url);
      const seat2 = await openOn(seat2Link.url);
      const participant = await openOn(links.find((link) => link.participantId === seeded.participants.room.id)!.url);
      const transcript = participant.getByRole('log', { name: 'Transcript' });
      await participant.getByText('Captions appear here when the captioner writes.').waitFor({ timeout: 10_000 });

      const area1 = seat1.getByRole('textbox', { name: 'Caption text (the current line)' });
      const area2 = seat2.getByRole('textbox', { name: 'Caption text (the current line)' });
      await expect.poll(() => area1.isEditable(), { timeout: 10_000 }).toBe(true);
      await area1.click();
      await seat1.keyboard.type('Seat one opens the session', { delay: 10 });
      // Nothing pressed: the quiet period commits the line, and the writing area follows.
      await expect.poll(() => transcript.innerText(), { timeout: 10_000 }).toContain('Seat one opens the session');
      await expect.poll(() => area1.inputValue(), { timeout: 10_000 }).toBe('');

      // Seat 2 reads along until it takes over.
      await expect.poll(() => seat2.getByText('captioner is writing.', { exact: false }).count(), { timeout: 10_000 }).toBe(1);
      expect(await area2.isEditable()).toBe(false);
      await seat1.keyboard.type('and hands over', { delay: 10 });
      // The next writer reads the live tail along, and takes over at the end of a phrase.
      await expect.poll(() => area2.inputValue(), { timeout: 10_000 }).toBe('and hands over');
      await seat2.getByRole('button', { name: 'Take over' }).click();
      await expect.poll(() => seat2.getByText('You are writing (Seat 2).').count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => seat1.getByText('Seat 2 is writing.', { exact: false }).count(), { timeout: 10_000 }).toBe(1);
      await expect.poll(() => area1.isEditable()).toBe(false);
      await expect.poll(() => area1.inputValue()).toBe('');
      await expect.poll(() => transcript.innerText(), { timeout: 10_000 }).toContain('and hands over');

      // The chair gives the floor; Alt+1 labels its holder.
      const command = (body: unknown) => http(quiet.url, 'POST', `/meetings/${seeded.meetingId}/commands`, body);
      await command({ type: 'queue:add', participantId: seeded.participants.remote.id, kind: 'intervention' });
      await command({ type: 'floor:give' });
      await expect.poll(() => seat2.getByRole('region', { name: 'Speakers and sounds' }).innerText(), { timeout: 10_000 }).toContain(
        'Delegate of Kenya',
      );
      await expect.poll(() => area2.isEditable()).toBe(true);
      await area2.click();
      await seat2.keyboard.press('Alt+1');
      await expect.poll(() => area2.inputValue()).toBe('>> Delegate of Kenya: ');
      await seat2.keyboard.type('Thank you, Chair.', { delay: 10 });
      await seat2.keyboard.press('Enter');
      await expect.poll(() => transcript.innerText(), { timeout: 10_000 }).toContain('Delegate of Kenya: Thank you, Chair.');

      // Nothing lost, nothing repeated, each part under the seat that wrote it.
      const stream = quiet.app.captions.fullStream(seeded.meetingId, 'en')!;
      expect(stream.lines.map((line) => [line.text, line.writer])).toEqual([
        ['Seat one opens the session', seat1Link.id],
        ['and hands over', seat1Link.id],
        ['>> Delegate of Kenya: Thank you, Chair.', seat2Link.id],
      ]);
      expect(stream.lines[2]!.speaker.label).toBe('Delegate of Kenya');
      await expect(transcript.getByRole('listitem').count()).resolves.toBe(3);
    } finally {
      await quiet.stop();
      removeDir(quiet.dataDir);
    }
  });
});
