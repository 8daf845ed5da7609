import { useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, SIGN_BOOTH, STACKED_LINES_MAX, type Language, type MeetingState, type Topic } from '../../../shared/meeting/model.js';
import { currentTopic, participantById } from '../../../shared/meeting/selectors.js';
import { lastSpeakers } from '../../../shared/speaker-queue/queue.js';
import { statementFor } from '../../../shared/speaker-queue/statements.js';
import { Countdown } from '../components/Countdown.js';
import { FloorRecordedNotice } from '../components/FloorRecordedNotice.js';
import { MeetingGate, type LiveMeeting } from '../components/MeetingGate.js';
import { PageLayout } from '../components/PageLayout.js';
import { listedKind, PersonSummary } from '../components/People.js';
import { useServerNow } from '../realtime/clock.js';
import { captionLanguagesOfLink, screenCaptionLanguages } from '../captions/layout.js';
import { useCaptions } from '../captions/useCaptions.js';
import { RollUp } from '../components/captions/RollUp.js';
import { standInLanguage } from '../../../shared/captions/liveness.js';
import type { TFunction } from 'i18next';
import { hasSignBooth, isLive } from '../media/Interpretation.js';
import { TrackVideo } from '../media/MediaViews.js';
import { mediaAbsence } from '../media/presence.js';
import { useLiveKitRoom } from '../media/useLiveKitRoom.js';

/** The projector in the room: read from the back row, never touched. */
export function ScreenPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  // A screen's link may name its languages; else the chair's choice, which the page learns with the meeting.
  const reading = useMemo(() => ({ preferCaptions: captionLanguagesOfLink(location.search, languages) }), []);
  return (
    <MeetingGate meetingId={meetingId} page="screen" heading={t('screen.heading')} admits={() => true} reading={reading}>
      {(meeting) => <ScreenView meeting={meeting} />}
    </MeetingGate>
  );
}

function ScreenView({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const { state } = meeting;
  const topic = currentTopic(state);
  const display = state.captionDisplay;
  const signer = display.signer && hasSignBooth(state);
  return (
    <PageLayout heading={t('screen.heading')} context={state.title} connection={meeting.status} variant="screen">
      <div className="screen-frame">
        <div className={signer || display.recentSpeakers > 0 ? 'screen' : 'screen screen-no-recent'}>
          {/* Isolated titles line up with the page's side, whatever their own script. */}
          <header className="screen-title">
            <p className="screen-meeting">
              <bdi>{state.title}</bdi>
            </p>
            <p className="screen-topic">
              <bdi>
                {state.status === 'open'
                  ? (topic?.title ?? t('errors.NO_CURRENT_TOPIC'))
                  : t(`meetingStatusNotice.${state.status}`)}
              </bdi>
            </p>
            <FloorRecordedNotice state={state} className="screen-recording" />
          </header>
          {topic && <ScreenFloor state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} signer={signer} />}
          {signer && <ScreenSigner meeting={meeting} />}
          <ScreenCaptions meeting={meeting} />
        </div>
      </div>
    </PageLayout>
  );
}

/**
 * The screen's caption languages come from its link (`?captions=ar`), else from the chair's
 * display settings; two languages share the region side by side or stacked.
 */
function ScreenCaptions({ meeting }: { meeting: LiveMeeting }) {
  const { t, i18n } = useTranslation();
  const { state } = meeting;
  const display = state.captionDisplay;
  const [first = null, second = null] = screenCaptionLanguages(location.search, display.screenLanguages, state.languages);
  // Two languages side by side always have one to read; one alone may have nobody writing it.
  const standIn = first !== null && second === null ? standInLanguage(first, meeting.captionsLive) : null;
  const feeds = [useCaptions(meeting, standIn ?? first), useCaptions(meeting, second)].filter(
    (feed) => feed !== null,
  );
  const stacked = feeds.length > 1 && display.arrangement === 'stacked';
  const lines = stacked ? Math.min(display.lines, STACKED_LINES_MAX) : display.lines;
  const arrangement = feeds.length > 1 ? display.arrangement : 'single';
  return (
    <section className={`caption-area caption-area-${arrangement}`} aria-label={t('screen.captionArea')}>
      {standIn && first && (
        // Said in the screen's own language: it is read by those who came to read that one.
        <p className="caption-stand-in" lang={first} dir={i18n.dir(first)}>
          {standInNote(i18n.getFixedT(first), first, standIn)}
        </p>
      )}
      {feeds.map((feed) => (
        <RollUp
          key={feed.language}
          feed={feed}
          display={display}
          lines={lines}
          regionLines={stacked ? lines * feeds.length : lines}
        />
      ))}
    </section>
  );
}

