import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Participant, Speech, Topic } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { lastSpeakers } from '../../../../shared/speaker-queue/queue.js';
import { elapsedMs, pausedMs } from '../../../../shared/speaker-queue/timing.js';
import { KindBadge, PersonName, PersonSummary } from '../../components/People.js';
import { formatDuration, formatTime } from '../../format.js';
import { useServerSecond } from '../../realtime/clock.js';

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
  const now = useServerSecond(clockOffsetMs);
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
        <SpeechRecord state={state} speeches={topic.floor ? [topic.floor, ...speeches] : speeches} now={now} />
      )}
    </section>
  );
}

/** What is recorded of each speech, labelled: the table's columns, the list's terms. */
function useSpeechFacts(timeZone: string, now: number) {
  const { t, i18n } = useTranslation();
  const time = (ms: number) => formatTime(ms, timeZone, i18n.language);
  const labels = [t('history.began'), t('history.ended'), t('history.duration'), t('history.pauses')];
  const valuesOf = (speech: Speech) => [
    time(speech.startedAt),
    speech.endedAt === null ? t('history.speaking') : time(speech.endedAt),
    formatDuration(elapsedMs(speech, now)),
    speech.pauses.length === 0
      ? t('history.noPause')
      : t('history.pauseSummary', { count: speech.pauses.length, total: formatDuration(pausedMs(speech, now)) }),
  ];
  return { labels, valuesOf };
}

interface SpeechProps {
  speech: Speech;
  participant: Participant | undefined;
  timeZone: string;
  /** A speech over is measured at its end: its line is drawn again only when it changes. */
  now: number;
}

function Speaker({ speech, participant }: Pick<SpeechProps, 'speech' | 'participant'>) {
  return (
    <>
      <PersonName participant={participant} /> <KindBadge kind={speech.kind} />
    </>
  );
}

const SpeechTableRow = memo(function SpeechTableRow({ speech, participant, timeZone, now }: SpeechProps) {
  const { labels, valuesOf } = useSpeechFacts(timeZone, now);
  return (
    <tr>
      <th scope="row">
        <Speaker speech={speech} participant={participant} />
      </th>
      {valuesOf(speech).map((value, index) => (
        <td key={labels[index]}>{value}</td>
      ))}
    </tr>
  );
});

const SpeechListItem = memo(function SpeechListItem({ speech, participant, timeZone, now }: SpeechProps) {
  const { labels, valuesOf } = useSpeechFacts(timeZone, now);
  return (
    <li>
      <p>
        <Speaker speech={speech} participant={participant} />
      </p>
      <dl>
        {valuesOf(speech).map((value, index) => (
          <div key={labels[index]}>
            <dt>{labels[index]}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
});

/**
 * Every speech, latest first: a table where the column has room for it, a list of labelled
 * facts where it has not (a tablet's three columns, a phone), so that neither needs scrolling
 * sideways. The style sheet shows one of them by the column's width. Drawn again every second
 * for the speech in progress; a meeting's hundred and more speeches over are left as they are.
 */
function SpeechRecord({ state, speeches, now }: { state: MeetingState; speeches: readonly Speech[]; now: number }) {
  const { t } = useTranslation();
  const { labels } = useSpeechFacts(state.timeZone, now);
  const lines = speeches.map(
    (speech): SpeechProps => ({
      speech,
      participant: participantById(state, speech.participantId),
      timeZone: state.timeZone,
      now: speech.endedAt ?? now,
    }),
  );
  return (
    <div className="speech-record">
      <div className="table-scroll speech-table" tabIndex={0} role="region" aria-labelledby="history-heading">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('history.speaker')}</th>
              {labels.map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <SpeechTableRow key={line.speech.id} {...line} />
            ))}
          </tbody>
        </table>
      </div>
      <ol className="speech-list">
        {lines.map((line) => (
          <SpeechListItem key={line.speech.id} {...line} />
        ))}
      </ol>
    </div>
  );
}
