import type { Page } from 'playwright-core';
import type { Timer, Timers } from '../../server/timers.js';

interface Pending {
  due: number;
  callback: () => void;
  /** The real timer that fires it when the time comes by itself. */
  real: NodeJS.Timeout;
}

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
  private readonly pending = new Set<Pending>();

  /** The server's clock (`startServer({ clock })`). */
  readonly now = (): number => this.frozenAt ?? Date.now() + this.skewMs;

  /**
   * The server's timers (`startServer({ timers })`): each fires when this clock reaches its
   * time, by itself as time flows, or at once when `advance` jumps past it.
   */
  readonly timers: Timers = {
    set: (callback, ms) => {
      const pending: Pending = { due: this.now() + ms, callback, real: setTimeout(() => this.fire(pending), Math.min(ms, 2 ** 31 - 1)) };
      this.pending.add(pending);
      return { timer: pending };
    },
    clear: ({ timer }: Timer) => {
      const pending = timer as Pending;
      clearTimeout(pending.real);
      this.pending.delete(pending);
    },
  };

  private fire(pending: Pending): void {
    if (!this.pending.delete(pending)) return;
    clearTimeout(pending.real);
    // Frozen, or fired early by a real timer racing a jump: not its time on this clock yet.
    if (pending.due > this.now()) {
      this.pending.add(pending);
      if (this.frozenAt === null) pending.real = setTimeout(() => this.fire(pending), pending.due - this.now());
      return;
    }
    pending.callback();
  }

  /** Fires every timer due by now, earliest first (those they set included). */
  private fireDue(): void {
    for (;;) {
      const due = [...this.pending].filter((pending) => pending.due <= this.now()).sort((a, b) => a.due - b.due)[0];
      if (!due) return;
      this.fire(due);
    }
  }

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
    // Time flows again: the timers that waited for it fire by themselves when it comes.
    for (const pending of this.pending) {
      clearTimeout(pending.real);
      pending.real = setTimeout(() => this.fire(pending), Math.max(0, pending.due - this.now()));
    }
  }

  /** `ms` pass at once on the server and on every page still open. */
  async advance(ms: number): Promise<void> {
    if (this.frozenAt === null) this.skewMs += ms;
    else this.frozenAt += ms;
    this.fireDue();
    const open = this.pages.filter((page) => !page.isClosed());
    this.pages.splice(0, this.pages.length, ...open);
    await Promise.all(open.map((page) => page.clock.fastForward(ms)));
  }
}
