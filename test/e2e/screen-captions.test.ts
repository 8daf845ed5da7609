import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, http, MirrorClient, seedMeeting, type SeededMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

const ENGLISH = 'Good morning, colleagues.';
const ARABIC = 'صباح الخير أيها الزملاء.';

/** A meeting captioned in English and Arabic. */
async function captionedMeeting(): Promise<SeededMeeting> {
  const meeting = await seedMeeting(suite.server.url);
  const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
  try {
    await captioner.ready();
    for (const [language, text] of [
      ['en', ENGLISH],
      ['ar', ARABIC],
    ] as const) {
      const written = await captioner.send('caption:write', { language, erase: 0, text: `${text}\n` });
      if (!written.ok) throw new Error(`captions refused: ${written.error.code}`);
    }
  } finally {
    captioner.close();
  }
  return meeting;
}

/** The screen's roll-ups: their language, text and place. */
const rollUps = (screen: Page) =>
  screen.locator('.rollup').evaluateAll((elements) =>
    elements.map((element) => {
      const box = element.getBoundingClientRect();
      return {
        lang: element.getAttribute('lang'),
        text: (element as HTMLElement).innerText,
        rows: element.querySelectorAll('.rollup-row').length,
        left: box.left,
        right: box.right,
        top: box.top,
        bottom: box.bottom,
      };
    }),
  );

