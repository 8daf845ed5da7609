import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantDetails } from '../../../shared/meeting/model.js';
import { publicApi, type PublicMeeting } from '../api.js';
import { CopyField } from '../components/CopyField.js';
import { FailureNotice } from '../components/FailureNotice.js';
import { PageLayout } from '../components/PageLayout.js';
import { emptyParticipant, ParticipantFields } from '../components/ParticipantFields.js';
import { formatDateTime } from '../format.js';
import { useMeetingLanguage } from '../i18n/useMeetingLanguage.js';
import { LoadingNotice } from '../components/LoadingNotice.js';

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

function Registration({ meeting }: { meeting: PublicMeeting }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [details, setDetails] = useState<ParticipantDetails>(emptyParticipant);
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [personalUrl, setPersonalUrl] = useState<string | null>(null);
  const when = (ms: number) => formatDateTime(ms, meeting.timeZone, i18n.language);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    setSending(true);
    setFailure(null);
    try {
      setPersonalUrl((await publicApi.register(meeting.id, details)).url);
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <section className="panel" aria-labelledby={`${id}-meeting`}>
        <h2 id={`${id}-meeting`} dir="auto">
          {meeting.title}
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
            <span className="hint">({meeting.timeZone})</span>
          </dd>
          <dt>{t('meetingStatus.label')}</dt>
          <dd>{t(`meetingStatus.${meeting.status}`)}</dd>
        </dl>
        {meeting.recordFloor && <p className="notice recording-notice">{t('recording.registration')}</p>}
      </section>
      {personalUrl ? (
        <section className="panel" aria-labelledby={`${id}-done`}>
          <h2 id={`${id}-done`}>{t('register.doneHeading')}</h2>
          <p role="status">{t('register.done')}</p>
          <p className="hint">{t('register.keepPrivate')}</p>
          <CopyField label={t('register.personalLink')} value={personalUrl} />
          <p>
            <a className="button-link primary" href={personalUrl}>
              {t('register.goToPage')}
            </a>
          </p>
        </section>
      ) : meeting.registrationOpen ? (
        <form className="panel" aria-labelledby={`${id}-form`} onSubmit={(event) => void submit(event)}>
          <h2 id={`${id}-form`}>{t('register.formHeading')}</h2>
          <ParticipantFields value={details} onChange={setDetails} />
          <button type="submit" className="primary">
            {t('register.submit')}
          </button>
          <FailureNotice failure={failure} />
        </form>
      ) : (
        <p className="notice">{t('errors.REGISTRATION_CLOSED')}</p>
      )}
    </>
  );
}
