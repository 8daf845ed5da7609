import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, MAX_LINK_GRACE_HOURS, MAX_PARTICIPANTS, type Language, type MeetingState } from '../../../../shared/meeting/model.js';
import type { MeetingDetailsInput } from '../../api.js';
import { NumberField, SelectField, TextField } from '../../components/Field.js';
import { changedFields } from './changedFields.js';
import { browserTimeZone, epochToZoned, timeZones, zonedToEpoch } from './zonedTime.js';
import { useEditedFields } from '../../components/useEdited.js';

interface Fields {
  title: string;
  venue: string;
  timeZone: string;
  startsAt: string;
  endsAt: string;
  languages: Language[];
  groupName: string;
  groupDate: string;
  speakingTime: string;
  warning: string;
  allowRemoteCamera: boolean;
  oneProposalPerMemberState: boolean;
  /** Empty for a new meeting: the server's default (LINK_GRACE_HOURS). */
  linkGraceHours: string;
  recordFloor: boolean;
  playableAudioCopy: boolean;
  registrationApproval: boolean;
  /** Empty: no cap of the meeting's own. */
  maxParticipants: string;
}

function fieldsOf(meeting: MeetingState | undefined): Fields {
  if (!meeting) {
    return {
      title: '',
      venue: '',
      timeZone: browserTimeZone(),
      startsAt: '',
      endsAt: '',
      languages: ['en'],
      groupName: '',
      groupDate: '',
      speakingTime: '180',
      warning: '30',
      allowRemoteCamera: false,
      oneProposalPerMemberState: true,
      linkGraceHours: '',
      recordFloor: false,
      playableAudioCopy: false,
      registrationApproval: false,
      maxParticipants: '',
    };
  }
  return {
    title: meeting.title,
    venue: meeting.venue,
    timeZone: meeting.timeZone,
    startsAt: epochToZoned(meeting.startsAt, meeting.timeZone),
    endsAt: epochToZoned(meeting.endsAt, meeting.timeZone),
    languages: meeting.languages,
    groupName: meeting.groupMeeting?.name ?? '',
    groupDate: meeting.groupMeeting?.startsOn ?? '',
    speakingTime: meeting.speakingTimeLimitSec === null ? '' : String(meeting.speakingTimeLimitSec),
    warning: String(meeting.warningSec),
    allowRemoteCamera: meeting.allowRemoteCamera,
    oneProposalPerMemberState: meeting.oneProposalPerMemberState,
    linkGraceHours: String(meeting.linkGraceHours),
    recordFloor: meeting.recordFloor,
    playableAudioCopy: meeting.playableAudioCopy,
    registrationApproval: meeting.registrationApproval,
    maxParticipants: meeting.maxParticipants === null ? '' : String(meeting.maxParticipants),
  };
}

/** A new meeting's details are sent whole; an edit's only as far as they were changed here. */
type MeetingFormProps = (
  | { meeting?: undefined; onSubmit: (details: MeetingDetailsInput) => Promise<boolean> }
  | { meeting: MeetingState; onSubmit: (changed: Partial<MeetingDetailsInput>) => Promise<boolean> }
) & {
  /** Shows the details without a way to change them (an archived meeting). */
  readOnly?: boolean;
};

/** The details the fields say, or why they say nothing sendable. */
function detailsOf(fields: Fields): MeetingDetailsInput | 'badTimes' | 'noLanguage' | 'groupIncomplete' {
  const startsAt = zonedToEpoch(fields.startsAt, fields.timeZone);
  const endsAt = zonedToEpoch(fields.endsAt, fields.timeZone);
  if (startsAt === null || endsAt === null || endsAt <= startsAt) return 'badTimes';
  if (fields.languages.length === 0) return 'noLanguage';
  if (Boolean(fields.groupName.trim()) !== Boolean(fields.groupDate)) return 'groupIncomplete';
  return {
    title: fields.title,
    venue: fields.venue,
    timeZone: fields.timeZone,
    startsAt,
    endsAt,
    // Keep the six languages in their usual order whatever order they were ticked in.
    languages: languages.filter((language) => fields.languages.includes(language)),
    groupMeeting: fields.groupName.trim() ? { name: fields.groupName, startsOn: fields.groupDate } : null,
    speakingTimeLimitSec: fields.speakingTime.trim() === '' ? null : Number(fields.speakingTime),
    warningSec: Number(fields.warning),
    allowRemoteCamera: fields.allowRemoteCamera,
    oneProposalPerMemberState: fields.oneProposalPerMemberState,
    ...(fields.linkGraceHours.trim() === '' ? {} : { linkGraceHours: Number(fields.linkGraceHours) }),
    recordFloor: fields.recordFloor,
    playableAudioCopy: fields.playableAudioCopy,
    registrationApproval: fields.registrationApproval,
    maxParticipants: fields.maxParticipants.trim() === '' ? null : Number(fields.maxParticipants),
  };
}

