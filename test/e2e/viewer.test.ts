import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { meetingLinks, networkQuiet, useBrowserAndServer } from '../support/e2e.js';
import { accepted, http, MirrorClient, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();
const captioners: MirrorClient[] = [];
afterEach(() => {
  for (const client of captioners.splice(0)) client.close();
});

/** A fresh meeting, its viewer page, and a captioner writing English captions over the socket, as CAT software would. */
async function viewerWithCaptioner() {
  const meeting = await seedMeeting(suite.server.url);
  const links = await meetingLinks(suite.server, meeting.meetingId);
  const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
  captioners.push(captioner);
  await captioner.ready();
  const viewer = await suite.open(links.role('viewer'));
  const bar = viewer.getByRole('region', { name: 'Live captions' });
  // The page follows the stream before the first word.
  await bar.getByText('Captions appear here when the captioner writes.').waitFor({ timeout: 10_000 });
  const write = (text: string) => accepted(captioner.send('caption:write', { language: 'en', erase: 0, text }));
  return { meeting, links, viewer, bar, write, log: viewer.getByRole('log', { name: 'Transcript' }) };
}

const linesOf = async (log: Locator) => (await log.getByRole('listitem').allInnerTexts()).map((text) => text.trim());

/** How far the transcript is from its newest line, and where it stands. */
const scrollOf = (log: Locator) =>
  log.evaluate((element) => ({
    top: element.scrollTop,
    fromEnd: element.scrollHeight - element.scrollTop - element.clientHeight,
    overflows: element.scrollHeight > element.clientHeight,
  }));

describe('the viewer page in Chromium: the transcript', () => {
  it('is a labelled log of committed lines only; screen readers hear each line, only changes of speaker, or nothing, as the viewer chose', async () => {
    const { viewer, bar, write, log } = await viewerWithCaptioner();
    const status = viewer.locator('.transcript-panel [role="status"]');
    const announce = (name: string) => viewer.getByRole('group', { name: 'Read out by screen readers' }).getByRole('radio', { name });
    expect(await log.getAttribute('aria-relevant')).toBe('additions');
    // Silent until the page follows the stream live (the lines already there are not read out).
    await expect
      .poll(() => log.getAttribute('aria-live'), { timeout: 5_000, message: 'each line is read out unless told otherwise' })
      .toBe('polite');

    await write('Good morning, colleagues');
    await expect.poll(() => bar.innerText(), { timeout: 10_000, message: 'the tail in the caption bar' }).toContain('Good morning, colleagues');
    expect(await linesOf(log), 'the provisional tail is not in the transcript').toEqual([]);
    await write('\n');
    await expect.poll(() => linesOf(log), { timeout: 10_000, message: 'the committed line' }).toEqual(['Good morning, colleagues']);

    await announce('Only changes of speaker').check();
    await expect.poll(() => log.getAttribute('aria-live'), { timeout: 5_000 }).toBe('off');
    await write('>> Delegate of Kenya: Kenya supports the proposal.\n');
    await expect.poll(() => status.textContent(), { timeout: 10_000, message: 'the change of speaker said' }).toBe(
      'Now speaking: Delegate of Kenya',
    );
    await write('It brings connectivity to rural schools.\nAnd it is affordable.\n>> Amina Civil: Civil society');
    await expect.poll(() => linesOf(log), { timeout: 10_000 }).toHaveLength(4);
    expect(await status.textContent(), 'the same speaker is not announced again').toBe('Now speaking: Delegate of Kenya');
    await write(' agrees.\n');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Now speaking: Amina Civil');

    await announce('Nothing').check();
    await expect.poll(() => status.textContent(), { timeout: 5_000 }).toBe('');
    expect(await log.getAttribute('aria-live')).toBe('off');
    await write('>> Delegate of Kenya: Thank you.\n');
    await expect.poll(() => linesOf(log), { timeout: 10_000 }).toHaveLength(6);
    expect(await status.textContent(), 'nothing said with announcements off').toBe('');

    await announce('Each new line').check();
    await expect.poll(() => log.getAttribute('aria-live'), { timeout: 5_000 }).toBe('polite');
    await write('A tail still being written');
    await expect.poll(() => bar.innerText(), { timeout: 10_000 }).toContain('A tail still being written');
    // Each line once, its speaker named where it changes, never the tail.
    expect(await linesOf(log)).toEqual([
      'Good morning, colleagues',
      'Delegate of Kenya: Kenya supports the proposal.',
      'It brings connectivity to rural schools.',
      'And it is affordable.',
      'Amina Civil: Civil society agrees.',
      'Delegate of Kenya: Thank you.',
    ]);

    // The choice is the viewer's and stays with this browser.
    await viewer.reload();
    await expect.poll(() => announce('Each new line').isChecked(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => linesOf(log), { timeout: 10_000, message: 'the transcript again after a reload' }).toHaveLength(6);
  });

  it('pausing auto-scroll keeps the reader\'s place and counts new lines; jumping to live follows again; scrolling back by keyboard pauses and scrolling to the end resumes', async () => {
    const { viewer, write, log } = await viewerWithCaptioner();
    const pause = viewer.getByRole('button', { name: 'Pause auto-scroll' });
    const jump = viewer.getByRole('button', { name: /^Jump to live/ });
    const lines = Array.from({ length: 40 }, (_, index) => `Line ${index + 1} of the opening statement.`);
    await write(`${lines.join('\n')}\n`);
    await expect.poll(() => log.getByRole('listitem').count(), { timeout: 10_000, message: '40 committed lines' }).toBe(40);
    const start = await scrollOf(log);
    expect(start.overflows, 'the transcript holds more than it shows').toBe(true);
    expect(start.fromEnd, 'following the newest line').toBeLessThanOrEqual(1);

    await pause.click();
    expect(await pause.getAttribute('aria-pressed')).toBe('true');
    await log.evaluate((element) => (element.scrollTop = 100));
    await write('Line 41.\nLine 42.\nLine 43.\n');
    await expect.poll(() => jump.innerText(), { timeout: 10_000, message: 'the count of new lines' }).toBe('Jump to live (3 new lines)');
    expect((await scrollOf(log)).top, 'the reader\'s place is kept').toBe(100);

    await jump.click();
    await expect.poll(async () => (await scrollOf(log)).fromEnd, { timeout: 5_000, message: 'back at the newest line' }).toBeLessThanOrEqual(1);
    expect(await pause.getAttribute('aria-pressed')).toBe('false');
    expect(await jump.count()).toBe(0);
    await write('Line 44.\n');
    await expect.poll(() => log.getByRole('listitem').last().innerText(), { timeout: 10_000 }).toBe('Line 44.');
    await expect.poll(async () => (await scrollOf(log)).fromEnd, { timeout: 5_000, message: 'following again' }).toBeLessThanOrEqual(1);

    // By keyboard: the log takes focus; Home reads back from the start, End returns.
    await log.focus();
    await viewer.keyboard.press('Home');
    await expect.poll(() => pause.getAttribute('aria-pressed'), { timeout: 5_000, message: 'paused by scrolling back' }).toBe('true');
    await expect.poll(async () => (await scrollOf(log)).top, { timeout: 5_000, message: 'scrolled back to the start' }).toBe(0);
    await write('Line 45.\n');
    await expect.poll(() => jump.innerText(), { timeout: 10_000 }).toBe('Jump to live (1 new line)');
    expect((await scrollOf(log)).top).toBe(0);
    await viewer.keyboard.press('End');
    await expect.poll(() => pause.getAttribute('aria-pressed'), { timeout: 5_000, message: 'following again at the end' }).toBe('false');
    expect(await jump.count()).toBe(0);
    await write('Line 46.\n');
    await expect.poll(() => log.getByRole('listitem').last().innerText(), { timeout: 10_000 }).toBe('Line 46.');
    await expect.poll(async () => (await scrollOf(log)).fromEnd, { timeout: 5_000 }).toBeLessThanOrEqual(1);
  });
});

/** What the caption bar looks like: the preferences as a person sees them. */
async function barLook(page: Page) {
  const bar = page.getByRole('region', { name: 'Live captions' });
  return bar.evaluate((element) => {
    const style = getComputedStyle(element);
    const columns = document.querySelector('.columns')!.getBoundingClientRect();
    const box = element.getBoundingClientRect();
    return {
      fontSizePx: parseFloat(style.fontSize),
      rootFontSizePx: parseFloat(getComputedStyle(document.documentElement).fontSize),
      color: style.color,
      background: style.backgroundColor,
      position: box.top >= columns.bottom ? 'below' : box.bottom <= columns.top ? 'above' : 'overlapping',
      lines: [...element.querySelectorAll('.caption-bar-line')].map((line) => line.textContent),
    };
  });
}

describe('the viewer page in Chromium: caption preferences', () => {
  it('text size, colours, position and lines change the caption bar at once and are remembered after a reload; hidden captions stay hidden', async () => {
    const { viewer, write, links } = await viewerWithCaptioner();
    await write('One.\nTwo.\nThree.\nFour.\nFive.\n');
    const settings = viewer.getByText('Caption settings');
    const choose = (group: string, option: string) =>
      viewer.getByRole('group', { name: group }).getByRole('radio', { name: option });

    const before = await (async () => {
      await expect.poll(async () => (await barLook(viewer)).lines, { timeout: 10_000, message: 'the last two lines in the bar' }).toEqual([
        'Four.',
        'Five.',
      ]);
      return barLook(viewer);
    })();
    expect(before).toMatchObject({ color: 'rgb(0, 0, 0)', background: 'rgb(255, 255, 255)', position: 'above' });

    await settings.click();
    await choose('Text size', 'Extra large').check();
    await choose('Colours', 'Yellow on black').check();
    // By keyboard: the caption area moves to the other end of the page, and the settings go
    // with it, still open, the focus on the position just chosen.
    await choose('Position', 'Below the page content').focus();
    await viewer.keyboard.press('Space');
    await expect
      .poll(() => viewer.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value ?? null), {
        timeout: 5_000,
        message: 'the focus on the position just chosen',
      })
      .toBe('below');
    expect(await choose('Position', 'Below the page content').isChecked()).toBe(true);
    await viewer.keyboard.press('Tab');
    await viewer.keyboard.press('ArrowDown');
    await viewer.keyboard.press('ArrowDown');
    expect(await choose('Lines shown', '4 lines').isChecked(), 'the next setting reached by Tab').toBe(true);
    const chosen = {
      color: 'rgb(255, 255, 0)',
      background: 'rgb(0, 0, 0)',
      position: 'below',
      lines: ['Two.', 'Three.', 'Four.', 'Five.'],
    };
    await expect.poll(() => barLook(viewer), { timeout: 5_000, message: 'the bar as chosen' }).toMatchObject(chosen);
    const after = await barLook(viewer);
    expect(after.fontSizePx / after.rootFontSizePx, 'extra large text').toBeCloseTo(2.75, 2);
    expect(after.fontSizePx).toBeGreaterThan(before.fontSizePx);

    await viewer.reload();
    await expect.poll(() => barLook(viewer), { timeout: 10_000, message: 'the bar as chosen, after a reload' }).toMatchObject(chosen);
    expect((await barLook(viewer)).fontSizePx).toBe(after.fontSizePx);
    await viewer.getByText('Caption settings').click();
    for (const [group, option] of [
      ['Text size', 'Extra large'],
      ['Colours', 'Yellow on black'],
      ['Position', 'Below the page content'],
      ['Lines shown', '4 lines'],
    ] as const) {
      expect(await choose(group, option).isChecked(), `${group}: ${option} still chosen`).toBe(true);
    }

    const show = viewer.getByRole('checkbox', { name: 'Show captions' });
    await show.uncheck();
    await expect.poll(() => viewer.getByRole('region', { name: 'Live captions' }).count(), { timeout: 5_000 }).toBe(0);
    await viewer.reload();
    await expect.poll(() => show.isChecked(), { timeout: 10_000, message: 'the checkbox after a reload' }).toBe(false);
    expect(await viewer.getByRole('region', { name: 'Live captions' }).count(), 'captions still hidden').toBe(0);

    // Another browser keeps its own settings.
    const other = await suite.open(links.role('viewer'));
    await expect.poll(() => barLook(other), { timeout: 10_000 }).toMatchObject({
      color: 'rgb(0, 0, 0)',
      background: 'rgb(255, 255, 255)',
      position: 'above',
      lines: ['Four.', 'Five.'],
    });
  });
});

describe('the viewer page in Chromium: a meeting without audio and video', () => {
  it("says so, never asks for a LiveKit token and never loads LiveKit's client: a webcast of thousands reloading would each do it for nothing", async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const fetched: string[] = [];
    const viewer = await suite.open(links.role('viewer'), { beforeLoad: (page) => page.on('request', (request) => fetched.push(new URL(request.url()).pathname)) });
    await viewer.getByText('Audio and video are not available for this meeting. The list of speakers and the captions still work.').waitFor();
    await viewer.getByRole('region', { name: 'Live captions' }).getByText('Captions appear here when the captioner writes.').waitFor();
    await networkQuiet(viewer);
    expect(fetched.filter((path) => path.startsWith('/assets/')).length).toBeGreaterThan(0);
    // The meeting's presence, on the page's first events, already said there is none.
    expect(fetched.filter((path) => path === '/api/media/token')).toEqual([]);
    expect(fetched.filter((path) => path.includes('livekit'))).toEqual([]);
  });

  it("the room screen of a meeting with a sign-language booth asks for no LiveKit token either (it would look for the interpreter's picture)", async () => {
    const meeting = await seedMeeting(suite.server.url);
    const booth = await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'interpreter', label: 'International Sign: Ana', booth: 'sgn' });
    expect(booth.status).toBe(201);
    // The chair shows the interpreter on room screens: the screen would receive their picture.
    const chair = new MirrorClient(suite.server.url, meeting.tokens.chair);
    captioners.push(chair);
    await chair.ready();
    await accepted(chair.send('meeting:setCaptionDisplay', { display: { ...chair.state!.captionDisplay, signer: true } }));
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const fetched: string[] = [];
    const screen = await suite.open(links.role('screen'), {
      viewport: { width: 1920, height: 1080 },
      beforeLoad: (page) => page.on('request', (request) => fetched.push(new URL(request.url()).pathname)),
    });
    await screen.locator('.screen-title').waitFor();
    // The signer's place is taken from the last speakers (and stays empty: there is no audio/video).
    expect(await screen.getByRole('heading', { name: 'Last speaker' }).count()).toBe(0);
    await networkQuiet(screen);
    expect(fetched.filter((path) => path.startsWith('/assets/')).length).toBeGreaterThan(0);
    expect(fetched.filter((path) => path === '/api/media/token')).toEqual([]);
  });
});

