import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Choice } from '../components/Choice.js';
import {
  attendanceModes,
  speechKinds,
  type MeetingState,
  type OwnStatement,
  type SetAsideStatement,
  type Participant,
  type SpeechKind,
  type Topic,
} from '../../../shared/meeting/model.js';
import { currentTopic, titleIn } from '../../../shared/meeting/selectors.js';
import { entriesOf } from '../../../shared/speaker-queue/queue.js';
import { StatementForm } from '../components/WrittenStatement.js';
import { Countdown } from '../components/Countdown.js';
import { TimeSignals } from '../components/TimeSignals.js';
import { FailureNotice } from '../components/FailureNotice.js';
import { FloorAnnouncer } from '../components/FloorAnnouncer.js';
import { FloorPanel } from '../components/FloorPanel.js';
import { FloorRecordedNotice } from '../components/FloorRecordedNotice.js';
import { MeetingGate, type LiveMeeting } from '../components/MeetingGate.js';
import { MeetingStatusNotice } from '../components/MeetingStatusNotice.js';
import { PageLayout } from '../components/PageLayout.js';
import { LastSpeaker } from '../components/LastSpeaker.js';
import { PublishNameField } from '../components/ParticipantFields.js';
import { KindBadge, PersonName } from '../components/People.js';
import { useServerNow } from '../realtime/clock.js';
import { QueueList } from '../components/QueueList.js';
import { TopicInfo } from '../components/TopicInfo.js';
import { useCommands } from '../realtime/useCommands.js';
import { CaptionArea, CaptionTranscript, useLiveCaptions } from '../components/captions/LiveCaptions.js';
import { RemoteParticipation } from '../media/RemoteParticipation.js';
import { SignerSlot, SignInTheHall } from '../media/SignLanguage.js';

export function ParticipantPage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  return (
    <MeetingGate
      meetingId={meetingId}
      page="participant"
      heading={t('participant.heading')}
      admits={(you) => you.participantId !== null}
    >
      {(meeting) => <ParticipantView meeting={meeting} />}
    </MeetingGate>
  );
}

