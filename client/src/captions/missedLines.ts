import { classifyError } from '../../../shared/errors.js';
import { LINES_PAGE_MAX, type CaptionLinesPage } from '../../../shared/protocol/captions.js';
import type { Ack } from '../../../shared/protocol/socket.js';
import type { CaptionMirror } from './mirror.js';

/** Failed attempts at one page of missed lines before they are shown as skipped. */
const PAGE_ATTEMPTS = 3;

/** One page of lines from the server; null when no answer came (offline, or too late). */
export type FetchLinesPage = (fromLine: number, limit: number) => Promise<Ack<CaptionLinesPage> | null>;

/**
 * The committed lines a long absence left out of a transcript (a catch-up that could only be a
 * snapshot), fetched however the page reaches the server: a socket's `caption:fetchLines`, or
 * `GET /api/captions/lines`. Lines it cannot get after a few tries are marked skipped, never
 * silently left out.
 */
export class MissedLines {
  private filling = false;
  /** Asked to fill while a fill was still waiting on its connection. */
  private fillAgain = false;

  constructor(
    private readonly mirror: CaptionMirror,
    private readonly fetchPage: FetchLinesPage,
    private readonly retryAfterMs: number,
  ) {}

  /**
   * Fetches the missed lines, oldest first, one page at a time (thousands of pages coming back
   * at once each have one page in flight, never their whole absence). `connection` names the
   * page's connection now, null while it has none (offline, stopped): a change of connection
   * stops the fill, and the next one starts it again where lines still miss, at once if an
   * answer meant for the old connection is still awaited.
   */
  async fill(connection: () => number | null): Promise<void> {
    const { mirror } = this;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = true;
    this.fillAgain = false;
    let failures = 0;
    try {
      for (let range = mirror.nextMissing(); range; range = mirror.nextMissing()) {
        const asked = connection();
        if (asked === null) break;
        const limit = Math.min(range.to - range.from + 1, LINES_PAGE_MAX);
        const answer = await this.fetchPage(range.from, limit).catch(() => null);
        if (connection() !== asked) break;
        if (answer?.ok) {
          failures = 0;
          const first = answer.value.lines.find((line) => line.n >= range.from)?.n;
          // Lines the server no longer holds (its log was cut) will not come back by asking.
          if (first !== range.from) mirror.skip({ from: range.from, to: Math.min(range.to, (first ?? range.to + 1) - 1) });
          mirror.insertLines(answer.value);
          continue;
        }
        // A long absence takes more pages than the connection's request bucket holds: waiting
        // for it to refill is the pace asked for, not a failure.
        const limited = answer?.error.code === 'RATE_LIMITED';
        const transient = !answer || classifyError(answer.error.code) === 'transient';
        if (!limited) failures += 1;
        if (!transient || failures >= PAGE_ATTEMPTS) {
          mirror.skip({ from: range.from, to: range.from + limit - 1 });
          failures = 0;
          continue;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryAfterMs));
      }
    } finally {
      this.filling = false;
      if (this.fillAgain) void this.fill(connection);
    }
  }
}
