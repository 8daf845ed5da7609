import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import { peopleWaiting } from '../../../../shared/speaker-queue/balance.js';
import type { Run } from './types.js';
import { TopicTitle } from '../../components/TopicInfo.js';

/**
 * The topics in order. Requests stay with their topic: taking up another topic keeps them for
 * when it returns, and the chair may carry them over to the topic under discussion.
 */
export function AgendaPanel({ state, run }: { state: MeetingState; run: Run }) {
  const { t } = useTranslation();
  const open = state.status === 'open';
  return (
    <section className="panel" aria-labelledby="agenda-heading">
      <h2 id="agenda-heading">{t('agenda.heading')}</h2>
      {state.topics.length === 0 ? (
        <p className="empty">{t('agenda.empty')}</p>
      ) : (
        <ol className="agenda">
          {state.topics.map((topic) => {
            const current = topic.id === state.currentTopicId;
            const speeches = topic.history.length + (topic.floor ? 1 : 0);
            // Kept requests and carry-over count requests; "waiting" counts people.
            const waiting = topic.queue.length;
            return (
              <li
                key={topic.id}
                className={current ? 'current' : undefined}
                aria-current={current ? 'true' : undefined}
              >
                <span className="agenda-title" id={`agenda-${topic.id}`}>
                  <TopicTitle topic={topic} original={state.languages[0] ?? 'en'} />
                </span>
                <span className="agenda-meta">
                  {current && <strong className="badge badge-current">{t('agenda.current')}</strong>}
                  <span className={!current && waiting > 0 ? 'kept-requests' : undefined}>
                    {current ? t('agenda.waiting', { count: peopleWaiting(topic) }) : t('floorConsole.kept', { count: waiting })}
                  </span>
                  <span>{t('agenda.speeches', { count: speeches })}</span>
                </span>
                {!current && (
                  <span className="button-row">
                    <button
                      type="button"
                      aria-describedby={`agenda-${topic.id}`}
                      onClick={() => void run('topic:select', { topicId: topic.id, expectedTopicId: state.currentTopicId })}
                    >
                      {t('agenda.select')}
                    </button>
                    {open && waiting > 0 && state.currentTopicId && (
                      <button
                        type="button"
                        aria-describedby={`agenda-${topic.id}`}
                        onClick={() =>
                          void run('queue:carryOver', {
                            fromTopicId: topic.id,
                            entryIds: topic.queue.map((entry) => entry.id),
                          })
                        }
                      >
                        {t('floorConsole.carryOver', { count: waiting })}
                      </button>
                    )}
                  </span>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
