import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { languages, type AttendanceMode, type Language, type SpeechKind } from '../../shared/meeting/model.js';
import { meetingLinks, pagesAround, useBrowserAndServer, type MeetingLinks } from '../support/e2e.js';
import { ADMIN_TOKEN, http, seedMeeting } from '../support/harness.js';

const suite = useBrowserAndServer();

/** People as ITU meetings list them: long names and affiliations, in several scripts. */
const delegates: ReadonlyArray<{ displayName: string; affiliation: string; country: string; attendance: AttendanceMode; kind?: SpeechKind }> = [
  { displayName: 'Abdulrahman bin Mohammed Al-Hassan', affiliation: 'Communications, Space and Technology Commission', country: 'Saudi Arabia', attendance: 'room' },
  { displayName: 'Maria Fernanda Gonçalves da Silva', affiliation: 'Agência Nacional de Telecomunicações', country: 'Brazil', attendance: 'remote' },
  // A point of order, whose badge is the longest in every language but English.
  { displayName: 'Владимир Александрович Константинопольский', affiliation: 'Министерство цифрового развития, связи и массовых коммуникаций', country: 'Российская Федерация', attendance: 'remote', kind: 'point_of_order' },
  { displayName: '欧阳建国', affiliation: '中国信息通信研究院', country: '中国', attendance: 'room' },
  { displayName: 'عبد الله بن سالم', affiliation: 'الهيئة العامة لتنظيم قطاع الاتصالات', country: 'الإمارات العربية المتحدة', attendance: 'remote' },
];

let meetingId = '';
let remoteId = '';
let links: MeetingLinks;

beforeAll(async () => {
  const meeting = await seedMeeting(suite.server.url);
  meetingId = meeting.meetingId;
  remoteId = meeting.participants.remote.id;
  const command = async (body: unknown) => {
    const result = await http(suite.server.url, 'POST', `/meetings/${meetingId}/commands`, body);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
  };
  // Someone holds the floor, so every waiting delegate below is on the list of next speakers.
  await command({ type: 'queue:add', participantId: meeting.participants.remote.id, kind: 'intervention' });
  await command({ type: 'floor:give', expectedSpeechId: null });
  for (const { kind = 'intervention', ...delegate } of delegates) {
    const registered = await http(suite.server.url, 'POST', `/meetings/${meetingId}/registrations`, { ...delegate, stakeholderGroup: 'government' }, null);
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    await command({ type: 'queue:add', participantId: registered.body.participantId, kind });
  }
  await http(suite.server.url, 'POST', `/meetings/${meetingId}/links`, { role: 'venue', label: 'venue' });
  await http(suite.server.url, 'POST', `/meetings/${meetingId}/links`, { role: 'interpreter', label: 'Arabic booth', booth: 'ar' });
  links = await meetingLinks(suite.server, meetingId);
});

function openIn(language: Language, path: string, viewport: { width: number; height: number }) {
  return suite.open(path, {
    viewport,
    beforeLoad: (page) => page.addInitScript((chosen) => localStorage.setItem('openfloor.language', chosen), language),
  });
}

/** The page drawn: its own content, not its loading or connecting state. */
async function drawn(page: Page) {
  await page.waitForFunction(() => document.querySelector('h1') !== null && document.querySelector('[data-loading]') === null, null, { timeout: 10_000 });
}

/**
 * How much of each text is drawn inside every box that clips it (an ellipsis or a hidden
 * overflow on the way up to `rowSelector`'s row), per row: `whole` when none of it is cut, and
 * the horizontal span of what is drawn.
 */