function ParticipantView({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const { state } = meeting;
  const me = meeting.self?.participant;
  const topic = currentTopic(state);
  const commands = useCommands(meeting.send, meeting.status);
  const captions = useLiveCaptions(meeting);
  const captionArea = <CaptionArea captions={captions} languages={state.languages} />;
  return (
    <PageLayout heading={t('participant.heading')} context={state.title} connection={meeting.status}>
      <FloorAnnouncer state={state} />
      <MeetingStatusNotice state={state} />
      <FloorRecordedNotice state={state} />
      {captions.preferences.position === 'above' && captionArea}
      <div className="columns">
        <div className="column">
          <section className="panel" aria-labelledby="me-heading">
            <h2 id="me-heading">{t('participant.you')}</h2>
            {me ? (
              <>
                <p>
                  <PersonName participant={me} />
                </p>
                {topic && (
                  <MyTurn
                    state={state}
                    topic={topic}
                    me={me}
                    statements={meeting.self?.statements ?? []}
                    setAside={meeting.self?.setAside ?? []}
                    commands={commands}
                    clockOffsetMs={meeting.clockOffsetMs}
                  />
                )}
                {/* Under the request and the statement, whose buttons fail most: in view on a phone when they are refused. */}
                <FailureNotice failure={commands.failure} />
                <KeptRequests state={state} me={me} commands={commands} />
                <AttendanceSwitch me={me} commands={commands} />
                <PublishNameSwitch me={me} commands={commands} />
                {me.attendance === 'room' && <p className="hint">{t('media.inRoom')}</p>}
              </>
            ) : (
              <p className="notice">{t('errors.PARTICIPANT_NOT_FOUND')}</p>
            )}
          </section>
          {/* Keyed by person: a new identity is a new LiveKit connection. */}
          {me?.attendance === 'remote' && <RemoteParticipation key={me.id} meeting={meeting} me={me} />}
          {me?.attendance === 'room' && <SignInTheHall key={me.id} meeting={meeting} />}
          <CaptionTranscript captions={captions} meeting={meeting} />
        </div>
        <div className="column">
          {topic ? (
            <>
              <FloorPanel
                state={state}
                topic={topic}
                clockOffsetMs={meeting.clockOffsetMs}
                statementShown={!me || topic.floor?.participantId !== me.id}
              />
              <section className="panel" aria-labelledby="next-heading">
                <h2 id="next-heading">{t('queue.nextSpeakers')}</h2>
                {topic.listClosed && <p className="notice">{t('queue.closed')}</p>}
                <QueueList state={state} entries={topic.queue} />
                <LastSpeaker state={state} topic={topic} />
              </section>
              <TopicInfo topic={topic} original={state.languages[0] ?? 'en'} />
            </>
          ) : (
            <p className="notice">{t('errors.NO_CURRENT_TOPIC')}</p>
          )}
        </div>
      </div>
      {/* Captions "below the page" stay in sight at the bottom of the screen. */}
      {captions.preferences.position === 'below' ? (
        <div className="captions-pinned">
          <SignerSlot />
          {captionArea}
        </div>
      ) : (
        <SignerSlot alone />
      )}
    </PageLayout>
  );
}

type Commands = ReturnType<typeof useCommands>;

/**
 * Where the participant stands on the topic under discussion, and the buttons that change it:
 * one ordinary request at a time, and a point of order at any time (even with the list closed
 * or while already waiting).
 */
function MyTurn({
  state,
  topic,
  me,
  statements,
  setAside,
  commands,
  clockOffsetMs,
}: {
  state: MeetingState;
  topic: Topic;
  me: Participant;
  /** Their own statements, text included: their projection carries a statement only while it is read out. */
  statements: readonly OwnStatement[];
  /** Their statements the chair set aside: said where the statement was. */
  setAside: readonly SetAsideStatement[];
  commands: Commands;
  clockOffsetMs: number;
}) {
  const { t } = useTranslation();
  const now = useServerNow(clockOffsetMs);
  const [kind, setKind] = useState<SpeechKind>('intervention');
  const mine = entriesOf(topic, me.id);
  const ordinary = mine.find((entry) => entry.kind !== 'point_of_order');
  const pointOfOrder = mine.find((entry) => entry.kind === 'point_of_order');
  const speaking = topic.floor?.participantId === me.id ? topic.floor : null;
  const open = state.status === 'open';
  const canReply = topic.floor !== null && !speaking;
  const chosen = kind === 'reply' && !canReply ? 'intervention' : kind;
  const canRequest = open && !topic.listClosed && !speaking && !ordinary;
  const canRaisePointOfOrder = open && !speaking && !pointOfOrder && !canRequest;
  const placeOf = (entryId: string) => topic.queue.findIndex((entry) => entry.id === entryId) + 1;
  // What a statement in writing stands for: the speech under way, or the ordinary request waiting.
  const stated = open ? (speaking ?? ordinary) : undefined;
  const ownStatement = stated && statements.find((statement) => statement.requestId === stated.id);
  const setAsideAt = stated && setAside.find((entry) => entry.requestId === stated.id)?.at;
  return (
    <>
      {speaking && (
        <div className="my-floor-card">
          <p className="my-position" role="status">
            {t('participant.hasFloor')}
          </p>
          <Countdown speech={speaking} now={now} warningSec={state.warningSec} />
          <TimeSignals speech={speaking} now={now} warningSec={state.warningSec} />
        </div>
      )}
      {topic.listClosed && <p className="notice">{t('myRequests.listClosed')}</p>}
      {!speaking && mine.length === 0 && (
        <p className="my-position" role="status">
          {t('participant.notInQueue')}
        </p>
      )}
      {mine.map((entry) => (
        <div key={entry.id} className="my-request">
          <p className="my-position" role="status">
            {mine.length > 1 && <KindBadge kind={entry.kind} />}{' '}
            {t('participant.position', { count: placeOf(entry.id), ordinal: true })}
          </p>
          <button type="button" onClick={() => void commands.run('queue:withdraw', { entryId: entry.id })}>
            {mine.length > 1 ? t('myRequests.withdrawKind', { kind: t(`speechKind.${entry.kind}`) }) : t('participant.withdraw')}
          </button>
        </div>
      ))}
      {stated && (
        <div className="my-statement">
          <StatementForm
            key={stated.id}
            state={state}
            requestId={stated.id}
            statement={ownStatement}
            setAsideAt={setAsideAt}
            waiting={!speaking}
            run={commands.run}
          />
        </div>
      )}
      {canRequest && (
        <>
          <KindChoice chosen={chosen} canReply={canReply} onChange={setKind} />
          <button type="button" className="primary" onClick={() => void commands.run('queue:request', { kind: chosen })}>
            {t('participant.request')}
          </button>
        </>
      )}
      {canRaisePointOfOrder && (
        <button type="button" onClick={() => void commands.run('queue:request', { kind: 'point_of_order' })}>
          {t('myRequests.raisePointOfOrder')}
        </button>
      )}
    </>
  );
}

/** Requests stay with their topic: the ones waiting on topics not under discussion now. */
function KeptRequests({ state, me, commands }: { state: MeetingState; me: Participant; commands: Commands }) {
  const { t, i18n } = useTranslation();
  const kept = state.topics
    .filter((topic) => topic.id !== state.currentTopicId)
    .flatMap((topic) => entriesOf(topic, me.id).map((entry) => ({ topic, entry })));
  if (kept.length === 0) return null;
  return (
    <ul className="kept-list">
      {kept.map(({ topic, entry }) => (
        <li key={entry.id}>
          <p>{t('myRequests.kept', { topic: titleIn(topic, i18n.language) })}</p>
          <button type="button" onClick={() => void commands.run('queue:withdraw', { entryId: entry.id })}>
            {t('participant.withdraw')}
          </button>
        </li>
      ))}
    </ul>
  );
}

function KindChoice({
  chosen,
  canReply,
  onChange,
}: {
  chosen: SpeechKind;
  canReply: boolean;
  onChange: (kind: SpeechKind) => void;
}) {
  const { t } = useTranslation();
  return (
    <Choice
      legend={t('participant.kindLegend')}
      options={speechKinds}
      value={chosen}
      label={(kind) => t(`speechKind.${kind}`)}
      unavailable={(kind) => (kind === 'reply' && !canReply ? t('participant.replyHint') : null)}
      onChange={onChange}
    />
  );
}

function AttendanceSwitch({ me, commands }: { me: Participant; commands: Commands }) {
  const { t } = useTranslation();
  return (
    <Choice
      legend={t('participant.attendanceLegend')}
      options={attendanceModes}
      value={me.attendance}
      label={(mode) => t(`attendance.${mode}`)}
      onChange={(mode) => void commands.run('participant:update', { participantId: me.id, details: { attendance: mode } })}
    />
  );
}

function PublishNameSwitch({ me, commands }: { me: Participant; commands: Commands }) {
  return (
    <PublishNameField
      checked={me.publishName}
      onChange={(publishName) => void commands.run('participant:update', { participantId: me.id, details: { publishName } })}
    />
  );
}
