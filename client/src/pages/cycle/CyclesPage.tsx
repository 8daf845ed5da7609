import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { languages, type Language } from '../../../../shared/meeting/model.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { TextField } from '../../components/Field.js';
import { ManagedList } from '../../components/ManagedList.js';
import { LoadingNotice } from '../../components/LoadingNotice.js';
import { PageLayout } from '../../components/PageLayout.js';
import { Refusal } from '../../failures.js';
import { ADMIN_TOKEN_KEY, useFragmentSecret } from '../../secrets.js';
import { formatCalendarDate } from '../setup/calendarDates.js';
import { useAction, type FormOutcome } from '../setup/useAction.js';
import { cycleApi, type CycleApi, type CycleSummary } from './api.js';
import { CycleEditor } from './CycleEditor.js';

export const cyclesHref = (cycleId?: string) => (cycleId ? `/cycles?cycle=${encodeURIComponent(cycleId)}` : '/cycles');

/** The secretariat's consultation cycles: the same admin token as the setup page, kept for this tab. */
export function CyclesPage() {
  const { t } = useTranslation();
  const [token] = useFragmentSecret('admin', ADMIN_TOKEN_KEY, 'tab');
  return (
    <PageLayout heading={t('cycle.pageHeading')}>
      <nav className="setup-nav" aria-label={t('cycle.navLabel')}>
        <a href="/setup">{t('cycle.toSetup')}</a>
      </nav>
      {token ? <Cycles token={token} /> : <p className="notice">{t('cycle.needToken')}</p>}
    </PageLayout>
  );
}

function Cycles({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const api = useMemo(() => cycleApi(token), [token]);
  const [cycles, setCycles] = useState<CycleSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(() => new URLSearchParams(location.search).get('cycle'));
  const onFailure = useCallback((failure: unknown) => {
    if (failure instanceof Refusal && failure.error.code === 'UNAUTHORIZED') setCycles([]);
  }, []);
  const action = useAction(onFailure);
  const reload = useCallback(() => action.run(async () => setCycles((await api.list()).cycles)), [action.run, api]);
  useEffect(() => {
    void reload();
  }, [reload]);
  const select = (cycleId: string) => {
    setSelected(cycleId);
    history.replaceState(history.state, '', cyclesHref(cycleId));
  };
  return (
    <>
      <FailureNotice failure={action.failure} />
      <div className="setup">
        <div className="column">
          <section className="panel" aria-labelledby="cycles-heading">
            <h2 id="cycles-heading">{t('cycle.list')}</h2>
            {cycles === null ? (
              <LoadingNotice />
            ) : cycles.length === 0 ? (
              <p className="empty">{t('cycle.noCycles')}</p>
            ) : (
              <ManagedList
                items={cycles.map((cycle) => ({
                  id: cycle.id,
                  title: cycle.title,
                  hint: `${t(`cycle.phaseShort.${cycle.phase}`)} · ${formatCalendarDate(cycle.groupMeeting.startsOn, i18n.language, 'short')}`,
                }))}
                selected={selected}
                onSelect={select}
                manageLabel={t('cycle.manage')}
                idPrefix="cycle"
              />
            )}
          </section>
          <CreateCycle api={api} collapsed={selected !== null} onCreated={(cycleId) => void reload().then(() => select(cycleId))} />
        </div>
        <div className="column column-wide">{selected && <CycleEditor key={selected} api={api} cycleId={selected} onFailure={onFailure} />}</div>
      </div>
    </>
  );
}

/** Folded away while a cycle is open: on a phone the cycle comes first, not a form to start another. */
function CreateCycle({ api, collapsed, onCreated }: { api: CycleApi; collapsed: boolean; onCreated: (cycleId: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState({ title: '', previousName: '', previousEnd: '', nextName: '', nextStart: '', timeZone: 'Europe/Zurich' });
  const [chosenLanguages, setChosenLanguages] = useState<Language[]>(['en']);
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const set = (key: keyof typeof draft) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const create = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const { cycleId } = await api.create({
        title: draft.title,
        previousGroupMeeting: draft.previousName && draft.previousEnd ? { name: draft.previousName, endsOn: draft.previousEnd } : null,
        nextGroupMeeting: { name: draft.nextName, startsOn: draft.nextStart },
        timeZone: draft.timeZone,
        languages: chosenLanguages,
      });
      setOutcome({ ok: true });
      onCreated(cycleId);
    } catch (failure) {
      setOutcome({ ok: false, failure });
    }
  };
  return (
    <section className="panel cycle-create" aria-labelledby={`${id}-heading`}>
      <details open={!collapsed || undefined}>
      <summary>
        <h2 id={`${id}-heading`}>{t('cycle.create.heading')}</h2>
      </summary>
      <p className="hint">{t('cycle.create.hint')}</p>
      <form onSubmit={(event) => void create(event)}>
        <TextField id={`${id}-title`} label={t('cycle.create.title')} value={draft.title} onChange={set('title')} required dir="auto" />
        <TextField id={`${id}-pname`} label={t('cycle.create.previousName')} value={draft.previousName} onChange={set('previousName')} dir="auto" />
        <TextField id={`${id}-pend`} type="date" label={t('cycle.create.previousEnd')} value={draft.previousEnd} onChange={set('previousEnd')} />
        <TextField id={`${id}-nname`} label={t('cycle.create.nextName')} value={draft.nextName} onChange={set('nextName')} required dir="auto" />
        <TextField id={`${id}-nstart`} type="date" label={t('cycle.create.nextStart')} value={draft.nextStart} onChange={set('nextStart')} required />
        <TextField id={`${id}-zone`} label={t('cycle.create.timeZone')} value={draft.timeZone} onChange={set('timeZone')} required />
        <fieldset>
          <legend>{t('cycle.create.languages')}</legend>
          {languages.map((language) => (
            <div className="checkbox" key={language}>
              <input
                type="checkbox"
                id={`${id}-lang-${language}`}
                checked={chosenLanguages.includes(language)}
                onChange={(event) =>
                  setChosenLanguages(event.target.checked ? [...chosenLanguages, language] : chosenLanguages.filter((other) => other !== language))
                }
              />
              <label htmlFor={`${id}-lang-${language}`}>{t(`language.${language}`)}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="primary">
          {t('cycle.create.submit')}
        </button>
        {outcome && !outcome.ok && <FailureNotice failure={outcome.failure} />}
      </form>
      </details>
    </section>
  );
}
