import { useDeferredValue, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Participant } from '../../../../shared/meeting/model.js';
import type { SetupCommand } from '../../api.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { searchMatcher } from '../../../../shared/search.js';
import { TextField } from '../../components/Field.js';
import { formatDateTime } from '../../format.js';
import type { FormOutcome } from './useAction.js';

interface RegistrationsPanelProps {
  state: MeetingState;
  submit: (command: SetupCommand) => Promise<FormOutcome>;
  readOnly: boolean;
}

/** At most this many registrations of a list are shown at once: a search finds the others. */
const REGISTRATIONS_SHOWN = 50;

/**
 * The secretariat admits or declines public registrations (meetings with registration
 * approval): those waiting first, oldest first; declined ones stay listed so a mistake can be undone.
 * At the door, hundreds wait at once: a search by name, affiliation or country finds the person
 * at the desk. Several secretaries may staff the desk: a decision names the status it was taken
 * on, so one taken on an out-of-date list is refused and said here instead of undoing another's.
 */
export function RegistrationsPanel({ state, submit, readOnly }: RegistrationsPanelProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [search, setSearch] = useState('');
  const [refusal, setRefusal] = useState<unknown>(null);
  const matches = searchMatcher(useDeferredValue(search));
  const pending = state.participants.filter((participant) => participant.registration === 'pending');
  const declined = state.participants.filter((participant) => participant.registration === 'declined');
  if (!state.registrationApproval && pending.length === 0 && declined.length === 0) return null;
  const found = (participants: Participant[]) => participants.filter((participant) => matches([participant.displayName, participant.affiliation, participant.country]));
  const pendingFound = found(pending);
  const declinedFound = found(declined);
  const counted = state.participants.length - declined.length;
  const review = async (participant: Participant, decision: 'approved' | 'declined') => {
    setRefusal(null);
    const outcome = await submit({ type: 'participant:review', participantId: participant.id, decision, expectedStatus: participant.registration });
    if (!outcome.ok) setRefusal(outcome.failure);
  };
  const nameOf = (participantId: string) => state.participants.find((participant) => participant.id === participantId)?.displayName ?? null;

  const row = (participant: Participant) => (
    <li key={participant.id} className="registration-row">
      <div>
        <strong dir="auto">{participant.displayName}</strong>
        {/* The separators stay outside the isolates: inside one, a dot before a Latin name sat on the wrong side of it on an Arabic page. */}
        {participant.affiliation && <> · <bdi>{participant.affiliation}</bdi></>}
        {participant.country && <> · <bdi>{participant.country}</bdi></>}
        <span className="hint">
          {' '}
          · {t(`stakeholderGroup.${participant.stakeholderGroup}`)} · {t(`attendance.${participant.attendance}`)} ·{' '}
          {formatDateTime(participant.registeredAt, state.timeZone, i18n.language)}
        </span>
      </div>
      {!readOnly && (
        <div className="button-row">
          <button
            type="button"
            className="primary"
            aria-label={t('registrations.approveNamed', { name: participant.displayName })}
            onClick={() => void review(participant, 'approved')}
          >
            {t('registrations.approve')}
          </button>
          {participant.registration === 'pending' && (
            <button
              type="button"
              aria-label={t('registrations.declineNamed', { name: participant.displayName })}
              onClick={() => void review(participant, 'declined')}
            >
              {t('registrations.decline')}
            </button>
          )}
        </div>
      )}
    </li>
  );

  return (
    <section className="panel" aria-labelledby="registrations-heading">
      <h2 id="registrations-heading">{t('registrations.heading')}</h2>
      <p className="hint">
        {state.maxParticipants === null
          ? t('registrations.count', { n: counted })
          : t('registrations.countOfCap', { n: counted, cap: state.maxParticipants })}
      </p>
      {(pending.length + declined.length > REGISTRATIONS_SHOWN || search !== '') && (
        <TextField id={`${id}-find`} type="search" label={t('registrations.find')} value={search} onChange={(event) => setSearch(event.target.value)} maxLength={120} dir="auto" />
      )}
      <FailureNotice failure={refusal} nameOf={nameOf} />
      <h3>{t('registrations.pending', { n: pending.length })}</h3>
      {pending.length === 0 ? <p>{t('registrations.nonePending')}</p> : <RegistrationList found={pendingFound} row={row} />}
      {declined.length > 0 && (
        <details>
          <summary>{t('registrations.declined', { n: declined.length })}</summary>
          <RegistrationList found={declinedFound} row={row} />
        </details>
      )}
    </section>
  );
}

/** One list of registrations as found: the first of them, and what the search leaves out said. */
function RegistrationList({ found, row }: { found: Participant[]; row: (participant: Participant) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <p role="status" className="hint">
        {found.length === 0 ? t('registrations.noMatch') : found.length > REGISTRATIONS_SHOWN ? t('registrations.showingFirst', { shown: REGISTRATIONS_SHOWN, matching: found.length }) : null}
      </p>
      {found.length > 0 && <ul className="registration-list">{found.slice(0, REGISTRATIONS_SHOWN).map(row)}</ul>}
    </>
  );
}
