import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import type { SetupCommand } from '../../api.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { TopicForm } from './TopicForm.js';

interface TopicsEditorProps {
  state: MeetingState;
  command: (command: SetupCommand) => Promise<boolean>;
}

export function TopicsEditor({ state, command }: TopicsEditorProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const last = state.topics.length - 1;

  const remove = (topicId: string, title: string) => {
    if (window.confirm(t('topics.confirmRemove', { title }))) void command({ type: 'topic:remove', topicId });
  };

  return (
    <section className="panel" aria-labelledby="topics-heading">
      <h2 id="topics-heading">{t('topics.heading')}</h2>
      {state.topics.length === 0 ? (
        <p className="empty">{t('agenda.empty')}</p>
      ) : (
        <ol className="topic-list">
          {state.topics.map((topic, index) => (
            <li key={topic.id}>
              <div className="topic-line">
                <span className="topic-title" dir="auto" id={`topic-${topic.id}`}>
                  {topic.title}
                </span>
                <span className="button-row">
                  <GuardedButton
                    unavailable={index === 0}
                    aria-describedby={`topic-${topic.id}`}
                    onClick={() => void command({ type: 'topic:move', topicId: topic.id, toIndex: index - 1 })}
                  >
                    {t('queue.moveUp')}
                  </GuardedButton>
                  <GuardedButton
                    unavailable={index === last}
                    aria-describedby={`topic-${topic.id}`}
                    onClick={() => void command({ type: 'topic:move', topicId: topic.id, toIndex: index + 1 })}
                  >
                    {t('queue.moveDown')}
                  </GuardedButton>
                  <button
                    type="button"
                    aria-expanded={editing === topic.id}
                    aria-describedby={`topic-${topic.id}`}
                    onClick={() => setEditing(editing === topic.id ? null : topic.id)}
                  >
                    {t('topics.edit')}
                  </button>
                  <button
                    type="button"
                    aria-describedby={`topic-${topic.id}`}
                    onClick={() => remove(topic.id, topic.title)}
                  >
                    {t('queue.remove')}
                  </button>
                </span>
              </div>
              {editing === topic.id && (
                <TopicForm
                  topic={topic}
                  onCancel={() => setEditing(null)}
                  onSubmit={async (details) => {
                    const saved = await command({ type: 'topic:update', topicId: topic.id, details });
                    if (saved) setEditing(null);
                    return saved;
                  }}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      <h3>{t('topics.add')}</h3>
      <TopicForm onSubmit={(details) => command({ type: 'topic:add', details })} />
    </section>
  );
}
