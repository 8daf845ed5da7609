import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page, Route } from 'playwright-core';
import { CAPTION_LINES_PATH } from '../../shared/protocol/captions.js';
import { afterEach, describe, expect, it } from 'vitest';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { accepted, MirrorClient, seedMeeting } from '../support/harness.js';

/**
 * Issue 12, "nothing lost for a viewer who was away", in Chromium: the viewer page goes offline
 * for longer than the server's caption tail (50 entries here), comes back, and its transcript
 * holds every committed line; the caught-up lines are shown, not read out.
 */
const suite = useBrowserAndServer({ captionTailSize: 50, captionQuietMs: 60_000 });
const captioners: MirrorClient[] = [];
afterEach(() => {
  for (const client of captioners.splice(0)) client.close();
});

const arabic = JSON.parse(readFileSync(join(import.meta.dirname, '../../shared/i18n/ar.json'), 'utf8')) as { transcript: Record<string, string> };
const linesOf = async (log: Locator) => (await log.getByRole('listitem').allInnerTexts()).map((text) => text.trim());

/** A meeting with its viewer page showing the transcript, and a captioner writing lines straight to the server. */
async function viewerAway(locale = 'en-US') {
  const meeting = await seedMeeting(suite.server.url);
  const links = await meetingLinks(suite.server, meeting.meetingId);
  const captioner = new MirrorClient(suite.server.url, meeting.tokens.captioner);
  captioners.push(captioner);
  await captioner.ready();
  // English captions, whatever the interface's language.
  const viewer = await suite.open(`${links.role('viewer')}`.replace('/viewer', '/viewer?captions=en'), { locale });
  const log = viewer.locator('[role="log"]');
  const write = (text: string) => accepted(captioner.send('caption:write', { language: 'en', erase: 0, text }));
  /** Lines as a CAT program sends them: a few words at a time, many entries a line. */
  const typeLines = async (from: number, count: number) => {
    const linkId = captioner.you!.linkId;
    const writes = [];
    for (let line = from; line < from + count; line += 1) {
      for (const words of [`Line ${line}`, ' of the', ' record.\n']) {
        writes.push(suite.server.app.captions.write(meeting.meetingId, 'en', { kind: 'captioner', linkId }, { type: 'caption:write', erase: 0, text: words }));
      }
    }
    for (const result of await Promise.all(writes)) expect(result.ok).toBe(true);
  };
  const stored = () => suite.server.app.captions.fullStream(meeting.meetingId, 'en')!.lines.map((line) => line.text);
  await typeLines(1, 3);
  await expect.poll(() => linesOf(log), { timeout: 10_000, message: 'the first lines live' }).toEqual(stored());
  await expect.poll(() => log.getAttribute('aria-live'), { timeout: 5_000, message: 'the transcript reading out new lines' }).toBe('polite');
  await recordAnnouncements(viewer);

  await viewer.context().setOffline(true);
  // The viewer page reads the meeting event stream: the node lets it go, as it would a socket.
  suite.server.app.eventStreams.endAll();
  // The page says it is offline, in its own language.
  await viewer.locator('.banner-alert').waitFor({ timeout: 10_000 });
  // 160 lines of 3 entries: far past the tail, and more lines than a snapshot carries.
  await typeLines(4, 160);
  return { meeting, viewer, log, write, typeLines, stored };
}

/**
 * Each line the transcript gains, with whether the log was a live region as it was added: what
 * a screen reader would have read out.
 */
function recordAnnouncements(page: Page): Promise<void> {
  return page.evaluate(() => {
    const log = document.querySelector('[role="log"]')!;
    const said: string[] = [];
    (window as unknown as { said: string[] }).said = said;
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeName === 'LI' && log.getAttribute('aria-live') === 'polite') said.push(node.textContent!.trim());
        }
      }
    }).observe(log, { childList: true, subtree: true });
  });
}

const announced = (page: Page) => page.evaluate(() => (window as unknown as { said: string[] }).said);

/**
 * Holds the answers to the page's requests for missed lines (`GET /api/captions/lines`) until
 * released, or fails them, as a bad network between the page and the server would.
 */
async function gateLines(page: Page) {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  let failing = false;
  const matches = (url: URL) => url.pathname === CAPTION_LINES_PATH;
  const handler = async (route: Route) => {
    if (failing) return route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ error: { code: 'INTERNAL', message: '' } }) });
    await opened;
    await route.continue();
  };
  await page.route(matches, handler);
  return {
    release,
    fail: () => (failing = true),
    // A held request released just before goes on to the server rather than failing.
    restore: () => page.unrouteAll({ behavior: 'wait' }),
  };
}

