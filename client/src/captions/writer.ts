import { QUIET_COMMIT_MS, type CaptionStream } from '../../../shared/captions/model.js';
import { writerSilent } from '../../../shared/captions/stream.js';
import type { AppError } from '../../../shared/errors.js';
import {
  commitDraft,
  editVisible,
  emptyDraft,
  flushDraft,
  rebaseDraft,
  startSpeakerLine,
  visibleText,
  type Delta,
  type Draft,
} from './draft.js';

/** How one `caption:write` ended. */
export type WriteOutcome =
  | { kind: 'accepted'; seq: number }
  | { kind: 'refused'; error: AppError }
  /** Not sent: the socket is down. */
  | { kind: 'offline' }
  /** Sent, but no answer came: it may or may not have been applied. */
  | { kind: 'timeout' };

/**
 * Whether another seat's turn has passed: the server gives the stream to the seat that writes
 * once its writer has been silent for the quiet period. The page knows the default period
 * only; the server's commit of that writer's tail (an empty tail) confirms it has passed.
 */
export function writerYielded(stream: Pick<CaptionStream, 'writer' | 'tail' | 'lastInputAt'>, me: string, serverNow: number): boolean {
  return stream.writer !== null && stream.writer !== me && stream.tail.text === '' && writerSilent(stream, serverNow, QUIET_COMMIT_MS);
}

/** The server's side of the stream, as the page's mirror last saw it. */
export interface ServerTail {
  tail: string;
  writer: string | null;
  /** The writer has been silent for the quiet period: this seat may write, and gets the stream. */
  yielded?: boolean;
}

export interface WriterDeps {
  /** This seat's link id. */
  me: string;
  write(delta: Delta): Promise<WriteOutcome>;
  /** Null until the stream has arrived. */
  server(): ServerTail | null;
  now(): number;
  setTimer(run: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  /** Shortest time between two deltas: keystrokes in between travel together. */
  intervalMs?: number;
  /** After RATE_LIMITED, wait this long before sending again. */
  retryAfterMs?: number;
  /** A delta sent at `sentAt` was accepted as `seq` (for the latency measure). */
  onAccepted?(seq: number, sentAt: number): void;
}

export interface WriterState {
  /** The writing area's text: the provisional tail. */
  visible: string;
  /** The last refusal, until a delta is accepted again. */
  failure: AppError | null;
  offline: boolean;
  /** Typing not yet accepted by the server. */
  pending: boolean;
}

export const SEND_INTERVAL_MS = 50;
const RETRY_AFTER_MS = 1000;

/**
 * Live writing over `caption:write`. Keeps what was sent for the tail, diffs the writing area
 * against it (common prefix → erase count + appended text) and sends at most one delta every
 * `intervalMs`, so corrections travel as erasures. Deltas are pipelined; when the server's
 * tail moves on its own (a quiet-period commit, a take-over, a refused delta), the unsent
 * edits are replayed on top of it once every delta in flight is answered.
 */
export class CaptionWriter {
  private draft: Draft = emptyDraft;
  private inFlight = 0;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private retry: unknown = null;
  private failure: AppError | null = null;
  private offline = false;
  /** After a refusal, sending waits for the captioner's next keystroke (or the retry). */
  private held = false;
  private disposed = false;
  private state: WriterState = { visible: '', failure: null, offline: false, pending: false };
  private readonly listeners = new Set<() => void>();
  private readonly intervalMs: number;
  private readonly retryAfterMs: number;

  constructor(private readonly deps: WriterDeps) {
    this.intervalMs = deps.intervalMs ?? SEND_INTERVAL_MS;
    this.retryAfterMs = deps.retryAfterMs ?? RETRY_AFTER_MS;
    this.reconcile();
    this.publish();
  }

  readonly getState = (): WriterState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Whether this seat may write now: it is the writer, nobody is yet, or the writer has yielded. */
  canWrite(): boolean {
    const server = this.deps.server();
    return server !== null && (server.writer === null || server.writer === this.deps.me || server.yielded === true);
  }

