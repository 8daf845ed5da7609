import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  attendanceModes,
  speechKinds,
  type MeetingState,
  type Participant,
  type SpeechKind,
  type Topic,
} from '../../../shared/meeting/model.js';
import { currentTopic, participantById } from '../../../shared/meeting/selectors.js';
import { entryOf, positionOf } from '../../../shared/speaker-queue/queue.js';
import { FailureNotice } from '../components/FailureNotice.js';
import { FloorAnnouncer } from '../components/FloorAnnouncer.js';
import { FloorPanel } from '../components/FloorPanel.js';
import { FloorRecordedNotice } from '../components/FloorRecordedNotice.js';
import { MeetingGate, type LiveMeeting } from '../components/MeetingGate.js';
import { MeetingStatusNotice } from '../components/MeetingStatusNotice.js';
import { PageLayout } from '../components/PageLayout.js';
import { LastSpeaker } from '../components/LastSpeaker.js';
import { PublishNameField } from '../components/ParticipantFields.js';
import { PersonName } from '../components/People.js';
import { QueueList } from '../components/QueueList.js';
import { TopicInfo } from '../components/TopicInfo.js';
import { useCommands } from '../realtime/useCommands.js';
import { CaptionArea, CaptionTranscript, useLiveCaptions } from '../components/captions/LiveCaptions.js';
import { RemoteParticipation } from '../media/RemoteParticipation.js';

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
  const { state, you } = meeting;
  const me = you.participantId === null ? undefined : participantById(state, you.participantId);
  const topic = currentTopic(state);
  const commands = useCommands(meeting.send);
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
                {topic && <MyTurn state={state} topic={topic} me={me} commands={commands} />}
                <AttendanceSwitch me={me} commands={commands} />
                <PublishNameSwitch me={me} commands={commands} />
                {me.attendance === 'room' && <p className="hint">{t('media.inRoom')}</p>}
              </>
            ) : (
              <p className="notice">{t('errors.PARTICIPANT_NOT_FOUND')}</p>
            )}
            <FailureNotice failure={commands.failure} />
          </section>
          {/* Keyed by person: a new identity is a new LiveKit connection. */}
          {me?.attendance === 'remote' && <RemoteParticipation key={me.id} meeting={meeting} me={me} />}
          <CaptionTranscript captions={captions} meeting={meeting} />
        </div>
        <div className="column">
          {topic ? (
            <>
              <FloorPanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} />
              <section className="panel" aria-labelledby="next-heading">
                <h2 id="next-heading">{t('queue.nextSpeakers')}</h2>
                {topic.listClosed && <p className="notice">{t('queue.closed')}</p>}
                <QueueList state={state} entries={topic.queue} />
                <LastSpeaker state={state} topic={topic} />
              </section>
              <TopicInfo topic={topic} />
            </>
          ) : (
            <p className="notice">{t('errors.NO_CURRENT_TOPIC')}</p>
          )}
        </div>
      </div>
      {captions.preferences.position === 'below' && captionArea}
    </PageLayout>
  );
}

type Commands = ReturnType<typeof useCommands>;

/** Where the participant stands, and the one button that changes it. */
function MyTurn({
  state,
  topic,
  me,
  commands,
}: {
  state: MeetingState;
  topic: Topic;
  me: Participant;
  commands: Commands;
}) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<SpeechKind>('intervention');
  const entry = entryOf(topic, me.id);
  const position = positionOf(topic, me.id);
  const speaking = topic.floor?.participantId === me.id;
  const canReply = topic.floor !== null && !speaking;
  const chosen = kind === 'reply' && !canReply ? 'intervention' : kind;
  const canRequest = state.status === 'open' && !topic.listClosed && !speaking;
  return (
    <>
      <p className="my-position" role="status">
        {speaking
          ? t('participant.hasFloor')
          : position !== null
            ? t('participant.position', { count: position, ordinal: true })
            : t('participant.notInQueue')}
      </p>
      {!entry && canRequest && <KindChoice chosen={chosen} canReply={canReply} onChange={setKind} />}
      {entry ? (
        <button type="button" onClick={() => void commands.run('queue:withdraw', { entryId: entry.id })}>
          {t('participant.withdraw')}
        </button>
      ) : (
        canRequest && (
          <button
            type="button"
            className="primary"
            onClick={() => void commands.run('queue:request', { kind: chosen })}
          >
            {t('participant.request')}
          </button>
        )
      )}
    </>
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
  const name = useId();
  return (
    <fieldset className="choice">
      <legend>{t('participant.kindLegend')}</legend>
      {speechKinds.map((kind) => (
        <label key={kind}>
          <input
            type="radio"
            name={name}
            value={kind}
            checked={chosen === kind}
            disabled={kind === 'reply' && !canReply}
            onChange={() => onChange(kind)}
          />
          {t(`speechKind.${kind}`)}
          {kind === 'reply' && !canReply && <span className="hint"> {t('participant.replyHint')}</span>}
        </label>
      ))}
    </fieldset>
  );
}

function AttendanceSwitch({ me, commands }: { me: Participant; commands: Commands }) {
  const { t } = useTranslation();
  const name = useId();
  return (
    <fieldset className="choice">
      <legend>{t('participant.attendanceLegend')}</legend>
      {attendanceModes.map((mode) => (
        <label key={mode}>
          <input
            type="radio"
            name={name}
            value={mode}
            checked={me.attendance === mode}
            onChange={() =>
              void commands.run('participant:update', { participantId: me.id, details: { attendance: mode } })
            }
          />
          {t(`attendance.${mode}`)}
        </label>
      ))}
    </fieldset>
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