// Several pages per test, each step with its own bound; under CI's own load the whole runs past 30 s.
describe('caption languages of room screens and viewers, in Chromium', () => {
  it('the setup page issues a room screen link with Arabic captions; the screen it opens captions in Arabic under English labels', async () => {
    const meeting = await captionedMeeting();
    const setup = await suite.open(`/setup?meeting=${meeting.meetingId}#admin=${ADMIN_TOKEN}`);
    const form = setup.getByRole('form', { name: 'Issue a new link' });
    await form.getByLabel('Role').selectOption({ label: 'Room screen' }, { timeout: 10_000 });
    await form.getByLabel('Caption languages').selectOption({ label: 'Arabic' });
    await form.getByRole('button', { name: 'Issue the link' }).click();
    const issued = form.getByLabel('New link');
    await expect.poll(() => issued.inputValue(), { timeout: 10_000, message: 'the issued link' }).toMatch(/\/screen\?captions=ar#token=/);

    // A viewer's page reads one language: the choice narrows to single languages.
    await form.getByLabel('Role').selectOption({ label: 'Viewer' });
    const viewerOptions = await form.getByLabel('Caption languages').locator('option').allInnerTexts();
    expect(viewerOptions).toEqual(["The viewer's own choice", 'English', 'Arabic']);

    const screen = await suite.open(new URL(await issued.inputValue()).href.replace(/^https?:\/\/[^/]+/, ''));
    await expect.poll(() => rollUps(screen), { timeout: 10_000, message: 'Arabic captions on the screen' }).toEqual([expect.objectContaining({ lang: 'ar', text: ARABIC })]);
    await expect(screen.getByRole('heading', { name: 'Current speaker' }).count()).resolves.toBe(1);
    // The language stays in the address once the page has taken the token out of it.
    expect(new URL(screen.url()).search).toBe('?captions=ar');
  });

  it('before the first caption, each caption box says in its own language that captions appear there; the first caption takes its place', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const screen = await suite.open(`${links.role('screen').replace('/screen', '/screen?captions=en,ar')}`, { viewport: { width: 1920, height: 1080 } });
    await expect
      .poll(() => rollUps(screen), { timeout: 10_000, message: 'the waiting boxes' })
      .toEqual([
        expect.objectContaining({ lang: 'en', text: 'Captions appear here when the captioner writes.', rows: 0 }),
        expect.objectContaining({ lang: 'ar', text: 'يظهر التعليق النصي هنا عندما يكتب كاتب التعليق.', rows: 0 }),
      ]);
    const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
    await captioner.ready();
    expect((await captioner.send('caption:write', { language: 'en', erase: 0, text: ENGLISH })).ok).toBe(true);
    captioner.close();
    await expect
      .poll(async () => (await rollUps(screen))[0], { timeout: 10_000, message: 'the first English caption' })
      .toEqual(expect.objectContaining({ lang: 'en', text: ENGLISH, rows: 1 }));
    await screen.context().close();
  });

  it('a room screen for Arabic shows the English captions, saying so in Arabic, while nobody writes Arabic; Arabic again once it is written', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const screen = await suite.open(links.role('screen').replace('/screen', '/screen?captions=ar'), { viewport: { width: 1920, height: 1080 } });
    await expect
      .poll(() => rollUps(screen), { timeout: 10_000, message: 'the Arabic waiting box' })
      .toEqual([expect.objectContaining({ lang: 'ar', rows: 0 })]);
    const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
    try {
      await captioner.ready();
      expect((await captioner.send('caption:write', { language: 'en', erase: 0, text: `${ENGLISH}\n` })).ok).toBe(true);
      await expect
        .poll(() => rollUps(screen), { timeout: 10_000, message: 'the English captions standing in' })
        .toEqual([expect.objectContaining({ lang: 'en', text: ENGLISH, rows: 1 })]);
      const note = screen.locator('.caption-stand-in');
      // Language names are bidi-isolated (U+2068 … U+2069) inside the Arabic sentence.
      expect(await note.innerText()).toBe('التعليق النصي باللغة \u2068الإنكليزية\u2069: لا أحد يكتب باللغة \u2068العربية\u2069 حاليًا.');
      expect([await note.getAttribute('lang'), await note.getAttribute('dir')]).toEqual(['ar', 'rtl']);
      // The note takes its room from the lists above: the captions keep all of theirs, inside the screen.
      const box = await screen.locator('.caption-area').boundingBox();
      expect(box!.y + box!.height).toBeLessThanOrEqual(1080);

      expect((await captioner.send('caption:write', { language: 'ar', erase: 0, text: `${ARABIC}\n` })).ok).toBe(true);
      await expect
        .poll(() => rollUps(screen), { timeout: 10_000, message: 'the Arabic captions back' })
        .toEqual([expect.objectContaining({ lang: 'ar', text: ARABIC, rows: 1 })]);
      expect(await note.count()).toBe(0);
    } finally {
      captioner.close();
    }
    await screen.context().close();
  });

  it('a viewer link naming Arabic opens the viewer captions in Arabic, which the viewer can still change', async () => {
    const meeting = await captionedMeeting();
    const issued = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/links`, {
      role: 'viewer',
      captions: ['ar'],
    });
    const viewer = await suite.open(issued.body.url.replace(/^https?:\/\/[^/]+/, ''));
    const bar = viewer.getByRole('region', { name: 'Live captions' });
    await expect.poll(() => bar.innerText(), { timeout: 10_000, message: 'Arabic captions in the viewer bar' }).toContain(ARABIC);
    await viewer.getByLabel('Caption language').selectOption({ label: 'English (live)' });
    await expect.poll(() => bar.innerText(), { timeout: 10_000, message: 'English captions after the switch' }).toContain(ENGLISH);
  });

  it('the chair puts English and Arabic on the room screen side by side with the last three speakers listed, then stacked', async () => {
    const meeting = await captionedMeeting();
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const viewport = { width: 1920, height: 1080 };
    const chair = await suite.open(links.role('chair'), { viewport: { width: 1440, height: 900 } });
    const screen = await suite.open(links.role('screen'), { viewport });
    await expect.poll(() => rollUps(screen), { timeout: 10_000, message: 'English captions on the screen' }).toEqual([expect.objectContaining({ lang: 'en' })]);

    const settings = chair.getByRole('region', { name: 'Caption display' });
    await settings.getByLabel('Caption languages on the room screen').selectOption({ label: 'English and Arabic' });
    await expect(settings.getByRole('radio', { name: 'Side by side' }).isChecked()).resolves.toBe(true);
    await settings.getByLabel('Last speakers listed on the room screen (0 to 3)').selectOption('3');
    await settings.getByRole('button', { name: 'Apply to the room screen' }).click();

    const languagesShown = () => rollUps(screen).then((shown) => shown.map((rollUp) => rollUp.lang));
    await expect
      .poll(languagesShown, { timeout: 10_000, message: 'two languages on the screen' })
      .toEqual(['en', 'ar']);
    const [english, arabic] = await rollUps(screen);
    expect(english!.text).toBe(ENGLISH);
    expect(arabic!.text).toBe(ARABIC);
    // Side by side: one row, English first (on the left of an English screen).
    expect(english!.top).toBeCloseTo(arabic!.top, 0);
    expect(english!.right).toBeLessThanOrEqual(arabic!.left);

    // Three speeches: the screen lists them, the latest first (side by side leaves room for three).
    const { remote, room } = meeting.participants;
    const command = async (body: unknown) => {
      const result = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, body);
      if (result.status !== 200) throw new Error(JSON.stringify(result.body));
    };
    for (const participantId of [remote.id, room.id, remote.id]) {
      await command({ type: 'queue:add', participantId, kind: 'intervention' });
      await command({ type: 'floor:give' });
      await command({ type: 'floor:end' });
    }
    const last = screen.getByRole('region', { name: 'Last speakers' });
    await expect
      .poll(() => last.getByRole('listitem').allInnerTexts(), { timeout: 10_000, message: 'the last three speakers on the screen' })
      .toEqual([
        expect.stringContaining('Delegate of Kenya'),
        expect.stringContaining('Amina Civil'),
        expect.stringContaining('Delegate of Kenya'),
      ]);

    await settings.getByRole('radio', { name: /One above the other/ }).check();
    await settings.getByLabel('Lines on the room screen (3 to 8)').selectOption('8');
    await settings.getByRole('button', { name: 'Apply to the room screen' }).click();
    await expect
      .poll(async () => {
        const [top, bottom] = await rollUps(screen);
        return top && bottom && top.bottom <= bottom.top;
      }, { timeout: 10_000, message: 'the languages stacked' })
      .toBe(true);
    // Stacked, each language keeps at most four of the eight lines, so both fit.
    const stacked = await rollUps(screen);
    expect(stacked.map((rollUp) => [rollUp.lang, rollUp.left])).toEqual([
      ['en', stacked[0]!.left],
      ['ar', stacked[0]!.left],
    ]);
    expect(stacked[1]!.bottom).toBeLessThanOrEqual(viewport.height);
    // The list gives way to the captions, but still names the latest speaker.
    await expect(last.getByRole('listitem').first().innerText()).resolves.toContain('Delegate of Kenya');
  });

  it('two consoles set the room screen at once: a change applied on one shows on the other without wiping what is being edited there, and applying there keeps both', async () => {
    const meeting = await captionedMeeting();
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const [first, second] = [await suite.open(links.role('chair'), { viewport: { width: 1440, height: 900 } }), await suite.open(links.role('chair'), { viewport: { width: 1440, height: 900 } })];
    const settingsOf = (page: Page) => page.getByRole('region', { name: 'Caption display' });
    const linesOf = (page: Page) => settingsOf(page).getByLabel('Lines on the room screen (3 to 8)');
    const held = () => suite.server.app.registry.get(meeting.meetingId)!.state.captionDisplay;
    await linesOf(first).waitFor({ timeout: 10_000 });
    await linesOf(second).waitFor({ timeout: 10_000 });

    // The first console starts choosing six lines; the second applies yellow on black meanwhile.
    await linesOf(first).selectOption('6');
    await settingsOf(second).getByRole('radio', { name: 'Yellow on black' }).check();
    await settingsOf(second).getByRole('button', { name: 'Apply to the room screen' }).click();
    await expect.poll(() => held().theme, { timeout: 10_000 }).toBe('yellow-on-black');
    await expect
      .poll(() => settingsOf(first).getByRole('radio', { name: 'Yellow on black' }).isChecked(), { timeout: 10_000, message: 'the other console’s colours shown' })
      .toBe(true);
    expect(await linesOf(first).inputValue(), 'the lines being chosen here are kept').toBe('6');

    await settingsOf(first).getByRole('button', { name: 'Apply to the room screen' }).click();
    await expect.poll(() => held().lines, { timeout: 10_000 }).toBe(6);
    expect(held().theme, 'the other console’s colours are not undone').toBe('yellow-on-black');
  });
});
