import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import type { SetupCommand } from '../../api.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { TopicForm } from './TopicForm.js';
import type { FormOutcome } from './useAction.js';

interface TopicsEditorProps {
  state: MeetingState;
  command: (command: SetupCommand) => Promise<boolean>;
  /** Sends a form's command and hands its refusal back to the form. */
  submit: (command: SetupCommand) => Promise<FormOutcome>;
  /** An archived meeting: the topics are listed, never changed. */
  readOnly?: boolean;
}

export function TopicsEditor({ state, command, submit, readOnly = false }: TopicsEditorProps) {
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
                <span className="topic-heading">
                  <span className="topic-title" dir="auto" id={`topic-${topic.id}`}>
                    {topic.title}
                  </span>
                  {topic.proposedBy && (
                    <span className="hint">
                      {t('topic.proposedBy')}: <bdi>{topic.proposedBy}</bdi>
                    </span>
                  )}
                </span>
                {!readOnly && (
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
                )}
              </div>
              {editing === topic.id && !readOnly && (
                <TopicForm
                  topic={topic}
                  otherTopics={state.topics.filter((other) => other.id !== topic.id)}
                  oneProposalPerMemberState={state.oneProposalPerMemberState}
                  languages={state.languages}
                  onCancel={() => setEditing(null)}
                  onSubmit={async (details) => {
                    const outcome = await submit({ type: 'topic:update', topicId: topic.id, details });
                    if (outcome.ok) setEditing(null);
                    return outcome;
                  }}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <>
          <h3>{t('topics.add')}</h3>
          <TopicForm
            otherTopics={state.topics}
            oneProposalPerMemberState={state.oneProposalPerMemberState}
            languages={state.languages}
            onSubmit={(details) => submit({ type: 'topic:add', details })}
          />
        </>
      )}
    </section>
  );
}
