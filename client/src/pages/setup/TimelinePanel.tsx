import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { MeetingState } from '../../../../shared/meeting/model.js';
import {
  consultationTimeline,
  defaultTimelineSettings,
  localDate,
  TimelineSettings,
  timelineWarnings,
  type CalendarDate,
  type ConsultationTimeline,
  type CycleRecord,
  type TimelineWarning,
} from '../../../../shared/timeline/timeline.js';
import { NumberField, TextField } from '../../components/Field.js';
import { formatCalendarDate, formatCalendarRange, formatFromToday, isCalendarDate } from './calendarDates.js';
import type { SetupCommand } from '../../api.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import type { FormOutcome } from './useAction.js';
import { changedFields } from './changedFields.js';
import { useEditedFields } from '../../components/useEdited.js';

export type SettingKey = keyof TimelineSettings;

/** In the order of the cycle. */
export const settingKeys: readonly SettingKey[] = [
  'launchWithinDays',
  'responsesDueDaysBefore',
  'compilationDaysBefore',
  'physicalWithinDaysBefore',
];

/** The bounds the schema itself enforces, so the inputs never offer what it refuses. */
function limitsOf(key: SettingKey): { min: number; max: number } {
  const schema = TimelineSettings.shape[key].unwrap();
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? 365 };
}

export function validSetting(key: SettingKey, text: string): number | null {
  if (text.trim() === '') return null;
  const parsed = TimelineSettings.shape[key].safeParse(Number(text));
  return parsed.success ? parsed.data : null;
}

export const draftsOf = (settings: TimelineSettings) =>
  Object.fromEntries(settingKeys.map((key) => [key, String(settings[key])])) as Record<SettingKey, string>;

/** What a timeline form changed: each offset (as typed) and date by itself. */
interface TimelineEdits<Dates> {
  settings: Partial<Record<SettingKey, string>>;
  dates: Partial<Dates>;
}

/**
 * A timeline form's draft: the offsets and dates as saved now (the page follows them) except
 * those changed here. Another secretary's save shows at once, and neither wipes what is being
 * changed here nor is undone when it is saved.
 */
export function useTimelineDraft<Dates extends object>(saved: { settings: TimelineSettings; dates: Dates }) {
  const settings = useEditedFields(draftsOf(saved.settings));
  const dates = useEditedFields(saved.dates);
  const edit = (next: Partial<TimelineEdits<Dates>>) => {
    if (next.settings) settings.edit(next.settings);
    if (next.dates) dates.edit(next.dates);
  };
  const settle = () => {
    settings.settle();
    dates.settle();
  };
  return { draft: { settings: settings.fields, dates: dates.fields }, edit, settle };
}

/** Dates of the cycle that this app does not hold itself: the secretariat records them. */
type CycleDates = Pick<CycleRecord, 'previousGroupMeetingEnd' | 'consultationLaunchedOn'>;

interface CycleDraft {
  settings: Record<SettingKey, string>;
  dates: CycleDates;
}

/** The record a draft describes, field by field: an invalid offset keeps the saved value. */
function cycleOf(draft: CycleDraft, saved: CycleRecord): CycleRecord {
  const settings = Object.fromEntries(
    settingKeys.map((key) => [key, validSetting(key, draft.settings[key]) ?? saved.settings[key]]),
  ) as TimelineSettings;
  return { settings, ...draft.dates };
}

const sameCycle = (a: CycleRecord, b: CycleRecord) => JSON.stringify(a) === JSON.stringify(b);

interface TimelinePanelProps {
  state: MeetingState;
  submit: (command: SetupCommand) => Promise<FormOutcome>;
  readOnly: boolean;
}

/**
 * The consultation cycle around this meeting (Resolutions 1336/1344 as revised): when the
 * online consultation must open, when responses and the compilation report are due, and
 * whether the meeting's own date keeps to the rules. The offsets and dates are meeting data,
 * saved in its log (and its archive) with `meeting:update`; the timeline previews a draft.
 */
