import type { Browser, Page, Request } from 'playwright-core';
import { MEETING_EVENTS_PATH } from '../../shared/protocol/meeting-events.js';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.js';
import { ADMIN_TOKEN, http, startServer, stopServer, type RunningServer } from './harness.js';

/** A link of a meeting as the secretariat lists it, with the page it opens. */
export interface MeetingLink {
  id: string;
  role: string;
  label: string;
  /** Set for a participant's personal link. */
  participantId: string | null;
  url: string;
  /** The URL without its origin: the page to open on the server under test. */
  path: string;
}

export interface MeetingLinks {
  all: MeetingLink[];
  /** The page of the role's link (seedMeeting issues one for each role but participant). */
  role(role: string): string;
  /** The participant's own page. */
  participant(participantId: string): string;
}

const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

/** Every link of a meeting, as the secretariat lists them, and the pages they open by role or participant. */
export async function meetingLinks(server: Pick<RunningServer, 'url'>, meetingId: string): Promise<MeetingLinks> {
  const listed = await http(server.url, 'GET', `/meetings/${meetingId}/links`);
  if (listed.status !== 200) throw new Error(JSON.stringify(listed.body));
  const all = (listed.body.links as Omit<MeetingLink, 'path'>[]).map((link) => ({ ...link, path: pathOf(link.url) }));
  const pathOfFirst = (what: string, predicate: (link: MeetingLink) => boolean) => {
    const link = all.find(predicate);
    if (!link) throw new Error(`meeting ${meetingId} has no link for ${what}`);
    return link.path;
  };
  return {
    all,
    role: (role) => pathOfFirst(role, (link) => link.role === role && link.participantId === null),
    participant: (participantId) =>
      pathOfFirst(`participant ${participantId}`, (link) => link.participantId === participantId),
  };
}

/**
 * Every page of the app around one meeting, by name: the landing and setup pages, the
 * meeting's registration, each role's page (its links must include a venue and an interpreter
 * link) and a participant's, and the public archive.
 */
export function pagesAround(meetingId: string, links: MeetingLinks, participantId: string): [string, string][] {
  return [
    ['landing', '/'],
    ['setup', `/setup#admin=${ADMIN_TOKEN}`],
    ['registration', `/m/${meetingId}/register`],
    ['chair console', links.role('chair')],
    ['moderator console', links.role('moderator')],
    ['participant page', links.participant(participantId)],
    ['room screen', links.role('screen')],
    ['viewer page', links.role('viewer')],
    ['captioner console', links.role('captioner')],
    ['venue station', links.role('venue')],
    ['interpreter console', links.role('interpreter')],
    ['public archive', '/archive/'],
  ];
}

/**
 * Holds what the server sends to one page while `held` is true, as when that page's network
 * is slow: its console keeps showing the meeting as it was.
 */
export function slowDownlink() {
  const link = { held: false, upgraded: false, queue: [] as Array<() => void> };
  const route = (page: Page) =>
    page.routeWebSocket(/socket\.io/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((message) => {
        // Engine.IO's upgrade packet: from now on everything goes over this WebSocket.
        if (message === '5') link.upgraded = true;
        server.send(message);
      });
      server.onMessage((message) => {
        if (link.held) link.queue.push(() => ws.send(message));
        else ws.send(message);
      });
    });
  const release = () => {
    link.held = false;
    for (const send of link.queue.splice(0)) send();
  };
  return { link, route, release };
}

export interface OpenPageOptions {
  /** The browser's language: US English unless told. */
  locale?: string;
  /** The window's size in CSS pixels: playwright's 1280x720 unless told. */
  viewport?: { width: number; height: number };
  /** Runs on the new page before it loads: listeners, init scripts. */
  beforeLoad?: (page: Page) => unknown;
}

