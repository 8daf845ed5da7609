import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { chosenTopics } from '../../../../shared/cycle/execute.js';
import type { Language } from '../../../../shared/meeting/model.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { TextArea } from '../../components/Field.js';
import { useEdited } from '../../components/useEdited.js';
import { formatZoned } from '../../format.js';
import { useAction, type FormOutcome } from '../setup/useAction.js';
import type { CycleApi, CycleView } from './api.js';
import type { CycleSubmit } from './CycleEditor.js';
import { SaveRow } from './SaveRow.js';

/** The compilation report: an introduction per topic and language, then publication once responses are closed. */
export function ReportPanel({ view, submit, api, onFailure }: { view: CycleView; submit: CycleSubmit; api: CycleApi; onFailure: (failure: unknown) => void }) {
  const { t, i18n } = useTranslation();
  const previews = useAction(onFailure);
  const { state } = view;
  const [asking, setAsking] = useState(false);
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const topics = chosenTopics(state);
  const publish = async () => {
    setAsking(false);
    // The version this page shows: a colleague's publish meanwhile is not doubled, nor replaced unseen.
    setOutcome(await submit({ type: 'report:publish', expectedVersion: state.report?.version ?? 0 }));
  };
  const reportUrl = `${view.publicUrl}/report`;
  return (
    <section className="panel" aria-labelledby="report-heading">
      <h2 id="report-heading">{t('cycle.report.heading')}</h2>
      {state.report ? (
        <p className="notice" role="status">
          {t('cycle.report.published', {
            version: state.report.version,
            date: formatZoned(state.report.publishedAt, state.timeZone, i18n.language),
            count: state.report.responseIds.length,
          })}{' '}
          <a href={reportUrl} target="_blank" rel="noreferrer">
            {t('cycle.report.open')}
          </a>
        </p>
      ) : (
        <p className="hint">{t('cycle.report.hint')}</p>
      )}
      {topics.map((topic) => (
        <fieldset key={topic.id}>
          <legend>
            <bdi>{topic.title}</bdi>
          </legend>
          {state.languages.map((language) => (
            <IntroForm key={language} topicId={topic.id} language={language} saved={state.intros[topic.id]?.[language] ?? ''} submit={submit} />
          ))}
        </fieldset>
      ))}
      {topics.length > 0 && (
        <div className="button-row">
          {state.languages.map((language) => (
            <button key={language} type="button" onClick={() => void previews.run(() => api.preview(state.id, language))}>
              {t('cycle.report.preview', { language: t(`language.${language}`) })}
            </button>
          ))}
        </div>
      )}
      <FailureNotice failure={previews.failure} />
      {topics.length > 0 && (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => setAsking(true)} aria-disabled={view.phase !== 'closed' || undefined}>
            {state.report ? t('cycle.report.republish') : t('cycle.report.publish')}
          </button>
          {view.phase !== 'closed' && <span className="hint">{t('cycle.report.afterDeadline')}</span>}
        </div>
      )}
      {outcome && !outcome.ok && <FailureNotice failure={outcome.failure} />}
      {asking && (
        <ConfirmDialog
          heading={t('cycle.report.confirmHeading')}
          onCancel={() => setAsking(false)}
          cancelLabel={t('cycle.cancel')}
          actions={[{ label: t('cycle.report.confirm'), primary: true, onChoose: () => void publish() }]}
        >
          <p>{t('cycle.report.confirmBody', { count: view.counts.byStatus.accepted })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function IntroForm({ topicId, language, saved, submit }: { topicId: string; language: Language; saved: string; submit: CycleSubmit }) {
  const { t } = useTranslation();
  const id = useId();
  // Follows an introduction another secretary saved, unless it is being written here.
  const [text, setText, settle] = useEdited(saved);
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    const saving = await submit({ type: 'report:setIntro', topicId, language, text });
    if (saving.ok) settle();
    setOutcome(saving);
  };
  return (
    <form onSubmit={(event) => void save(event)}>
      <TextArea
        id={id}
        label={t('cycle.report.intro', { language: t(`language.${language}`) })}
        value={text}
        onChange={(event) => {
          setOutcome(null);
          setText(event.target.value);
        }}
        rows={3}
        lang={language}
        dir="auto"
      />
      <SaveRow label={t('cycle.report.saveIntro')} outcome={outcome} />
    </form>
  );
}