const shot = async (page: Page, name: string) => {
  if (process.env.OPENFLOOR_SHOTS) await page.locator('.transcript-panel').screenshot({ path: join(process.env.OPENFLOOR_SHOTS, name) });
};

describe('a viewer page away longer than the caption tail, in Chromium', () => {
  it('comes back to every committed line once and in order, says it is catching up meanwhile, and reads out only the lines written live', async () => {
    const { viewer, log, write, stored } = await viewerAway();
    // A reader who paused auto-scroll is told how many lines follow where they stopped, each once.
    await viewer.getByRole('button', { name: 'Pause auto-scroll' }).click();
    const gate = await gateLines(viewer);
    try {
      await viewer.context().setOffline(false);
      const notice = viewer.locator('.transcript-panel').getByRole('status').filter({ hasText: 'Catching up' });
      await notice.waitFor({ timeout: 15_000 });
      expect(await notice.innerText()).toBe('Catching up on the lines missed while offline…');
      expect(await log.getAttribute('aria-live'), 'silent while catching up').toBe('off');
      await shot(viewer, 'transcript-catching-up-en.png');
      gate.release();
    } finally {
      await gate.restore();
    }
    await expect.poll(() => linesOf(log), { timeout: 15_000, message: 'the whole transcript' }).toEqual(stored());
    expect(stored()).toHaveLength(163);
    await viewer.locator('.transcript-catching-up').waitFor({ state: 'detached', timeout: 5_000 });
    await expect.poll(() => log.getAttribute('aria-live'), { timeout: 5_000, message: 'live again' }).toBe('polite');
    expect(await announced(viewer), 'no caught-up line read out').toEqual([]);
    const jump = viewer.getByRole('button', { name: /^Jump to live/ });
    expect(await jump.innerText(), 'every line missed is new to the reader, once').toBe('Jump to live (160 new lines)');

    await write('Back live after the break.\n');
    await expect.poll(() => linesOf(log), { timeout: 10_000 }).toEqual(stored());
    expect(await announced(viewer), 'the new line read out').toEqual(['Back live after the break.']);
    expect(await jump.innerText()).toBe('Jump to live (161 new lines)');
    await jump.click();
    await shot(viewer, 'transcript-caught-up-en.png');
  });

  it('says how many missed lines it could not load, where they belong, and loads them on "Try again"', async () => {
    const { viewer, log, stored } = await viewerAway();
    const gate = await gateLines(viewer);
    const notice = viewer.locator('.transcript-skipped-notice');
    gate.fail();
    try {
      await viewer.context().setOffline(false);
      await notice.waitFor({ timeout: 20_000 });
      const lines = stored();
      // The page holds the three lines from before and the snapshot's hundred most recent.
      const missed = lines.length - 3 - 100;
      expect(await notice.innerText()).toBe(`${missed} lines missed while offline could not be loaded. Try again`);
      // And where they belong in the transcript.
      expect(await linesOf(log)).toEqual([...lines.slice(0, 3), `${missed} lines not loaded here.`, ...lines.slice(3 + missed)]);
      await shot(viewer, 'transcript-skipped-en.png');
    } finally {
      await gate.restore();
    }
    await notice.getByRole('button', { name: 'Try again' }).focus();
    await viewer.keyboard.press('Enter');
    await expect.poll(() => linesOf(log), { timeout: 15_000, message: 'the whole transcript after trying again' }).toEqual(stored());
    await notice.waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('in Arabic, says what it could not load in Arabic, right to left, with the count in the right plural form', async () => {
    const { viewer, stored } = await viewerAway('ar');
    const gate = await gateLines(viewer);
    gate.fail();
    try {
      await viewer.context().setOffline(false);
      const notice = viewer.locator('.transcript-skipped-notice');
      await notice.waitFor({ timeout: 20_000 });
      const missed = stored().length - 3 - 100;
      const form = new Intl.PluralRules('ar').select(missed);
      const expected = arabic.transcript[`skipped_${form}`]!.replace('{{count}}', String(missed));
      expect(await notice.innerText()).toBe(`${expected} ${arabic.transcript.retrySkipped}`);
      expect(await viewer.locator('.transcript-skipped').innerText()).toBe(arabic.transcript[`gap_${form}`]!.replace('{{count}}', String(missed)));
      expect(await viewer.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await shot(viewer, 'transcript-skipped-ar.png');
    } finally {
      await gate.restore();
    }
  });
});
