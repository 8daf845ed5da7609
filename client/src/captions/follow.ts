import { classifyError, type AppError } from '../../../shared/errors.js';
import type { CaptionChanged } from '../../../shared/protocol/captions.js';
import type { MeetingSocket, RequestAnswer, RequestEvent, RequestPayload } from '../realtime/MeetingClient.js';
import type { CaptionMirror, CaptionOutcome } from './mirror.js';
import { MissedLines } from './missedLines.js';

export type CaptionStatus = 'connecting' | 'live' | 'offline' | 'unavailable';

export interface CaptionFollowerDeps {
  socket: MeetingSocket;
  /** The meeting client's request: answered within its bound, refused at once when offline. */
  request: <E extends RequestEvent>(event: E, payload: RequestPayload<E>) => Promise<RequestAnswer<E>>;
  mirror: CaptionMirror;
  /**
   * Fetch the committed lines a long absence left out (pages with a transcript); a room screen
   * shows the last rows only and has no use for them.
   */
  history: boolean;
  onStatus?: (status: CaptionStatus, error: AppError | null) => void;
  retryAfterMs?: number;
}

export const RETRY_AFTER_MS = 2_000;

/**
 * Follows one language's caption stream on the meeting's socket: subscribes (with `lastSeq`
 * after a reconnection, so only what was missed comes back), applies each `caption:changed`
 * with the server's own transition, resubscribes on a gap, and unsubscribes when stopped.
 * When the server's catch-up could only be a snapshot (the page was away longer than the
 * server's caption tail), it then fetches the lines in between page by page; lines it cannot
 * get after a few tries are marked skipped, never silently left out. The pages use it through
 * `useCaptions`; the tests use it as it is, over a `MeetingClient`.
 */
export class CaptionFollower {
  private stopped = false;
  private syncing = false;
  /** Only pages with a transcript (`history`) fill the lines a long absence left out. */
  private readonly missed: MissedLines | null;
  /** Bumped on each disconnection: an answer meant for an earlier connection is ignored. */
  private connection = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private readonly retryAfterMs: number;

  constructor(private readonly deps: CaptionFollowerDeps) {
    this.retryAfterMs = deps.retryAfterMs ?? RETRY_AFTER_MS;
    const { request, mirror } = deps;
    this.missed = deps.history
      ? new MissedLines(mirror, (fromLine, limit) => request('caption:fetchLines', { language: mirror.language, fromLine, limit }), this.retryAfterMs)
      : null;
    const { socket } = deps;
    socket.on('caption:changed', this.onChanged);
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    this.status(socket.connected ? 'connecting' : 'offline', null);
    void this.sync();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    const { socket, mirror } = this.deps;
    socket.off('caption:changed', this.onChanged);
    socket.off('connect', this.onConnect);
    socket.off('disconnect', this.onDisconnect);
    if (socket.connected) socket.emit('caption:unsubscribe', { language: mirror.language });
  }

  /** Asks again for the missed lines that could not be fetched. */
  retrySkipped(): void {
    this.deps.mirror.retrySkipped();
    this.fill();
  }

  private fill(): void {
    void this.missed?.fill(() => (this.stopped || !this.deps.socket.connected ? null : this.connection));
  }

  private status(status: CaptionStatus, error: AppError | null): void {
    this.deps.onStatus?.(status, error);
  }

  private readonly onChanged = ({ language, entry }: CaptionChanged) => {
    if (language === this.deps.mirror.language) this.follow(this.deps.mirror.receive(entry));
  };

  private readonly onConnect = () => {
    this.status('connecting', null);
    void this.sync();
  };

  private readonly onDisconnect = () => {
    this.connection += 1;
    this.syncing = false;
    clearTimeout(this.retry);
    this.status('offline', null);
  };

  private async sync(): Promise<void> {
    const { socket, request, mirror } = this.deps;
    if (this.stopped || this.syncing || !socket.connected) return;
    this.syncing = true;
    clearTimeout(this.retry);
    const asked = this.connection;
    const before = mirror.getView().seq;
    const lastSeq = mirror.lastSeq();
    const language = mirror.language;
    const ack = await request('caption:subscribe', lastSeq === undefined ? { language } : { language, lastSeq }).catch(() => null);
    if (this.stopped || asked !== this.connection) return;
    this.syncing = false;
    if (!ack) {
      this.retry = setTimeout(() => void this.sync(), this.retryAfterMs);
      return;
    }
    if (!ack.ok) {
      if (classifyError(ack.error.code) === 'transient') {
        this.status('connecting', ack.error);
        this.retry = setTimeout(() => void this.sync(), this.retryAfterMs);
      } else this.status('unavailable', ack.error);
      return;
    }
    this.status('live', null);
    const outcome = mirror.applyCatchUp(ack.value);
    // A catch-up that moved nothing forward would be asked for again and again.
    const stuck = outcome === 'needs-catch-up' && mirror.getView().seq === before;
    this.follow(stuck ? 'diverged' : outcome);
    this.fill();
  }

  private follow(outcome: CaptionOutcome): void {
    if (outcome === 'in-sync') return;
    if (outcome === 'diverged') this.deps.mirror.startOver();
    void this.sync();
  }
}
