import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { meetingStatuses, type MeetingState } from '../../../../shared/meeting/model.js';
import type { LinkWithUrl, SecretariatApi, SetupCommand } from '../../api.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { TransitionButtons } from '../../components/TransitionButtons.js';
import { ArchiveAction, ArchivedNotice } from './Archive.js';
import { LinksPanel } from './LinksPanel.js';
import { MeetingForm } from './MeetingForm.js';
import { RecordReview } from './RecordReview.js';
import { RegistrationsPanel } from './RegistrationsPanel.js';
import { TimelinePanel } from './TimelinePanel.js';
import { CycleSummary } from '../cycle/CycleSummary.js';
import { TopicsEditor } from './TopicsEditor.js';
import { useAction, type FormOutcome } from './useAction.js';
import { LoadingNotice } from '../../components/LoadingNotice.js';
import { Foreign } from '../../components/Foreign.js';

/** How often the page asks whether the meeting changed (a question of a few bytes when it did not). */
const FOLLOW_MS = 10_000;

/** Archiving has its own button and confirmation (ArchiveAction); the chair never archives. */
const offeredHere = meetingStatuses.filter((status) => status !== 'archived');

interface MeetingEditorProps {
  api: SecretariatApi;
  meetingId: string;
  /** The meeting list shows titles and statuses, which edits here change. */
  onChanged: () => void;
  onFailure: (failure: unknown) => void;
}

export function MeetingEditor({ api, meetingId, onChanged, onFailure }: MeetingEditorProps) {
  const { t } = useTranslation();
  const [state, setState] = useState<MeetingState | null>(null);
  const [links, setLinks] = useState<LinkWithUrl[]>([]);
  const action = useAction(onFailure);

  const seq = useRef<number | null>(null);

  /** Reads the meeting, or with `ifChanged` only what changed; an answer older than the one shown is dropped. */
  const reload = useCallback(
    async (ifChanged = false) => {
      const meeting = await api.meeting(meetingId, ifChanged && seq.current !== null ? seq.current : undefined);
      if (!meeting || (seq.current !== null && meeting.seq < seq.current)) return;
      seq.current = meeting.seq;
      setState(meeting.state);
      setLinks(meeting.links);
    },
    [api, meetingId],
  );

  useEffect(() => {
    void action.run(reload);
  }, [action.run, reload]);

  // Registrations arrive, and other secretaries and the chair change the meeting, while this
  // page is open (at the door, several secretaries staff the desk): it follows them. An
  // archived meeting never changes, and asking would keep it loaded on the server.
  const archived = state?.status === 'archived';
  useEffect(() => {
    if (archived) return;
    const follow = () => {
      if (document.visibilityState === 'visible') void reload(true).catch(() => undefined);
    };
    const timer = setInterval(follow, FOLLOW_MS);
    document.addEventListener('visibilitychange', follow);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', follow);
    };
  }, [reload, archived]);

  const afterChange = async () => {
    await reload();
    onChanged();
  };

  // Reloading after a refusal too: the refusal often means this page was out of date.
  const command = (next: SetupCommand) =>
    action
      .run(async () => {
        try {
          await api.command(meetingId, next);
        } finally {
          await afterChange();
        }
      }, JSON.stringify(next))
      .then((done) => done.ok);

  /** A command sent from a form, which shows its refusal next to its own fields. */
  const submit = (next: SetupCommand): Promise<FormOutcome> =>
    action.submit(() => api.command(meetingId, next), afterChange, JSON.stringify(next));

  if (!state) {
    return (
      <section className="panel" aria-label={t('setup.meeting')}>
        <LoadingNotice />
        <FailureNotice failure={action.failure} />
      </section>
    );
  }

  return (
    <div className="meeting-editor">
      <section className="panel" aria-labelledby="editor-heading">
        <h2 id="editor-heading">
          <Foreign text={state.title} />
        </h2>
        <TransitionButtons
          meeting={state}
          offered={offeredHere}
          onTransition={(to) => void command({ type: 'meeting:transition', to, expectedStatus: state.status })}
        />
        <ArchiveAction
          title={state.title}
          status={state.status}
          onArchive={() => command({ type: 'meeting:transition', to: 'archived', expectedStatus: 'adjourned' })}
        />
        {archived && <ArchivedNotice state={state} />}
        <FailureNotice failure={action.failure} />
        <details>
          <summary>{archived ? t('setup.viewDetails') : t('setup.editDetails')}</summary>
          <MeetingForm
            key={state.id}
            meeting={state}
            readOnly={archived}
            onSubmit={(details) => command({ type: 'meeting:update', details })}
          />
        </details>
      </section>
      {state.status === 'adjourned' && <RecordReview api={api} state={state} command={command} />}
      <CycleSummary
        meetingId={state.id}
        hasGroupMeeting={state.groupMeeting !== null}
        meetingDates={`${state.startsAt} ${state.timeZone} ${state.groupMeeting?.startsOn ?? ''}`}
      >
        <TimelinePanel state={state} submit={submit} readOnly={archived} />
      </CycleSummary>
      <TopicsEditor state={state} submit={submit} readOnly={archived} />
      <RegistrationsPanel state={state} submit={submit} readOnly={archived} />
      <LinksPanel
        state={state}
        readOnly={archived}
        links={links}
        onRevoke={(linkId) => command({ type: 'link:revoke', linkId })}
        onRenew={(linkId) => command({ type: 'link:renew', linkId })}
        onSetLead={(linkId, lead) => command({ type: 'link:setLead', linkId, lead })}
        onIssue={async (link) => {
          const done = await action.run(async () => {
            const { url } = await api.issueLink(meetingId, link);
            await reload();
            return url;
          }, JSON.stringify(link));
          return done.ok ? done.value : null;
        }}
      />
    </div>
  );
}
