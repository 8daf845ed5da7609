import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chosenTopics } from '../../../../shared/cycle/execute.js';
import { rejectionReasons, type ConsultationResponse, type RejectionReason } from '../../../../shared/cycle/model.js';
import { stakeholderGroups } from '../../../../shared/meeting/model.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { formatZoned } from '../../format.js';
import { useAction } from '../setup/useAction.js';
import type { CycleApi, CycleView } from './api.js';
import type { CycleSubmit } from './CycleEditor.js';

interface ResponsesPanelProps {
  view: CycleView;
  submit: CycleSubmit;
  api: CycleApi;
  onFailure: (failure: unknown) => void;
}

/** Moderation of the responses, their counts by topic and stakeholder group, and the exports. */
export function ResponsesPanel({ view, submit, api, onFailure }: ResponsesPanelProps) {
  const { t } = useTranslation();
  const { state, counts } = view;
  const topics = chosenTopics(state);
  const downloads = useAction(onFailure);
  return (
    <section className="panel" aria-labelledby="responses-heading">
      <h2 id="responses-heading">{t('cycle.responses.heading')}</h2>
      <p role="status">
        {t('cycle.responses.summary', {
          total: counts.total,
          pending: counts.byStatus.pending,
          accepted: counts.byStatus.accepted,
          rejected: counts.byStatus.rejected,
          merged: counts.byStatus.merged,
          unconfirmed: counts.unconfirmed,
        })}
      </p>
      {topics.length > 0 && (
        // Six stakeholder groups in French or Russian make the table wider than the column: it scrolls, so it takes focus to scroll by keyboard.
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="cycle-counts-caption">
          <table className="cycle-counts">
            <caption id="cycle-counts-caption">{t('cycle.responses.countsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cycle.responses.topic')}</th>
                {stakeholderGroups.map((group) => (
                  <th scope="col" key={group}>
                    {t(`stakeholderGroup.${group}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {topics.map((topic) => (
                <tr key={topic.id}>
                  <th scope="row">
                    <bdi>{topic.title}</bdi>
                  </th>
                  {stakeholderGroups.map((group) => (
                    <td key={group}>{counts.byTopic[topic.id]?.[group] ?? 0}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="button-row">
        <button type="button" onClick={() => void downloads.run(() => api.download(state.id, 'responses.csv', `${state.id}-responses.csv`))}>
          {t('cycle.responses.exportCsv')}
        </button>
        <button type="button" onClick={() => void downloads.run(() => api.download(state.id, 'responses.zip', `${state.id}-responses.zip`))}>
          {t('cycle.responses.exportZip')}
        </button>
      </div>
      <FailureNotice failure={downloads.failure} />
      {state.responses.length === 0 ? (
        <p className="empty">{t('cycle.responses.none')}</p>
      ) : (
        <ol className="cycle-responses">
          {state.responses.map((response) => (
            <ResponseItem key={response.id} view={view} response={response} submit={submit} api={api} onFailure={onFailure} />
          ))}
        </ol>
      )}
    </section>
  );
}

function ResponseItem({ view, response, submit, api, onFailure }: { response: ConsultationResponse } & ResponsesPanelProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState<RejectionReason>('spam');
  const [note, setNote] = useState('');
  const [into, setInto] = useState('');
  const downloads = useAction(onFailure);
  const mail = useAction();
  const [mailedTo, setMailedTo] = useState<string | null>(null);
  const { state } = view;
  const topicTitle = (topicId: string) => state.proposals.find((proposal) => proposal.id === topicId)?.title ?? topicId;
  const { moderation } = response;
  const others = state.responses.filter((other) => other.id !== response.id && other.moderation.status !== 'merged');
  const status =
    moderation.status === 'rejected'
      ? t('cycle.responses.rejectedFor', { reason: t(`cycle.responses.reason.${moderation.reason}`) }) + (moderation.note ? ` (${moderation.note})` : '')
      : moderation.status === 'merged'
        ? t('cycle.responses.mergedInto', { id: moderation.into })
        : t(`cycle.responses.status.${moderation.status}`);
  return (
    <li className={`cycle-response cycle-response-${moderation.status}`} aria-labelledby={`${id}-name`}>
      <h3 id={`${id}-name`}>
        <bdi>{response.respondent.name}</bdi> <span className="hint">#{response.id}</span>
      </h3>
      <p>
        {[response.respondent.organisation, response.respondent.country]
          .filter((part) => part !== '')
          .map((part, index) => (
            <Fragment key={index}>
              <bdi>{part}</bdi> ·{' '}
            </Fragment>
          ))}
        {t(`stakeholderGroup.${response.respondent.stakeholderGroup}`)} · <bdi>{response.email}</bdi>
      </p>
      <p className="hint">
        {formatZoned(response.updatedAt, state.timeZone, i18n.language)} ·{' '}
        {response.confirmedAt === null ? t('cycle.responses.unconfirmed') : t('cycle.responses.confirmed')} · <strong>{status}</strong>
      </p>
      {response.confirmedAt === null && (
        // The first e-mail could not be sent, or never arrived: the respondent cannot confirm without it.
        <div className="button-row">
          <button
            type="button"
            onClick={() =>
              void mail.run(async () => {
                setMailedTo(null);
                setMailedTo((await api.mailConfirmation(state.id, response.id)).sentTo);
              })
            }
          >
            {t('cycle.responses.resend')}
          </button>
          <span role="status" className="form-status">
            {mailedTo ? t('cycle.responses.resent', { email: mailedTo }) : null}
          </span>
        </div>
      )}
      <FailureNotice failure={mail.failure} />
      {response.answers.map((answer) => (
        <div key={answer.topicId} className="cycle-answer">
          <h4>
            <bdi>{topicTitle(answer.topicId)}</bdi>
          </h4>
          {answer.text && (
            <p dir="auto" className="cycle-answer-text">
              {answer.text}
            </p>
          )}
          {answer.documents.map((document) => (
            <button
              key={document.sha256}
              type="button"
              className="link-button"
              onClick={() => void downloads.run(() => api.download(state.id, `documents/${document.sha256}`, document.name))}
            >
              {t('cycle.responses.download', { name: document.name, type: document.type.toUpperCase() })}
            </button>
          ))}
        </div>
      ))}
      <FailureNotice failure={downloads.failure} />
      <div className="button-row cycle-moderation">
        {moderation.status !== 'accepted' && (
          <button type="button" className="primary" onClick={() => void submit({ type: 'response:accept', responseId: response.id })}>
            {t('cycle.responses.accept')}
          </button>
        )}
        {moderation.status !== 'pending' && (
          <button type="button" onClick={() => void submit({ type: 'response:reopen', responseId: response.id })}>
            {t('cycle.responses.reopen')}
          </button>
        )}
      </div>
      {moderation.status !== 'rejected' && (
        <div className="cycle-moderation-row">
          <label htmlFor={`${id}-reason`}>{t('cycle.responses.reasonLabel')}</label>
          <select id={`${id}-reason`} value={reason} onChange={(event) => setReason(event.target.value as RejectionReason)}>
            {rejectionReasons.map((option) => (
              <option key={option} value={option}>
                {t(`cycle.responses.reason.${option}`)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-note`}>{t('cycle.responses.noteLabel')}</label>
          <input id={`${id}-note`} value={note} onChange={(event) => setNote(event.target.value)} maxLength={500} dir="auto" />
          <button type="button" onClick={() => void submit({ type: 'response:reject', responseId: response.id, reason, note })}>
            {t('cycle.responses.reject')}
          </button>
        </div>
      )}
      {moderation.status !== 'merged' && others.length > 0 && (
        <div className="cycle-moderation-row">
          <label htmlFor={`${id}-into`}>{t('cycle.responses.mergeLabel')}</label>
          <select id={`${id}-into`} value={into} onChange={(event) => setInto(event.target.value)}>
            <option value="">{t('cycle.responses.mergeChoose')}</option>
            {others.map((other) => (
              <option key={other.id} value={other.id}>
                #{other.id} {other.respondent.name}
              </option>
            ))}
          </select>
          <button type="button" aria-disabled={into === '' || undefined} onClick={() => into && void submit({ type: 'response:merge', responseId: response.id, intoId: into })}>
            {t('cycle.responses.merge')}
          </button>
        </div>
      )}
    </li>
  );
}
