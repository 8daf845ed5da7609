import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { presidingRoles } from '../../../../shared/access/actor.js';
import { currentTopic } from '../../../../shared/meeting/selectors.js';
import { FailureNotice } from '../../components/FailureNotice.js';
import { FloorAnnouncer } from '../../components/FloorAnnouncer.js';
import { MeetingGate, type LiveMeeting } from '../../components/MeetingGate.js';
import { PageLayout } from '../../components/PageLayout.js';
import { TopicInfo } from '../../components/TopicInfo.js';
import { TransitionButtons } from '../../components/TransitionButtons.js';
import { useCommands } from '../../realtime/useCommands.js';
import { AddToQueueForm } from './AddToQueueForm.js';
import { AgendaPanel } from './AgendaPanel.js';
import { BalancePanel } from './BalancePanel.js';
import { CaptionDisplayForm } from './CaptionDisplayForm.js';
import { FloorControls } from './FloorControls.js';
import { HistoryPanel } from './HistoryPanel.js';
import { QueuePanel } from './QueuePanel.js';
import { RegisterWalkInForm } from './RegisterWalkInForm.js';
import { SpeakingTimeForms } from './SpeakingTimeForms.js';

export function ChairPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  return (
    <MeetingGate
      meetingId={meetingId}
      page="chair"
      heading={t('chair.heading')}
      admits={(you) => (presidingRoles as readonly string[]).includes(you.role)}
    >
      {(meeting) => <ChairConsole meeting={meeting} />}
    </MeetingGate>
  );
}

/** The chair runs the meeting from here: the agenda, the floor and the one speakers' list. */
function ChairConsole({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const { state } = meeting;
  const topic = currentTopic(state);
  const commands = useCommands(meeting.send);
  // A participant registered at the desk is usually added to the list straight after.
  const [toAdd, setToAdd] = useState('');
  return (
    <PageLayout heading={t('chair.heading')} context={state.title} connection={meeting.status}>
      <FloorAnnouncer state={state} />
      <div className="toolbar">
        <TransitionButtons
          status={state.status}
          offered={['open', 'adjourned']}
          onTransition={(to) => void commands.run('meeting:transition', { to })}
        />
      </div>
      <FailureNotice failure={commands.failure} />
      <div className="console">
        <div className="column">
          <AgendaPanel state={state} run={commands.run} />
          <SpeakingTimeForms state={state} topic={topic} run={commands.run} />
          {topic && <TopicInfo topic={topic} />}
        </div>
        <div className="column">
          {topic ? (
            <>
              <FloorControls
                state={state}
                topic={topic}
                clockOffsetMs={meeting.clockOffsetMs}
                run={commands.run}
                media={meeting.media}
                request={meeting.request}
              />
              <QueuePanel
                state={state}
                topic={topic}
                clockOffsetMs={meeting.clockOffsetMs}
                run={commands.run}
                media={meeting.media}
              />
              <AddToQueueForm state={state} topic={topic} selected={toAdd} onSelect={setToAdd} run={commands.run} />
            </>
          ) : (
            <p className="notice">{t('errors.NO_CURRENT_TOPIC')}</p>
          )}
          <RegisterWalkInForm run={commands.run} onRegistered={setToAdd} />
        </div>
        <div className="column">
          {topic && <HistoryPanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} />}
          <BalancePanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} />
          <CaptionDisplayForm state={state} run={commands.run} />
        </div>
      </div>
    </PageLayout>
  );
}
