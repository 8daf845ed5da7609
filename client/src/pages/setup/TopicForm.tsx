import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConsultationInput, Language, Topic, TopicDescriptions, TopicDetails, TopicTitles, TranslationChanges } from '../../../../shared/meeting/model.js';
import { NumberField, TextArea, TextField } from '../../components/Field.js';
import { StakeholderGroupField } from '../../components/ParticipantFields.js';
import { Refusal } from '../../failures.js';
import { failureText } from '../../i18n/failures.js';
import { changedFields } from './changedFields.js';
import type { FormOutcome } from './useAction.js';
import { useEditedFields } from '../../components/useEdited.js';

interface Fields {
  title: string;
  titles: TopicTitles;
  descriptions: TopicDescriptions;
  description: string;
  proposedBy: string;
  inputs: ConsultationInput[];
  compilationReportUrl: string;
  speakingTime: string;
}

const blankInput: ConsultationInput = { title: '', author: '', stakeholderGroup: 'government', url: '' };

function fieldsOf(topic: Topic | undefined): Fields {
  return {
    title: topic?.title ?? '',
    titles: topic?.titles ?? {},
    descriptions: topic?.descriptions ?? {},
    description: topic?.description ?? '',
    proposedBy: topic?.proposedBy ?? '',
    inputs: topic?.inputs ?? [],
    compilationReportUrl: topic?.compilationReportUrl ?? '',
    speakingTime: topic?.speakingTimeLimitSec == null ? '' : String(topic.speakingTimeLimitSec),
  };
}

/** The server's test: the same name, whatever the case and surrounding spaces. */
const sameMemberState = (a: string, b: string) => {
  const name = a.trim().toLocaleLowerCase();
  return name !== '' && name === b.trim().toLocaleLowerCase();
};

const isProposalRefusal = (failure: unknown): failure is Refusal =>
  failure instanceof Refusal && failure.error.code === 'ONE_PROPOSAL_PER_MEMBER_STATE';

/**
 * A new topic's details are sent whole; an edit's only as far as they were changed here, and
 * its translations language by language.
 */
type TopicFormProps = (
  | { topic?: undefined; onSubmit: (details: TopicDetails) => Promise<FormOutcome> }
  | { topic: Topic; onSubmit: (changed: Partial<Omit<TopicDetails, 'titles' | 'descriptions'>>, translated: TranslationChanges) => Promise<FormOutcome> }
) & {
  /** The meeting's other topics, to tell before saving that a Member State already proposed one. */
  otherTopics: readonly Topic[];
  /** Whether the meeting allows one topic per proposing Member State. */
  oneProposalPerMemberState: boolean;
  /** The meeting's languages: the title may be given in each one after the first. */
  languages: readonly Language[];
  onCancel?: () => void;
};

/** The details the fields say: a blank translation is no translation (the original shows in that language). */
function detailsOf(fields: Fields, languages: readonly Language[]): TopicDetails {
  const translated = (texts: Partial<Record<Language, string>>) =>
    Object.fromEntries(
      languages.slice(1).flatMap((language) => {
        const text = texts[language]?.trim() ?? '';
        return text === '' ? [] : [[language, text]];
      }),
    );
  return {
    title: fields.title,
    titles: translated(fields.titles),
    description: fields.description,
    descriptions: translated(fields.descriptions),
    proposedBy: fields.proposedBy,
    inputs: fields.inputs,
    compilationReportUrl: fields.compilationReportUrl.trim() || null,
    speakingTimeLimitSec: fields.speakingTime.trim() === '' ? null : Number(fields.speakingTime),
  };
}

/** Per language after the first, the title and description `after` sets or removes where they differ from `before`. */
function translationChanges(before: TopicDetails, after: TopicDetails, languages: readonly Language[]): TranslationChanges {
  return Object.fromEntries(
    languages.slice(1).flatMap((language) => {
      const title = after.titles[language] === before.titles[language] ? undefined : (after.titles[language] ?? null);
      const description = after.descriptions[language] === before.descriptions[language] ? undefined : (after.descriptions[language] ?? null);
      return title === undefined && description === undefined ? [] : [[language, { title, description }]];
    }),
  );
}