function standInNote(t: TFunction, own: Language, live: Language): string {
  return t('screen.standIn', { language: t(`language.${own}`), live: t(`language.${live}`) });
}

/**
 * The sign-language interpreter, in the place of the recent speakers: the screen receives their
 * picture alone from LiveKit (hidden, no sound: the room has its own loudspeakers).
 */
function ScreenSigner({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const room = useLiveKitRoom(meeting, { autoJoin: true, autoRejoin: true, video: false, sound: false, sign: true });
  if (mediaAbsence(meeting.media, room.status)) return null;
  const track = room.remoteTracks.find((entry) => entry.channel === SIGN_BOOTH && entry.kind === 'video' && !entry.muted);
  return (
    <section className="screen-signer" aria-label={t('sign.videoLabel')}>
      {track ? (
        <TrackVideo track={track.track} label={t('sign.videoLabel')} />
      ) : (
        <p className="empty">{isLive(meeting.state, SIGN_BOOTH) ? t('sign.noPicture') : t('screen.signerOff')}</p>
      )}
    </section>
  );
}

function ScreenFloor({ state, topic, clockOffsetMs, signer }: { state: MeetingState; topic: Topic; clockOffsetMs: number; signer: boolean }) {
  const { t } = useTranslation();
  const now = useServerNow(clockOffsetMs);
  const floor = topic.floor;
  // The signer takes the place of the recent speakers.
  const recentCount = signer ? 0 : state.captionDisplay.recentSpeakers;
  const recent = lastSpeakers(topic, recentCount);
  return (
    <>
      <section className="screen-speaker" aria-labelledby="screen-speaker-heading">
        <h2 id="screen-speaker-heading">{t('screen.currentSpeaker')}</h2>
        {floor ? (
          <PersonSummary
            participant={participantById(state, floor.participantId)}
            attendance={floor.attendance}
            kind={floor.kind}
            inWriting={statementFor(topic, floor.id) !== undefined}
          />
        ) : (
          <p className="empty">{t('floor.nobody')}</p>
        )}
      </section>
      <div className="screen-clock">
        {floor && <Countdown speech={floor} now={now} warningSec={state.warningSec} />}
      </div>
      <FittedList
        className="screen-next"
        heading={t('queue.nextSpeakers')}
        empty={topic.listClosed ? t('queue.closed') : t('queue.empty')}
        more={(count) => t('screen.more', { count })}
        items={topic.queue.map((entry, index) => ({
          key: entry.id,
          content: (
            <>
              <span className="screen-list-position">{index + 1}</span>
              <PersonSummary participant={participantById(state, entry.participantId)} kind={listedKind(entry.kind)} />
            </>
          ),
        }))}
      />
      {recentCount > 0 && (
        <FittedList
          className="screen-last"
          heading={t('screen.recentSpeakers', { count: recentCount })}
          empty={t('queue.noneYet')}
          items={recent.map((speech) => ({
            key: speech.id,
            content: (
              <PersonSummary
                participant={participantById(state, speech.participantId)}
                attendance={speech.attendance}
              />
            ),
          }))}
        />
      )}
    </>
  );
}

interface FittedListProps {
  className: string;
  heading: string;
  empty: string;
  items: ReadonlyArray<{ key: string; content: ReactNode }>;
  /** Says how many did not fit; without it they are left out silently. */
  more?: (count: number) => string;
}

/**
 * A list of one-line entries that shows as many as its region holds (at least the first) and
 * counts the rest in its heading: the speaker and the captions keep their size, the list gives way.
 */
function FittedList({ className, heading, empty, items, more }: FittedListProps) {
  const list = useRef<HTMLOListElement>(null);
  const [capacity, setCapacity] = useState(1);
  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    const measure = () => {
      const row = element.firstElementChild;
      if (!row) return;
      const gap = parseFloat(getComputedStyle(element).rowGap) || 0;
      const rowHeight = row.getBoundingClientRect().height;
      if (rowHeight <= 0) return;
      setCapacity(Math.max(1, Math.floor((element.clientHeight + gap) / (rowHeight + gap))));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [items.length > 0]);
  const shown = items.slice(0, capacity);
  const hidden = items.length - shown.length;
  const id = `${className}-heading`;
  return (
    <section className={className} aria-labelledby={id}>
      <div className="screen-list-head">
        <h2 id={id}>{heading}</h2>
        {more && hidden > 0 && <p className="screen-next-more">{more(hidden)}</p>}
      </div>
      {items.length > 0 ? (
        <ol className="screen-list" ref={list}>
          {shown.map((item) => (
            <li key={item.key}>{item.content}</li>
          ))}
        </ol>
      ) : (
        <p className="empty">{empty}</p>
      )}
    </section>
  );
}
