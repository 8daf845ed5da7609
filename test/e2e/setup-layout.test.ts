import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserAndServer } from '../support/e2e.js';
import { launchedCycle } from '../support/cycles.js';
import { ADMIN_TOKEN, http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();
const sizes = [
  { name: 'room screen', width: 1920, height: 1080 },
  { name: 'console', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;
const shots = join(import.meta.dirname, '../../.cache/shots');
let meetingId = '';

beforeAll(async () => {
  meetingId = (await seedMeeting(suite.server.url)).meetingId;
  // With approval on and one registration waiting, the Registrations panel is laid out too.
  await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { registrationApproval: true, maxParticipants: 300 } });
  const waiting = { displayName: 'Layla Mansour', affiliation: 'Arab NGO Network', country: 'Lebanon', stakeholderGroup: 'civil_society', attendance: 'remote' };
  await http(suite.server.url, 'POST', `/meetings/${meetingId}/registrations`, waiting, null);
  mkdirSync(shots, { recursive: true });
});

/**
 * Pairs of visible form parts (labels, controls, hints, buttons, legends) whose boxes cross,
 * one not inside the other, and anything wider than the window.
 */
async function overlaps(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    if (!root) return [`${selector} not found`];
    const parts = [...root.querySelectorAll<HTMLElement>('label, input, select, textarea, button, legend, .hint, .field-error')]
      // Content of a closed <details> keeps boxes from its last layout; checkVisibility knows it is not shown.
      .filter((element) => element.checkVisibility({ visibilityProperty: true }) && element.getClientRects().length > 0)
      .filter((element) => !element.closest('.visually-hidden'));
    const name = (element: HTMLElement) =>
      `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''} “${(element.textContent || (element as HTMLInputElement).value || '').trim().slice(0, 30)}”`;
    const found: string[] = [];
    const widest = document.documentElement.clientWidth;
    for (const [index, a] of parts.entries()) {
      const ra = a.getBoundingClientRect();
      if (ra.right > widest + 1 || ra.left < -1) found.push(`${name(a)} leaves the window (${ra.left}–${ra.right} of ${widest})`);
      // A date and time picker squeezed below its content hides part of the date or its button.
      if (a instanceof HTMLInputElement && /^(date|time|datetime-local)$/.test(a.type) && a.scrollWidth > a.clientWidth + 1) {
        found.push(`${name(a)} is too narrow for its content (${a.clientWidth} of ${a.scrollWidth} px)`);
      }
      for (const b of parts.slice(index + 1)) {
        if (a.contains(b) || b.contains(a)) continue;
        // A label and the control it wraps or names share their box by design only when nested.
        const rb = b.getBoundingClientRect();
        const x = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
        const y = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
        if (x > 1 && y > 1) found.push(`${name(a)} overlaps ${name(b)} by ${Math.round(x)}×${Math.round(y)} px`);
      }
    }
    return found;
  }, scope);
}

describe('the setup page lays out its forms without overlaps', () => {
  for (const size of sizes) {
    for (const language of ['en', 'ar'] as const) {
      it(`meeting details and links at ${size.width}x${size.height} (${size.name}) in ${language}`, async () => {
        const page = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, {
          locale: language === 'ar' ? 'ar' : 'en-US',
          beforeLoad: async (opened) => {
            await opened.setViewportSize({ width: size.width, height: size.height });
            await opened.addInitScript((chosen) => localStorage.setItem('openfloor.language', chosen), language);
          },
        });
        try {
          const details = page.locator('.meeting-editor details').first();
          await details.locator('summary').click({ timeout: 10_000 });
          await page.locator('.meeting-editor input[type="datetime-local"]').first().waitFor({ timeout: 10_000 });
          await page.screenshot({ path: join(shots, `setup-${size.width}x${size.height}-${language}.png`), fullPage: true });
          expect(await overlaps(page, 'main')).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

describe('the setup page uses its width', () => {
  it('with no meeting chosen, the form to create one stands beside the list rather than under it, the wide column not left empty; choosing a meeting moves it under the list with what was typed in it', async () => {
    const page = await suite.open(`/setup#admin=${ADMIN_TOKEN}`, { viewport: { width: 1440, height: 900 } });
    try {
      const list = page.getByRole('region', { name: 'Meetings' });
      const create = page.getByRole('region', { name: 'Create a meeting' });
      await create.getByLabel('Title').fill('Second open consultation');
      const boxes = async () => ({ list: (await list.boundingBox())!, create: (await create.boundingBox())! });
      let { list: beside, create: form } = await boxes();
      expect(form.x, 'the form to the side of the list').toBeGreaterThanOrEqual(beside.x + beside.width);
      expect(form.y, 'level with the list').toBeLessThan(beside.y + 1);
      expect(form.x + form.width, 'the form over most of what the list leaves').toBeGreaterThan(beside.x + beside.width + (1440 - beside.width) / 2);

      await list.getByRole('button', { name: 'Manage' }).first().click();
      await page.locator('.meeting-editor').waitFor();
      ({ list: beside, create: form } = await boxes());
      expect(form.x, 'the form under the list').toBeCloseTo(beside.x, 0);
      expect(form.y).toBeGreaterThanOrEqual(beside.y + beside.height);
      const editor = (await page.locator('.meeting-editor').boundingBox())!;
      expect(editor.x, 'the meeting beside them').toBeGreaterThanOrEqual(beside.x + beside.width);
      expect(await create.getByLabel('Title').inputValue(), 'what was typed, kept').toBe('Second open consultation');
    } finally {
      await page.context().close();
    }
  });
});

describe('an English title on an Arabic page', () => {
  it('heads the meeting’s setup panel, its registration page, a consultation cycle’s page and its public consultation page from the right like the page, isolated inside its heading', async () => {
    const arabic = { beforeLoad: (opened: Page) => opened.addInitScript(() => localStorage.setItem('openfloor.language', 'ar')) };
    const cycleId = await launchedCycle(suite.server.url, { title: 'Open consultation on meaningful connectivity' });
    const setup = await suite.open(`/setup?meeting=${meetingId}#admin=${ADMIN_TOKEN}`, arabic);
    const register = await suite.open(`/m/${meetingId}/register`, { viewport: { width: 390, height: 844 }, ...arabic });
    const cycle = await suite.open(`/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`, arabic);
    const consultation = await suite.open(`/consult/${cycleId}?lang=ar`, { viewport: { width: 390, height: 844 } });
    for (const heading of [
      setup.locator('#editor-heading'),
      register.getByRole('heading', { name: 'Open consultation on meaningful connectivity', level: 2 }),
      cycle.locator('#cycle-heading'),
      consultation.getByRole('heading', { level: 1 }),
    ]) {
      await heading.waitFor({ timeout: 10_000 });
      const [direction, isolated] = await heading.evaluate((element) => [getComputedStyle(element).direction, element.querySelector('bdi')?.textContent]);
      expect(direction, await heading.evaluate((element) => element.outerHTML)).toBe('rtl');
      expect(isolated).toBe('Open consultation on meaningful connectivity');
    }
  });
});
