import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { chosenTopics } from '../../../../shared/cycle/execute.js';
import type { Proposal } from '../../../../shared/cycle/model.js';
import { languages, type Language } from '../../../../shared/meeting/model.js';
import { SelectField, TextArea, TextField } from '../../components/Field.js';
import { changedFields } from '../setup/changedFields.js';
import type { FormOutcome } from '../setup/useAction.js';
import type { CycleView } from './api.js';
import type { CycleSubmit } from './CycleEditor.js';
import { SaveRow } from './SaveRow.js';

/**
 * The chosen topics in the six UN languages: the public page shows each reader the topic,
 * its description and its questions in their language when the secretariat gave them.
 */
export function TranslationsPanel({ view, submit }: { view: CycleView; submit: CycleSubmit }) {
  const { t } = useTranslation();
  const topics = chosenTopics(view.state);
  if (topics.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="translations-heading">
      <h2 id="translations-heading">{t('cycle.translations.heading')}</h2>
      <p className="hint">{t('cycle.translations.hint')}</p>
      {topics.map((topic) => (
        <details key={topic.id}>
          <summary>
            {/* One run of text: a summary lays out its children side by side, and a title wrapping beside the count jammed into it. */}
            <span>
              <bdi>{topic.title}</bdi> — {t('cycle.translations.count', { count: Object.keys(topic.translations).length })}
            </span>
          </summary>
          <TranslationForm topic={topic} submit={submit} />
        </details>
      ))}
    </section>
  );
}

/** The text as proposed, or its translation into one language. */
type Version = Language | 'original';

/** One version's text as the form's fields hold it: the questions one a line. */
function textIn(topic: Proposal, version: Version) {
  const text = version === 'original' ? topic : topic.translations[version];
  return { title: text?.title ?? '', description: text?.description ?? '', questions: (text?.questions ?? []).join('\n') };
}

type Draft = ReturnType<typeof textIn>;

function textOf(draft: Draft) {
  return { title: draft.title, description: draft.description, questions: draft.questions.split('\n').map((line) => line.trim()).filter(Boolean) };
}

/**
 * One topic's text in the version chosen. Like the meeting's form, it shows the topic as the page
 * last read it except the fields changed here, and saves only those: a description another
 * secretary corrected meanwhile, or a translation into another language, is not sent back stale.
 */
function TranslationForm({ topic, submit }: { topic: Proposal; submit: CycleSubmit }) {
  const { t } = useTranslation();
  const id = useId();
  const [language, setLanguage] = useState<Version>('original');
  const current = useMemo(() => textIn(topic, language), [topic, language]);
  const [edited, setEdited] = useState<Partial<Draft>>({});
  const draft: Draft = { ...current, ...edited };
  const [outcome, setOutcome] = useState<FormOutcome | null>(null);
  const save = async (event: FormEvent) => {
    event.preventDefault();
    let saved: FormOutcome;
    if (language === 'original') {
      saved = await submit({ type: 'proposal:update', proposalId: topic.id, details: changedFields(textOf(current), textOf(draft)) });
    } else {
      saved = await submit({ type: 'proposal:translate', proposalId: topic.id, language, text: draft.title.trim() === '' ? null : textOf(draft) });
    }
    setOutcome(saved);
    if (saved.ok) setEdited({});
  };
  // The original's language is not known; a translation's is.
  const lang = language === 'original' ? undefined : language;
  const set = (key: keyof Draft) => (event: { target: { value: string } }) => {
    setOutcome(null);
    setEdited((changed) => ({ ...changed, [key]: event.target.value }));
  };
  return (
    <form onSubmit={(event) => void save(event)}>
      <SelectField
        id={`${id}-language`}
        label={t('cycle.translations.language')}
        value={language}
        onChange={(event) => {
          const chosen = event.target.value as Version;
          setLanguage(chosen);
          setEdited({});
          setOutcome(null);
        }}
      >
        <option value="original">{t('cycle.translations.original')}</option>
        {languages.map((option) => (
          <option key={option} value={option}>
            {t(`language.${option}`)}
          </option>
        ))}
      </SelectField>
      <TextField id={`${id}-title`} label={t('cycle.proposals.title')} value={draft.title} onChange={set('title')} lang={lang} dir="auto" />
      <TextArea id={`${id}-description`} label={t('cycle.proposals.description')} value={draft.description} onChange={set('description')} rows={3} lang={lang} dir="auto" />
      <TextArea id={`${id}-questions`} label={t('cycle.proposals.questions')} value={draft.questions} onChange={set('questions')} rows={3} lang={lang} dir="auto" />
      {language !== 'original' && <p className="hint">{t('cycle.translations.emptyRemoves')}</p>}
      <SaveRow label={t('cycle.translations.save')} outcome={outcome} />
    </form>
  );
}
