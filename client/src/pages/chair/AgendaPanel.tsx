import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import type { Run } from './types.js';

export function AgendaPanel({ state, run }: { state: MeetingState; run: Run }) {
  const { t } = useTranslation();
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
            return (
              <li
                key={topic.id}
                className={current ? 'current' : undefined}
                aria-current={current ? 'true' : undefined}
              >
                <span className="agenda-title" dir="auto" id={`agenda-${topic.id}`}>
                  {topic.title}
                </span>
                <span className="agenda-meta">
                  {current && <strong className="badge badge-current">{t('agenda.current')}</strong>}
                  <span>{t('agenda.waiting', { count: topic.queue.length })}</span>
                  <span>{t('agenda.speeches', { count: speeches })}</span>
                </span>
                {!current && (
                  <button
                    type="button"
                    aria-describedby={`agenda-${topic.id}`}
                    onClick={() => void run('topic:select', { topicId: topic.id })}
                  >
                    {t('agenda.select')}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
