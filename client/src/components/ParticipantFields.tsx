import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { attendanceModes, stakeholderGroups, type ParticipantDetails } from '../../../shared/meeting/model.js';

export const emptyParticipant: ParticipantDetails = {
  displayName: '',
  affiliation: '',
  country: '',
  stakeholderGroup: 'government',
  attendance: 'room',
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
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('participantFields.displayName')}</label>
        <input
          id={`${id}-name`}
          required
          maxLength={120}
          dir="auto"
          autoComplete="name"
          value={value.displayName}
          onChange={(event) => set('displayName', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-affiliation`}>{t('participantFields.affiliation')}</label>
        <input
          id={`${id}-affiliation`}
          maxLength={200}
          dir="auto"
          autoComplete="organization"
          value={value.affiliation}
          onChange={(event) => set('affiliation', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-country`}>{t('participantFields.country')}</label>
        <input
          id={`${id}-country`}
          maxLength={100}
          dir="auto"
          autoComplete="country-name"
          value={value.country}
          onChange={(event) => set('country', event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-group`}>{t('participantFields.stakeholderGroup')}</label>
        <select
          id={`${id}-group`}
          value={value.stakeholderGroup}
          onChange={(event) => set('stakeholderGroup', event.target.value as ParticipantDetails['stakeholderGroup'])}
        >
          {stakeholderGroups.map((group) => (
            <option key={group} value={group}>
              {t(`stakeholderGroup.${group}`)}
            </option>
          ))}
        </select>
      </div>
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
    </>
  );
}
