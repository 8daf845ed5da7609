import { mediaAbsence } from './presence.js';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Participant } from '../../../shared/meeting/model.js';
import { currentFloor } from '../../../shared/meeting/selectors.js';
import { remotePublisher } from '../../../shared/access/media.js';
import { SelectField } from '../components/Field.js';
import type { LiveMeeting } from '../components/MeetingGate.js';
import { Refusal } from '../failures.js';
import { failureText } from '../i18n/failures.js';
import { JoinControls, MediaConnection, RemoteAudio, StartAudio, TrackVideo, useIdentityName } from './MediaViews.js';
import { useLiveKitRoom, useRecheckOnMute, type LiveKitRoom } from './useLiveKitRoom.js';
import { useMicrophoneCheck, type MicrophoneCheck } from './useMicrophoneCheck.js';
import { formatList } from '../format.js';
import { readStored, writeStored } from '../storage.js';
import { ChannelChoice, soundingOn, useListening } from './Interpretation.js';
import { PinnedSigner, SignChoice, useSignPreference, wantsSign } from './SignLanguage.js';


/**
 * Audio and video for a remote participant: a microphone check up front, then the room's
 * sound and picture; the microphone goes live by itself while the chair gives them the floor
 * and goes off when the speech ends or is paused (the server grants and revokes the right).
 */
export function RemoteParticipation({ meeting, me }: { meeting: LiveMeeting; me: Participant }) {
  const { t } = useTranslation();
  const { state, request } = meeting;
  const headingId = useId();
  const [wantCamera, setWantCamera] = useState(false);
  const [reportFailure, setReportFailure] = useState<unknown>(null);

  const reportCheck = useCallback(
    (ok: boolean) => {
      request('media:micCheck', { ok })
        .then((ack) => setReportFailure(ack.ok ? null : new Refusal(ack.error)))
        .catch(setReportFailure);
    },
    [request],
  );
  const check = useMicrophoneCheck(reportCheck);
  const [listening, setListening] = useListening();
  const [sign, setSign] = useSignPreference();
  // A speaker holding the floor hears the floor, not an interpretation of what they say.
  const heard = currentFloor(state)?.participantId === me.id && state.status === 'open' ? null : listening.channel;
  // A page that was on the meeting's audio and video joins again by itself when reloaded (a
  // phone reloads a tab it had put away; a speaker reloads a page that misbehaves): the floor
  // must not wait for a click. Read once: the room joins or not for the page's whole life.
  const joinedMark = `openfloor.mediaJoined.${state.id}`;
  const [rejoinOnLoad] = useState(() => readStored(joinedMark, 'tab') === true);
  const room = useLiveKitRoom(meeting, {
    channel: heard,
    autoJoin: rejoinOnLoad,
    autoPublish: { microphone: true, camera: state.allowRemoteCamera && wantCamera },
    microphoneDeviceId: check.deviceId,
    sign: wantsSign(state, sign),
  });

  const floor = currentFloor(state);
  const holding = floor?.participantId === me.id;
  // The server's own rule: on air exactly when LiveKit lets this participant publish.
  const speaking = remotePublisher(state) === me.id;
  // Says "your speech has ended" after this page carried a speech, until the next one.
  const [lastSpeech, setLastSpeech] = useState<string | null>(null);
  useEffect(() => {
    if (holding && floor) setLastSpeech(floor.id);
  }, [holding, floor]);
  // The check's own capture is not needed once the microphone is on air.
  const { stop: stopCheck } = check;
  useEffect(() => {
    if (room.microphone === 'live') stopCheck();
  }, [room.microphone, stopCheck]);
  useEffect(() => {
    if (room.status === 'connected') writeStored(joinedMark, true, 'tab');
  }, [room.status, joinedMark]);
  // Only leaving on purpose unmarks the tab: leaving the page disconnects the room as well.
  const leave = () => {
    writeStored(joinedMark, false, 'tab');
    room.leave();
  };
  useRecheckOnMute(room.microphone, speaking, request);

  const absence = mediaAbsence(meeting.media, room.status);
  if (absence) {
    return (
      <section className="panel media-panel" aria-labelledby={headingId}>
        <h2 id={headingId}>{t('media.heading')}</h2>
        <p className="notice">{t(`media.${absence}`)}</p>
      </section>
    );
  }

  return (
    <section className="panel media-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('media.heading')}</h2>
      <FloorMicrophone
        room={room}
        speaking={speaking}
        paused={holding && !speaking}
        ended={!holding && lastSpeech !== null}
      />
      <MicrophoneCheckPanel check={check} reportFailure={reportFailure} />
      <h3>{t('media.connection')}</h3>
      <MediaConnection room={room} />
      {/* While the floor waits for them, the join button sits with the floor message instead. */}
      {!(speaking && joinable(room)) && <JoinControls room={{ ...room, leave }} />}
      <ChannelChoice state={state} listening={listening} onChange={setListening} sounding={soundingOn(room)} />
      <SignChoice state={state} preference={sign} onChange={setSign} />
      <PinnedSigner state={state} room={room} preference={sign} onChange={setSign} />
      {state.allowRemoteCamera && (
        <p className="media-option">
          <label>
            <input type="checkbox" checked={wantCamera} onChange={(event) => setWantCamera(event.target.checked)} />{' '}
            {t('media.shareCamera')}
          </label>
        </p>
      )}
      {room.localVideo && room.camera === 'live' && (
        <TrackVideo track={room.localVideo} label={t('media.selfView')} mirrored />
      )}
      <StartAudio room={room} />
      {(room.status === 'connected' || room.status === 'reconnecting') && <RoomFeed room={room} meeting={meeting} />}
      <RemoteAudio tracks={room.remoteTracks} listening={{ ...listening, channel: heard }} />
    </section>
  );
}