export function TimelinePanel({ state, submit, readOnly }: TimelinePanelProps) {
  const { t } = useTranslation();
  const saved = state.cycle;
  const { settings: savedSettings, ...savedDates } = saved;
  const { draft, edit: change, settle } = useTimelineDraft<CycleDates>({ settings: savedSettings, dates: savedDates });
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const preview = cycleOf(draft, saved);
  const invalid = settingKeys.some((key) => validSetting(key, draft.settings[key]) === null);
  const dirty = !sameCycle(preview, saved) || invalid;
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid || !dirty) return;
    const outcome = await submit({ type: 'meeting:update', details: { cycle: preview } });
    if (outcome.ok) settle();
    setOutcome(outcome);
  };
  const edit = (next: Parameters<typeof change>[0]) => {
    setOutcome(null);
    change(next);
  };
  return (
    <section className="panel timeline-panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('timeline.heading')}</h2>
      {state.groupMeeting ? (
        <Timeline state={state} groupMeeting={state.groupMeeting} cycle={preview} />
      ) : (
        <p className="notice" role="status">
          {t('timeline.needGroupMeeting')}
        </p>
      )}
      <form className="timeline-form" onSubmit={(event) => void save(event)}>
        <fieldset disabled={readOnly}>
          <DatesForm dates={draft.dates} onChange={(dates) => edit({ dates: changedFields(draft.dates, dates) })} />
          <SettingsForm
            drafts={draft.settings}
            settings={preview.settings}
            onChange={(key, text) => edit({ settings: { [key]: text } })}
            onReset={() => edit({ settings: draftsOf(defaultTimelineSettings) })}
          />
          {!readOnly && (
            <div className="button-row">
              <button type="submit" className="primary" aria-disabled={!dirty || invalid || undefined}>
                {t('timeline.save')}
              </button>
              <span role="status" className="form-status">
                {outcome?.ok ? t('timeline.saved') : dirty && !invalid ? t('timeline.unsaved') : null}
              </span>
            </div>
          )}
          {outcome && !outcome.ok && <FailureNotice failure={outcome.failure} />}
        </fieldset>
      </form>
    </section>
  );
}

interface TimelineProps {
  state: MeetingState;
  groupMeeting: NonNullable<MeetingState['groupMeeting']>;
  cycle: CycleRecord;
}

function Timeline({ state, groupMeeting, cycle }: TimelineProps) {
  const { settings, ...dates } = cycle;
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const groupMeetingStart = groupMeeting.startsOn;
  const physicalMeeting = localDate(state.startsAt, state.timeZone);
  const today = localDate(Date.now(), state.timeZone);
  const input = { groupMeetingStart, physicalMeeting, ...dates };
  const timeline = consultationTimeline(input, settings);
  const warnings = timelineWarnings(input, settings);

  const when = (date: CalendarDate) => (
    <>
      <time dateTime={date}>{formatCalendarDate(date, language)}</time>{' '}
      <span className="hint">({formatFromToday(date, today, language)})</span>
    </>
  );

  return (
    <>
      <p className="hint">{t('timeline.intro')}</p>
      <div className={warnings.length > 0 ? 'timeline-summary timeline-summary-warn' : 'timeline-summary'}>
        <p role="status">
          {warnings.length === 0 ? t('timeline.allGood') : t('timeline.warningCount', { count: warnings.length })}
        </p>
        {warnings.length > 0 && (
          <ul className="timeline-warnings">
            {warnings.map((warning) => (
              <li key={warning.rule}>{warningText(t, language, warning, { timeline, settings, dates, groupMeetingStart })}</li>
            ))}
          </ul>
        )}
      </div>
      <dl className="facts timeline-dates">
        {dates.previousGroupMeetingEnd && (
          <>
            <dt>{t('timeline.previousEnd')}</dt>
            <dd>{when(dates.previousGroupMeetingEnd)}</dd>
          </>
        )}
        <dt>{t('timeline.launchBy')}</dt>
        <dd>{timeline.launchBy ? when(timeline.launchBy) : <span className="hint">{t('timeline.launchByUnknown')}</span>}</dd>
        {dates.consultationLaunchedOn && (
          <>
            <dt>{t('timeline.launchedOn')}</dt>
            <dd>{when(dates.consultationLaunchedOn)}</dd>
          </>
        )}
        <dt>{t('timeline.responsesDue')}</dt>
        <dd>{when(timeline.responsesDue)}</dd>
        <dt>{t('timeline.compilationBy')}</dt>
        <dd>{when(timeline.compilationBy)}</dd>
        <dt>{t('timeline.window')}</dt>
        <dd>{formatCalendarRange(timeline.physicalWindow.earliest, timeline.physicalWindow.latest, language)}</dd>
        <dt>{t('timeline.preferred')}</dt>
        <dd>{when(timeline.preferredPhysical)}</dd>
        <dt>{t('timeline.physical')}</dt>
        <dd className={warnings.some((warning) => warning.rule !== 'launch_too_late') ? 'timeline-off' : undefined}>
          {when(physicalMeeting)}
        </dd>
        <dt>{t('timeline.groupStarts')}</dt>
        <dd>
          {when(groupMeetingStart)}
          <br />
          <bdi>{groupMeeting.name}</bdi>
        </dd>
      </dl>
    </>
  );
}

