import { Fragment, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { chosenTopics } from '../../../../shared/cycle/execute.js';
import { rejectionReasons, type ConsultationResponse, type RejectionReason } from '../../../../shared/cycle/model.js';
import { responseFilters, type ResponseFilter, type ResponseCounts, type ResponsesPage } from '../../../../shared/cycle/selectors.js';
import { stakeholderGroups } from '../../../../shared/meeting/model.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { GuardedButton } from '../../components/GuardedButton.js';
import { LoadingNotice } from '../../components/LoadingNotice.js';
import { MovedNotice } from '../../components/MovedNotice.js';
import { rowKey, useSteadiness, useSteadyRows } from '../../components/steadyRows.js';
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

/** A moderation the server refused, with the response's name for the words that say so. */
interface RefusedModeration {
  responseId: string;
  name: string;
  failure: unknown;
}

/** How a refusal names a response: its respondent and the number the list shows. */
const responseName = (response: ConsultationResponse) => `${response.respondent.name} (#${response.id})`;

/** A response's number as the secretariat types it: "r12", "#r12" or "12". */
function responseNumber(typed: string): string | null {
  const match = /^#?\s*r?\s*(\d{1,9})$/i.exec(typed.trim());
  return match ? `r${Number(match[1])}` : null;
}

/** The search waits for a pause in typing, so each key does not fetch a page. */
const SEARCH_PAUSE_MS = 300;

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
      {counts.total === 0 ? <p className="empty">{t('cycle.responses.none')}</p> : <ModerationList view={view} submit={submit} api={api} onFailure={onFailure} />}
    </section>
  );
}

function filterCount(counts: ResponseCounts, filter: ResponseFilter): number {
  switch (filter) {
    case 'all':
      return counts.total;
    case 'unconfirmed':
      return counts.unconfirmed;
    case 'pending':
    case 'accepted':
    case 'rejected':
    case 'merged':
      return counts.byStatus[filter];
  }
}

/**
 * The responses a page at a time, narrowed by status and by a search. The page is fetched
 * again whenever the cycle changes (a moderation, a new response, the page's own refresh);
 * while someone works on the list, a response another secretary's decision took out of it stays
 * in place, so the responses below do not move up under the pointer.
 */
