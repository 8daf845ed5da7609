import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { LocalVideoTrack, RemoteTrack } from 'livekit-client';
import type { MediaPresence } from '../../../shared/protocol/media.js';
import type { BoothLanguage, Language, MeetingState } from '../../../shared/meeting/model.js';
import { participantById } from '../../../shared/meeting/selectors.js';
import { SelectField } from '../components/Field.js';
import { failureText } from '../i18n/failures.js';
import type { DeviceSource, LiveKitRoom, RemoteMediaTrack, TrackState } from './useLiveKitRoom.js';
import { parseIdentity } from '../../../shared/access/media.js';

/**
 * What a viewer's device receives of the room: its picture and sound, its sound only (a
 * phone on mobile data, someone listening to interpretation in the hall), or nothing (the
 * captions only, no connection to the room's audio/video at all).
 */
export const RECEPTIONS = ['picture', 'sound', 'captions'] as const;
export type Reception = (typeof RECEPTIONS)[number];

/** What a listener hears: the floor alone, or a channel with the floor under it at `floorLevel` (0: off). */
export interface Listening {
  channel: Language | null;
  floorLevel: number;
  /** What the person chose on this device; null until they choose (see RoomWatch for the default). */
  reception: Reception | null;
}

/**
 * Plays every subscribed remote audio track through its own (invisible) audio element. The
 * browser may hold the sound back until a click: see StartAudio. While the chosen
 * interpretation channel is on air, the floor plays under it at the listener's level; when
 * the booth is silent (nobody holds it) the floor comes back at full level.
 */
export function RemoteAudio({ tracks, listening }: { tracks: readonly RemoteMediaTrack[]; listening?: Pick<Listening, 'channel' | 'floorLevel'> }) {
  const audio = tracks.filter((entry) => entry.kind === 'audio');
  const channel = listening?.channel ?? null;
  const interpreted = channel !== null && audio.some((entry) => entry.channel === channel && !entry.muted);
  const volumeOf = (entry: RemoteMediaTrack) =>
    entry.channel !== null ? (entry.channel === channel ? 1 : 0) : interpreted ? (listening?.floorLevel ?? 1) : 1;
  return (
    <div className="remote-audio" hidden>
      {audio.map((entry) => (
        <AudioSink key={entry.key} track={entry.track} identity={entry.identity} channel={entry.channel} volume={volumeOf(entry)} />
      ))}
    </div>
  );
}

/** A ref for the media element that plays `track`, for as long as both are there. */
function useAttachedTrack<Element extends HTMLMediaElement>(track: RemoteTrack | LocalVideoTrack) {
  const ref = useRef<Element>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    track.attach(element);
    return () => {
      track.detach(element);
    };
  }, [track]);
  return ref;
}

function AudioSink({ track, identity, channel, volume }: { track: RemoteTrack; identity: string; channel: BoothLanguage | null; volume: number }) {
  const ref = useAttachedTrack<HTMLAudioElement>(track);
  useEffect(() => {
    if (ref.current) ref.current.volume = volume;
  }, [ref, volume]);
  return <audio ref={ref} data-identity={identity} data-channel={channel ?? 'floor'} />;
}

