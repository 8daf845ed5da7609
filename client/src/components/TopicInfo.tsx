import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Topic } from '../../../shared/meeting/model.js';

/** The topic as the online consultation framed it: what it is, who proposed it, the inputs. */
export function TopicInfo({ topic }: { topic: Topic }) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section className="panel topic-info" aria-labelledby={headingId}>
      <h2 id={headingId} dir="auto">
        {topic.title}
      </h2>
      {topic.proposedBy && (
        <p>
          {t('topic.proposedBy')} <bdi>{topic.proposedBy}</bdi>
        </p>
      )}
      {topic.description && (
        <p className="topic-description" dir="auto">
          {topic.description}
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
