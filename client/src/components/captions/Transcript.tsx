import { memo, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { sameSpeaker, transcriptItems, type SpeakerRef, type TranscriptItem } from '../../captions/layout.js';
import { rangeSize, type LineRange } from '../../captions/lines.js';
import { announceModes, type AnnounceMode } from '../../captions/preferences.js';
import { useCaptionLines, useMissedLines, type CaptionFeed } from '../../captions/useCaptions.js';
import { Choice } from '../Choice.js';

interface TranscriptProps {
  feed: CaptionFeed | null;
  state: MeetingState;
  announce: AnnounceMode;
  onAnnounce: (mode: AnnounceMode) => void;
}

/** Within this many pixels of the end counts as "at the live edge". */
const LIVE_EDGE_PX = 24;

/**
 * True once `on` has held through two painted frames: what the browser's accessibility tree
 * saw of the last change was made while this was still false.
 */
function useAfterPaint(on: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    setPainted(false);
    if (!on) return;
    let inner = 0;
    const outer = requestAnimationFrame(() => {
      inner = requestAnimationFrame(() => setPainted(true));
    });
    return () => {
      cancelAnimationFrame(outer);
      cancelAnimationFrame(inner);
    };
  }, [on]);
  return on && painted;
}

/**
 * The transcript for screen-reader users and anyone reviewing: committed lines only, never
 * the tail, in a labelled `role="log"` that only ever grows (each line keyed by its number and
 * never rendered again), so each line is announced at most once. Announcements can be off,
 * each line, or only a short status when the speaker changes.
 *
 * Only lines written live are read out: the log is silent while the page is not following the
 * stream live, and while it fetches lines missed during an absence, so a snapshot's lines or
 * hundreds of caught-up lines are shown, not read out. It turns live again only after those
 * lines were painted, since a region made live in the same change would announce them.
 */
export function Transcript({ feed, state, announce, onAnnounce }: TranscriptProps) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const logRef = useRef<HTMLDivElement>(null);
  const lines = useCaptionLines(feed);
  const items = useMemo(() => transcriptItems(lines), [lines]);
  const { missing, skipped } = useMissedLines(feed);
  const catchingUp = missing.length > 0;
  const announcing = useAfterPaint(feed?.status === 'live' && !catchingUp);
  const skippedBefore = useMemo(() => new Map(skipped.map((range) => [range.to + 1, range])), [skipped]);
  const count = items.length;
  /** Why auto-scroll is paused: the button, or the reader scrolled back; null when following. */
  const [pausedBy, setPausedBy] = useState<'button' | 'scroll' | null>(null);
  /** The newest line when auto-scroll paused: lines after it are new, caught-up ones before it are not. */
  const [lastAtPause, setLastAtPause] = useState(0);
  const paused = pausedBy !== null;

  const nameOf = (speaker: SpeakerRef): string => {
    switch (speaker.kind) {
      case 'label':
        return speaker.label;
      case 'participant':
        return participantById(state, speaker.participantId)?.displayName ?? t('people.unknown');
      case 'unknown':
        return t('captions.unknownSpeaker');
    }
  };

  const announcement = useSpeakerAnnouncement(items, announce === 'speaker', nameOf);

  useLayoutEffect(() => {
    const log = logRef.current;
    if (log && !paused) log.scrollTop = log.scrollHeight;
  }, [count, paused]);

  const pause = (by: 'button' | 'scroll') => {
    setPausedBy(by);
    setLastAtPause(items.at(-1)?.line.n ?? 0);
  };
  const jumpToLive = () => {
    setPausedBy(null);
    const log = logRef.current;
    if (log) log.scrollTop = log.scrollHeight;
  };
  const onScroll = () => {
    const log = logRef.current;
    if (!log) return;
    const atEnd = log.scrollHeight - log.scrollTop - log.clientHeight <= LIVE_EDGE_PX;
    if (!atEnd && !paused) pause('scroll');
    else if (atEnd && pausedBy === 'scroll') setPausedBy(null);
  };

  const language = feed?.language ?? i18n.language;
  let fresh = 0;
  if (paused) while (fresh < count && items[count - 1 - fresh]!.line.n > lastAtPause) fresh += 1;
  return (
    <section className="panel transcript-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('transcript.heading')}</h2>
      <p className="hint">{t('transcript.hint')}</p>
      <Choice
        legend={t('transcript.announce')}
        options={announceModes}
        value={announce}
        label={(mode) => t(`transcript.announceModes.${mode}`)}
        onChange={onAnnounce}
      />
      <div className="button-row">
        <button
          type="button"
          aria-pressed={paused}
          onClick={() => (paused ? jumpToLive() : pause('button'))}
        >
          {t('transcript.pause')}
        </button>
        {paused && (
          <button type="button" className="primary" onClick={jumpToLive}>
            {fresh > 0 ? t('transcript.jumpNew', { count: fresh }) : t('transcript.jump')}
          </button>
        )}
      </div>
      {count === 0 && <p className="empty">{t('transcript.empty')}</p>}
      {catchingUp && (
        <p className="transcript-catching-up" role="status">
          {t('transcript.catchingUp')}
        </p>
      )}
      {skipped.length > 0 && (
        // Above the log as well as in it: a reader at the live edge would not see the gap.
        <div className="notice notice-error transcript-skipped-notice" role="status">
          {t('transcript.skipped', { count: rangeSize(skipped) })}{' '}
          <button type="button" onClick={() => feed?.retrySkipped()}>
            {t('transcript.retrySkipped')}
          </button>
        </div>
      )}
      <div
        ref={logRef}
        className="transcript"
        role="log"
        aria-labelledby={headingId}
        aria-relevant="additions"
        aria-live={announce === 'each' && announcing ? 'polite' : 'off'}
        // Focusable so the transcript scrolls by keyboard.
        tabIndex={0}
        lang={language}
        dir={i18n.dir(language)}
        onScroll={onScroll}
      >
        <ol className="transcript-lines">
          {items.map((item) => {
            const gap = skippedBefore.get(item.line.n);
            const line = (
              <TranscriptLine key={item.line.n} item={item} speaker={item.showSpeaker ? nameOf(item.speaker) : null} />
            );
            return gap ? [<SkippedLines key={`skipped-${gap.from}`} range={gap} />, line] : line;
          })}
        </ol>
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </section>
  );
}