function DatesForm({ dates, onChange }: { dates: CycleDates; onChange: (dates: CycleDates) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const onDateChange = (key: keyof CycleDates, value: string) =>
    onChange({ ...dates, [key]: isCalendarDate(value) ? value : null });
  return (
    <fieldset className="timeline-inputs">
      <legend>{t('timeline.datesLegend')}</legend>
      <p className="hint" id={`${id}-kept`}>
        {t('timeline.datesKept')}
      </p>
      <div className="field-row">
      <TextField
          id={`${id}-previous`}
          label={t('timeline.previousEndLabel')}
          type="date"
          describedBy={`${id}-kept`}
          value={dates.previousGroupMeetingEnd ?? ''}
          onChange={(event) => onDateChange('previousGroupMeetingEnd', event.target.value)}
        />
      <TextField
          id={`${id}-launched`}
          label={t('timeline.launchedOnLabel')}
          type="date"
          describedBy={`${id}-kept`}
          value={dates.consultationLaunchedOn ?? ''}
          onChange={(event) => onDateChange('consultationLaunchedOn', event.target.value)}
        />
      </div>
    </fieldset>
  );
}

function warningText(
  t: TFunction,
  language: string,
  warning: TimelineWarning,
  context: { timeline: ConsultationTimeline; settings: TimelineSettings; dates: CycleDates; groupMeetingStart: CalendarDate },
): string {
  const { timeline, settings, dates, groupMeetingStart } = context;
  const day = (date: CalendarDate) => formatCalendarDate(date, language, 'short');
  switch (warning.rule) {
    case 'physical_after_group_meeting':
      return t('timeline.warning.physical_after_group_meeting', {
        physical: day(warning.physicalMeeting),
        group: day(warning.groupMeetingStart),
        days: t('timeline.days', { count: settings.physicalWithinDaysBefore }),
        earliest: day(timeline.physicalWindow.earliest),
        latest: day(timeline.physicalWindow.latest),
      });
    case 'physical_too_early':
      return t('timeline.warning.physical_too_early', {
        physical: day(warning.physicalMeeting),
        group: day(groupMeetingStart),
        days: t('timeline.days', { count: settings.physicalWithinDaysBefore }),
        earliest: day(warning.earliest),
      });
    case 'not_start_of_week':
      return t('timeline.warning.not_start_of_week', {
        physical: day(warning.physicalMeeting),
        preferred: day(warning.preferred),
      });
    case 'launch_too_late':
      return t('timeline.warning.launch_too_late', {
        launchedOn: day(warning.launchedOn),
        launchBy: day(warning.launchBy),
        days: t('timeline.days', { count: settings.launchWithinDays }),
        previousEnd: dates.previousGroupMeetingEnd ? day(dates.previousGroupMeetingEnd) : '',
      });
    default:
      return unknownWarning(warning);
  }
}

function unknownWarning(warning: never): string {
  return String((warning as { rule?: unknown }).rule);
}

interface SettingsFormProps {
  drafts: Record<SettingKey, string>;
  settings: TimelineSettings;
  onChange: (key: SettingKey, text: string) => void;
  onReset: () => void;
  /** Where a saved change goes, said under the heading: the meeting's log by default. */
  hint?: string;
}

/** The cycle's day offsets, each within the bounds the schema takes; shared by the meeting's and the cycle's forms. */
export function SettingsForm({ drafts, settings, onChange, onReset, hint }: SettingsFormProps) {
  const { t } = useTranslation();
  const id = useId();
  // Open from the start when the offsets differ from the rules' defaults; after that, the person decides.
  const [openAtFirst] = useState(() => settingKeys.some((key) => settings[key] !== defaultTimelineSettings[key]));
  return (
    <details className="timeline-settings" open={openAtFirst || undefined}>
      <summary>{t('timeline.settingsHeading')}</summary>
      <p className="hint">{hint ?? t('timeline.settingsHint')}</p>
      {settingKeys.map((key) => {
        const { min, max } = limitsOf(key);
        const invalid = validSetting(key, drafts[key]) === null;
        return (
          <NumberField
            key={key}
            id={`${id}-${key}`}
            label={t(`timeline.setting.${key}`)}
            inputMode="numeric"
            required
            min={min}
            max={max}
            invalid={invalid}
            describedBy={`${id}-${key}-hint`}
            value={drafts[key]}
            onChange={(event) => onChange(key, event.target.value)}
            note={
              <span id={`${id}-${key}-hint`} aria-live="polite" className={invalid ? 'failure' : 'hint'}>
                {invalid
                  ? t('timeline.outOfRange', { min, max, value: settings[key] })
                  : t('timeline.defaultValue', { value: defaultTimelineSettings[key] })}
              </span>
            }
          />
        );
      })}
      <div className="button-row">
        <button type="button" onClick={onReset}>
          {t('timeline.reset')}
        </button>
      </div>
    </details>
  );
}