describe('the viewer page in Chromium: a caption language nobody writes', () => {
  it('an Arabic viewer is told English captions are live while nobody writes Arabic, switches with one button, and the keyboard lands on the language chosen', async () => {
    const meeting = await seedMeeting(suite.server.url);
    const links = await meetingLinks(suite.server, meeting.meetingId);
    const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
    captioners.push(captioner);
    await captioner.ready();
    const viewer = await suite.open(links.role('viewer'), {
      viewport: { width: 390, height: 844 },
      beforeLoad: (page) => page.addInitScript(() => localStorage.setItem('openfloor.language', 'ar')),
    });
    const bar = viewer.getByRole('region', { name: 'التعليق النصي المباشر' });
    await bar.getByText('يظهر التعليق النصي هنا عندما يكتب كاتب التعليق.').waitFor({ timeout: 10_000 });
    const notice = viewer.locator('.caption-elsewhere');
    expect(await notice.getAttribute('role')).toBe('status');
    expect((await notice.innerText()).trim(), 'nothing to say while nothing is written').toBe('');

    await accepted(captioner.send('caption:write', { language: 'en', erase: 0, text: 'Good morning, colleagues' }));
    // Each language's name is bidi-isolated (U+2068 … U+2069) inside the sentence.
    await expect
      .poll(() => notice.innerText(), { timeout: 10_000, message: 'the Arabic viewer told English is live' })
      .toContain('لا أحد يكتب التعليق النصي باللغة \u2068العربية\u2069 حاليًا. التعليق النصي المباشر متاح باللغة \u2068الإنكليزية\u2069.');
    const select = viewer.getByRole('combobox', { name: 'لغة التعليق النصي' });
    expect(await select.locator('option[value="en"]').innerText()).toBe('\u2068الإنكليزية\u2069 (مباشر)');
    expect(await select.locator('option[value="ar"]').innerText()).toBe('العربية');
    expect(await axeViolations(viewer, 'the Arabic viewer page with the notice')).toEqual([]);

    const button = notice.getByRole('button', { name: 'عرض التعليق النصي باللغة \u2068الإنكليزية\u2069' });
    await button.focus();
    await viewer.keyboard.press('Enter');
    await expect.poll(() => bar.innerText(), { timeout: 10_000, message: 'the English captions in the bar' }).toContain('Good morning, colleagues');
    expect((await notice.innerText()).trim()).toBe('');
    expect(await select.inputValue()).toBe('en');
    expect(await select.evaluate((element) => element === document.activeElement), 'the focus on the caption language').toBe(true);
  });
});
