import { useTranslation } from 'react-i18next';
import type { MeetingState, Speech, Topic } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { lastSpeakers } from '../../../../shared/speaker-queue/queue.js';
import { elapsedMs, pausedMs } from '../../../../shared/speaker-queue/timing.js';
import { KindBadge, PersonName, PersonSummary } from '../../components/People.js';
import { formatDuration, formatTime } from '../../format.js';
import { useServerNow } from '../../realtime/clock.js';

const LAST_SHOWN = 3;

/** Who spoke on this topic and for how long: the record the chair may be asked about. */
export function HistoryPanel({
  state,
  topic,
  clockOffsetMs,
}: {
  state: MeetingState;
  topic: Topic;
  clockOffsetMs: number;
}) {
  const { t } = useTranslation();
  const now = useServerNow(clockOffsetMs, 1000);
  const speeches = [...topic.history].reverse();
  return (
    <section className="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('history.heading')}</h2>
      <h3>{t('history.lastSpeakers')}</h3>
      {topic.history.length === 0 ? (
        <p className="empty">{t('queue.noneYet')}</p>
      ) : (
        <ol className="last-speakers">
          {lastSpeakers(topic, LAST_SHOWN).map((speech) => (
            <li key={speech.id}>
              <PersonSummary
                participant={participantById(state, speech.participantId)}
                attendance={speech.attendance}
              />
            </li>
          ))}
        </ol>
      )}
      <h3>{t('history.speeches')}</h3>
      {speeches.length === 0 && !topic.floor ? (
        <p className="empty">{t('history.empty')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="history-heading">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('history.speaker')}</th>
                <th scope="col">{t('history.began')}</th>
                <th scope="col">{t('history.ended')}</th>
                <th scope="col">{t('history.duration')}</th>
                <th scope="col">{t('history.pauses')}</th>
              </tr>
            </thead>
            <tbody>
              {(topic.floor ? [topic.floor, ...speeches] : speeches).map((speech) => (
                <SpeechRow key={speech.id} state={state} speech={speech} now={now} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SpeechRow({ state, speech, now }: { state: MeetingState; speech: Speech; now: number }) {
  const { t, i18n } = useTranslation();
  const time = (ms: number) => formatTime(ms, state.timeZone, i18n.language);
  return (
    <tr>
      <th scope="row">
        <PersonName participant={participantById(state, speech.participantId)} /> <KindBadge kind={speech.kind} />
      </th>
      <td>{time(speech.startedAt)}</td>
      <td>{speech.endedAt === null ? t('history.speaking') : time(speech.endedAt)}</td>
      <td>{formatDuration(elapsedMs(speech, now))}</td>
      <td>
        {speech.pauses.length === 0
          ? t('history.noPause')
          : t('history.pauseSummary', { count: speech.pauses.length, total: formatDuration(pausedMs(speech, now)) })}
      </td>
    </tr>
  );
}
