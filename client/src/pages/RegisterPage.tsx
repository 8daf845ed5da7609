import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorCode } from '../../../shared/errors.js';
import { publicApi, type PublicMeeting, type Registration } from '../api.js';
import { CopyField } from '../components/CopyField.js';
import { FailureNotice } from '../components/FailureNotice.js';
import { TextField } from '../components/Field.js';
import { PageLayout } from '../components/PageLayout.js';
import {
  completeParticipant,
  emptyParticipant,
  ParticipantFields,
  participantDraftErrors,
  type ParticipantDraft,
  type ParticipantFieldErrors,
} from '../components/ParticipantFields.js';
import { QrCode } from '../components/QrCode.js';
import { Refusal } from '../failures.js';
import { formatDateTime, zoneLabel } from '../format.js';
import { useMeetingLanguage } from '../i18n/useMeetingLanguage.js';
import { LoadingNotice } from '../components/LoadingNotice.js';
import { rememberMeetingLink } from '../secrets.js';
import { Foreign } from '../components/Foreign.js';

type Loaded = { kind: 'loading' } | { kind: 'failed'; failure: unknown } | { kind: 'ready'; meeting: PublicMeeting };

/** The public page where anyone signs up and receives their personal link. */
export function RegisterPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    publicApi.meeting(meetingId).then(
      (meeting) => current && setLoaded({ kind: 'ready', meeting }),
      (failure: unknown) => current && setLoaded({ kind: 'failed', failure }),
    );
    return () => {
      current = false;
    };
  }, [meetingId]);
  const meeting = loaded.kind === 'ready' ? loaded.meeting : null;
  useMeetingLanguage(meeting?.languages);

  return (
    <PageLayout heading={t('register.heading')} context={meeting?.title}>
      {loaded.kind === 'loading' && <LoadingNotice />}
      {loaded.kind === 'failed' && <FailureNotice failure={loaded.failure} />}
      {meeting && <Registration meeting={meeting} />}
    </PageLayout>
  );
}

/** Refusals that belong next to one field of the form rather than under it. */
const fieldOfCode: Partial<Record<ErrorCode, keyof ParticipantFieldErrors | 'email'>> = {
  NAME_REQUIRED: 'displayName',
  STAKEHOLDER_GROUP_REQUIRED: 'stakeholderGroup',
  EMAIL_INVALID: 'email',
};

