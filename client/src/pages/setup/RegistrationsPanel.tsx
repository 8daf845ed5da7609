import { useDeferredValue, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingState, Participant } from '../../../../shared/meeting/model.js';
import type { SetupCommand } from '../../api.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { searchMatcher } from '../../../../shared/search.js';
import { TextField } from '../../components/Field.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { MovedNotice } from '../../components/MovedNotice.js';
import { rowKey, useSteadiness, useSteadyRows, type Steadiness, type SteadyRow } from '../../components/steadyRows.js';
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
 * on, so one taken on an out-of-date list is refused and said here instead of undoing another's,
 * and while someone works on the lists their rows stay where they are (`useSteadiness`).
 */
export function RegistrationsPanel({ state, submit, readOnly }: RegistrationsPanelProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [search, setSearch] = useState('');
  const [refusal, setRefusal] = useState<unknown>(null);
  const searched = useDeferredValue(search);
  const matches = searchMatcher(searched);
  const pending = state.participants.filter((participant) => participant.registration === 'pending');
  const declined = state.participants.filter((participant) => participant.registration === 'declined');
  const steadiness = useSteadiness();
  const heading = useRef<HTMLHeadingElement>(null);
  // A row decided here leaves, and focus goes to the row that takes its place, not to the page's start.
  const refocus = useRef<{ button: HTMLElement; list: Element; index: number } | null>(null);
  useLayoutEffect(() => {
    const after = refocus.current;
    if (!after || after.button.isConnected) return;
    refocus.current = null;
    if (document.activeElement !== null && document.activeElement !== document.body) return;
    const rows = after.list.isConnected ? after.list.children : [];
    const takesItsPlace = rows[after.index] ?? rows[after.index - 1];
    (takesItsPlace?.querySelector<HTMLElement>('button:not([aria-disabled])') ?? heading.current)?.focus();
  });
  if (!state.registrationApproval && pending.length === 0 && declined.length === 0) return null;
  const found = (participants: Participant[]) => participants.filter((participant) => matches([participant.displayName, participant.affiliation, participant.country]));
  const pendingFound = found(pending);
  const declinedFound = found(declined);
  const counted = state.participants.length - declined.length;
  const review = async (participant: Participant, decision: 'approved' | 'declined', button: HTMLElement) => {
    setRefusal(null);
    const row = button.closest('li');
    if (row?.parentElement) refocus.current = { button, list: row.parentElement, index: Array.prototype.indexOf.call(row.parentElement.children, row) };
    steadiness.letGo(participant.id);
    const outcome = await submit({ type: 'participant:review', participantId: participant.id, decision, expectedStatus: participant.registration });
    if (!outcome.ok) {
      setRefusal(outcome.failure);
      if (button.isConnected) refocus.current = null;
    }
  };
  const nameOf = (participantId: string) => state.participants.find((participant) => participant.id === participantId)?.displayName ?? null;
  const decidedMeanwhile = (participantId: string) => {
    const now = state.participants.find((participant) => participant.id === participantId)?.registration;
    return now === 'approved' ? t('registrations.approvedMeanwhile') : now === 'declined' ? t('registrations.declinedMeanwhile') : null;
  };

  const row = ({ row: participant, left }: SteadyRow<Participant>) => (
    <li key={participant.id} className={left ? 'registration-row decided-meanwhile' : 'registration-row'} {...rowKey(participant.id)}>
      <div>
        <strong dir="auto">{participant.displayName}</strong>
        {/* The separators stay outside the isolates: inside one, a dot before a Latin name sat on the wrong side of it on an Arabic page. */}
        {participant.affiliation && <> · <bdi>{participant.affiliation}</bdi></>}
        {participant.country && <> · <bdi>{participant.country}</bdi></>}
        {/* A row decided elsewhere says so in place of its details, not beside them: a longer row would wrap and move the rows below. */}
        {left ? (
          <strong className="decided-meanwhile-note"> · {decidedMeanwhile(participant.id)}</strong>
        ) : (
          <span className="hint">
            {' '}
            · {t(`stakeholderGroup.${participant.stakeholderGroup}`)} · {t(`attendance.${participant.attendance}`)} ·{' '}
            {formatDateTime(participant.registeredAt, state.timeZone, i18n.language)}
          </span>
        )}
      </div>
      {!readOnly && (
        // A row decided by someone else keeps its buttons, unavailable, so a focused one keeps its place.
        <div className="button-row">
          <GuardedButton
            unavailable={left}
            className="primary"
            aria-label={t('registrations.approveNamed', { name: participant.displayName })}
            onClick={(event) => void review(participant, 'approved', event.currentTarget)}
          >
            {t('registrations.approve')}
          </GuardedButton>
          {participant.registration === 'pending' && (
            <GuardedButton
              unavailable={left}
              aria-label={t('registrations.declineNamed', { name: participant.displayName })}
              onClick={(event) => void review(participant, 'declined', event.currentTarget)}
            >
              {t('registrations.decline')}
            </GuardedButton>
          )}
        </div>
      )}
    </li>
  );

  return (
    <section className="panel" aria-labelledby="registrations-heading" ref={steadiness.ref}>
      <h2 id="registrations-heading" ref={heading} tabIndex={-1}>
        {t('registrations.heading')}
      </h2>
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
      <RegistrationList found={pendingFound} row={row} steadiness={steadiness} search={searched} none={pending.length === 0 ? t('registrations.nonePending') : undefined} />
      {declined.length > 0 && (
        <details>
          <summary>{t('registrations.declined', { n: declined.length })}</summary>
          <RegistrationList found={declinedFound} row={row} steadiness={steadiness} search={searched} />
        </details>
      )}
      <MovedNotice steadiness={steadiness} />
    </section>
  );
}

/**
 * One list of registrations as found: the first of them, held still while someone works on
 * the panel, and what the search leaves out said. `none` is said when nobody is in the list at all.
 */
function RegistrationList({
  found,
  row,
  steadiness,
  search,
  none,
}: {
  found: Participant[];
  row: (shown: SteadyRow<Participant>) => ReactNode;
  steadiness: Steadiness;
  search: string;
  none?: string;
}) {
  const { t } = useTranslation();
  const rows = useSteadyRows(found.slice(0, REGISTRATIONS_SHOWN), participantKey, steadiness, search);
  if (rows.length === 0 && none !== undefined) return <p>{none}</p>;
  return (
    <>
      <p role="status" className="hint">
        {found.length === 0 ? t('registrations.noMatch') : found.length > REGISTRATIONS_SHOWN ? t('registrations.showingFirst', { shown: REGISTRATIONS_SHOWN, matching: found.length }) : null}
      </p>
      {rows.length > 0 && <ul className="registration-list">{rows.map(row)}</ul>}
    </>
  );
}

const participantKey = (participant: Participant) => participant.id;
