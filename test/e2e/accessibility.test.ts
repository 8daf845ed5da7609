import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, http, removeDir, seedMeeting, startServer, type RunningServer } from '../support/harness.js';
import { launchChromium } from '../support/browser.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** WCAG 2.0 to 2.2, levels A and AA (wcag22aa turns on the target-size rule). */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let server: RunningServer;
let browser: Browser;
let pages: [string, string][] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  const meeting = await seedMeeting(server.url);
  const links = (await http(server.url, 'GET', `/meetings/${meeting.meetingId}/links`)).body.links as {
    role: string;
    participantId: string | null;
    url: string;
  }[];
  const path = (url: string) => url.replace(server.url, '');
  const roleLink = (role: string) => path(links.find((link) => link.role === role && link.participantId === null)!.url);
  pages = [
    ['landing', '/'],
    ['setup', `/setup#admin=${ADMIN_TOKEN}`],
    ['registration', `/m/${meeting.meetingId}/register`],
    ['chair console', roleLink('chair')],
    ['participant page', path(links.find((link) => link.participantId === meeting.participants.remote.id)!.url)],
    ['room screen', roleLink('screen')],
    ['viewer page', roleLink('viewer')],
    ['captioner console', roleLink('captioner')],
    ['public archive', '/archive/'],
  ];
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (server) removeDir(server.dataDir);
});

describe('every page passes axe-core WCAG 2.2 AA checks in English and in Arabic', () => {
  for (const language of ['en', 'ar'] as const) {
    it(`all pages in ${language === 'en' ? 'English' : 'Arabic (right to left)'}`, async () => {
      const failures: string[] = [];
      for (const [name, path] of pages) {
        const context = await browser.newContext({ locale: language === 'ar' ? 'ar' : 'en-US' });
        await context.addInitScript((chosen) => localStorage.setItem('openfloor.language', chosen), language);
        const page = await context.newPage();
        await page.goto(`${server.url}${path}${path.startsWith('/archive') ? `?lang=${language}` : ''}`);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        expect(await page.evaluate(() => document.documentElement.lang), name).toBe(language);
        if (language === 'ar') expect(await page.evaluate(() => document.documentElement.dir), name).toBe('rtl');
        await page.addScriptTag({ content: axeSource });
        const violations = (await page.evaluate(
          (tags) =>
            (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown[] }> } }).axe
              .run(document, { runOnly: { type: 'tag', values: tags } })
              .then((result) => result.violations),
          TAGS,
        )) as { id: string; nodes: { target: string[] }[] }[];
        for (const violation of violations) {
          failures.push(`${name}: ${violation.id} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
        }
        await context.close();
      }
      expect(failures).toEqual([]);
    });
  }
});
