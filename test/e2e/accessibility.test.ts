import { beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.js';
import { meetingLinks, useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();
/** Every page, by name, with its path. */
let pages: [string, string][] = [];

beforeAll(async () => {
  const meeting = await seedMeeting(suite.server.url);
  const links = await meetingLinks(suite.server, meeting.meetingId);
  pages = [
    ['landing', '/'],
    ['setup', `/setup#admin=${ADMIN_TOKEN}`],
    ['registration', `/m/${meeting.meetingId}/register`],
    ['chair console', links.role('chair')],
    ['participant page', links.participant(meeting.participants.remote.id)],
    ['room screen', links.role('screen')],
    ['viewer page', links.role('viewer')],
    ['captioner console', links.role('captioner')],
    ['public archive', '/archive/'],
  ];
});

describe('every page passes axe-core WCAG 2.2 AA checks and keeps to the Content-Security-Policy, in English and in Arabic', () => {
  for (const language of ['en', 'ar'] as const) {
    it(`all pages in ${language === 'en' ? 'English' : 'Arabic (right to left)'}`, async () => {
      const failures: string[] = [];
      for (const [name, path] of pages) {
        const page = await suite.open(`${path}${path.startsWith('/archive') ? `?lang=${language}` : ''}`, {
          locale: language === 'ar' ? 'ar' : 'en-US',
          beforeLoad: async (opened) => {
            await opened.addInitScript((chosen) => localStorage.setItem('openfloor.language', chosen), language);
            // The built client must keep to the Content-Security-Policy: every violation is kept.
            await opened.addInitScript(() => {
              const seen: string[] = [];
              (window as unknown as { cspViolations: string[] }).cspViolations = seen;
              document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
            });
          },
        });
        // The page's own content, not its loading or connecting state, is what axe must scan.
        await page.waitForFunction(() => document.querySelector('h1') !== null && document.querySelector('[data-loading]') === null, null, {
          timeout: 10_000,
        });
        expect(await page.evaluate(() => document.documentElement.lang), name).toBe(language);
        if (language === 'ar') expect(await page.evaluate(() => document.documentElement.dir), name).toBe('rtl');
        failures.push(...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).map((violation) => `${name}: CSP ${violation}`));
        failures.push(...(await axeViolations(page, name)));
        await page.context().close();
      }
      expect(failures).toEqual([]);
    });
  }
});