/** Not in the room and not on the way there. */
const joinable = (room: LiveKitRoom) => room.status === 'idle' || room.status === 'disconnected' || room.status === 'failed';

interface FloorMicrophoneProps {
  room: LiveKitRoom;
  /** Holds the floor and the speech runs: the server lets the microphone publish. */
  speaking: boolean;
  paused: boolean;
  ended: boolean;
}

/** The state of the person's microphone with respect to the floor, in words. */
function FloorMicrophone({ room, speaking, paused, ended }: FloorMicrophoneProps) {
  const { t } = useTranslation();
  const joined = room.status === 'connected' || room.status === 'reconnecting';
  let message: string;
  let tone = 'media-floor';
  if (speaking && !joined) message = t('media.floor.joinToSpeak');
  else if (speaking && room.microphone === 'live') {
    message = t('media.floor.live');
    tone += ' media-floor-live';
  } else if (speaking && room.microphone === 'muted') message = t('media.floor.muted');
  else if (speaking && room.publishFailure !== null) message = t('media.floor.failed');
  else if (speaking) message = t('media.floor.starting');
  else if (paused) message = t('media.floor.paused');
  else if (ended) message = t('media.floor.ended');
  else message = t('media.floor.waiting');
  return (
    <div className={tone}>
      <p role="status" className="media-floor-message">
        {message}
      </p>
      {speaking && joined && room.microphone !== 'off' && (
        <>
          <p className="media-speaking">
            {t('media.voice')}{' '}
            <span className={room.speaking ? 'speaking-now' : undefined}>
              {room.speaking ? t('media.speakingYes') : t('media.speakingNo')}
            </span>
          </p>
          <div className="button-row">
            {room.microphone === 'live' ? (
              <button type="button" onClick={() => void room.setMicrophoneEnabled(false)}>
                {t('media.muteSelf')}
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => void room.setMicrophoneEnabled(true)}>
                {t('media.unmuteSelf')}
              </button>
            )}
          </div>
        </>
      )}
      {speaking && joinable(room) && (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => void room.join()}>
            {room.status === 'idle' ? t('media.join') : t('media.rejoin')}
          </button>
        </div>
      )}
      {speaking && joined && room.microphone === 'off' && room.publishFailure !== null && (
        <div className="button-row">
          <button type="button" className="primary" onClick={() => void room.setMicrophoneEnabled(true)}>
            {t('media.retryMicrophone')}
          </button>
        </div>
      )}
    </div>
  );
}

