import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { secretariatApi, type MeetingSummary, type SecretariatApi } from '../../api.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { TextField } from '../../components/Field.js';
import { ManagedList } from '../../components/ManagedList.js';
import { PageLayout } from '../../components/PageLayout.js';
import { Refusal } from '../../failures.js';
import { formatZoned } from '../../format.js';
import { ADMIN_TOKEN_KEY, useFragmentSecret } from '../../secrets.js';
import { archiveIndexHref } from './Archive.js';
import { MeetingEditor } from './MeetingEditor.js';
import { MeetingForm } from './MeetingForm.js';
import { useAction } from './useAction.js';
import { LoadingNotice } from '../../components/LoadingNotice.js';

/** The secretariat prepares meetings here with the admin link the server prints at start. */
export function SetupPage() {
  const { t } = useTranslation();
  const [token, remember] = useFragmentSecret('admin', ADMIN_TOKEN_KEY, 'tab');
  const [rejected, setRejected] = useState(false);
  const forget = useCallback(() => {
    remember(null);
    setRejected(true);
  }, [remember]);
  return (
    <PageLayout heading={t('setup.heading')}>
      <nav className="setup-nav" aria-label={t('archive.navLabel')}>
        <a href={archiveIndexHref}>{t('archive.publicIndex')}</a> · <a href="/cycles">{t('setup.cycles')}</a>
      </nav>
      {token ? (
        <Secretariat token={token} onUnauthorized={forget} />
      ) : (
        <TokenForm
          rejected={rejected}
          onSubmit={(value) => {
            setRejected(false);
            remember(value);
          }}
        />
      )}
    </PageLayout>
  );
}

function TokenForm({ rejected, onSubmit }: { rejected: boolean; onSubmit: (token: string) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onSubmit(value.trim());
  };
  return (
    <form className="panel" onSubmit={submit}>
      <p>{t('setup.needToken')}</p>
      {rejected && (
        <p className="failure" role="alert">
          {t('errors.UNAUTHORIZED')}
        </p>
      )}
      <TextField
        id={id}
        label={t('setup.token')}
        type="password"
        autoComplete="off"
        value={value}
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit" className="primary">
        {t('setup.useToken')}
      </button>
    </form>
  );
}

function selectedFromAddress(): string | null {
  return new URLSearchParams(location.search).get('meeting');
}

/** Keeps the chosen meeting in the address, so a reload comes back to it. */
function showInAddress(meetingId: string | null): void {
  const url = new URL(location.href);
  if (meetingId) url.searchParams.set('meeting', meetingId);
  else url.searchParams.delete('meeting');
  history.replaceState(history.state, '', url);
}

function Secretariat({ token, onUnauthorized }: { token: string; onUnauthorized: () => void }) {
  const api = useMemo(() => secretariatApi(token), [token]);
  const [meetings, setMeetings] = useState<MeetingSummary[] | null>(null);
  const [selected, setSelected] = useState<string | null>(selectedFromAddress);
  const onFailure = useCallback(
    (failure: unknown) => {
      if (failure instanceof Refusal && failure.error.code === 'UNAUTHORIZED') onUnauthorized();
    },
    [onUnauthorized],
  );
  const action = useAction(onFailure);

  const reload = useCallback(
    () => action.run(async () => setMeetings((await api.meetings()).meetings)),
    [action.run, api],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  const select = (meetingId: string | null) => {
    setSelected(meetingId);
    showInAddress(meetingId);
  };

  return (
    <>
      <FailureNotice failure={action.failure} />
      {/* Three parts placed by the stylesheet: with no meeting chosen the form to create one
          takes the wide column, which would otherwise stand empty; each stays the same element
          wherever it is placed, so what was typed in the form survives choosing a meeting. */}
      <div className="setup">
        <div className="setup-meetings">
          <MeetingList meetings={meetings} selected={selected} onSelect={select} />
        </div>
        <div className="setup-create">
          <CreateMeeting
            api={api}
            onCreated={(meetingId) => void reload().then(() => select(meetingId))}
            onFailure={onFailure}
          />
        </div>
        {selected && (
          <div className="setup-editor">
            <MeetingEditor
              key={selected}
              api={api}
              meetingId={selected}
              onChanged={() => void reload()}
              onFailure={onFailure}
            />
          </div>
        )}
      </div>
    </>
  );
}

interface MeetingListProps {
  meetings: MeetingSummary[] | null;
  selected: string | null;
  onSelect: (meetingId: string) => void;
}

function MeetingList({ meetings, selected, onSelect }: MeetingListProps) {
  const { t } = useTranslation();
  const current = meetings?.filter((meeting) => meeting.status !== 'archived') ?? [];
  // Latest first: the secretariat looks back from the last meeting, through years of them.
  const archived = meetings?.filter((meeting) => meeting.status === 'archived').reverse() ?? [];
  return (
    <section className="panel" aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">{t('setup.meetings')}</h2>
      {meetings === null ? (
        <LoadingNotice />
      ) : current.length === 0 ? (
        <p className="empty">{t(archived.length === 0 ? 'setup.noMeetings' : 'setup.noCurrentMeetings')}</p>
      ) : (
        <MeetingItems meetings={current} selected={selected} onSelect={onSelect} />
      )}
      {archived.length > 0 && (
        <details className="archived-meetings" open={archived.some((meeting) => meeting.id === selected)}>
          <summary>{t('setup.archivedMeetings', { count: archived.length })}</summary>
          <MeetingItems meetings={archived} selected={selected} onSelect={onSelect} />
        </details>
      )}
    </section>
  );
}

function MeetingItems({ meetings, selected, onSelect }: { meetings: MeetingSummary[] } & Omit<MeetingListProps, 'meetings'>) {
  const { t, i18n } = useTranslation();
  const items = meetings.map((meeting) => ({
    id: meeting.id,
    title: meeting.title,
    hint: `${t(`meetingStatus.${meeting.status}`)} · ${formatZoned(meeting.startsAt, meeting.timeZone, i18n.language)}`,
  }));
  return <ManagedList items={items} selected={selected} onSelect={onSelect} manageLabel={t('setup.manage')} idPrefix="meeting" />;
}

interface CreateMeetingProps {
  api: SecretariatApi;
  onCreated: (meetingId: string) => void;
  onFailure: (failure: unknown) => void;
}

function CreateMeeting({ api, onCreated, onFailure }: CreateMeetingProps) {
  const { t } = useTranslation();
  const action = useAction(onFailure);
  return (
    <section className="panel" aria-labelledby="create-heading">
      <h2 id="create-heading">{t('setup.create')}</h2>
      <MeetingForm
        onSubmit={(details) =>
          action
            .run(async () => {
              const { meetingId } = await api.createMeeting(details);
              onCreated(meetingId);
            }, JSON.stringify(details))
            .then((done) => done.ok)
        }
      />
      <FailureNotice failure={action.failure} />
    </section>
  );
}