  /** The writing area now reads `visible`. */
  type(visible: string): void {
    this.change((draft) => editVisible(draft, visible));
  }

  /** Enter: the tail becomes a line. */
  commit(): void {
    this.change(commitDraft);
  }

  /** A speaker label, which starts a new line. */
  startSpeaker(marker: string): void {
    this.change((draft) => startSpeakerLine(draft, marker));
  }

  /** The mirrored stream changed (a broadcast, a catch-up, a reconnection). */
  serverChanged(): void {
    this.offline = false;
    if (this.inFlight === 0) this.reconcile();
    this.publish();
  }

  /** Sends what is left at once (the page is going away or changing language). */
  dispose(): void {
    if (this.disposed) return;
    this.clearTimers();
    if (!this.held && !this.offline) this.flush();
    this.disposed = true;
    this.listeners.clear();
  }

  private change(edit: (draft: Draft) => Draft): void {
    if (this.disposed || !this.canWrite()) return;
    const next = edit(this.draft);
    if (next === this.draft) return;
    this.draft = next;
    this.held = false;
    this.schedule();
    this.publish();
  }

  private schedule(): void {
    if (this.timer !== null || this.disposed) return;
    const wait = this.lastSentAt + this.intervalMs - this.deps.now();
    if (wait <= 0) this.flush();
    else
      this.timer = this.deps.setTimer(() => {
        this.timer = null;
        this.flush();
      }, wait);
  }

  private flush(): void {
    if (this.offline || this.held || !this.canWrite()) return;
    const plan = flushDraft(this.draft);
    if (!plan.delta) return;
    this.draft = plan.draft;
    const sentAt = this.deps.now();
    this.lastSentAt = sentAt;
    this.inFlight += 1;
    void this.deps
      .write(plan.delta)
      .catch((): WriteOutcome => ({ kind: 'timeout' }))
      .then((outcome) => this.answered(outcome, sentAt));
    if (plan.more) this.schedule();
    this.publish();
  }

  private answered(outcome: WriteOutcome, sentAt: number): void {
    this.inFlight -= 1;
    switch (outcome.kind) {
      case 'accepted':
        this.failure = null;
        this.deps.onAccepted?.(outcome.seq, sentAt);
        break;
      case 'refused':
        this.failure = outcome.error;
        this.held = true;
        if (outcome.error.code === 'RATE_LIMITED' && this.retry === null && !this.disposed) {
          this.retry = this.deps.setTimer(() => {
            this.retry = null;
            this.held = false;
            if (this.inFlight === 0) this.reconcile();
          }, this.retryAfterMs);
        }
        break;
      case 'offline':
        this.offline = true;
        break;
      case 'timeout':
        break;
    }
    if (this.disposed) return;
    if (this.inFlight === 0) this.reconcile();
    this.publish();
  }

  /** Brings the draft back in line with the server's tail; unsent edits are kept. */
  private reconcile(): void {
    const server = this.deps.server();
    if (!server) return;
    if (server.writer !== null && server.writer !== this.deps.me && !server.yielded) {
      // Another seat took over; our tail was committed under our name.
      this.draft = emptyDraft;
      this.clearTimers();
      return;
    }
    if (server.tail !== this.draft.sent) this.draft = rebaseDraft(this.draft, server.tail);
    if (this.draft.value !== this.draft.sent) this.schedule();
  }

  private clearTimers(): void {
    if (this.timer !== null) this.deps.clearTimer(this.timer);
    if (this.retry !== null) this.deps.clearTimer(this.retry);
    this.timer = null;
    this.retry = null;
  }

  private publish(): void {
    const visible = visibleText(this.draft);
    const pending = this.inFlight > 0 || this.draft.value !== this.draft.sent;
    const { state } = this;
    if (
      state.visible === visible &&
      state.failure === this.failure &&
      state.offline === this.offline &&
      state.pending === pending
    ) {
      return;
    }
    this.state = { visible, failure: this.failure, offline: this.offline, pending };
    for (const listener of this.listeners) listener();
  }
}