function MicrophoneCheckPanel({ check, reportFailure }: { check: MicrophoneCheck; reportFailure: unknown }) {
  const { t } = useTranslation();
  const meterId = useId();
  const deviceId = useId();
  const running = check.status === 'listening';
  const result =
    check.status === 'denied'
      ? t('media.micCheck.denied')
      : check.status === 'no-device'
        ? t('media.micCheck.noDevice')
        : check.status === 'failed'
          ? t('media.micCheck.failed')
          : check.heard
            ? t('media.micCheck.ok')
            : check.silent
              ? t('media.micCheck.silent')
              : check.status === 'asking'
                ? t('media.micCheck.asking')
                : running
                  ? t('media.micCheck.listening')
                  : '';
  return (
    <div className="mic-check">
      <h3>{t('media.micCheck.heading')}</h3>
      {check.status === 'idle' && !check.heard && <p className="hint">{t('media.micCheck.hint')}</p>}
      {running && (
        <div className="field mic-level">
          <label htmlFor={meterId}>{t('media.micCheck.level')}</label>
          <meter id={meterId} min={0} max={1} low={0.17} optimum={0.6} high={0.95} value={check.level}>
            {Math.round(check.level * 100)}%
          </meter>
        </div>
      )}
      {running && check.devices.length > 1 && (
        <SelectField
          id={deviceId}
          label={t('media.micCheck.device')}
          value={check.deviceId ?? ''}
          onChange={(event) => void check.start(event.target.value)}
        >
          {check.devices.map((device, index) => (
            <option key={device.deviceId} value={device.deviceId}>
              {device.label || t('media.micCheck.deviceNumber', { number: index + 1 })}
            </option>
          ))}
        </SelectField>
      )}
      <p role="status" className={check.heard ? 'mic-check-result mic-check-ok' : 'mic-check-result'}>
        {result}
      </p>
      <div className="failure" role="alert">
        {reportFailure !== null ? failureText(t, reportFailure) : null}
      </div>
      <div className="button-row">
        {running ? (
          <button type="button" onClick={check.stop}>
            {t('media.micCheck.stop')}
          </button>
        ) : (
          <button type="button" onClick={() => void check.start(check.deviceId)} disabled={check.status === 'asking'}>
            {check.heard || check.status !== 'idle' ? t('media.micCheck.again') : t('media.micCheck.start')}
          </button>
        )}
      </div>
    </div>
  );
}

/** The room's picture and who is speaking in it. */
export function RoomFeed({ room, meeting, picture = true }: { room: LiveKitRoom; meeting: LiveMeeting; picture?: boolean }) {
  const { t, i18n } = useTranslation();
  const nameOf = useIdentityName(meeting.state);
  // The sign-language interpreter is pinned apart, not one of the room's pictures.
  const videos = room.remoteTracks.filter((entry) => entry.kind === 'video' && !entry.muted && entry.channel === null);
  // Interpreters speak into their channel, not in the room.
  const speakers = room.activeSpeakers
    .filter((identity) => identity !== room.identity && !identity.startsWith('interpreter.'))
    .map((identity) => nameOf(identity, room.remoteParticipants.find((person) => person.identity === identity)?.name ?? identity));
  return (
    <div className="room-feed">
      <h3>{t('media.room.heading')}</h3>
      {!picture ? (
        <p className="empty">{t('media.room.soundOnly')}</p>
      ) : videos.length === 0 ? (
        <p className="empty">{t('media.room.noVideo')}</p>
      ) : (
        <div className="media-videos">
          {videos.map((entry) => (
            <TrackVideo
              key={entry.key}
              track={entry.track}
              label={
                entry.identity.startsWith('venue.')
                  ? t('media.room.video')
                  : t('media.room.cameraOf', { name: nameOf(entry.identity, entry.name) })
              }
            />
          ))}
        </div>
      )}
      <p className="media-speakers">
        {speakers.length === 0
          ? t('media.room.nobodySpeaking')
          : t('media.room.speaking', { names: formatList(speakers, i18n.language) })}
      </p>
    </div>
  );
}
