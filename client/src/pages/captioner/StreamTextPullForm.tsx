import { useEffect, useId, useState, type FormEvent } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { PullConfig, PullHealth } from '../../../../shared/captions/desk.js';
import type { Language, MeetingState } from '../../../../shared/meeting/model.js';
import { TextField } from '../../components/Field.js';
import { wholeSeconds } from '../../format.js';

interface StreamTextPullFormProps {
  state: MeetingState;
  language: Language;
  config: PullConfig | null;
  health: PullHealth | null;
  now: number;
  /** Whether this console may set the pull (the lead captioner, the chair). */
  mayConfigure: boolean;
  /** Sends the change; answers the problem in plain words, or null once it is done. */
  send: (method: 'PUT' | 'DELETE', path: string, body?: unknown) => Promise<string | null>;
  /** A desk message in the reader's language. */
  say: (message: NonNullable<PullHealth['error']>) => string;
}

/** Where the pull stands, in plain words. */
function pullStatus(t: TFunction, { state, config, health, now, say }: StreamTextPullFormProps): { text: string; failing: boolean } {
  if (!config) return { text: t('captionPull.off'), failing: false };
  const { event } = config;
  if (!health) {
    return { text: t(state.status === 'open' ? 'captionPull.starting' : 'captionPull.waitsForOpen', { event }), failing: false };
  }
  if (health.error) return { text: t('captionPull.failing', { event, message: say(health.error) }), failing: true };
  const last = health.lastTextAt === null ? t('captionPull.nothingYet') : t('captionPull.lastText', { seconds: wholeSeconds(now - health.lastTextAt) });
  const lag = health.lagMs === null ? '' : ` ${t('captionPull.lag', { ms: Math.round(health.lagMs) })}`;
  return { text: `${t('captionPull.pulling', { event })} ${last}${lag}`, failing: false };
}

/**
 * The StreamText event pulled into one meeting language: the lead captioner or the chair
 * enters the event's name (and its language code, when the event has several), starts and
 * stops the pull; everyone at the desk sees where it stands.
 */
export function StreamTextPullForm(props: StreamTextPullFormProps) {
  const { state, language, config, mayConfigure, send } = props;
  const { t } = useTranslation();
  const id = useId();
  const [event, setEvent] = useState(config?.event ?? '');
  const [code, setCode] = useState(config?.streamTextLanguage ?? '');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  // The form follows a change made elsewhere (another console, the API) until edited here.
  useEffect(() => {
    setEvent(config?.event ?? '');
    setCode(config?.streamTextLanguage ?? '');
  }, [config?.event, config?.streamTextLanguage]);

  const path = `meetings/${encodeURIComponent(state.id)}/pulls/${language}`;
  const run = async (method: 'PUT' | 'DELETE', body?: unknown) => {
    setBusy(true);
    setProblem(await send(method, path, body));
    setBusy(false);
  };
  const start = (submitted: FormEvent) => {
    submitted.preventDefault();
    const name = event.trim();
    setMissing(name === '');
    if (name === '') return;
    void run('PUT', { event: name, streamTextLanguage: code.trim() });
  };

  const status = pullStatus(t, props);
  return (
    <div className="desk-pull">
      <h3 id={`${id}-heading`}>{t('captionPull.heading', { language: t(`language.${language}`) })}</h3>
      <p role="status" className={status.failing ? 'notice notice-error' : 'notice'}>
        {status.text}
      </p>
      {mayConfigure ? (
        <form aria-labelledby={`${id}-heading`} onSubmit={start} noValidate>
          <div className="field-row">
            <TextField
              id={`${id}-event`}
              label={t('captionPull.event')}
              value={event}
              maxLength={200}
              required
              dir="auto"
              autoComplete="off"
              spellCheck={false}
              invalid={missing}
              describedBy={`${id}-event-note`}
              note={
                <p id={`${id}-event-note`} className={missing ? 'field-error' : 'hint'}>
                  {missing ? t('captionPull.eventMissing') : t('captionPull.eventHint')}
                </p>
              }
              onChange={(changed) => setEvent(changed.target.value)}
            />
            <TextField
              id={`${id}-code`}
              label={t('captionPull.code')}
              value={code}
              maxLength={20}
              autoComplete="off"
              spellCheck={false}
              dir="ltr"
              describedBy={`${id}-code-hint`}
              note={
                <p id={`${id}-code-hint`} className="hint">
                  {t('captionPull.codeHint')}
                </p>
              }
              onChange={(changed) => setCode(changed.target.value)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>
              {config ? t('captionPull.update') : t('captionPull.start')}
            </button>
            {config && (
              <button type="button" disabled={busy} onClick={() => void run('DELETE')}>
                {t('captionPull.stop')}
              </button>
            )}
          </div>
          {problem && (
            <p className="notice notice-error" role="alert">
              {problem}
            </p>
          )}
        </form>
      ) : (
        <p className="hint">{t('captionPull.leadOnly')}</p>
      )}
    </div>
  );
}