function Registration({ meeting }: { meeting: PublicMeeting }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const form = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<ParticipantDraft>(emptyParticipant);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<ParticipantFieldErrors & { email?: string }>({});
  /** The server found the same name and affiliation; the next submission says the person goes on. */
  const [duplicateSeen, setDuplicateSeen] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [registered, setRegistered] = useState<(Registration & { email: string }) | null>(null);
  const when = (ms: number) => formatDateTime(ms, meeting.timeZone, i18n.language);

  useEffect(() => {
    // Take the person to the first field to fix, as a screen reader user would otherwise not know where it is.
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const missing = participantDraftErrors(draft, t);
    const details = completeParticipant(draft);
    setErrors(missing);
    if (!details) return;
    setSending(true);
    setFailure(null);
    try {
      const extra = { email: email.trim(), language: i18n.language, confirmDuplicate: duplicateSeen };
      const done = await publicApi.register(meeting.id, details, extra);
      rememberMeetingLink(meeting.id, 'participant', done.url);
      setRegistered({ ...done, email: extra.email });
    } catch (error) {
      const code = error instanceof Refusal ? error.error.code : null;
      const field = code ? fieldOfCode[code] : undefined;
      if (code === 'DUPLICATE_REGISTRATION') setDuplicateSeen(true);
      else if (field) setErrors({ [field]: t(`errors.${code}`) });
      else setFailure(error);
    } finally {
      setSending(false);
    }
  };

  const changeIdentity = (next: ParticipantDraft) => {
    // A duplicate was about the name and affiliation as they were.
    if (next.displayName !== draft.displayName || next.affiliation !== draft.affiliation) setDuplicateSeen(false);
    setDraft(next);
  };

  return (
    <>
      <section className="panel" aria-labelledby={`${id}-meeting`}>
        <h2 id={`${id}-meeting`}>
          <Foreign text={meeting.title} />
        </h2>
        <dl className="facts">
          {meeting.venue && (
            <>
              <dt>{t('register.venue')}</dt>
              <dd dir="auto">{meeting.venue}</dd>
            </>
          )}
          <dt>{t('register.when')}</dt>
          <dd>
            {t('register.range', { start: when(meeting.startsAt), end: when(meeting.endsAt) })}{' '}
            <span className="hint">({zoneLabel(meeting.startsAt, meeting.timeZone, i18n.language)})</span>
          </dd>
          <dt>{t('meetingStatus.label')}</dt>
          <dd>{t(`meetingStatus.${meeting.status}`)}</dd>
        </dl>
        {meeting.recordFloor && <p className="notice recording-notice">{t('recording.registration')}</p>}
        {meeting.registrationApproval && meeting.registrationOpen && <p className="notice">{t('register.approvalNotice')}</p>}
      </section>
      {registered ? (
        <PersonalLink meeting={meeting} registered={registered} />
      ) : meeting.registrationOpen ? (
        <form
          ref={form}
          className="panel"
          aria-labelledby={`${id}-form`}
          noValidate
          onSubmit={(event) => void submit(event)}
        >
          <h2 id={`${id}-form`}>{t('register.formHeading')}</h2>
          <ParticipantFields
            value={draft}
            onChange={changeIdentity}
            errors={errors}
            identityNote={
              duplicateSeen && (
                <>
                  <p>{t('register.duplicate')}</p>
                  <p>{meeting.mail ? t('register.duplicateMail') : t('register.duplicateNoMail')}</p>
                </>
              )
            }
          />
          {meeting.mail && (
            <TextField
              id={`${id}-email`}
              label={t('register.email')}
              type="email"
              dir="ltr"
              autoComplete="email"
              maxLength={254}
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              invalid={Boolean(errors.email)}
              describedBy={`${id}-email-note`}
              note={
                <p id={`${id}-email-note`} className={errors.email ? 'field-error' : 'hint'}>
                  {errors.email ?? t('register.emailHint')}
                </p>
              }
            />
          )}
          <button type="submit" className="primary" aria-disabled={sending || undefined}>
            {duplicateSeen ? t('register.submitAnyway') : t('register.submit')}
          </button>
          {/* With an e-mail address the answer waits for the mail server: say that something is happening. */}
          <p role="status">{sending && t('register.sending')}</p>
          <FailureNotice failure={failure} />
        </form>
      ) : (
        <p className="notice">{t('errors.REGISTRATION_CLOSED')}</p>
      )}
      {meeting.mail && !registered && <ResendForm meeting={meeting} />}
    </>
  );
}

function PersonalLink({ meeting, registered }: { meeting: PublicMeeting; registered: Registration & { email: string } }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <section className="panel personal-link" aria-labelledby={`${id}-done`}>
      <h2 id={`${id}-done`}>{t('register.doneHeading')}</h2>
      <p role="status">
        {registered.registration === 'pending' ? t('register.pendingDone') : t('register.done')}{' '}
        {registered.emailed
          ? t('register.emailed', { email: registered.email })
          : registered.email
            ? t('register.notEmailed')
            : ''}
      </p>
      {registered.duplicate && <p className="field-warning">{t('register.registeredTwice')}</p>}
      <p className="hint">{t('register.keepPrivate')}</p>
      <CopyField label={t('register.personalLink')} value={registered.url} />
      <div className="qr-block">
        <QrCode value={registered.url} label={t('register.qrLabel')} />
        <p className="hint">{t('register.qrHint')}</p>
      </div>
      <p className="hint">{meeting.mail ? t('register.rememberedMail') : t('register.remembered')}</p>
      <p>
        <a className="button-link primary" href={registered.url}>
          {t('register.goToPage')}
        </a>
      </p>
    </section>
  );
}

/** "Send my link again": the same answer whether or not the address is registered. */
function ResendForm({ meeting }: { meeting: PublicMeeting }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setSent(false);
    try {
      await publicApi.resendLink(meeting.id, email.trim(), i18n.language);
      setSent(true);
    } catch (error) {
      setFailure(error);
    }
  };
  return (
    <form className="panel" aria-labelledby={`${id}-heading`} onSubmit={(event) => void submit(event)}>
      <h2 id={`${id}-heading`}>{t('register.resendHeading')}</h2>
      <p className="hint">{t('register.resendHint')}</p>
      <TextField
        id={`${id}-email`}
        label={t('register.resendEmail')}
        type="email"
        required
        dir="ltr"
        autoComplete="email"
        maxLength={254}
        value={email}
        onChange={(event) => setEmail(event.target.value)}
      />
      <button type="submit">{t('register.resend')}</button>
      <p role="status">{sent && t('register.resent')}</p>
      <FailureNotice failure={failure} />
    </form>
  );
}
