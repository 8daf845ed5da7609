import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { speechKinds, type MeetingState, type SpeechKind, type Topic } from '../../../../shared/meeting/model.js';
import { possibleDuplicates } from '../../../../shared/meeting/selectors.js';
import { searchMatcher } from '../../../../shared/search.js';
import { SelectField, TextField } from '../../components/Field.js';
import type { Run } from './types.js';

interface AddToQueueFormProps {
  state: MeetingState;
  topic: Topic;
  selected: string;
  onSelect: (participantId: string) => void;
  run: Run;
}

/** For people in the room who raise a hand or a flag instead of using a device. */
export function AddToQueueForm({ state, topic, selected, onSelect, run }: AddToQueueFormProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [kind, setKind] = useState<SpeechKind>('intervention');
  // A point of order may be raised by someone already waiting with another request.
  const pointOfOrder = kind === 'point_of_order';
  const busy = new Set([
    ...topic.queue
      .filter((entry) => (entry.kind === 'point_of_order') === pointOfOrder)
      .map((entry) => entry.participantId),
    topic.floor?.participantId,
  ]);
  // Hundreds are registered: the chair narrows the list by a name, a delegation or a country seen on a flag.
  const [find, setFind] = useState('');
  const matches = searchMatcher(find);
  const candidates = state.participants
    .filter((participant) => !busy.has(participant.id) && matches([participant.displayName, participant.affiliation, participant.country]))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, i18n.language));
  const only = find.trim() !== '' && candidates.length === 1 ? candidates[0]!.id : '';
  const chosen = candidates.some((participant) => participant.id === selected) ? selected : only;
  const duplicates = possibleDuplicates(state);
  const twice = state.participants.filter((participant) => duplicates.has(participant.id));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    if ((await run('queue:add', { participantId: chosen, kind })) !== false) {
      onSelect('');
      setFind('');
    }
  };

  return (
    <form className="panel" aria-labelledby={`${id}-heading`} onSubmit={(event) => void submit(event)}>
      <h2 id={`${id}-heading`}>{t('addToQueue.heading')}</h2>
      <TextField
        id={`${id}-find`}
        type="search"
        label={t('addToQueue.find')}
        value={find}
        onChange={(event) => setFind(event.target.value)}
        maxLength={120}
        dir="auto"
        describedBy={`${id}-found`}
        note={
          <p id={`${id}-found`} className="hint" role="status">
            {find.trim() === '' ? null : candidates.length === 0 ? t('addToQueue.noMatch') : t('addToQueue.matching', { count: candidates.length })}
          </p>
        }
      />
      <SelectField
        id={`${id}-participant`}
        label={t('addToQueue.participant')}
        required
        value={chosen}
        onChange={(event) => onSelect(event.target.value)}
        describedBy={twice.length > 0 ? `${id}-twice` : undefined}
        note={
          twice.length > 0 && (
            <div className="field-warning" id={`${id}-twice`}>
              <p>{t('addToQueue.registeredTwice', { count: twice.length })}</p>
              <ul>
                {twice.map((participant) => (
                  <li key={participant.id}>
                    <bdi>{[participant.displayName, participant.affiliation].filter(Boolean).join(' · ')}</bdi>
                  </li>
                ))}
              </ul>
            </div>
          )
        }
      >
        <option value="">{t('addToQueue.choose')}</option>
        {candidates.map((participant) => (
          <option key={participant.id} value={participant.id}>
            {[participant.displayName, participant.affiliation, participant.country].filter(Boolean).join(' · ')}
            {duplicates.has(participant.id) && ` (${t('addToQueue.twiceMarker')})`}
          </option>
        ))}
      </SelectField>
      <SelectField
        id={`${id}-kind`}
        label={t('addToQueue.kind')}
        value={kind}
        onChange={(event) => setKind(event.target.value as SpeechKind)}
      >
        {speechKinds.map((option) => (
          <option key={option} value={option}>
            {t(`speechKind.${option}`)}
          </option>
        ))}
      </SelectField>
      <button type="submit">{t('addToQueue.submit')}</button>
    </form>
  );
}
