import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import type { SetupCommand } from '../../api.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { TopicForm } from './TopicForm.js';
import type { FormOutcome } from './useAction.js';

interface TopicsEditorProps {
  state: MeetingState;
  /** Sends a command and hands its refusal back: the panel shows it by the topics. */
  submit: (command: SetupCommand) => Promise<FormOutcome>;
  /** An archived meeting: the topics are listed, never changed. */
  readOnly?: boolean;
}

export function TopicsEditor({ state, submit, readOnly = false }: TopicsEditorProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  // A move or removal refused (another secretary reordered the agenda meanwhile) is said by the topics, not at the top of the page.
  const [refusal, setRefusal] = useState<unknown>(null);
  const last = state.topics.length - 1;

  const change = async (command: SetupCommand) => {
    setRefusal(null);
    const outcome = await submit(command);
    if (!outcome.ok) setRefusal(outcome.failure);
  };
  const remove = (topicId: string, title: string) => {
    if (window.confirm(t('topics.confirmRemove', { title }))) void change({ type: 'topic:remove', topicId });
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
                      onClick={() => void change({ type: 'topic:move', topicId: topic.id, toIndex: index - 1, expectedIndex: index })}
                    >
                      {t('queue.moveUp')}
                    </GuardedButton>
                    <GuardedButton
                      unavailable={index === last}
                      aria-describedby={`topic-${topic.id}`}
                      onClick={() => void change({ type: 'topic:move', topicId: topic.id, toIndex: index + 1, expectedIndex: index })}
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
                  onSubmit={async (details, translated) => {
                    const outcome = await submit({ type: 'topic:update', topicId: topic.id, details, ...(Object.keys(translated).length > 0 && { translated }) });
                    if (outcome.ok) setEditing(null);
                    return outcome;
                  }}
                />
              )}
            </li>
          ))}
        </ol>
      )}
      {/* Below the topics: a notice above them would move every topic down under the pointer. */}
      <FailureNotice failure={refusal} />
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