/**
 * The meeting's details as a form. Editing, it shows the meeting as it is now (the page follows
 * it) except the fields changed here, and sends only what those change: another secretary or
 * the chair changing something else meanwhile is neither hidden nor undone.
 */
export function MeetingForm(props: MeetingFormProps) {
  const { meeting, readOnly = false } = props;
  const { t } = useTranslation();
  const id = useId();
  const current = useMemo(() => fieldsOf(meeting), [meeting]);
  const { fields, edit, settle } = useEditedFields(current);
  const [invalid, setInvalid] = useState<string | null>(null);
  const zones = useMemo(timeZones, []);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => edit({ [key]: value } as Partial<Fields>);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const details = detailsOf(fields);
    if (typeof details === 'string') return setInvalid(t(`meetingForm.${details}`));
    setInvalid(null);
    let saved: boolean;
    if (props.meeting === undefined) saved = await props.onSubmit(details);
    else {
      const before = detailsOf(current);
      saved = await props.onSubmit(typeof before === 'string' ? details : changedFields(before, details));
    }
    if (saved) settle();
  };

  return (
    <form onSubmit={(event) => void submit(event)}>
      {/* A disabled fieldset disables every control inside it, nested fieldsets included. */}
      <fieldset className="form-body" disabled={readOnly}>
        <TextField
          id={`${id}-title`}
          label={t('meetingForm.title')}
          required
          maxLength={300}
          dir="auto"
          value={fields.title}
          onChange={(event) => set('title', event.target.value)}
        />
        <TextField
          id={`${id}-venue`}
          label={t('meetingForm.venue')}
          maxLength={300}
          dir="auto"
          value={fields.venue}
          onChange={(event) => set('venue', event.target.value)}
        />
        <SelectField
          id={`${id}-zone`}
          label={t('meetingForm.timeZone')}
          value={fields.timeZone}
          onChange={(event) => set('timeZone', event.target.value)}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </SelectField>
        <div className="field-row">
          <TextField
            id={`${id}-start`}
            label={t('meetingForm.startsAt')}
            type="datetime-local"
            required
            value={fields.startsAt}
            onChange={(event) => set('startsAt', event.target.value)}
          />
          <TextField
            id={`${id}-end`}
            label={t('meetingForm.endsAt')}
            type="datetime-local"
            required
            value={fields.endsAt}
            onChange={(event) => set('endsAt', event.target.value)}
          />
        </div>
        <fieldset className="choice">
          <legend>{t('meetingForm.languages')}</legend>
          {languages.map((language) => (
            <label key={language}>
              <input
                type="checkbox"
                checked={fields.languages.includes(language)}
                onChange={(event) =>
                  set(
                    'languages',
                    event.target.checked
                      ? [...fields.languages, language]
                      : fields.languages.filter((chosen) => chosen !== language),
                  )
                }
              />
              {t(`language.${language}`)}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('meetingForm.groupMeeting')}</legend>
          <div className="field-row">
            <TextField
              id={`${id}-group`}
              label={t('meetingForm.groupName')}
              maxLength={200}
              dir="auto"
              value={fields.groupName}
              onChange={(event) => set('groupName', event.target.value)}
            />
            <TextField
              id={`${id}-group-date`}
              label={t('meetingForm.groupDate')}
              type="date"
              value={fields.groupDate}
              onChange={(event) => set('groupDate', event.target.value)}
            />
          </div>
        </fieldset>
        <div className="field-row">
          <NumberField
            id={`${id}-limit`}
            label={t('meetingForm.speakingTime')}
            min={10}
            max={3600}
            value={fields.speakingTime}
            onChange={(event) => set('speakingTime', event.target.value)}
          />
          <NumberField
            id={`${id}-warning`}
            label={t('meetingForm.warning')}
            required
            min={0}
            max={600}
            value={fields.warning}
            onChange={(event) => set('warning', event.target.value)}
          />
          <NumberField
            id={`${id}-grace`}
            label={t('meetingForm.linkGraceHours')}
            min={0}
            max={MAX_LINK_GRACE_HOURS}
            required={Boolean(meeting)}
            value={fields.linkGraceHours}
            onChange={(event) => set('linkGraceHours', event.target.value)}
            describedBy={`${id}-grace-hint`}
            note={
              <p className="hint" id={`${id}-grace-hint`}>
                {meeting ? t('meetingForm.linkGraceHint') : t('meetingForm.linkGraceDefaultHint')}
              </p>
            }
          />
        </div>
        <fieldset className="choice">
          <legend>{t('meetingForm.rules')}</legend>
          <label>
            <input
              type="checkbox"
              aria-describedby={`${id}-camera-hint`}
              checked={fields.allowRemoteCamera}
              onChange={(event) => set('allowRemoteCamera', event.target.checked)}
            />
            {t('meetingForm.allowRemoteCamera')}
          </label>
          <p className="hint checkbox-hint" id={`${id}-camera-hint`}>
            {t('meetingForm.allowRemoteCameraHint')}
          </p>
          <label>
            <input
              type="checkbox"
              aria-describedby={`${id}-proposal-hint`}
              checked={fields.oneProposalPerMemberState}
              onChange={(event) => set('oneProposalPerMemberState', event.target.checked)}
            />
            {t('meetingForm.oneProposalPerMemberState')}
          </label>
          <p className="hint checkbox-hint" id={`${id}-proposal-hint`}>
            {t('meetingForm.oneProposalPerMemberStateHint')}
          </p>
        </fieldset>
        <fieldset className="choice">
          <legend>{t('recording.legend')}</legend>
          <label>
            <input
              type="checkbox"
              aria-describedby={`${id}-record-hint`}
              checked={fields.recordFloor}
              onChange={(event) => set('recordFloor', event.target.checked)}
            />
            {t('recording.recordFloor')}
          </label>
          <p className="hint checkbox-hint" id={`${id}-record-hint`}>
            {t('recording.recordFloorHint')}
          </p>
          <label>
            <input
              type="checkbox"
              aria-describedby={`${id}-copy-hint`}
              checked={fields.playableAudioCopy}
              disabled={!fields.recordFloor}
              onChange={(event) => set('playableAudioCopy', event.target.checked)}
            />
            {t('recording.playableAudioCopy')}
          </label>
          <p className="hint checkbox-hint" id={`${id}-copy-hint`}>
            {t('recording.playableAudioCopyHint')}
          </p>
        </fieldset>
        <fieldset className="choice">
          <legend>{t('registrations.legend')}</legend>
          <label>
            <input
              type="checkbox"
              aria-describedby={`${id}-approval-hint`}
              checked={fields.registrationApproval}
              onChange={(event) => set('registrationApproval', event.target.checked)}
            />
            {t('registrations.approval')}
          </label>
          <p className="hint checkbox-hint" id={`${id}-approval-hint`}>
            {t('registrations.approvalHint')}
          </p>
          <NumberField
            id={`${id}-cap`}
            label={t('registrations.cap')}
            min={1}
            max={MAX_PARTICIPANTS}
            value={fields.maxParticipants}
            onChange={(event) => set('maxParticipants', event.target.value)}
            describedBy={`${id}-cap-hint`}
            note={
              <p className="hint" id={`${id}-cap-hint`}>
                {t('registrations.capHint', { max: MAX_PARTICIPANTS })}
              </p>
            }
          />
        </fieldset>
      </fieldset>
      <div className="failure" role="alert">
        {invalid}
      </div>
      {!readOnly && (
        <button type="submit" className="primary">
          {meeting ? t('meetingForm.save') : t('meetingForm.create')}
        </button>
      )}
    </form>
  );
}
