import { useTranslation } from 'react-i18next';
import type { MeetingState, Participant } from '../../../../shared/meeting/model.js';
import type { SetupCommand } from '../../api.js';
import { formatDateTime } from '../../format.js';

interface RegistrationsPanelProps {
  state: MeetingState;
  command: (command: SetupCommand) => Promise<boolean>;
  readOnly: boolean;
}

/**
 * The secretariat admits or declines public registrations (meetings with registration
 * approval): those waiting first, oldest first; declined ones stay listed so a mistake can be undone.
 */
export function RegistrationsPanel({ state, command, readOnly }: RegistrationsPanelProps) {
  const { t, i18n } = useTranslation();
  const pending = state.participants.filter((participant) => participant.registration === 'pending');
  const declined = state.participants.filter((participant) => participant.registration === 'declined');
  if (!state.registrationApproval && pending.length === 0 && declined.length === 0) return null;
  const counted = state.participants.length - declined.length;
  const review = (participant: Participant, decision: 'approved' | 'declined') =>
    void command({ type: 'participant:review', participantId: participant.id, decision });

  const row = (participant: Participant) => (
    <li key={participant.id} className="registration-row">
      <div>
        <strong dir="auto">{participant.displayName}</strong>
        {participant.affiliation && <span dir="auto"> · {participant.affiliation}</span>}
        {participant.country && <span dir="auto"> · {participant.country}</span>}
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
            onClick={() => review(participant, 'approved')}
          >
            {t('registrations.approve')}
          </button>
          {participant.registration === 'pending' && (
            <button
              type="button"
              aria-label={t('registrations.declineNamed', { name: participant.displayName })}
              onClick={() => review(participant, 'declined')}
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
      <h3>{t('registrations.pending', { n: pending.length })}</h3>
      {pending.length === 0 ? <p>{t('registrations.nonePending')}</p> : <ul className="registration-list">{pending.map(row)}</ul>}
      {declined.length > 0 && (
        <details>
          <summary>{t('registrations.declined', { n: declined.length })}</summary>
          <ul className="registration-list">{declined.map(row)}</ul>
        </details>
      )}
    </section>
  );
}
