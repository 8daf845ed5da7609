import { useEffect, useState } from 'react';
import { classifyError, type AppError } from '../../../shared/errors.js';
import { CAPTION_EVENTS, CAPTION_EVENTS_PATH, CAPTION_EVENTS_RETRY_MS, type CaptionCatchUp, type CaptionChanged, type CaptionSnapshot } from '../../../shared/protocol/captions.js';
import { comeBackDelay } from '../realtime/backoff.js';
import { asAppError } from '../failures.js';
import type { ConnectionStatus } from '../realtime/MeetingClient.js';
import { CaptionMirror, type CaptionOutcome } from './mirror.js';

export interface CaptionEventsView {
  status: ConnectionStatus;
  /** The followed stream's copy, once its first snapshot came (its language is the one the server chose). */
  mirror: CaptionMirror | null;
  /** Why the stream was closed or refused, when it said. */
  refusal: AppError | null;
}

/**
 * Follows one language's captions on the caption event stream (`/api/captions/events`, Server-
 * Sent Events), for a page that shows captions and nothing else: no Socket.IO connection, and
 * the browser's EventSource comes back by itself after a drop, with `Last-Event-ID`. Entries go
 * through the same mirror as a socket subscription's; a gap the mirror cannot bridge opens the
 * stream again from its last seq, or from a snapshot.
 *
 * EventSource gives up for good on any answer that is not a stream, and does not say which:
 * a revoked link, but also a proxy's 502 while the node behind it restarts, or a refusal for
 * opening too often. A browser source stays on air for hours with nobody to reload it, so the
 * follower asks the same request why, and comes back unless the refusal is one no later try cures.
 */
export class CaptionEventFollower {
  private source: EventSource | null = null;
  private view: CaptionEventsView = { status: 'connecting', mirror: null, refusal: null };
  private stopped = false;
  private retry: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;

  constructor(
    private readonly address: (lastSeq: number | undefined) => string,
    private readonly onChange: (view: CaptionEventsView) => void,
  ) {
    this.open(undefined);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.source?.close();
  }

  private update(change: Partial<CaptionEventsView>): void {
    this.view = { ...this.view, ...change };
    this.onChange(this.view);
  }

  private open(lastSeq: number | undefined): void {
    clearTimeout(this.retry);
    this.source?.close();
    if (this.stopped) return;
    const source = new EventSource(this.address(lastSeq));
    this.source = source;
    const on = <T>(type: string, handle: (data: T) => void) =>
      source.addEventListener(type, (event) => {
        if (this.source === source) handle(JSON.parse((event as MessageEvent<string>).data) as T);
      });
    source.addEventListener('open', () => {
      this.failures = 0;
      this.update({ status: 'online', refusal: null });
    });
    on<CaptionSnapshot>(CAPTION_EVENTS.snapshot, (snapshot) => {
      const mirror = this.view.mirror?.language === snapshot.language ? this.view.mirror : new CaptionMirror(snapshot.language);
      this.update({ mirror });
      this.follow(mirror.applyCatchUp({ kind: 'snapshot', snapshot }));
    });
    on<Extract<CaptionCatchUp, { kind: 'entries' }>>(CAPTION_EVENTS.entries, (caughtUp) => {
      if (this.view.mirror) this.follow(this.view.mirror.applyCatchUp(caughtUp));
    });
    on<CaptionChanged>(CAPTION_EVENTS.caption, ({ entry }) => {
      if (this.view.mirror) this.follow(this.view.mirror.receive(entry));
    });
    on<AppError>(CAPTION_EVENTS.ended, (reason) => {
      source.close();
      this.update({ status: 'refused', refusal: reason });
    });
    source.addEventListener('error', () => {
      if (this.source !== source || this.view.status === 'refused') return;
      // Not CLOSED: EventSource comes back by itself, after the stream's delay.
      if (source.readyState !== EventSource.CLOSED) return this.update({ status: 'offline' });
      void this.comeBackUnlessRefused(source);
    });
  }

  private async comeBackUnlessRefused(source: EventSource): Promise<void> {
    this.update({ status: 'offline' });
    const error = await refusalOf(source.url);
    if (this.source !== source || this.stopped) return;
    if (error && classifyError(error.code) !== 'transient') return this.update({ status: 'refused', refusal: error });
    this.update({ status: 'offline', refusal: error });
    const delay = comeBackDelay(error?.retryAfterMs ?? CAPTION_EVENTS_RETRY_MS, this.failures++);
    this.retry = setTimeout(() => this.open(this.view.mirror?.lastSeq()), delay);
  }

  private follow(outcome: CaptionOutcome): void {
    if (outcome === 'in-sync') return;
    const mirror = this.view.mirror!;
    if (outcome === 'diverged') mirror.startOver();
    this.open(outcome === 'diverged' ? undefined : mirror.lastSeq());
  }
}

/**
 * Why a stream's request is refused, read from its coded error; null when the answer says nothing
 * the shared vocabulary knows (a proxy's page, no answer at all), or when it would open now.
 */
async function refusalOf(url: string): Promise<AppError | null> {
  const abort = new AbortController();
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store', signal: abort.signal });
    if (response.ok) return null;
    return asAppError(((await response.json().catch(() => null)) as { error?: unknown } | null)?.error);
  } catch {
    return null;
  } finally {
    // An answer that is the stream itself is not read.
    abort.abort();
  }
}

/** The caption event stream of a link's meeting, in `language` (or the meeting's first), while mounted. */
export function useCaptionEvents(token: string, language: string | null): CaptionEventsView {
  const [view, setView] = useState<CaptionEventsView>({ status: 'connecting', mirror: null, refusal: null });
  useEffect(() => {
    const query = (lastSeq: number | undefined) =>
      new URLSearchParams({ token, ...(language ? { lang: language } : {}), ...(lastSeq === undefined ? {} : { lastEventId: String(lastSeq) }) });
    const follower = new CaptionEventFollower((lastSeq) => `${CAPTION_EVENTS_PATH}?${query(lastSeq).toString()}`, setView);
    return () => follower.stop();
  }, [token, language]);
  return view;
}
