import { describe, expect, it } from 'vitest';
import { meetingLinks, openPage, useBrowserAndServer } from '../support/e2e.js';
import { http, seedMeeting, startServer, stopServer } from '../support/harness.js';

// A long quiet period: the typo must still be provisional when the correction arrives.
const suite = useBrowserAndServer({ captionQuietMs: 60_000 });

describe('live captions end to end in Chromium', () => {
  it('the captioner types and corrects a line; the room screen and a participant see the correction, and the transcript gets the committed line', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);

    const captioner = await suite.open(links.role('captioner'));
    const screen = await suite.open(links.role('screen'));
    const participant = await suite.open(links.participant(meeting.participants.remote.id));

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
    const stream = suite.server.app.captions.fullStream(meeting.meetingId, 'en')!;
    expect(stream.lines.map((line) => line.text)).toEqual(['Good morning, colleagues']);
    expect(stream.tail.text).toBe('');
  });

  it('two seats hand over without losing text; a quiet pause commits the line; Alt+1 labels the floor holder', async () => {
    // This case needs a short quiet period: a server of its own.
    const quiet = await startServer({ captionQuietMs: 800 });
    try {
      const seeded = await seedMeeting(quiet.url);
      // Seat 2 takes over with the console's button: the lead captioner's seat.
      await http(quiet.url, 'POST', `/meetings/${seeded.meetingId}/links`, { role: 'captioner', label: 'Seat 2', lead: true });
      const links = await meetingLinks(quiet, seeded.meetingId);
      const seat1Link = links.all.find((link) => link.role === 'captioner' && link.label === 'captioner')!;
      const seat2Link = links.all.find((link) => link.role === 'captioner' && link.label === 'Seat 2')!;
      const openOn = (path: string) => openPage(suite.browser, `${quiet.url}${path}`);
      const seat1 = await openOn(seat1Link.path);
      const seat2 = await openOn(seat2Link.path);
      const participant = await openOn(links.participant(seeded.participants.room.id));
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
      await stopServer(quiet);
    }
  });

  it('on a tablet, in English and Arabic, each of the next speakers has its "Insert label" button beside the name, a long name wrapping, and every name starts at the page’s start', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    for (const [displayName, affiliation] of [['Delegate of the United Kingdom of Great Britain and Northern Ireland', 'DSIT'], ['عبد الرحمن المنصوري', 'هيئة تنظيم الاتصالات']]) {
      const registered = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/registrations`, { displayName, affiliation, country: 'X', stakeholderGroup: 'government', attendance: 'room' }, null);
      await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'queue:add', participantId: registered.body.participantId, kind: 'intervention' });
    }
    for (const language of ['en', 'ar']) {
      const captioner = await suite.open(links.role('captioner'), { viewport: { width: 1180, height: 820 } });
      if (language === 'ar') {
        await captioner.evaluate(() => localStorage.setItem('openfloor.language', 'ar'));
        await captioner.reload();
      }
      await captioner.locator('.next-speaker').nth(1).waitFor({ timeout: 10_000 });
      const rows = await captioner.locator('.next-speaker').evaluateAll((items) =>
        items.map((item) => {
          const name = item.querySelector('.person-name')!;
          const text = document.createRange();
          text.selectNodeContents(name);
          const lines = [...text.getClientRects()];
          const button = item.querySelector('button')!.getBoundingClientRect();
          const list = item.getBoundingClientRect();
          const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
          return {
            name: (name.textContent ?? '').slice(0, 20),
            lines: new Set(lines.map((line) => Math.round(line.top))).size,
            buttonBeside: button.top < Math.max(...lines.map((line) => line.bottom)) && button.bottom > Math.min(...lines.map((line) => line.top)),
            // How far the name's first line starts from the row's start side.
            startGap: Math.round(rtl ? list.right - Math.max(...lines.map((line) => line.right)) : Math.min(...lines.map((line) => line.left)) - list.left),
          };
        }),
      );
      for (const row of rows) {
        expect(row.buttonBeside, `${language}: ${row.name}: the button beside the name`).toBe(true);
        expect(row.startGap, `${language}: ${row.name}: the name at the row's start`).toBeLessThanOrEqual(1);
      }
      expect(rows.some((row) => row.lines > 1), `${language}: the long name wraps`).toBe(true);
      await captioner.context().close();
    }
  });
});
