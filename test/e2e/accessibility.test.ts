import { beforeAll, describe, expect, it } from 'vitest';
import { scriptLanguage } from '../../shared/i18n/catalogue.js';
import { languages } from '../../shared/meeting/model.js';
import { axeViolations } from '../support/axe.js';
import { meetingLinks, pagesAround, useBrowserAndServer } from '../support/e2e.js';
import { ADMIN_TOKEN, http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();
/** Every page, by name, with its path. */
let pages: [string, string][] = [];

/** The browser each language's participants would bring. */
const locales = { en: 'en-US', ar: 'ar', zh: 'zh-CN', fr: 'fr-FR', ru: 'ru-RU', es: 'es-ES' } as const;
const names = { en: 'English', ar: 'Arabic (right to left)', zh: 'Chinese', fr: 'French', ru: 'Russian', es: 'Spanish' } as const;

/** A consultation cycle open for responses now, with one topic: its public page shows the form. */
async function openConsultation(): Promise<string> {
  const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600_000).toISOString().slice(0, 10);
  const created = await http(suite.server.url, 'POST', '/cycles', {
    details: {
      title: 'Open consultation on multilingualism',
      previousGroupMeeting: { name: 'CWG-Internet, last session', endsOn: day(-2) },
      nextGroupMeeting: { name: 'CWG-Internet, next session', startsOn: day(90) },
      timeZone: 'Europe/Zurich',
      languages: ['en', 'ar'],
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const cycleId = created.body.cycleId as string;
  for (const command of [
    { type: 'proposal:add', details: { memberState: 'Egypt', title: 'Arabic domain names', description: 'Why they matter.', questions: ['What should the group consider?'] } },
    { type: 'topics:choose', proposalIds: ['p1'] },
    { type: 'consultation:launch' },
  ]) {
    const result = await http(suite.server.url, 'POST', `/cycles/${cycleId}/commands`, command);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  }
  return cycleId;
}

beforeAll(async () => {
  const meeting = await seedMeeting(suite.server.url);
  await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'venue', label: 'venue' });
  await http(suite.server.url, 'POST', `/meetings/${meeting.meetingId}/links`, { role: 'interpreter', label: 'Arabic booth', booth: 'ar' });
  const links = await meetingLinks(suite.server, meeting.meetingId);
  const cycleId = await openConsultation();
  pages = [
    ...pagesAround(meeting.meetingId, links, meeting.participants.remote.id),
    ['consultation cycles', `/cycles?cycle=${cycleId}#admin=${ADMIN_TOKEN}`],
    ['public consultation page', `/consult/${cycleId}`],
  ];
});

describe('every page passes axe-core WCAG 2.2 AA checks and keeps to the Content-Security-Policy, in each of the six UN languages', () => {
  for (const language of languages) {
    // Every page of the app, in one browser, with axe on each: minutes on two shared cores.
    it(`all pages in ${names[language]}`, { timeout: 240_000 }, async () => {
      const failures: string[] = [];
      for (const [name, path] of pages) {
        const page = await suite.open(`${path}${path.startsWith('/archive') ? `?lang=${language}` : ''}`, {
          locale: locales[language],
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
        expect(await page.evaluate(() => document.documentElement.dir), name).toBe(language === 'ar' ? 'rtl' : 'ltr');
        // Every page's skip link speaks the page's language: another script means the page fell back to English.
        const skip = (await page.locator('a[href="#main"]').first().textContent()) ?? '';
        if (language === 'zh' || language === 'ru' || language === 'ar') expect(scriptLanguage(skip), `${name}: ${skip}`).toBe(language);
        failures.push(...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).map((violation) => `${name}: CSP ${violation}`));
        failures.push(...(await axeViolations(page, name)));
        // Words one language says two ways can fall together in another (Arabic has one word for a
        // recording and a registration): the parts of one form must still read apart.
        const alike = await page.evaluate(() =>
          [...document.querySelectorAll('form')].flatMap((form) => {
            const legends = [...form.querySelectorAll('legend')].map((legend) => legend.textContent!.replace(/\s+/g, ' ').trim());
            return [...new Set(legends.filter((legend, index) => legends.indexOf(legend) !== index))].map((legend) => `two parts of one form are called "${legend}"`);
          }),
        );
        failures.push(...alike.map((failure) => `${name}: ${failure}`));
        await page.context().close();
      }
      expect(failures).toEqual([]);
    });
  }
});
