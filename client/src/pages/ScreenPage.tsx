import { useTranslation } from 'react-i18next';
import type { MeetingState, Topic } from '../../../shared/meeting/model.js';
import { currentTopic, participantById } from '../../../shared/meeting/selectors.js';
import { lastSpeakers } from '../../../shared/speaker-queue/queue.js';
import { Countdown } from '../components/Countdown.js';
import { MeetingGate, type LiveMeeting } from '../components/MeetingGate.js';
import { PageLayout } from '../components/PageLayout.js';
import { PersonSummary } from '../components/People.js';
import { useServerNow } from '../realtime/clock.js';
import { languageFromQuery } from '../captions/layout.js';
import { useCaptions } from '../captions/useCaptions.js';
import { RollUp } from '../components/captions/RollUp.js';

const NEXT_SHOWN = 3;

/** The projector in the room: read from the back row, never touched. */
export function ScreenPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  return (
    <MeetingGate meetingId={meetingId} page="screen" heading={t('screen.heading')} admits={() => true}>
      {(meeting) => <ScreenView meeting={meeting} />}
    </MeetingGate>
  );
}

function ScreenView({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const { state } = meeting;
  const topic = currentTopic(state);
  // The screen is never touched: `?lang=ar` in its link picks another caption language.
  const language = languageFromQuery(location.search, state.languages);
  const captions = useCaptions(meeting.socket, language);
  return (
    <PageLayout heading={t('screen.heading')} context={state.title} connection={meeting.status} variant="screen">
      <div className="screen-frame">
        <div className="screen">
          <header className="screen-title">
            <p className="screen-meeting" dir="auto">
              {state.title}
            </p>
            <p className="screen-topic" dir="auto">
              {state.status === 'open'
                ? (topic?.title ?? t('errors.NO_CURRENT_TOPIC'))
                : t(`meetingStatusNotice.${state.status}`)}
            </p>
          </header>
          {topic ? <ScreenFloor state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} /> : null}
          <section className="caption-area" aria-label={t('screen.captionArea')}>
            {captions && <RollUp feed={captions} display={state.captionDisplay} />}
          </section>
        </div>
      </div>
    </PageLayout>
  );
}

function ScreenFloor({ state, topic, clockOffsetMs }: { state: MeetingState; topic: Topic; clockOffsetMs: number }) {
  const { t } = useTranslation();
  const now = useServerNow(clockOffsetMs);
  const floor = topic.floor;
  const [last] = lastSpeakers(topic, 1);
  const next = topic.queue.slice(0, NEXT_SHOWN);
  return (
    <>
      <section className="screen-speaker" aria-labelledby="screen-speaker-heading">
        <h2 id="screen-speaker-heading">{t('screen.currentSpeaker')}</h2>
        {floor ? (
          <PersonSummary
            participant={participantById(state, floor.participantId)}
            attendance={floor.attendance}
            kind={floor.kind}
          />
        ) : (
          <p className="empty">{t('floor.nobody')}</p>
        )}
      </section>
      <div className="screen-clock">
        {floor && <Countdown speech={floor} now={now} warningSec={state.warningSec} />}
      </div>
      <section className="screen-next" aria-labelledby="screen-next-heading">
        <h2 id="screen-next-heading">{t('queue.nextSpeakers')}</h2>
        {next.length > 0 ? (
          <ol>
            {next.map((entry) => (
              <li key={entry.id}>
                <PersonSummary participant={participantById(state, entry.participantId)} kind={entry.kind} />
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">{topic.listClosed ? t('queue.closed') : t('queue.empty')}</p>
        )}
      </section>
      <section className="screen-last" aria-labelledby="screen-last-heading">
        <h2 id="screen-last-heading">{t('queue.lastSpeaker')}</h2>
        {last ? (
          <PersonSummary participant={participantById(state, last.participantId)} attendance={last.attendance} />
        ) : (
          <p className="empty">{t('queue.noneYet')}</p>
        )}
      </section>
    </>
  );
}
