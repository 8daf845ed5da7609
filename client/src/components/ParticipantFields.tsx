import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  attendanceModes,
  stakeholderGroups,
  type ParticipantDetails,
  type StakeholderGroup,
} from '../../../shared/meeting/model.js';
import { SelectField, TextField } from './Field.js';

/** The form's details before they are complete: the stakeholder group is a choice each person makes. */
export type ParticipantDraft = Omit<ParticipantDetails, 'stakeholderGroup'> & { stakeholderGroup: StakeholderGroup | '' };

export const emptyParticipant: ParticipantDraft = {
  displayName: '',
  affiliation: '',
  country: '',
  stakeholderGroup: '',
  attendance: 'room',
  publishName: false,
};

/** Fields the person must fix, each with the message shown next to it. */
export type ParticipantFieldErrors = Partial<Record<'displayName' | 'stakeholderGroup', string>>;

/** What is missing, in form order; empty when the draft can be sent. */
export function participantDraftErrors(draft: ParticipantDraft, t: (key: string) => string): ParticipantFieldErrors {
  return {
    ...(draft.displayName.trim() === '' ? { displayName: t('errors.NAME_REQUIRED') } : {}),
    ...(draft.stakeholderGroup === '' ? { stakeholderGroup: t('errors.STAKEHOLDER_GROUP_REQUIRED') } : {}),
  };
}

/** The complete details, once `participantDraftErrors` found nothing missing. */
export function completeParticipant(draft: ParticipantDraft): ParticipantDetails | null {
  const { stakeholderGroup } = draft;
  return stakeholderGroup === '' || draft.displayName.trim() === '' ? null : { ...draft, stakeholderGroup };
}

interface ParticipantFieldsProps {
  value: ParticipantDraft;
  onChange: (value: ParticipantDraft) => void;
  errors?: ParticipantFieldErrors;
  /** Shown under the name and affiliation: a warning about them (already registered). */
  identityNote?: ReactNode;
}

/** The details a person gives to join the speakers' list, on the register page and at the chair's desk. */
export function ParticipantFields({ value, onChange, errors = {}, identityNote }: ParticipantFieldsProps) {
  const { t } = useTranslation();
  const id = useId();
  const set = <K extends keyof ParticipantDraft>(key: K, field: ParticipantDraft[K]) =>
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
        invalid={Boolean(errors.displayName)}
        describedBy={errors.displayName ? `${id}-name-error` : undefined}
        note={
          errors.displayName && (
            <p className="field-error" id={`${id}-name-error`}>
              {errors.displayName}
            </p>
          )
        }
      />
      <TextField
        id={`${id}-affiliation`}
        label={t('participantFields.affiliation')}
        maxLength={200}
        dir="auto"
        autoComplete="organization"
        value={value.affiliation}
        onChange={(event) => set('affiliation', event.target.value)}
        describedBy={identityNote ? `${id}-identity-note` : undefined}
        note={
          identityNote && (
            <div className="field-warning" id={`${id}-identity-note`}>
              {identityNote}
            </div>
          )
        }
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
        error={errors.stakeholderGroup}
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
  /** '' until a group is chosen: the list then starts with "Choose…" and nothing is assumed. */
  value: StakeholderGroup | '';
  onChange: (group: StakeholderGroup) => void;
  error?: string | undefined;
}

/** The stakeholder group a participant, or the author of a consultation input, speaks for. */
export function StakeholderGroupField({ id, value, onChange, error }: StakeholderGroupFieldProps) {
  const { t } = useTranslation();
  return (
    <SelectField
      id={id}
      label={t('participantFields.stakeholderGroup')}
      required
      value={value}
      onChange={(event) => onChange(event.target.value as StakeholderGroup)}
      invalid={Boolean(error)}
      describedBy={error ? `${id}-error` : undefined}
      note={
        error && (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        )
      }
    >
      {value === '' && (
        <option value="" disabled>
          {t('participantFields.chooseGroup')}
        </option>
      )}
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