/** Where, in the transcript, lines missed during an absence could not be fetched, and how many. */
function SkippedLines({ range }: { range: LineRange }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="transcript-skipped" lang={i18n.language} dir={i18n.dir()}>
      {t('transcript.gap', { count: rangeSize([range]) })}
    </li>
  );
}

/** One line; rendered once, since neither its text nor its speaker changes afterwards. */
const TranscriptLine = memo(
  function TranscriptLine({ item, speaker }: { item: TranscriptItem; speaker: string | null }) {
    return (
      <li className={speaker ? 'transcript-line speaker-change' : 'transcript-line'}>
        {speaker && (
          <>
            <bdi className="transcript-speaker">{speaker}</bdi>
            {': '}
          </>
        )}
        {item.text}
      </li>
    );
  },
  (before, after) =>
    before.item.line === after.item.line ||
    (before.item.line.n === after.item.line.n &&
      before.item.text === after.item.text &&
      before.speaker === after.speaker),
);

/**
 * "Now speaking: X" when the speaker of the newest line differs from the last one announced;
 * lines already there when announcements start are not announced.
 */
function useSpeakerAnnouncement(
  items: readonly TranscriptItem[],
  enabled: boolean,
  nameOf: (speaker: SpeakerRef) => string,
): string {
  const { t } = useTranslation();
  const last = items.at(-1);
  const lastSpoken = useRef<SpeakerRef | null>(null);
  const [text, setText] = useState('');
  const speaker = last?.speaker ?? null;
  const name = speaker ? nameOf(speaker) : '';
  useEffect(() => {
    if (!speaker) return;
    const before = lastSpoken.current;
    lastSpoken.current = speaker;
    if (!enabled) return setText('');
    if (before && !sameSpeaker(before, speaker)) setText(t('transcript.nowSpeaking', { name }));
    // The dependency on the line number makes a new line re-check the speaker.
  }, [last?.line.n, enabled]); // eslint-disable-line react-hooks/exhaustive-deps
  return text;
}
