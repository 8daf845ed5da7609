import { useId, useState } from 'react';
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
  type TimelineWarning,
} from '../../../../shared/timeline/timeline.js';
import { NumberField, TextField } from '../../components/Field.js';
import { formatCalendarDate, formatCalendarRange, formatFromToday, isCalendarDate } from './calendarDates.js';
import { readStored, writeStored } from './storage.js';

type SettingKey = keyof TimelineSettings;

/** In the order of the cycle. */
const settingKeys: readonly SettingKey[] = [
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

function validSetting(key: SettingKey, text: string): number | null {
  if (text.trim() === '') return null;
  const parsed = TimelineSettings.shape[key].safeParse(Number(text));
  return parsed.success ? parsed.data : null;
}

const SETTINGS_KEY = 'openfloor.timelineSettings';

function storedSettings(): TimelineSettings {
  const parsed = TimelineSettings.safeParse(readStored(SETTINGS_KEY));
  return parsed.success ? parsed.data : defaultTimelineSettings;
}

const draftsOf = (settings: TimelineSettings) =>
  Object.fromEntries(settingKeys.map((key) => [key, String(settings[key])])) as Record<SettingKey, string>;

/** The day offsets in force: the secretariat's own, kept in this browser, else the rules' defaults. */
function useTimelineSettings() {
  const [settings, setSettings] = useState<TimelineSettings>(storedSettings);
  const [drafts, setDrafts] = useState<Record<SettingKey, string>>(() => draftsOf(settings));
  const change = (key: SettingKey, text: string) => {
    setDrafts((current) => ({ ...current, [key]: text }));
    const value = validSetting(key, text);
    if (value === null) return;
    const next = { ...settings, [key]: value };
    setSettings(next);
    writeStored(SETTINGS_KEY, next);
  };
  const reset = () => {
    setSettings(defaultTimelineSettings);
    setDrafts(draftsOf(defaultTimelineSettings));
    writeStored(SETTINGS_KEY, null);
  };
  return { settings, drafts, change, reset };
}

/** Dates of the cycle that this app does not hold: the secretariat notes them here, per meeting. */
interface CycleDates {
  previousGroupMeetingEnd: CalendarDate | null;
  consultationLaunchedOn: CalendarDate | null;
}

const datesKey = (meetingId: string) => `openfloor.timeline.${meetingId}`;

function storedDates(meetingId: string): CycleDates {
  const stored = readStored(datesKey(meetingId));
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const date = (value: unknown) => (isCalendarDate(value) ? value : null);
  return {
    previousGroupMeetingEnd: date(record.previousGroupMeetingEnd),
    consultationLaunchedOn: date(record.consultationLaunchedOn),
  };
}

function useCycleDates(meetingId: string) {
  const [dates, setDates] = useState<CycleDates>(() => storedDates(meetingId));
  const change = (key: keyof CycleDates, value: string) => {
    const next = { ...dates, [key]: isCalendarDate(value) ? value : null };
    setDates(next);
    writeStored(datesKey(meetingId), next.previousGroupMeetingEnd || next.consultationLaunchedOn ? next : null);
  };
  return { dates, change };
}

interface TimelinePanelProps {
  state: MeetingState;
}

/**
 * The consultation cycle around this meeting (Resolutions 1336/1344 as revised): when the
 * online consultation must open, when responses and the compilation report are due, and
 * whether the meeting's own date keeps to the rules.
 */
export function TimelinePanel({ state }: TimelinePanelProps) {
  const { t } = useTranslation();
  const { settings, drafts, change, reset } = useTimelineSettings();
  const cycle = useCycleDates(state.id);
  return (
    <section className="panel timeline-panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('timeline.heading')}</h2>
      {state.groupMeeting ? (
        <Timeline
          state={state}
          groupMeeting={state.groupMeeting}
          settings={settings}
          dates={cycle.dates}
          onDateChange={cycle.change}
        />
      ) : (
        <p className="notice" role="status">
          {t('timeline.needGroupMeeting')}
        </p>
      )}
      <SettingsForm drafts={drafts} settings={settings} onChange={change} onReset={reset} />
    </section>
  );
}

interface TimelineProps {
  state: MeetingState;
  groupMeeting: NonNullable<MeetingState['groupMeeting']>;
  settings: TimelineSettings;
  dates: CycleDates;
  onDateChange: (key: keyof CycleDates, value: string) => void;
}

function Timeline({ state, groupMeeting, settings, dates, onDateChange }: TimelineProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
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
    </>
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
}

function SettingsForm({ drafts, settings, onChange, onReset }: SettingsFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [resetDone, setResetDone] = useState(false);
  // Open from the start when the offsets differ from the rules' defaults; after that, the person decides.
  const [openAtFirst] = useState(() => settingKeys.some((key) => settings[key] !== defaultTimelineSettings[key]));
  return (
    <details className="timeline-settings" open={openAtFirst || undefined}>
      <summary>{t('timeline.settingsHeading')}</summary>
      <p className="hint">{t('timeline.settingsHint')}</p>
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
            onChange={(event) => {
              setResetDone(false);
              onChange(key, event.target.value);
            }}
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
        <button
          type="button"
          onClick={() => {
            onReset();
            setResetDone(true);
          }}
        >
          {t('timeline.reset')}
        </button>
        <span role="status" className="form-status">
          {resetDone ? t('timeline.resetDone') : null}
        </span>
      </div>
    </details>
  );
}
