import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage } from '../../../shared/i18n/catalogue.js';
import { descriptionIn } from '../../../shared/meeting/selectors.js';
import type { Language, Topic } from '../../../shared/meeting/model.js';
import { Foreign } from './Foreign.js';

/**
 * A topic's title in the reader's language when the secretariat gave one; else the original,
 * marked as such and tagged with its language (`original`: the meeting's first language, the
 * one titles are written in).
 */
export function TopicTitle({ topic, original }: { topic: Pick<Topic, 'title' | 'titles'>; original: Language }) {
  const { t, i18n } = useTranslation();
  const reader = isLanguage(i18n.language) ? i18n.language : original;
  const own = topic.titles[reader];
  if (own !== undefined || reader === original) return <Foreign text={own ?? topic.title} language={reader} />;
  return (
    <>
      <Foreign text={topic.title} language={original} />{' '}
      <span className="original-marker">({t('topic.original', { language: t(`language.${original}`) })})</span>
    </>
  );
}

/** The topic as the online consultation framed it: what it is, who proposed it, the inputs. */
export function TopicInfo({ topic, original }: { topic: Topic; original: Language }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const reader = isLanguage(i18n.language) ? i18n.language : original;
  const description = descriptionIn(topic, reader);
  return (
    <section className="panel topic-info" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <TopicTitle topic={topic} original={original} />
      </h2>
      {topic.proposedBy && (
        <p>
          {t('topic.proposedBy')} <bdi>{topic.proposedBy}</bdi>
        </p>
      )}
      {description && (
        <p className="topic-description" lang={topic.descriptions[reader] !== undefined ? reader : original} dir="auto">
          {description}
        </p>
      )}
      <h3>{t('topic.inputs', { count: topic.inputs.length })}</h3>
      {topic.inputs.length > 0 && (
        <ul className="inputs">
          {topic.inputs.map((input, index) => (
            <li key={index}>
              <a href={input.url} dir="auto" target="_blank" rel="noreferrer">
                {input.title}
              </a>{' '}
              <span className="input-meta">
                <bdi>{input.author}</bdi> · {t(`stakeholderGroup.${input.stakeholderGroup}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {topic.compilationReportUrl && (
        <p>
          <a href={topic.compilationReportUrl} target="_blank" rel="noreferrer">
            {t('topic.compilationReport')}
          </a>
        </p>
      )}
    </section>
  );
}
