import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyField } from '../../components/CopyField.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { TextField } from '../../components/Field.js';
import { LoadingNotice } from '../../components/LoadingNotice.js';
import { formatZoned } from '../../format.js';
import { formatCalendarDate, isCalendarDate } from '../setup/calendarDates.js';
import { changedFields } from '../setup/changedFields.js';
import { useAction, type FormOutcome } from '../setup/useAction.js';
import type { CycleApi, CycleView, SecretariatCycleCommand } from './api.js';
import { CycleDatesForm } from './CycleDatesForm.js';
import { ProposalsPanel } from './ProposalsPanel.js';
import { ReportPanel } from './ReportPanel.js';
import { ResponsesPanel } from './ResponsesPanel.js';
import { SaveRow } from './SaveRow.js';
import { TranslationsPanel } from './TranslationsPanel.js';
import { useEditedFields } from '../../components/useEdited.js';
import { Foreign } from '../../components/Foreign.js';

const REFRESH_MS = 30_000;

export type CycleSubmit = (command: SecretariatCycleCommand) => Promise<FormOutcome>;

interface CycleEditorProps {
  api: CycleApi;
  cycleId: string;
  onFailure: (failure: unknown) => void;
}

/** One cycle, step by step: dates, proposals and the group's choice, responses, the report. */
export function CycleEditor({ api, cycleId, onFailure }: CycleEditorProps) {
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<CycleView | null>(null);
  const action = useAction(onFailure);
  const reload = useCallback(async () => setView(await api.view(cycleId)), [api, cycleId]);
  useEffect(() => {
    void action.run(reload);
  }, [action.run, reload]);
  // Responses arrive and days pass while the page is open: it follows without a reload.
  useEffect(() => {
    const timer = setInterval(() => void reload().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);

  /** A command from a form, which shows its refusal next to its own fields; the page reloads either way. */
  const submit: CycleSubmit = (command) => action.submit(() => api.command(cycleId, command), reload, JSON.stringify(command));

  if (!view) return <LoadingNotice />;
  const { state, schedule } = view;
  return (
    <div className="cycle-editor">
      <FailureNotice failure={action.failure} />
      <section className="panel" aria-labelledby="cycle-heading">
        <h2 id="cycle-heading">
          <Foreign text={state.title} />
        </h2>
        <p role="status" className={`cycle-phase cycle-phase-${view.phase}`}>
          {t(`cycle.phase.${view.phase}`, { deadline: formatZoned(schedule.closesAt - 60_000, state.timeZone, i18n.language) })}
        </p>
        <CopyField label={t('cycle.publicPage')} value={view.publicUrl} />
        <p>
          <a href={view.publicUrl} target="_blank" rel="noreferrer">
            {t('cycle.openPublicPage')}
          </a>
        </p>
        <dl className="facts">
          <dt>{t('cycle.previousGroupMeeting')}</dt>
          <dd>{state.previousGroupMeeting ? <><bdi>{state.previousGroupMeeting.name}</bdi>, {formatCalendarDate(state.previousGroupMeeting.endsOn, i18n.language)}</> : t('cycle.none')}</dd>
          <dt>{t('cycle.nextGroupMeeting')}</dt>
          <dd>
            <bdi>{state.nextGroupMeeting.name}</bdi>, {formatCalendarDate(state.nextGroupMeeting.startsOn, i18n.language)}
          </dd>
          <dt>{t('cycle.meeting')}</dt>
          <dd>{state.meetingId ? <a href={`/setup?meeting=${encodeURIComponent(state.meetingId)}`}>{t('cycle.openMeeting')}</a> : t('cycle.none')}</dd>
        </dl>
        <details>
          <summary>{t('cycle.details.edit')}</summary>
          <DetailsForm view={view} submit={submit} />
        </details>
      </section>
      <section className="panel" aria-labelledby="cycle-timeline-heading">
        <h2 id="cycle-timeline-heading">{t('cycle.timeline.heading')}</h2>
        <CycleDatesForm view={view} submit={submit} />
      </section>
      <ProposalsPanel view={view} submit={submit} />
      <TranslationsPanel view={view} submit={submit} />
      <ResponsesPanel view={view} submit={submit} api={api} onFailure={onFailure} />
      <ReportPanel view={view} submit={submit} api={api} onFailure={onFailure} />
    </div>
  );
}

/** The form's fields as the cycle has them now. */
function detailsDraft(state: CycleView['state']) {
  return {
    title: state.title,
    previousName: state.previousGroupMeeting?.name ?? '',
    previousEnd: state.previousGroupMeeting?.endsOn ?? '',
    nextName: state.nextGroupMeeting.name,
    nextStart: state.nextGroupMeeting.startsOn,
    timeZone: state.timeZone,
  };
}

type DetailsDraft = ReturnType<typeof detailsDraft>;

function cycleDetailsOf(draft: DetailsDraft) {
  return {
    title: draft.title,
    previousGroupMeeting: draft.previousName.trim() && isCalendarDate(draft.previousEnd) ? { name: draft.previousName, endsOn: draft.previousEnd } : null,
    nextGroupMeeting: { name: draft.nextName, startsOn: draft.nextStart },
    timeZone: draft.timeZone.trim(),
  };
}

/**
 * The cycle's title and the two group meetings around it. Like the meeting's form, it shows the
 * cycle as the page last read it except the fields changed here, and sends only what those change.
 */
function DetailsForm({ view, submit }: { view: CycleView; submit: CycleSubmit }) {
  const { t } = useTranslation();
  const id = useId();
  const current = useMemo(() => detailsDraft(view.state), [view.state]);
  const { fields: draft, edit, settle } = useEditedFields(current);
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const set = (key: keyof DetailsDraft) => (event: { target: { value: string } }) => {
    setOutcome(null);
    edit({ [key]: event.target.value });
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const saved = await submit({ type: 'cycle:update', details: changedFields(cycleDetailsOf(current), cycleDetailsOf(draft)) });
    setOutcome(saved);
    if (saved.ok) settle();
  };
  return (
    <form onSubmit={(event) => void save(event)}>
      <TextField id={`${id}-title`} label={t('cycle.create.title')} value={draft.title} onChange={set('title')} required dir="auto" />
      <div className="field-row">
        <TextField id={`${id}-pname`} label={t('cycle.create.previousName')} value={draft.previousName} onChange={set('previousName')} dir="auto" />
        <TextField id={`${id}-pend`} type="date" label={t('cycle.create.previousEnd')} value={draft.previousEnd} onChange={set('previousEnd')} />
      </div>
      <div className="field-row">
        <TextField id={`${id}-nname`} label={t('cycle.create.nextName')} value={draft.nextName} onChange={set('nextName')} required dir="auto" />
        <TextField id={`${id}-nstart`} type="date" label={t('cycle.create.nextStart')} value={draft.nextStart} onChange={set('nextStart')} required />
      </div>
      <TextField id={`${id}-zone`} label={t('cycle.create.timeZone')} value={draft.timeZone} onChange={set('timeZone')} required dir="ltr" autoComplete="off" spellCheck={false} />
      <SaveRow label={t('cycle.details.save')} outcome={outcome} />
    </form>
  );
}
