import { useEffect, useId, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { mayCaption } from '../../../../shared/access/captions.js';
import { DeskReport, type DeskMessage, type SenderStatus } from '../../../../shared/captions/desk.js';
import type { Language, MeetingState } from '../../../../shared/meeting/model.js';
import type { LiveMeeting } from '../../components/MeetingGate.js';
import { formatTime, wholeSeconds } from '../../format.js';
import { useServerSecond } from '../../realtime/clock.js';
import { StreamTextPullForm } from './StreamTextPullForm.js';

const POLL_MS = 2000;

/** The desk report, polled: it describes connections as they are now, not meeting state. */
function useDeskReport(token: string): { report: DeskReport | null; failed: boolean; refresh: () => void } {
  const [report, setReport] = useState<DeskReport | null>(null);
  const [failed, setFailed] = useState(false);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const response = await fetch(`/api/captions/desk?token=${encodeURIComponent(token)}`, { cache: 'no-store' });
        const parsed = DeskReport.safeParse(response.ok ? await response.json() : null);
        if (stopped) return;
        if (parsed.success) setReport(parsed.data);
        setFailed(!parsed.success);
      } catch {
        if (!stopped) setFailed(true);
      }
      if (!stopped) timer = setTimeout(() => void load(), POLL_MS);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token, tick]);
  return { report, failed, refresh: () => setTick((value) => value + 1) };
}

function senderName(state: MeetingState, senderId: string, t: TFunction): string {
  const feed = /^streamtext-([a-z]{2})$/.exec(senderId);
  if (feed) return t('captionDesk.streamTextFeed', { language: t(`language.${feed[1]}`) });
  return state.links.find((link) => link.id === senderId)?.label || t('captionDesk.unnamedSeat');
}

/** The server names each message by code; the page says it in the reader's language. */
function messageText(t: TFunction, { code, params, message }: DeskMessage): string {
  const source = typeof params.source === 'string' ? t(`captionDesk.sources.${params.source}`) : undefined;
  const key = code.startsWith('errors.') ? code : `captionDesk.messages.${code}`;
  // Sequence numbers are identifiers, shown as the captioner's software shows them: no grouping.
  const sequence = Object.fromEntries(['seq', 'last'].filter((name) => name in params).map((name) => [name, String(params[name])]));
  return t(key, { ...params, ...sequence, ...(source ? { source } : {}), defaultValue: message });
}

/**
 * Per seat and feed: which tool is live, the last text and how late it came, and what went
 * wrong in plain words; who writes each language, and switching the provider (StreamText's
 * "Change Provider"); the StreamText pull (set here by the lead captioner or the chair, its
 * health for all); this seat's TCP realtime listener.
 */