function shownOf(page: Page, rowSelector: string, texts: string[]) {
  return page.evaluate(
    ([selector, wanted]) =>
      [...document.querySelectorAll(selector)].map((row) => {
        const shown: Record<string, { whole: boolean; width: number; visibleWidth: number; left: number; right: number; top: number; bottom: number } | null> = {};
        for (const text of wanted) {
          shown[text] = null;
          const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent!.indexOf(text);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + text.length);
            let whole = true;
            let width = 0;
            let visibleWidth = 0;
            let [drawnLeft, drawnRight, top, bottom] = [Infinity, -Infinity, Infinity, -Infinity];
            for (const rect of range.getClientRects()) {
              let left = rect.left;
              let right = rect.right;
              for (let box = node.parentElement; box && box !== row.parentElement; box = box.parentElement) {
                const style = getComputedStyle(box);
                if (style.overflowX === 'visible' && style.textOverflow !== 'ellipsis') continue;
                const edges = box.getBoundingClientRect();
                left = Math.max(left, edges.left);
                right = Math.min(right, edges.right);
              }
              if (left > rect.left + 1 || right < rect.right - 1) whole = false;
              width += rect.width;
              visibleWidth += Math.max(0, right - left);
              if (right > left) {
                [drawnLeft, drawnRight] = [Math.min(drawnLeft, left), Math.max(drawnRight, right)];
                [top, bottom] = [Math.min(top, rect.top), Math.max(bottom, rect.bottom)];
              }
            }
            shown[text] = { whole, width, visibleWidth, left: drawnLeft, right: drawnRight, top, bottom };
          }
        }
        return { rowWidth: row.getBoundingClientRect().width, shown };
      }),
    [rowSelector, texts] as const,
  );
}