/**
 * A topic chosen for consultation, with the online inputs the discussion starts from. Editing,
 * it shows the topic as it is now except the fields changed here, and sends only those: the
 * consultation cycle filling in the inputs, or another secretary, is neither hidden nor undone.
 * Translations are kept per language: a translator saving the Arabic title leaves the Spanish one
 * a colleague saved meanwhile, and sees it arrive.
 */
export function TopicForm(props: TopicFormProps) {
  const { topic, otherTopics, oneProposalPerMemberState, languages, onCancel } = props;
  const { t } = useTranslation();
  const id = useId();
  const current = useMemo(() => fieldsOf(topic), [topic]);
  const { fields: whole, edited, edit, settle } = useEditedFields(current);
  // Translations are changed language by language: one translated here keeps the others as they are now.
  const fields: Fields = {
    ...whole,
    titles: { ...current.titles, ...edited.titles },
    descriptions: { ...current.descriptions, ...edited.descriptions },
  };
  const [refusal, setRefusal] = useState<unknown>(null);
  const proposedByInput = useRef<HTMLInputElement>(null);
  const conflict = oneProposalPerMemberState
    ? otherTopics.find((other) => sameMemberState(other.proposedBy, fields.proposedBy))
    : undefined;
  const proposalRefused = isProposalRefusal(refusal);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => edit({ [key]: value } as Partial<Fields>);
  const translate = (key: 'titles' | 'descriptions', language: Language, text: string) =>
    edit((changed) => ({ [key]: { ...changed[key], [language]: text } }));
  const setInput = (index: number, input: ConsultationInput) =>
    set(
      'inputs',
      fields.inputs.map((existing, at) => (at === index ? input : existing)),
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setRefusal(null);
    const details = detailsOf(fields, languages);
    let outcome: FormOutcome;
    if (props.topic === undefined) outcome = await props.onSubmit(details);
    else {
      const before = detailsOf(current, languages);
      const { titles: _titles, descriptions: _descriptions, ...changed } = changedFields(before, details);
      outcome = await props.onSubmit(changed, translationChanges(before, details, languages));
    }
    if (!outcome.ok) {
      setRefusal(outcome.failure);
      // The field to change is the proposing Member State: take the person there.
      if (isProposalRefusal(outcome.failure)) proposedByInput.current?.focus();
      return;
    }
    settle();
  };

  const alreadyProposed = (memberState: string, title: string) =>
    t('topicForm.alreadyProposed', { memberState: memberState.trim(), title });

  return (
    <form className="topic-form" onSubmit={(event) => void submit(event)}>
      <TextField
        id={`${id}-title`}
        label={t('topicForm.title')}
        required
        maxLength={300}
        dir="auto"
        value={fields.title}
        onChange={(event) => set('title', event.target.value)}
      />
      {languages.slice(1).map((language) => (
        <TextField
          key={language}
          id={`${id}-title-${language}`}
          label={t('topicForm.titleIn', { language: t(`language.${language}`) })}
          maxLength={300}
          lang={language}
          dir="auto"
          value={fields.titles[language] ?? ''}
          onChange={(event) => translate('titles', language, event.target.value)}
        />
      ))}
      <TextArea
        id={`${id}-description`}
        label={t('topicForm.description')}
        rows={4}
        maxLength={5000}
        dir="auto"
        value={fields.description}
        onChange={(event) => set('description', event.target.value)}
      />
      {languages.slice(1).map((language) => (
        <TextArea
          key={language}
          id={`${id}-description-${language}`}
          label={t('topicForm.descriptionIn', { language: t(`language.${language}`) })}
          rows={3}
          maxLength={5000}
          lang={language}
          dir="auto"
          value={fields.descriptions[language] ?? ''}
          onChange={(event) => translate('descriptions', language, event.target.value)}
        />
      ))}
      <TextField
        id={`${id}-proposed`}
        label={t('topicForm.proposedBy')}
        ref={proposedByInput}
        maxLength={120}
        dir="auto"
        invalid={proposalRefused}
        describedBy={conflict ? `${id}-proposed-conflict` : undefined}
        value={fields.proposedBy}
        onChange={(event) => {
          set('proposedBy', event.target.value);
          // The refusal was about the name as it was; the hint below speaks for the new one.
          if (proposalRefused) setRefusal(null);
        }}
        note={
          conflict && (
            <p className="field-warning" id={`${id}-proposed-conflict`}>
              {alreadyProposed(conflict.proposedBy, conflict.title)}
            </p>
          )
        }
      />
      <fieldset>
        <legend>{t('topicForm.inputs')}</legend>
        {fields.inputs.length === 0 && <p className="empty">{t('topicForm.noInputs')}</p>}
        {fields.inputs.map((input, index) => (
          <InputRow
            key={index}
            index={index}
            input={input}
            onChange={(changed) => setInput(index, changed)}
            onRemove={() =>
              set(
                'inputs',
                fields.inputs.filter((_, at) => at !== index),
              )
            }
          />
        ))}
        <button type="button" onClick={() => set('inputs', [...fields.inputs, blankInput])}>
          {t('topicForm.addInput')}
        </button>
      </fieldset>
      <TextField
        id={`${id}-report`}
        label={t('topicForm.compilationReportUrl')}
        type="url"
        dir="ltr"
        pattern="https?://.*"
        value={fields.compilationReportUrl}
        onChange={(event) => set('compilationReportUrl', event.target.value)}
      />
      <NumberField
        id={`${id}-limit`}
        label={t('topicForm.speakingTime')}
        min={10}
        max={3600}
        value={fields.speakingTime}
        onChange={(event) => set('speakingTime', event.target.value)}
      />
      <div className="failure" role="alert">
        {refusal === null ? null : proposalRefused ? (
          <>
            <span>{failureText(t, refusal)}</span>{' '}
            <span>
              {conflict
                ? t('topicForm.otherProposal', { title: conflict.title, memberState: conflict.proposedBy.trim() })
                : t('topicForm.otherProposalDetail', { detail: refusal.error.detail ?? '' })}
            </span>
          </>
        ) : (
          failureText(t, refusal)
        )}
      </div>
      <div className="button-row">
        <button type="submit" className="primary">
          {topic ? t('topicForm.save') : t('topicForm.add')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('topicForm.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}

interface InputRowProps {
  index: number;
  input: ConsultationInput;
  onChange: (input: ConsultationInput) => void;
  onRemove: () => void;
}

function InputRow({ index, input, onChange, onRemove }: InputRowProps) {
  const { t } = useTranslation();
  const id = useId();
  const set = <K extends keyof ConsultationInput>(key: K, value: ConsultationInput[K]) =>
    onChange({ ...input, [key]: value });
  return (
    <fieldset className="input-row">
      <legend>{t('topicForm.inputNumber', { number: index + 1 })}</legend>
      <TextField
        id={`${id}-title`}
        label={t('topicForm.inputTitle')}
        required
        maxLength={300}
        dir="auto"
        value={input.title}
        onChange={(event) => set('title', event.target.value)}
      />
      <TextField
        id={`${id}-author`}
        label={t('topicForm.inputAuthor')}
        required
        maxLength={200}
        dir="auto"
        value={input.author}
        onChange={(event) => set('author', event.target.value)}
      />
      <StakeholderGroupField
        id={`${id}-group`}
        value={input.stakeholderGroup}
        onChange={(group) => set('stakeholderGroup', group)}
      />
      <TextField
        id={`${id}-url`}
        label={t('topicForm.inputUrl')}
        type="url"
        required
        dir="ltr"
        pattern="https?://.*"
        value={input.url}
        onChange={(event) => set('url', event.target.value)}
      />
      <button type="button" onClick={onRemove}>
        {t('topicForm.removeInput', { number: index + 1 })}
      </button>
    </fieldset>
  );
}
