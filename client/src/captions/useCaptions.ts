import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { CaptionLine, CaptionStream } from '../../../shared/captions/model.js';
import type { AppError } from '../../../shared/errors.js';
import type { Language } from '../../../shared/meeting/model.js';
import type { MeetingConnection } from '../realtime/useMeeting.js';
import { CaptionFollower, type CaptionStatus } from './follow.js';
import type { LineRange } from './lines.js';
import { CaptionMirror } from './mirror.js';

export type { CaptionStatus } from './follow.js';

export interface CaptionFeed {
  language: Language;
  status: CaptionStatus;
  /** Why the server refused the subscription, when it did. */
  error: AppError | null;
  /**
   * The mirrored stream. Components read it with `useCaptionStream` or `useCaptionLines`, so
   * only they re-render as text arrives, not the page that holds the feed.
   */
  mirror: CaptionMirror;
  /** Asks again for missed lines that could not be fetched (pages that follow with `history`). */
  retrySkipped: () => void;
}

const noStore = () => () => {};
const noLines: readonly CaptionLine[] = [];
const noRanges: readonly LineRange[] = [];

/**
 * Follows one language's caption stream on the meeting's socket (see CaptionFollower), or on a
 * reading page's meeting event stream (MeetingEventClient.followCaptions). With
 * `history`, a page that comes back after a long absence also fetches the lines it missed, for
 * its transcript. Use it once per language on a page: unsubscribing leaves the language's room.
 */
export function useCaptions(
  { socket, request, events }: Pick<MeetingConnection, 'socket' | 'request' | 'events'>,
  language: Language | null,
  { history = false }: { history?: boolean } = {},
): CaptionFeed | null {
  // A reading page's stream keeps its copies (it may carry the language from the first opening on).
  const mirror = useMemo(() => (language ? (events?.captionMirror(language) ?? new CaptionMirror(language)) : null), [socket, events, language]);
  const [status, setStatus] = useState<CaptionStatus>('connecting');
  const [error, setError] = useState<AppError | null>(null);
  const [follower, setFollower] = useState<{ retrySkipped: () => void } | null>(null);

  useEffect(() => {
    if (!mirror) return;
    const onStatus = (next: CaptionStatus, refusal: AppError | null) => {
      setStatus(next);
      setError(refusal);
    };
    if (events) {
      const following = events.followCaptions(mirror, history, onStatus);
      setFollower(following);
      return following.stop;
    }
    if (!socket) return;
    const started = new CaptionFollower({ socket, request, mirror, history, onStatus });
    setFollower(started);
    return () => started.stop();
  }, [socket, events, request, mirror, history]);

  return useMemo(
    () => (mirror ? { language: mirror.language, status, error, mirror, retrySkipped: () => follower?.retrySkipped() } : null),
    [mirror, status, error, follower],
  );
}

/** The followed stream, committed lines and provisional tail; re-renders on every entry. */
export function useCaptionStream(feed: Pick<CaptionFeed, 'mirror'> | null): CaptionStream | null {
  const mirror = feed?.mirror;
  return useSyncExternalStore(mirror?.subscribe ?? noStore, () => mirror?.getView().stream ?? null);
}

/** Committed lines only; re-renders only when a line is committed (or a snapshot arrives). */
export function useCaptionLines(feed: CaptionFeed | null): readonly CaptionLine[] {
  const mirror = feed?.mirror;
  return useSyncExternalStore(mirror?.subscribe ?? noStore, () => mirror?.getView().stream?.lines ?? noLines);
}

/** Missed lines still being fetched, and those that could not be; re-renders only when they change. */
export function useMissedLines(feed: CaptionFeed | null): { missing: readonly LineRange[]; skipped: readonly LineRange[] } {
  const mirror = feed?.mirror;
  const missing = useSyncExternalStore(mirror?.subscribe ?? noStore, () => mirror?.getView().missing ?? noRanges);
  const skipped = useSyncExternalStore(mirror?.subscribe ?? noStore, () => mirror?.getView().skipped ?? noRanges);
  return { missing, skipped };
}