describe('long names, affiliations and countries in six languages', () => {
  // A chair calls on a delegation by its country: the room and the chair must read it whole.
  // The chair reads every name whole too; the room screen's one-line rows cut a name only once
  // the affiliation has given way.
  it('the room screen (1920x1080, 1280x720) and the chair (1920x1080, 1440x900, 390x844) show every waiting delegate\'s country whole, the chair every name, the screen every name the affiliation can make room for and at least a third of its line, a badge only for what sets a request apart', { timeout: 180_000 }, async () => {
    const failures: string[] = [];
    const views = [
      { page: 'room screen', path: links.role('screen'), rows: '.screen-next li', viewport: { width: 1920, height: 1080 } },
      { page: 'room screen', path: links.role('screen'), rows: '.screen-next li', viewport: { width: 1280, height: 720 } },
      { page: 'chair', path: links.role('chair'), rows: '.queue-line', viewport: { width: 1920, height: 1080 } },
      { page: 'chair', path: links.role('chair'), rows: '.queue-line', viewport: { width: 1440, height: 900 } },
      { page: 'chair', path: links.role('chair'), rows: '.queue-line', viewport: { width: 390, height: 844 } },
    ];
    for (const language of languages) {
      for (const view of views) {
        const page = await openIn(language, view.path, view.viewport);
        await drawn(page);
        await page.locator(view.rows).first().waitFor();
        const rows = await shownOf(page, view.rows, delegates.flatMap((delegate) => [delegate.displayName, delegate.affiliation, delegate.country]));
        const where = `${view.page} ${view.viewport.width}x${view.viewport.height} ${language}`;
        let seen = 0;
        for (const { rowWidth, shown: row } of rows) {
          const delegate = delegates.find((candidate) => row[candidate.country] !== null && row[candidate.displayName] !== null);
          if (!delegate) continue;
          seen++;
          const [name, affiliation, country] = [row[delegate.displayName]!, row[delegate.affiliation], row[delegate.country]!];
          if (!country.whole) failures.push(`${where}: "${delegate.country}" is cut (${Math.round(country.visibleWidth)} px shown)`);
          // Name, affiliation and country each read apart: on one line, never drawn touching (on an
          // Arabic page, a spacing on the wrong side of a Latin affiliation once joined it to the name).
          const drawn = [
            { text: delegate.displayName, box: name },
            { text: delegate.affiliation, box: affiliation },
            { text: delegate.country, box: country },
          ].flatMap(({ text, box }) => (box && box.visibleWidth > 0 ? [[text, box] as const] : []));
          for (const [index, [text, box]] of drawn.entries()) {
            for (const [otherText, other] of drawn.slice(index + 1)) {
              const apart = Math.max(other.left - box.right, box.left - other.right);
              const sameLine = Math.min(box.bottom, other.bottom) - Math.max(box.top, other.top) > 1;
              if (sameLine && apart < 4) failures.push(`${where}: "${text}" and "${otherText}" are ${Math.round(apart)} px apart`);
            }
          }
          // An affiliation squeezed to its first letters ("C…") tells the room nothing: it is
          // shown over several letters' width (three times its line's height) or not at all.
          if (view.page === 'room screen' && affiliation && !affiliation.whole && affiliation.visibleWidth > 0 && affiliation.visibleWidth < 3 * (affiliation.bottom - affiliation.top)) {
            failures.push(`${where}: only ${Math.round(affiliation.visibleWidth)} px of "${delegate.affiliation}" show`);
          }
          if (!name.whole && view.page === 'chair') failures.push(`${where}: "${delegate.displayName}" is cut (${Math.round(name.visibleWidth)} px shown)`);
          else if (!name.whole && affiliation && affiliation.visibleWidth > 40) {
            failures.push(`${where}: "${delegate.displayName}" is cut while ${Math.round(affiliation.visibleWidth)} px of "${delegate.affiliation}" show`);
          } else if (name.visibleWidth < Math.min(name.width, rowWidth / 3) - 1) {
            // Badges and the country never leave a name less than a third of its line.
            failures.push(`${where}: ${Math.round(name.visibleWidth)} px of "${delegate.displayName}" show on a ${Math.round(rowWidth)} px line`);
          }
        }
        // On the screen, a badge is drawn only for what sets a request apart (an intervention, what
        // nearly everyone asks for, has none), and shows enough of its label to be read by its start.
        if (view.page === 'room screen') {
          const badges = await page.locator(`${view.rows} .badge`).evaluateAll((found) =>
            found.map((badge) => {
              const box = badge.getBoundingClientRect();
              const list = badge.closest('ol')!.getBoundingClientRect();
              return {
                kind: [...badge.classList].find((name) => name.startsWith('badge-') && name !== 'badge-kind'),
                text: badge.textContent!,
                shown: Math.min(box.right, list.right) - Math.max(box.left, list.left),
                needs: badge.scrollWidth,
                fontSize: parseFloat(getComputedStyle(badge).fontSize),
              };
            }),
          );
          for (const badge of badges) {
            if (badge.kind === 'badge-intervention') failures.push(`${where}: an intervention has a badge ("${badge.text}")`);
            if (badge.shown < Math.min(badge.needs, 3 * badge.fontSize) - 1) failures.push(`${where}: ${Math.round(badge.shown)} px of the badge "${badge.text}" show`);
          }
          if (!badges.some((badge) => badge.kind === 'badge-point_of_order')) failures.push(`${where}: the point of order has no badge`);
        }
        // The screen shows as many as fit (at least three at these sizes); the chair, all of them.
        if (seen < (view.page === 'chair' ? delegates.length : 3)) failures.push(`${where}: only ${seen} delegates found on the list`);
        await page.context().close();
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('on a phone (390x844), in each of the six UN languages', () => {
  it('no page scrolls sideways, and every button is drawn whole with its whole label', { timeout: 300_000 }, async () => {
    const pages: [string, string][] = [...pagesAround(meetingId, links, remoteId), ['consultation cycles', `/cycles#admin=${ADMIN_TOKEN}`]];
    const failures: string[] = [];
    for (const language of languages) {
      for (const [name, path] of pages) {
        const page = await openIn(language, `${path}${path.startsWith('/archive') ? `?lang=${language}` : ''}`, { width: 390, height: 844 });
        await drawn(page);
        const found = await page.evaluate(() => {
          const cut: string[] = [];
          const sideways = document.scrollingElement!.scrollWidth - innerWidth;
          if (sideways > 1) cut.push(`the page scrolls ${sideways} px sideways`);
          for (const button of document.querySelectorAll<HTMLElement>('button, .button-link')) {
            if (button.getClientRects().length === 0) continue;
            const label = button.textContent!.trim() || button.getAttribute('aria-label');
            if (button.scrollWidth > button.clientWidth + 1) cut.push(`"${label}" needs ${button.scrollWidth} px in a ${button.clientWidth} px button`);
            // Drawn whole: inside the window's width and every box that hides what leaves it
            // (a scrolling region is left out: scrolling brings the button into view).
            const box = button.getBoundingClientRect();
            let [left, right] = [0, innerWidth];
            for (let around = button.parentElement; around; around = around.parentElement) {
              if (!/hidden|clip/.test(getComputedStyle(around).overflowX)) continue;
              const edges = around.getBoundingClientRect();
              [left, right] = [Math.max(left, edges.left), Math.min(right, edges.right)];
            }
            if (box.left < left - 1 || box.right > right + 1) cut.push(`"${label}" is drawn at ${Math.round(box.left)}..${Math.round(box.right)}, outside ${Math.round(left)}..${Math.round(right)}`);
          }
          return cut;
        });
        failures.push(...new Set(found.map((failure) => `${name} ${language}: ${failure}`)));
        await page.context().close();
      }
    }
    expect(failures).toEqual([]);
  });
});
