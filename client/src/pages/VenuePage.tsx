import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { currentTopic } from '../../../shared/meeting/selectors.js';
import { FloorAnnouncer } from '../components/FloorAnnouncer.js';
import { FloorPanel } from '../components/FloorPanel.js';
import { MeetingGate, type LiveMeeting } from '../components/MeetingGate.js';
import { HallBell } from '../components/HallBell.js';
import { FloorRecordedNotice } from '../components/FloorRecordedNotice.js';
import { MeetingStatusNotice } from '../components/MeetingStatusNotice.js';
import { PageLayout } from '../components/PageLayout.js';
import {
  DevicePickers,
  JoinControls,
  MediaConnection,
  RemoteAudio,
  StartAudio,
  TrackVideo,
  useIdentityName,
} from '../media/MediaViews.js';
import { ChannelFeed, useVenueFeed } from '../media/Interpretation.js';
import { mediaAbsence } from '../media/presence.js';
import { useLiveKitRoom, useRecheckOnMute, type LiveKitRoom, type TrackState } from '../media/useLiveKitRoom.js';

/** The room's AV computer: sends the room to remote participants and plays them into the room. */
export function VenuePage({ meetingId }: { meetingId: string }) {
  const { t } = useTranslation();
  return (
    <MeetingGate meetingId={meetingId} page="venue" heading={t('venue.heading')} admits={(you) => you.role === 'venue'}>
      {(meeting) => <VenueStation meeting={meeting} />}
    </MeetingGate>
  );
}

function VenueStation({ meeting }: { meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const { state } = meeting;
  const topic = currentTopic(state);
  const [feed, setFeed] = useVenueFeed();
  const room = useLiveKitRoom(meeting, {
    autoJoin: true,
    autoRejoin: true,
    autoPublish: { microphone: true, camera: true },
    channel: feed.channel,
  });
  useRecheckOnMute(room.microphone, true, meeting.request);
  const absence = mediaAbsence(meeting.media, room.status);
  return (
    <PageLayout heading={t('venue.heading')} context={state.title} connection={meeting.status}>
      <FloorAnnouncer state={state} />
      <MeetingStatusNotice state={state} />
      <FloorRecordedNotice state={state} />
      <p className="lead">{t('venue.intro')}</p>
      {absence ? (
        <>
          <p className="notice">{t(`media.${absence}`)}</p>
          {topic && <FloorPanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} />}
          <HallBell state={state} clockOffsetMs={meeting.clockOffsetMs} />
        </>
      ) : (
        <div className="columns">
          <div className="column">
            <Station room={room} />
            {topic && <FloorPanel state={state} topic={topic} clockOffsetMs={meeting.clockOffsetMs} />}
          </div>
          <div className="column">
            <PlayingInRoom room={room} meeting={meeting} />
            <HallBell state={state} clockOffsetMs={meeting.clockOffsetMs} />
            <ChannelFeed state={state} tracks={room.remoteTracks} feed={feed} onChange={setFeed} />
            <ConnectedPeople room={room} meeting={meeting} />
          </div>
        </div>
      )}
      <RemoteAudio tracks={room.remoteTracks} />
    </PageLayout>
  );
}

function Station({ room }: { room: LiveKitRoom }) {
  const { t } = useTranslation();
  const headingId = useId();
  const joined = room.status === 'connected' || room.status === 'reconnecting';
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('venue.station')}</h2>
      <MediaConnection room={room} />
      <JoinControls room={room} />
      <StartAudio room={room} />
      {joined && (
        <>
          <dl className="facts venue-devices">
            <dt>{t('venue.microphone')}</dt>
            <dd className={`track-state track-state-${room.microphone}`}>{t(`media.trackState.${room.microphone}`)}</dd>
            <dt>{t('venue.camera')}</dt>
            <dd className={`track-state track-state-${room.camera}`}>{t(`media.cameraState.${room.camera}`)}</dd>
          </dl>
          <div className="button-row">
            <DeviceToggle
              state={room.microphone}
              on={t('venue.unmuteMicrophone')}
              off={t('venue.muteMicrophone')}
              onChange={(enabled) => void room.setMicrophoneEnabled(enabled)}
            />
            <DeviceToggle
              state={room.camera}
              on={t('venue.cameraOn')}
              off={t('venue.cameraOff')}
              onChange={(enabled) => void room.setCameraEnabled(enabled)}
            />
          </div>
          <DevicePickers room={room} sources={['microphone', 'camera']} />
          {room.publishFailure !== null && (
            <p className="failure" role="alert">
              {t('venue.deviceFailed')}
            </p>
          )}
          {room.localVideo && room.camera === 'live' && <TrackVideo track={room.localVideo} label={t('venue.preview')} />}
        </>
      )}
    </section>
  );
}

