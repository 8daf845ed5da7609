import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CycleDates, CycleOverview } from '../../../../shared/cycle/model.js';
import { cycleSchedule, cycleWarnings, milestones } from '../../../../shared/cycle/schedule.js';
import { defaultTimelineSettings, localDate, type TimelineSettings } from '../../../../shared/timeline/timeline.js';
import { TextField } from '../../components/Field.js';
import { formatCalendarDate, isCalendarDate } from '../setup/calendarDates.js';
import { draftsOf, SettingsForm, settingKeys, useTimelineDraft, validSetting, type SettingKey } from '../setup/TimelinePanel.js';
import type { FormOutcome } from '../setup/useAction.js';
import type { CycleView } from './api.js';
import type { CycleSubmit } from './CycleEditor.js';
import { CycleTimeline } from './CycleTimeline.js';
import { FailureNotice } from '../../components/FailureNotice.js';

const dateKeys = ['launch', 'responsesDue', 'reportBy', 'meeting'] as const;

interface Draft {
  settings: Record<SettingKey, string>;
  dates: CycleDates;
}


/** The offsets a draft gives, each invalid one replaced by the saved value. */
const settingsOf = (draft: Draft, saved: TimelineSettings): TimelineSettings =>
  Object.fromEntries(settingKeys.map((key) => [key, validSetting(key, draft.settings[key]) ?? saved[key]])) as TimelineSettings;

/**
 * The cycle's dates as the rules compute them from its day offsets, each of which the
 * secretariat may fix by hand. The timeline above the form follows the draft as it is typed:
 * the same pure rules as the server's, so a date that breaks a rule is warned about before it
 * is saved. Saving records offsets and dates in the cycle's log (`cycle:update`).
 *
 * The form shows the cycle as it is now (the page follows it) except the offsets and dates
 * changed here: another secretary's save neither wipes them nor is undone by this one's.
 */
export function CycleDatesForm({ view, submit }: { view: CycleView; submit: CycleSubmit }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { state } = view;
  const { draft, edit: change, settle } = useTimelineDraft<CycleDates>({ settings: state.settings, dates: state.dates });
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const basis = { settings: state.settings, dates: state.dates };
  const settings = settingsOf(draft, state.settings);
  const preview: CycleOverview = { ...state, settings, dates: draft.dates };
  const schedule = cycleSchedule(preview);
  const shown: CycleView = {
    ...view,
    state: preview,
    schedule,
    warnings: cycleWarnings(preview, view.today, view.meetingDay),
    milestones: milestones(preview, view.today),
  };
  const invalid = settingKeys.some((key) => validSetting(key, draft.settings[key]) === null);
  const dirty = invalid || JSON.stringify({ settings, dates: draft.dates }) !== JSON.stringify(basis);
  const ruleDate = { launch: schedule.launchBy, ...schedule.rule };
  const launchedOn = state.launchedAt === null ? null : localDate(state.launchedAt, state.timeZone);
  const edit = (next: Parameters<typeof change>[0]) => {
    setOutcome(null);
    change(next);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (invalid || !dirty) return;
    const saved = await submit({ type: 'cycle:update', details: { settings, dates: draft.dates } });
    if (saved.ok) settle();
    setOutcome(saved);
  };
  return (
    <>
      <CycleTimeline view={shown} />
      <form onSubmit={(event) => void save(event)} className="cycle-dates">
        <fieldset>
          <legend>{t('cycle.dates.legend')}</legend>
          <p className="hint">{t('cycle.dates.hint')}</p>
          <div className="field-row">
            {dateKeys.map((key) => {
              // Once launched, the launch is a day that happened: shown, no longer planned.
              const happened = key === 'launch' && launchedOn !== null;
              const rule = ruleDate[key];
              return (
                <TextField
                  key={key}
                  id={`${id}-${key}`}
                  type="date"
                  label={t(`cycle.dates.${key}`)}
                  value={happened ? launchedOn : (draft.dates[key] ?? '')}
                  disabled={happened}
                  describedBy={`${id}-${key}-rule`}
                  onChange={(event) => edit({ dates: { [key]: isCalendarDate(event.target.value) ? event.target.value : null } })}
                  note={
                    <span className="hint" id={`${id}-${key}-rule`}>
                      {happened && t('cycle.dates.launched', { date: formatCalendarDate(launchedOn, i18n.language, 'short') })}{' '}
                      {rule ? t('cycle.dates.rule', { date: formatCalendarDate(rule, i18n.language, 'short') }) : t('cycle.dates.noRule')}
                    </span>
                  }
                />
              );
            })}
          </div>
        </fieldset>
        <SettingsForm
          drafts={draft.settings}
          settings={settings}
          hint={t('cycle.dates.offsetsHint')}
          onChange={(key, text) => edit({ settings: { [key]: text } })}
          onReset={() => edit({ settings: draftsOf(defaultTimelineSettings) })}
        />
        <div className="button-row">
          <button type="submit" className="primary" aria-disabled={!dirty || invalid || undefined}>
            {t('cycle.dates.save')}
          </button>
          <span role="status" className="form-status">
            {outcome?.ok ? t('cycle.saved') : dirty && !invalid ? t('cycle.dates.unsaved') : null}
          </span>
        </div>
        {outcome && !outcome.ok && <FailureNotice failure={outcome.failure} />}
      </form>
    </>
  );
}
