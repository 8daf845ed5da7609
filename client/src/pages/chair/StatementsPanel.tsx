import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusAfterClose } from '../../components/useFocusAfterClose.js';
import type { MeetingState, Topic, WrittenStatement } from '../../../../shared/meeting/model.js';
import { participantById } from '../../../../shared/meeting/selectors.js';
import { statementFor } from '../../../../shared/speaker-queue/statements.js';
import { SelectField } from '../../components/Field.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { ChairStatementEditor, StatementText } from '../../components/WrittenStatement.js';
import { formatNumber, formatTime } from '../../format.js';
import type { Ask, Run } from './types.js';

/**
 * The written statements of the requests still waiting, in the list's order: read before the
 * floor comes to them (a long text, or one the chair may rule out of order), set aside by the
 * chair, or entered by the chair's table for a waiting speaker who sent theirs another way. The
 * speech on the floor has its own, in the floor panel.
 */
export function StatementsPanel({ state, topic, run, ask }: { state: MeetingState; topic: Topic; run: Run; ask: Ask }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const nameOf = (participantId: string) => participantById(state, participantId)?.displayName ?? t('people.unknown');
  const waiting = topic.queue.map((entry, index) => ({ entry, position: formatNumber(index + 1, i18n.language), statement: statementFor(topic, entry.id) }));
  const written = waiting.flatMap(({ entry, position, statement }) => (statement ? [{ entry, position, statement }] : []));

  const setAside = useSetAside(ask, run);

  return (
    <section className="panel statements-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('statement.waitingHeading')}</h2>
      {written.length === 0 ? (
        <p className="empty">{t('statement.noneWaiting')}</p>
      ) : (
        <ul className="waiting-statements">
          {written.map(({ entry, position, statement }) => {
            const name = nameOf(entry.participantId);
            const time = formatTime(statement.submittedAt, state.timeZone, i18n.language);
            return (
              <li key={entry.id}>
                <details>
                  <summary id={`${id}-${entry.id}`}>{t(statement.enteredByChair ? 'statement.waitingEntered' : 'statement.waitingSent', { position, name, time })}</summary>
                  <StatementText text={statement.text} />
                </details>
                <button type="button" aria-describedby={`${id}-${entry.id}`} onClick={() => setAside(statement, name, 'waiting')}>
                  {t('statement.setAside')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <WaitingEntry
        state={state}
        topic={topic}
        candidates={waiting.flatMap(({ entry, position, statement }) => (statement ? [] : [{ requestId: entry.id, position, name: nameOf(entry.participantId) }]))}
        run={run}
      />
    </section>
  );
}

/**
 * Sets a statement aside after asking, naming what follows: only the version shown, so one
 * changed meanwhile is not set aside unread.
 */
export function useSetAside(ask: Ask, run: Run) {
  const { t } = useTranslation();
  return (statement: WrittenStatement, name: string, request: 'waiting' | 'onFloor') =>
    ask({
      heading: t('statement.setAsideHeading', { name }),
      body: t(request === 'waiting' ? 'statement.setAsideBody' : 'statement.setAsideFloorBody', { name }),
      question: { about: 'setAside', requestId: statement.requestId, participantId: statement.participantId, submittedAt: statement.submittedAt },
      actions: [
        {
          label: t('statement.setAsideConfirm', { name }),
          danger: true,
          onChoose: () => void run('statement:withdraw', { requestId: statement.requestId, expectedSubmittedAt: statement.submittedAt }),
        },
      ],
    });
}

interface Candidate {
  requestId: string;
  position: string;
  name: string;
}

/** Chooses a waiting request without a statement, then enters the statement received for it. */
function WaitingEntry({
  state,
  topic,
  candidates,
  run,
}: {
  state: MeetingState;
  topic: Topic;
  /** The waiting requests without a statement. */
  candidates: Candidate[];
  run: Run;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [chosen, setChosen] = useState('');
  // Kept while the form is open, so that the request moving or leaving the list does not close it.
  const [entering, setEntering] = useState<Candidate | null>(null);
  const { target: opener, closed } = useFocusAfterClose<HTMLButtonElement>(entering !== null);
  if (entering) {
    const close = () => {
      closed();
      setEntering(null);
      setChosen('');
    };
    return (
      <ChairStatementEditor
        state={state}
        requestId={entering.requestId}
        statement={statementFor(topic, entering.requestId)}
        speakerName={entering.name}
        run={run}
        onSent={close}
        onCancel={close}
      />
    );
  }
  // Kept while every request has one (its button unavailable): the keyboard returns to it after an
  // entry. With nobody waiting there is nothing to enter for.
  if (topic.queue.length === 0) return null;
  const selected = candidates.find((candidate) => candidate.requestId === chosen) ?? null;
  return (
    <div className="inline-form waiting-entry">
      <SelectField id={`${id}-request`} label={t('statement.receivedForWaiting')} value={selected?.requestId ?? ''} onChange={(event) => setChosen(event.target.value)}>
        <option value="">{t('statement.chooseWaiting')}</option>
        {candidates.map((candidate) => (
          <option key={candidate.requestId} value={candidate.requestId}>
            {t('statement.waitingOption', { position: candidate.position, name: candidate.name })}
          </option>
        ))}
      </SelectField>
      <GuardedButton ref={opener} unavailable={!selected} onClick={() => setEntering(selected)}>
        {t('statement.enterReceived')}
      </GuardedButton>
    </div>
  );
}
