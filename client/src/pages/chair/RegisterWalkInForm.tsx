import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  completeParticipant,
  emptyParticipant,
  ParticipantFields,
  participantDraftErrors,
  type ParticipantDraft,
  type ParticipantFieldErrors,
} from '../../components/ParticipantFields.js';
import type { Run } from './types.js';

/** Registers someone who has no device, so the chair can put them on the list. */
export function RegisterWalkInForm({ run, onRegistered }: { run: Run; onRegistered: (participantId: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [details, setDetails] = useState<ParticipantDraft>(emptyParticipant);
  const [errors, setErrors] = useState<ParticipantFieldErrors>({});
  const [registered, setRegistered] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors(participantDraftErrors(details, t));
    const complete = completeParticipant(details);
    if (!complete) return;
    const participantId = await run('participant:register', { details: complete });
    if (typeof participantId !== 'string') return;
    setRegistered(details.displayName);
    setDetails(emptyParticipant);
    onRegistered(participantId);
  };

  return (
    <form className="panel" aria-labelledby={`${id}-heading`} noValidate onSubmit={(event) => void submit(event)}>
      <h2 id={`${id}-heading`}>{t('walkIn.heading')}</h2>
      <p className="hint">{t('walkIn.hint')}</p>
      <ParticipantFields value={details} onChange={setDetails} errors={errors} />
      <button type="submit">{t('walkIn.submit')}</button>
      <p role="status" className="form-status">
        {registered && t('walkIn.done', { name: registered })}
      </p>
    </form>
  );
}