function ModerationList({ view, submit, api, onFailure }: ResponsesPanelProps) {
  const { t } = useTranslation();
  const id = useId();
  const [show, setShow] = useState<ResponseFilter>('all');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [pageAsked, setPageAsked] = useState(1);
  const [shown, setShown] = useState<ResponsesPage | null>(null);
  // What the page shown was asked for: another status, search or page is a new list, not the same one changed.
  const [shownFor, setShownFor] = useState('');
  const steadiness = useSteadiness();
  const rows = useSteadyRows(shown?.responses ?? [], responseKey, steadiness, shownFor);
  // Another secretary's decision may take a response out of the filter shown, and its refusal
  // with it: the refusal is then said above the list.
  const [refused, setRefused] = useState<RefusedModeration | null>(null);
  const loading = useAction(onFailure);
  const cycleId = view.state.id;
  useEffect(() => {
    if (typed === search) return;
    const timer = setTimeout(() => {
      setSearch(typed);
      setPageAsked(1);
    }, SEARCH_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed, search]);
  useEffect(() => {
    let current = true;
    void loading.run(async () => {
      const page = await api.responses(cycleId, { show, search, page: pageAsked });
      if (!current) return;
      setShown(page);
      setShownFor(JSON.stringify([show, search, page.page]));
    });
    return () => {
      current = false;
    };
  }, [loading.run, api, cycleId, show, search, pageAsked, view.seq]);
  const first = shown ? (shown.page - 1) * shown.pageSize + 1 : 0;
  const last = shown ? first + shown.responses.length - 1 : 0;
  return (
    <div ref={steadiness.ref}>
      <div className="cycle-response-filters">
        <label htmlFor={`${id}-show`}>{t('cycle.responses.showLabel')}</label>
        <select
          id={`${id}-show`}
          value={show}
          onChange={(event) => {
            setShow(event.target.value as ResponseFilter);
            setPageAsked(1);
          }}
        >
          {responseFilters.map((filter) => (
            <option key={filter} value={filter}>
              {t(`cycle.responses.filter.${filter}`, { count: filterCount(view.counts, filter) })}
            </option>
          ))}
        </select>
        <label htmlFor={`${id}-search`}>{t('cycle.responses.searchLabel')}</label>
        <input id={`${id}-search`} type="search" value={typed} onChange={(event) => setTyped(event.target.value)} maxLength={200} dir="auto" />
      </div>
      <FailureNotice failure={loading.failure} />
      {refused && shown && !shown.responses.some((response) => response.id === refused.responseId) && (
        <FailureNotice failure={refused.failure} nameOf={() => refused.name} />
      )}
      {shown === null ? (
        <LoadingNotice />
      ) : shown.matching === 0 ? (
        <p className="empty" role="status">
          {t('cycle.responses.noMatch')}
        </p>
      ) : (
        <>
          <p role="status" className="hint">
            {t('cycle.responses.range', { first, last, matching: shown.matching })}
          </p>
          <ol className="cycle-responses" start={first}>
            {rows.map(({ row: response, left }) => (
              <ResponseItem
                key={response.id}
                view={view}
                response={response}
                left={left}
                submit={submit}
                api={api}
                onFailure={onFailure}
                onModerated={setRefused}
                onDeciding={steadiness.letGo}
              />
            ))}
          </ol>
          {shown.pages > 1 && (
            <nav className="button-row cycle-pages" aria-label={t('cycle.responses.pagesLabel')}>
              <button type="button" aria-disabled={shown.page === 1 || undefined} onClick={() => shown.page > 1 && setPageAsked(shown.page - 1)}>
                {t('cycle.responses.previous')}
              </button>
              <span>{t('cycle.responses.pageOf', { page: shown.page, pages: shown.pages })}</span>
              <button type="button" aria-disabled={shown.page === shown.pages || undefined} onClick={() => shown.page < shown.pages && setPageAsked(shown.page + 1)}>
                {t('cycle.responses.next')}
              </button>
            </nav>
          )}
        </>
      )}
      <MovedNotice steadiness={steadiness} />
    </div>
  );
}

const responseKey = (response: ConsultationResponse) => response.id;

function ResponseItem({
  view,
  response,
  submit,
  api,
  onFailure,
  onModerated,
  onDeciding,
  left,
}: {
  response: ConsultationResponse;
  /** Taken out of the list shown by someone else's decision: it stays, its decisions unavailable, until the list settles. */
  left: boolean;
  onModerated: (refused: RefusedModeration | null) => void;
  /** A decision taken here: its response may leave the list at once. */
  onDeciding: (responseId: string) => void;
} & ResponsesPanelProps) {
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
  const moderated = useAction();
  // Each decision names the status it was taken on: one taken on a list another secretary has
  // since changed is refused (RESPONSE_CHANGED), not applied over theirs.
  const moderate = (command: Parameters<CycleSubmit>[0]) => moderated.run(async () => {
    onModerated(null);
    onDeciding(response.id);
    const outcome = await submit(command);
    if (outcome.ok || !outcome.failure) return;
    onModerated({ responseId: response.id, name: responseName(response), failure: outcome.failure });
    throw outcome.failure;
  });
  const status = left
    ? t('cycle.responses.moderatedMeanwhile')
    : moderation.status === 'rejected'
      ? t('cycle.responses.rejectedFor', { reason: t(`cycle.responses.reason.${moderation.reason}`) }) + (moderation.note ? ` (${moderation.note})` : '')
      : moderation.status === 'merged'
        ? t('cycle.responses.mergedInto', { id: moderation.into })
        : t(`cycle.responses.status.${moderation.status}`);
  return (
    <li className={`cycle-response cycle-response-${left ? 'moderated-meanwhile' : moderation.status}`} aria-labelledby={`${id}-name`} {...rowKey(response.id)}>
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
          <GuardedButton unavailable={left} className="primary" onClick={() => void moderate({ type: 'response:accept', responseId: response.id, expectedStatus: moderation.status })}>
            {t('cycle.responses.accept')}
          </GuardedButton>
        )}
        {moderation.status !== 'pending' && (
          <GuardedButton unavailable={left} onClick={() => void moderate({ type: 'response:reopen', responseId: response.id, expectedStatus: moderation.status })}>
            {t('cycle.responses.reopen')}
          </GuardedButton>
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
          <GuardedButton unavailable={left} onClick={() => void moderate({ type: 'response:reject', responseId: response.id, reason, note, expectedStatus: moderation.status })}>
            {t('cycle.responses.reject')}
          </GuardedButton>
        </div>
      )}
      {moderation.status !== 'merged' && (
        // A response number, not a list of every other response: with a thousand of them, a list in each of the page's responses was a million options.
        <div className="cycle-moderation-row">
          <label htmlFor={`${id}-into`}>{t('cycle.responses.mergeLabel')}</label>
          <input id={`${id}-into`} value={into} onChange={(event) => setInto(event.target.value)} maxLength={20} aria-describedby={`${id}-into-hint`} className="cycle-response-number" />
          <span id={`${id}-into-hint`} className="hint">
            {t('cycle.responses.mergeHint', { example: 'r12' })}
          </span>
          <GuardedButton unavailable={left || responseNumber(into) === null} onClick={() => {
            const intoId = responseNumber(into);
            if (intoId) void moderate({ type: 'response:merge', responseId: response.id, intoId, expectedStatus: moderation.status });
          }}>
            {t('cycle.responses.merge')}
          </GuardedButton>
        </div>
      )}
      <FailureNotice failure={moderated.failure} nameOf={() => responseName(response)} />
    </li>
  );
}
