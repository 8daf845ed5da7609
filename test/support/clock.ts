import type { Page } from 'playwright-core';

/**
 * One meeting time for the server and the browser pages of a test: it follows the wall clock
 * and jumps forward when the test says "a minute passes", on the server and on every page
 * watching, so speeches last as long as the script says without the test waiting for them.
 * Frozen, the server's time stands still between jumps: durations are then exact.
 */
export class MeetingClock {
  private skewMs = 0;
  private frozenAt: number | null = null;
  private readonly pages: Page[] = [];

  /** The server's clock (`startServer({ clock })`). */
  readonly now = (): number => this.frozenAt ?? Date.now() + this.skewMs;

  /** Installs the page's clock before it loads (as `beforeLoad`), so its jumps follow the server's. */
  readonly install = async (page: Page): Promise<void> => {
    await page.clock.install({ time: this.now() });
    this.pages.push(page);
  };

  freeze(): void {
    this.frozenAt = this.now();
  }

  /** Time flows again from where it stood. */
  release(): void {
    if (this.frozenAt === null) return;
    this.skewMs = this.frozenAt - Date.now();
    this.frozenAt = null;
  }

  /** `ms` pass at once on the server and on every page still open. */
  async advance(ms: number): Promise<void> {
    if (this.frozenAt === null) this.skewMs += ms;
    else this.frozenAt += ms;
    const open = this.pages.filter((page) => !page.isClosed());
    this.pages.splice(0, this.pages.length, ...open);
    await Promise.all(open.map((page) => page.clock.fastForward(ms)));
  }
}
