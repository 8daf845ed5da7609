import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { meetingLinks, useBrowserAndServer, type MeetingLinks } from '../support/e2e.js';
import { http } from '../support/harness.js';
import { archiveHostileMeeting, hostileMeeting, hostileText, type HostileMeeting } from '../support/hostile.js';

/**
 * Hostile names, titles and captions, entered through the real API, on every page in
 * Chromium: nothing they carry runs (no script, no handler, no element made from them, no
 * dialog, no blocked inline script reported by the CSP), the markup is shown as text, and a
 * right-to-left override is either gone or inside an element that isolates it, so it cannot
 * reorder the text around it.
 */
const suite = useBrowserAndServer();
let meeting: HostileMeeting;
let links: MeetingLinks;
let cycleId: string;

/** Before any page script: a flag the hostile markup would set, dialogs and CSP reports kept. */
async function watch(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  page.on('dialog', (dialog) => {
    (page as unknown as { dialogs: string[] }).dialogs ??= [];
    (page as unknown as { dialogs: string[] }).dialogs.push(dialog.message());
    void dialog.dismiss();
  });
}

/** The text nodes with a bidi override that no ancestor wrapping only that text isolates. */
const unisolatedOverrides = (page: Page) =>
  page.evaluate(() => {
    const isolating = (element: Element) =>
      ['isolate', 'isolate-override', 'plaintext'].includes(getComputedStyle(element).unicodeBidi) || element.tagName === 'BDI';
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!/[\u202A-\u202E]/.test(text)) continue;
      let element = node.parentElement;
      let isolated = false;
      // Up through the elements that hold nothing but this text: one of them must isolate it.
      while (element && (element.textContent ?? '').trim() === text.trim()) {
        if (isolating(element)) {
          isolated = true;
          break;
        }
        element = element.parentElement;
      }
      if (!isolated && !(element && isolating(element) && element.childNodes.length === 1)) found.push(`${node.parentElement?.tagName}: ${JSON.stringify(text)}`);
    }
    return found;
  });

/** What the hostile text did on a page: it must have done nothing but be shown. */
async function effects(page: Page) {
  return page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned ?? null,
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    scripts: [...document.querySelectorAll('script')].filter((script) => (script.textContent ?? '').includes('__pwned')).length,
    handlers: [...document.querySelectorAll('*')].filter((element) => [...element.attributes].some((attribute) => attribute.name.startsWith('on'))).length,
    csp: (window as unknown as { cspViolations: string[] }).cspViolations,
  }));
}

/** Screenshots for people to look at, when asked for (INJECTION_SHOTS=<folder>). */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.INJECTION_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `injection-${name.replace(/[^a-z0-9]+/gi, '-')}.png`), fullPage: true });
}

/** Names and titles that stick out sideways from the block they are in (a long unbroken run on a phone). */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('bdi')]
      .filter((element) => {
        // The card, row, cell or paragraph it is in: a flex item's own box grows with its text.
        const block = element.parentElement?.closest('section, article, li, td, th, p, h1, h2, h3, dd, main');
        if (!block) return false;
        const box = element.getBoundingClientRect();
        const around = block.getBoundingClientRect();
        return box.width > 0 && (box.left < around.left - 1 || box.right > around.right + 1);
      })
      .map((element) => (element.textContent ?? '').slice(0, 40)),
  );

async function checkPage(name: string, path: string, shows: string, options: { viewport?: { width: number; height: number }; locale?: string } = {}) {
  const page = await suite.open(path, { beforeLoad: watch, ...options });
  // The hostile text is there, as text: the page has rendered what it was given.
  await page.getByText(shows, { exact: false }).first().waitFor({ timeout: 15_000 });
  expect(await effects(page), name).toEqual({ pwned: null, images: 0, scripts: 0, handlers: 0, csp: [] });
  expect((page as unknown as { dialogs?: string[] }).dialogs ?? [], `${name}: dialogs`).toEqual([]);
  expect(await unisolatedOverrides(page), `${name}: bidi overrides outside an isolate`).toEqual([]);
  expect(await overflowing(page), `${name}: text sticking out of its block`).toEqual([]);
  await shot(page, name);
  await page.context().close();
}