/** One video track; the label says whose camera it is (the picture itself says nothing to a screen reader). */
export function TrackVideo({ track, label, mirrored = false }: { track: RemoteTrack | LocalVideoTrack; label: string; mirrored?: boolean }) {
  const ref = useAttachedTrack<HTMLVideoElement>(track);
  return (
    <figure className="media-video">
      <video ref={ref} className={mirrored ? 'mirrored' : undefined} muted playsInline autoPlay aria-label={label} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/** The browser refused to play sound without a click: one button, and why. */
export function StartAudio({ room }: { room: LiveKitRoom }) {
  const { t } = useTranslation();
  if (!room.audioBlocked || room.status !== 'connected') return null;
  return (
    <div className="notice media-blocked">
      <p>{t('media.audioBlocked')}</p>
      <button type="button" className="primary" onClick={() => void room.startAudio()}>
        {t('media.startAudio')}
      </button>
    </div>
  );
}

/** Where the audio/video connection stands, as a status message, with its quality. */
export function MediaConnection({ room }: { room: LiveKitRoom }) {
  const { t } = useTranslation();
  const reason =
    room.status === 'disconnected' && room.disconnectReason === 'duplicate'
      ? t('media.duplicate')
      : room.status === 'disconnected' && room.disconnectReason === 'removed'
        ? t('media.removed')
        : null;
  return (
    <div className="media-connection">
      <p role="status" className={`media-status media-status-${room.status}`}>
        {t(`media.status.${room.status}`)}
        {reason && <> {reason}</>}
      </p>
      {room.status === 'failed' && room.failure !== null && (
        <p className="failure" role="alert">
          {failureText(t, room.failure)}
        </p>
      )}
      {(room.status === 'connected' || room.status === 'reconnecting') && (
        <p className={`media-quality media-quality-${room.quality}`}>
          {t('media.quality', { quality: t(`media.qualities.${room.quality}`) })}
        </p>
      )}
    </div>
  );
}

/** Join, leave or rejoin: a fresh token each time. */
export function JoinControls({ room }: { room: LiveKitRoom }) {
  const { t } = useTranslation();
  if (room.status === 'unavailable') return null;
  const joined = room.status === 'connected' || room.status === 'reconnecting' || room.status === 'joining';
  return (
    <div className="button-row">
      {joined ? (
        <button type="button" onClick={room.leave}>
          {t('media.leave')}
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => void room.join()}>
          {room.status === 'idle' ? t('media.join') : t('media.rejoin')}
        </button>
      )}
    </div>
  );
}

/** The name to show for a LiveKit identity: the participant's registered name, else the role. */
export function useIdentityName(state: MeetingState) {
  const { t } = useTranslation();
  return (identity: string, fallback: string): string => {
    const who = parseIdentity(identity);
    if (who?.participantId) return participantById(state, who.participantId)?.displayName ?? fallback;
    if (who) return t(`role.${who.role}`, { defaultValue: fallback });
    return fallback;
  };
}

export function trackStateText(t: (key: string) => string, state: TrackState): string {
  return t(`media.trackState.${state}`);
}

/**
 * A remote participant's audio/video presence as the chair sees it, in words (never colour
 * alone): connected or not, microphone checked, microphone live/muted/off, camera.
 */
export function PresenceSummary({ presence }: { presence: MediaPresence | null }) {
  const { t } = useTranslation();
  const connected = presence?.connected ?? false;
  const microphone = presence?.microphone ?? 'none';
  return (
    <span className="media-presence">
      <span className={`badge ${connected ? 'badge-ok' : 'badge-off'}`}>
        {connected ? t('media.presence.connected') : t('media.presence.notConnected')}
      </span>
      <span className={`badge ${presence?.micChecked ? 'badge-ok' : 'badge-off'}`}>
        {presence?.micChecked ? t('media.presence.checked') : t('media.presence.notChecked')}
      </span>
      {connected && (
        <span className={`badge badge-mic-${microphone}`}>{t(`media.presence.microphone.${microphone}`)}</span>
      )}
      {connected && presence?.camera && <span className="badge badge-ok">{t('media.presence.camera')}</span>}
    </span>
  );
}

/**
 * Which microphone and camera this computer sends: a venue station has the room's mixer and
 * camera beside the laptop's own. The choice switches live devices at once and is remembered.
 */
export function DevicePickers({ room, sources }: { room: LiveKitRoom; sources: readonly DeviceSource[] }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="device-pickers">
      {sources.map((source) => {
        const devices = room.devices[source];
        const active = room.activeDevices[source];
        return (
          <SelectField
            key={source}
            id={`${id}-${source}`}
            label={t(`media.devices.${source}`)}
            value={active && devices.some((device) => device.deviceId === active) ? active : ''}
            disabled={devices.length === 0}
            onChange={(event) => {
              if (event.target.value) void room.switchDevice(source, event.target.value);
            }}
          >
            <option value="">{devices.length === 0 ? t('media.devices.none') : t('media.devices.default')}</option>
            {devices.map((device, index) => (
              <option key={device.deviceId} value={device.deviceId}>
                {device.label || t(`media.devices.${source}Number`, { number: index + 1 })}
              </option>
            ))}
          </SelectField>
        );
      })}
    </div>
  );
}
