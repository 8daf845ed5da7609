import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { FAKE_MEDIA_FLAGS, launchChromium } from './browser.js';
import { openPage } from './e2e.js';

/** A page of a media test, with the errors and warnings it logged. */
export interface LoggedPage {
  label: string;
  page: Page;
  log: string[];
}

/** Opens a page in a context of its own, keeping what it logs under `label` in `pages`. */
export function openLogged(browser: Browser, url: string, label: string, pages: LoggedPage[], locale = 'en-US'): Promise<Page> {
  return openPage(browser, url, {
    locale,
    beforeLoad: (page) => {
      const log: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') log.push(`[${message.type()}] ${message.text()}`);
      });
      page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
      pages.push({ label, page, log });
    },
  });
}

/** What the pages logged, to read when a step times out. */
export function dumpLogs(pages: readonly LoggedPage[]): string {
  return pages.map(({ label, log }) => `--- ${label}\n${log.slice(-30).join('\n')}`).join('\n');
}

/**
 * One Chromium with fake devices for a test file, and the pages each test opened (closed after
 * it): open pages with `openLogged(media.browser, url, label, media.pages)`.
 */
export function useMediaBrowser() {
  const media = { browser: undefined as unknown as Browser, pages: [] as LoggedPage[] };
  beforeAll(async () => {
    media.browser = await launchChromium(FAKE_MEDIA_FLAGS);
  });
  afterAll(async () => {
    await media.browser?.close();
  });
  afterEach(async () => {
    const open = media.pages;
    media.pages = [];
    await Promise.all(open.map(({ page }) => page.context().close().catch(() => undefined)));
  });
  return media;
}