function DeviceToggle({
  state,
  on,
  off,
  onChange,
}: {
  state: TrackState;
  on: string;
  off: string;
  onChange: (enabled: boolean) => void;
}) {
  const live = state === 'live';
  return (
    <button type="button" onClick={() => onChange(!live)}>
      {live ? off : on}
    </button>
  );
}

/** What the room hears: each remote track played through this computer, named. */
function PlayingInRoom({ room, meeting }: { room: LiveKitRoom; meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const headingId = useId();
  const nameOf = useIdentityName(meeting.state);
  // An interpretation channel goes to the interpretation system (ChannelFeed), never to the loudspeakers.
  const audio = room.remoteTracks.filter((entry) => entry.kind === 'audio' && entry.channel === null);
  // Interpreters speak into their channel, not in the room.
  const speakers = room.activeSpeakers
    .filter((identity) => identity !== room.identity && !identity.startsWith('interpreter.'))
    .map((identity) => ({
      identity,
      name: nameOf(identity, room.remoteParticipants.find((person) => person.identity === identity)?.name ?? identity),
    }));
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('venue.playing')}</h2>
      {audio.length === 0 ? (
        <p className="empty">{t('venue.playingNone')}</p>
      ) : (
        <ul className="playing-list" aria-labelledby={headingId}>
          {audio.map((entry) => (
            <li key={entry.key} data-identity={entry.identity} data-source={entry.source}>
              <bdi className="person-name">{nameOf(entry.identity, entry.name)}</bdi>{' '}
              <span>
                ({t(`venue.sources.${entry.source}`)}
                {entry.muted ? t('people.separator') + t('media.trackState.muted') : ''})
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('venue.speakingNow')}</h3>
      {speakers.length === 0 ? (
        <p className="empty">{t('venue.speakingNone')}</p>
      ) : (
        <ul className="speaking-list">
          {speakers.map((speaker) => (
            <li key={speaker.identity} data-identity={speaker.identity}>
              <bdi className="person-name">{speaker.name}</bdi>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface ConnectedRow {
  identity: string;
  name: string;
  role: string;
  microphone: TrackState;
  micChecked: boolean | null;
  speaking: boolean;
}

/** Who is connected to the meeting's audio, from LiveKit and from the server's presence view. */
function ConnectedPeople({ room, meeting }: { room: LiveKitRoom; meeting: LiveMeeting }) {
  const { t } = useTranslation();
  const headingId = useId();
  const nameOf = useIdentityName(meeting.state);
  const rows = new Map<string, ConnectedRow>();
  for (const entry of meeting.media?.participants ?? []) {
    if (!entry.connected || entry.identity === room.identity) continue;
    rows.set(entry.identity, {
      identity: entry.identity,
      name: nameOf(entry.identity, entry.identity),
      role: entry.role,
      microphone: entry.microphone === 'published' ? 'live' : entry.microphone === 'muted' ? 'muted' : 'off',
      micChecked: entry.role === 'participant' ? entry.micChecked : null,
      speaking: false,
    });
  }
  // LiveKit's own view is the more recent one for those this station sees.
  for (const person of room.remoteParticipants) {
    const known = rows.get(person.identity);
    rows.set(person.identity, {
      identity: person.identity,
      name: nameOf(person.identity, person.name),
      role: known?.role ?? person.identity.split('.')[0] ?? '',
      microphone: person.microphone,
      micChecked: known?.micChecked ?? null,
      speaking: person.speaking,
    });
  }
  const list = [...rows.values()];
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('venue.connected')}</h2>
      {list.length === 0 ? (
        <p className="empty">{t('venue.connectedNone')}</p>
      ) : (
        <div className="table-scroll">
          <table className="connected-people">
            <thead>
              <tr>
                <th scope="col">{t('venue.columns.name')}</th>
                <th scope="col">{t('venue.columns.role')}</th>
                <th scope="col">{t('venue.columns.microphone')}</th>
                <th scope="col">{t('venue.columns.check')}</th>
                <th scope="col">{t('venue.columns.speaking')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((row) => (
                <tr key={row.identity} data-identity={row.identity}>
                  <th scope="row">
                    <bdi>{row.name}</bdi>
                  </th>
                  <td>{t(`role.${row.role}`, { defaultValue: row.role })}</td>
                  <td className={`track-state track-state-${row.microphone}`}>{t(`media.trackState.${row.microphone}`)}</td>
                  <td>{row.micChecked === null ? t('venue.check.none') : row.micChecked ? t('venue.check.yes') : t('venue.check.no')}</td>
                  <td>{row.speaking ? t('venue.speakingYes') : t('venue.speakingNo')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
