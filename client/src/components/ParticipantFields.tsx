import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import {
  attendanceModes,
  stakeholderGroups,
  type ParticipantDetails,
  type StakeholderGroup,
} from '../../../shared/meeting/model.js';
import { SelectField, TextField } from './Field.js';

export const emptyParticipant: ParticipantDetails = {
  displayName: '',
  affiliation: '',
  country: '',
  stakeholderGroup: 'government',
  attendance: 'room',
  publishName: false,
};

interface ParticipantFieldsProps {
  value: ParticipantDetails;
  onChange: (value: ParticipantDetails) => void;
}

/** The details a person gives to join the speakers' list, on the register page and at the chair's desk. */
export function ParticipantFields({ value, onChange }: ParticipantFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  const set = <K extends keyof ParticipantDetails>(key: K, field: ParticipantDetails[K]) =>
    onChange({ ...value, [key]: field });
  return (
    <>
      <TextField
        id={`${id}-name`}
        label={t('participantFields.displayName')}
        required
        maxLength={120}
        dir="auto"
        autoComplete="name"
        value={value.displayName}
        onChange={(event) => set('displayName', event.target.value)}
      />
      <TextField
        id={`${id}-affiliation`}
        label={t('participantFields.affiliation')}
        maxLength={200}
        dir="auto"
        autoComplete="organization"
        value={value.affiliation}
        onChange={(event) => set('affiliation', event.target.value)}
      />
      <TextField
        id={`${id}-country`}
        label={t('participantFields.country')}
        maxLength={100}
        dir="auto"
        autoComplete="country-name"
        value={value.country}
        onChange={(event) => set('country', event.target.value)}
      />
      <StakeholderGroupField
        id={`${id}-group`}
        value={value.stakeholderGroup}
        onChange={(group) => set('stakeholderGroup', group)}
      />
      <fieldset className="choice">
        <legend>{t('participantFields.attendance')}</legend>
        {attendanceModes.map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name={`${id}-attendance`}
              value={mode}
              checked={value.attendance === mode}
              onChange={() => set('attendance', mode)}
            />
            {t(`attendance.${mode}`)}
          </label>
        ))}
      </fieldset>
      <PublishNameField checked={value.publishName} onChange={(publish) => set('publishName', publish)} />
    </>
  );
}

interface StakeholderGroupFieldProps {
  id: string;
  value: StakeholderGroup;
  onChange: (group: StakeholderGroup) => void;
}

/** The stakeholder group a participant, or the author of a consultation input, speaks for. */
export function StakeholderGroupField({ id, value, onChange }: StakeholderGroupFieldProps) {
  const { t } = useTranslation();
  return (
    <SelectField
      id={id}
      label={t('participantFields.stakeholderGroup')}
      value={value}
      onChange={(event) => onChange(event.target.value as StakeholderGroup)}
    >
      {stakeholderGroups.map((group) => (
        <option key={group} value={group}>
          {t(`stakeholderGroup.${group}`)}
        </option>
      ))}
    </SelectField>
  );
}

/** Consent to be named in the published attendee list: asked, never assumed, and revocable until archiving. */
export function PublishNameField({ checked, onChange }: { checked: boolean; onChange: (publish: boolean) => void }) {
  const { t } = useTranslation();
  const hint = useId();
  return (
    <div className="field">
      <label className="checkbox">
        <input type="checkbox" checked={checked} aria-describedby={hint} onChange={(event) => onChange(event.target.checked)} />
        {t('participantFields.publishName')}
      </label>
      <p className="hint" id={hint}>
        {t('participantFields.publishNameHint')}
      </p>
    </div>
  );
}