/** Opens a page in a browser context of its own, as a person on a separate device would. */
export async function openPage(
  browser: Browser,
  url: string,
  { locale = 'en-US', viewport, beforeLoad }: OpenPageOptions = {},
): Promise<Page> {
  const context = await browser.newContext({ locale, ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  // An action on something that never comes fails naming it, well before the test's own timeout.
  page.setDefaultTimeout(10_000);
  // Loading a page's scripts is the browser's and the machine's work, not a rule under test:
  // it gets the time a loaded two-core machine may need.
  page.setDefaultNavigationTimeout(30_000);
  await beforeLoad?.(page);
  await page.goto(url);
  return page;
}

/**
 * The usual shape of a browser test file: one real server and one Chromium for the file, the
 * browser closed before the server stops.
 */
export function useBrowserAndServer(options: Parameters<typeof startServer>[0] = {}) {
  const suite = {
    server: undefined as unknown as RunningServer,
    browser: undefined as unknown as Browser,
    /** Opens a page of the server (a path such as MeetingLinks gives) in a context of its own. */
    open: (path: string, pageOptions?: OpenPageOptions) =>
      openPage(suite.browser, `${suite.server.url}${path}`, pageOptions),
  };
  beforeAll(async () => {
    suite.server = await startServer(options);
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await stopServer(suite.server);
  });
  return suite;
}

/**
 * The page on a touch screen: a tap is a finger's (touch events through the DevTools protocol,
 * so the page gets pointer events of type touch, no hover before them, and then a click).
 */
export async function touchScreen(page: Page): Promise<{ tap: (point: { x: number; y: number }) => Promise<void> }> {
  const touch = await page.context().newCDPSession(page);
  await touch.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  return {
    tap: async (point) => {
      await touch.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
      await touch.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    },
  };
}

/**
 * For each scrolling region of the page (`selector`) whose table is wider than it, scrolled to
 * its start and then its end: the lines of the table's caption drawn outside the region's
 * visible box (empty when every caption reads whole wherever its table is scrolled). Also
 * returns how many regions scroll, so a test can check its page has one.
 */
export async function captionsOutOfView(page: Page, selector: string): Promise<{ scrolling: number; outside: string[] }> {
  return page.evaluate((regionSelector) => {
    const outside: string[] = [];
    let scrolling = 0;
    for (const region of document.querySelectorAll(regionSelector)) {
      const caption = region.querySelector('caption');
      if (!caption || region.scrollWidth <= region.clientWidth) continue;
      scrolling++;
      const towardsEnd = getComputedStyle(region).direction === 'rtl' ? -1 : 1;
      for (const [where, left] of [['start', 0], ['end', towardsEnd * region.scrollWidth]] as const) {
        region.scrollLeft = left;
        const visible = region.getBoundingClientRect();
        const words = document.createRange();
        words.selectNodeContents(caption);
        for (const rect of words.getClientRects()) {
          if (rect.left < visible.left - 1 || rect.right > visible.right + 1) {
            outside.push(`"${caption.textContent}" scrolled to its ${where}: ${Math.round(rect.left)}..${Math.round(rect.right)} of ${Math.round(visible.left)}..${Math.round(visible.right)}`);
          }
        }
      }
      region.scrollLeft = 0;
    }
    return { scrolling, outside };
  }, selector);
}

/**
 * Playwright's `networkidle` (no request for 500 ms), but for a page that holds its meeting event
 * stream open for as long as it lives, which `networkidle` would wait for forever: that stream
 * is left out, every other request counts.
 */
export async function networkQuiet(page: Page, quietMs = 500, timeoutMs = 30_000): Promise<void> {
  const inFlight = new Set<Request>();
  let lastActivity = Date.now();
  const counts = (request: Request) => !new URL(request.url()).pathname.startsWith(MEETING_EVENTS_PATH);
  const started = (request: Request) => {
    if (!counts(request)) return;
    inFlight.add(request);
    lastActivity = Date.now();
  };
  const ended = (request: Request) => {
    if (inFlight.delete(request)) lastActivity = Date.now();
  };
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    const deadline = Date.now() + timeoutMs;
    while (inFlight.size > 0 || Date.now() - lastActivity < quietMs) {
      if (Date.now() > deadline) throw new Error(`the network was still busy after ${timeoutMs} ms`);
      await page.waitForTimeout(100);
    }
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
}