beforeAll(async () => {
  meeting = await hostileMeeting(suite.server.url);
  links = await meetingLinks(suite.server, meeting.meetingId);

  // A consultation whose proposal is as hostile, open for responses now: its meeting is two months away.
  const startsAt = Date.now() + 60 * 86_400_000;
  const created = await http(suite.server.url, 'POST', '/meetings', {
    details: {
      title: `Cycle ${hostileText.script}`,
      timeZone: 'Europe/Zurich',
      startsAt,
      endsAt: startsAt + 8 * 3600_000,
      languages: ['en', 'ar'],
      groupMeeting: { name: `Group ${hostileText.image}`, startsOn: new Date(startsAt + 3 * 86_400_000).toISOString().slice(0, 10) },
    },
  });
  const cycleMeeting = created.body.meetingId as string;
  await http(suite.server.url, 'POST', `/meetings/${cycleMeeting}/commands`, {
    type: 'meeting:update',
    details: { cycle: { settings: { launchWithinDays: 15, responsesDueDaysBefore: 30, compilationDaysBefore: 15, physicalWithinDaysBefore: 3 }, previousGroupMeetingEnd: null, consultationLaunchedOn: null } },
  });
  const cycle = await http(suite.server.url, 'POST', '/cycles', { fromMeeting: cycleMeeting });
  if (cycle.status !== 201) throw new Error(JSON.stringify(cycle.body));
  cycleId = cycle.body.cycleId;
  const run = async (body: unknown) => {
    const result = await http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, body);
    if (result.status !== 200) throw new Error(JSON.stringify(result.body));
    return result.body;
  };
  const proposal = await run({
    type: 'proposal:add',
    details: {
      memberState: `State ${hostileText.override}`,
      title: `Proposal ${hostileText.image} ${hostileText.override}`,
      description: `Why ${hostileText.script}\n\n${hostileText.srtTiming}`,
      questions: [`Question ${hostileText.image}?`],
    },
  });
  await run({ type: 'topics:choose', proposalIds: [proposal.createdId] });
  await run({ type: 'consultation:launch' });
}, 90_000);

describe('hostile text on every page, live and archived, in Chromium', () => {
  it('chair console', async () => {
    await checkPage('chair console', links.role('chair'), 'Delegate <script>', { viewport: { width: 1440, height: 900 } });
  });

  it('participant page, on a phone, in English and Arabic', async () => {
    const phone = { width: 390, height: 844 };
    await checkPage('participant page', links.participant(meeting.speakerId), 'Topic "><img', { viewport: phone });
    await checkPage('participant page, Arabic', links.participant(meeting.speakerId), 'Topic "><img', { viewport: phone, locale: 'ar' });
  });

  it('room screen', async () => {
    await checkPage('room screen', links.role('screen'), 'Delegate <script>', { viewport: { width: 1920, height: 1080 } });
  });

  it('viewer page with the captions, in English and Arabic', async () => {
    await checkPage('viewer page', links.role('viewer'), 'reversed?');
    // In Arabic the page follows the Arabic captions, which nobody wrote: the title is what it shows.
    await checkPage('viewer page, Arabic', links.role('viewer'), 'Consultation <script>', { locale: 'ar' });
  });

  it('consultation page and its form', async () => {
    await checkPage('consultation page', `/consult/${cycleId}?lang=en`, 'Proposal "><img');
    await checkPage('consultation page, Arabic', `/consult/${cycleId}?lang=ar`, 'Proposal "><img');
  });

  it('archive list, record page and the record in each language', async () => {
    await archiveHostileMeeting(suite.server.url, meeting);
    await checkPage('archive list', '/archive/', 'Consultation <script>');
    await checkPage('archived record', `/archive/${meeting.meetingId}/`, 'Delegate <script>');
    for (const language of ['en', 'ar']) {
      await checkPage(`record-${language}.html`, `/archive/${meeting.meetingId}/record-${language}.html`, 'Delegate <script>');
    }
  });
});
