import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import type { CaptionLine, CaptionStream } from '../../../shared/captions/model.js';
import { classifyError, type AppError } from '../../../shared/errors.js';
import type { Language } from '../../../shared/meeting/model.js';
import type { CaptionChanged } from '../../../shared/protocol/captions.js';
import type { MeetingConnection } from '../realtime/useMeeting.js';
import { CaptionMirror, type CaptionOutcome } from './mirror.js';

export type CaptionStatus = 'connecting' | 'live' | 'offline' | 'unavailable';

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
}

const RETRY_AFTER_MS = 2_000;

const noStore = () => () => {};
const noLines: readonly CaptionLine[] = [];

/**
 * Follows one language's caption stream on the meeting's socket: subscribes (with `lastSeq`
 * after a reconnection, so only what was missed comes back), applies each `caption:changed`
 * with the server's own transition, resubscribes on a gap, and unsubscribes when done.
 * Use it once per language on a page: unsubscribing leaves the language's room for the socket.
 */
export function useCaptions(
  { socket, request }: Pick<MeetingConnection, 'socket' | 'request'>,
  language: Language | null,
): CaptionFeed | null {
  const mirror = useMemo(() => (language ? new CaptionMirror(language) : null), [socket, language]);
  const [status, setStatus] = useState<CaptionStatus>('connecting');
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    if (!socket || !mirror) return;
    const { language: followed } = mirror;
    setStatus(socket.connected ? 'connecting' : 'offline');
    setError(null);
    let stopped = false;
    let syncing = false;
    // Bumped on each disconnection: an answer meant for an earlier connection is ignored.
    let connection = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const sync = async () => {
      if (stopped || syncing || !socket.connected) return;
      syncing = true;
      clearTimeout(retry);
      const asked = connection;
      const before = mirror.getView().seq;
      const lastSeq = mirror.lastSeq();
      const ack = await request('caption:subscribe', lastSeq === undefined ? { language: followed } : { language: followed, lastSeq }).catch(
        () => null,
      );
      if (stopped || asked !== connection) return;
      syncing = false;
      if (!ack) {
        retry = setTimeout(() => void sync(), RETRY_AFTER_MS);
        return;
      }
      if (!ack.ok) {
        setError(ack.error);
        if (classifyError(ack.error.code) === 'transient') retry = setTimeout(() => void sync(), RETRY_AFTER_MS);
        else setStatus('unavailable');
        return;
      }
      setError(null);
      setStatus('live');
      const outcome = mirror.applyCatchUp(ack.value);
      // A catch-up that moved nothing forward would be asked for again and again.
      const stuck = outcome === 'needs-catch-up' && mirror.getView().seq === before;
      follow(stuck ? 'diverged' : outcome);
    };

    const follow = (outcome: CaptionOutcome) => {
      if (outcome === 'in-sync') return;
      if (outcome === 'diverged') mirror.startOver();
      void sync();
    };

    const onChanged = ({ language, entry }: CaptionChanged) => {
      if (language === followed) follow(mirror.receive(entry));
    };
    const onConnect = () => {
      setStatus('connecting');
      void sync();
    };
    const onDisconnect = () => {
      connection += 1;
      syncing = false;
      clearTimeout(retry);
      setStatus('offline');
    };

    socket.on('caption:changed', onChanged);
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    void sync();

    return () => {
      stopped = true;
      clearTimeout(retry);
      socket.off('caption:changed', onChanged);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      if (socket.connected) socket.emit('caption:unsubscribe', { language: followed });
    };
  }, [socket, request, mirror]);

  return useMemo(() => (mirror ? { language: mirror.language, status, error, mirror } : null), [mirror, status, error]);
}

/** The followed stream, committed lines and provisional tail; re-renders on every entry. */
export function useCaptionStream(feed: CaptionFeed | null): CaptionStream | null {
  const mirror = feed?.mirror;
  return useSyncExternalStore(mirror?.subscribe ?? noStore, () => mirror?.getView().stream ?? null);
}

/** Committed lines only; re-renders only when a line is committed (or a snapshot arrives). */
export function useCaptionLines(feed: CaptionFeed | null): readonly CaptionLine[] {
  const mirror = feed?.mirror;
  return useSyncExternalStore(mirror?.subscribe ?? noStore, () => mirror?.getView().stream?.lines ?? noLines);
}