export function CaptionDeskPanel({ meeting, language }: { meeting: LiveMeeting; language: Language }) {
  const { t, i18n } = useTranslation();
  const { state, token, you } = meeting;
  const { report, failed, refresh } = useDeskReport(token);
  // The page's own clock (no offset), on the page's one timer a second.
  const now = useServerSecond(0);
  const headingId = useId();
  const switchId = useId();
  const [target, setTarget] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const time = (ms: number) => formatTime(ms, state.timeZone, i18n.language);

  const seats = state.links.filter((link) => link.role === 'captioner' && link.revokedAt === null);
  const feeds = (report?.pullConfigs ?? []).filter((config) => config.language === language).map((config) => `streamtext-${config.language}`);
  const writer = report?.writers[language] ?? null;
  const candidates = [...seats.map((link) => link.id), ...feeds].filter((id) => id !== writer);
  const chosen = candidates.includes(target) ? target : (candidates[0] ?? '');

  /** One request to the desk's API; answers what went wrong in plain words, or null. */
  const send = async (method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<string | null> => {
    let failure: string | null = null;
    try {
      const response = await fetch(`/api/captions/${path}?token=${encodeURIComponent(token)}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      if (!response.ok) {
        const answer = (await response.json().catch(() => null)) as { error?: { code: string; message: string; detail?: string } } | null;
        failure = answer?.error ? t(`errors.${answer.error.code}`, { defaultValue: answer.error.message }) + (answer.error.detail ? ` (${answer.error.detail})` : '') : t('captionDesk.requestFailed');
      }
    } catch {
      failure = t('captionDesk.requestFailed');
    }
    refresh();
    return failure;
  };
  const post = async (path: string, body: unknown) => {
    setProblem(null);
    setProblem(await send('POST', path, body));
  };
  const actor = { kind: 'link' as const, ...you };

  const mine = report?.tcp.find((listener) => listener.linkId === you.linkId) ?? null;
  const senders = (report?.senders ?? []).filter((sender) => sender.language === language);

  return (
    <section className="panel caption-desk" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('captionDesk.heading', { language: t(`language.${language}`) })}</h2>
      {failed && (
        <p className="notice notice-error" role="alert">
          {t('captionDesk.unavailable')}
        </p>
      )}
      <p>
        {writer
          ? t('captionDesk.writingNow', { seat: senderName(state, writer, t) })
          : t('captionDesk.nobodyWriting')}
      </p>
      {senders.length === 0 ? (
        <p className="hint">{t('captionDesk.noSenders')}</p>
      ) : (
        <table className="desk-table">
          <caption className="visually-hidden">{t('captionDesk.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('captionDesk.seat')}</th>
              <th scope="col">{t('captionDesk.source')}</th>
              <th scope="col">{t('captionDesk.lastText')}</th>
              <th scope="col">{t('captionDesk.received')}</th>
              <th scope="col">{t('captionDesk.state')}</th>
            </tr>
          </thead>
          <tbody>
            {senders.map((sender: SenderStatus) => (
              <tr key={`${sender.senderId}-${sender.source}`} className={sender.senderId === writer ? 'is-live' : undefined}>
                <th scope="row">
                  <bdi>{senderName(state, sender.senderId, t)}</bdi>
                  {sender.senderId === writer && <span className="badge">{t('captionDesk.live')}</span>}
                </th>
                <td>{t(`captionDesk.sources.${sender.source}`)}</td>
                <td dir="auto" className="desk-text">
                  {sender.lastText ?? '—'}
                </td>
                <td>
                  {sender.lastAt === null
                    ? '—'
                    : t('captionDesk.ago', { seconds: wholeSeconds(now - sender.lastAt) })}
                  {sender.delayMs !== null && (
                    <>
                      <br />
                      {t('captionDesk.delay', { seconds: (sender.delayMs / 1000).toFixed(1) })}
                    </>
                  )}
                </td>
                <td>
                  {sender.error ? (
                    <span className="desk-error">{t('captionDesk.errorAt', { time: time(sender.error.at), message: messageText(t, sender.error) })}</span>
                  ) : sender.notice ? (
                    <span>{t('captionDesk.noticeAt', { time: time(sender.notice.at), message: messageText(t, sender.notice) })}</span>
                  ) : (
                    t('captionDesk.ok')
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {candidates.length > 0 && mayCaption(actor, state, 'switchProvider') && (
        <div className="desk-switch">
          <label htmlFor={switchId}>{t('captionDesk.switchLabel')}</label>
          <select id={switchId} value={chosen} onChange={(event) => setTarget(event.target.value)}>
            {candidates.map((id) => (
              <option key={id} value={id}>
                {senderName(state, id, t)}
              </option>
            ))}
          </select>
          <button type="button" onClick={() => void post('handover', { language, to: chosen })}>
            {t('captionDesk.switch')}
          </button>
        </div>
      )}

      {report && (
        <StreamTextPullForm
          state={state}
          language={language}
          config={report.pullConfigs.find((config) => config.language === language) ?? null}
          health={report.pulls.find((pull) => pull.language === language) ?? null}
          now={now}
          mayConfigure={mayCaption(actor, state, 'configurePull')}
          send={send}
          say={(message) => messageText(t, message)}
        />
      )}

      {/* A listener belongs to a seat: only captioners open their own. */}
      {report?.tcpAvailable && you.role === 'captioner' && (
        <div className="desk-tcp">
          <h3>{t('captionDesk.tcpHeading')}</h3>
          {mine ? (
            <>
              <p>
                {t('captionDesk.tcpOpen', { address: `${mine.host}:${mine.port}`, language: t(`language.${mine.language}`) })}{' '}
                {mine.connected ? t('captionDesk.tcpConnected') : t('captionDesk.tcpWaiting')}
              </p>
              <button type="button" onClick={() => void post('tcp', { language, open: false })}>
                {t('captionDesk.tcpClose')}
              </button>
            </>
          ) : (
            <>
              <p className="hint">{t('captionDesk.tcpHint')}</p>
              <button type="button" onClick={() => void post('tcp', { language, open: true })}>
                {t('captionDesk.tcpOpenButton')}
              </button>
            </>
          )}
        </div>
      )}
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
