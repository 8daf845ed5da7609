import { useCallback, useEffect, useRef, useState } from 'react';
import type { AudioCaptureOptions, Participant, RemoteTrack, Room, RoomEventCallbacks } from 'livekit-client';
import { classifyError } from '../../../shared/errors.js';
import { SIGN_BOOTH, type BoothLanguage, type Language } from '../../../shared/meeting/model.js';
import { channelOfTrackName, type MediaPresenceView } from '../../../shared/protocol/media.js';
import { Refusal } from '../failures.js';
import { comeBackDelay } from '../realtime/backoff.js';
import type { MeetingConnection } from '../realtime/useMeeting.js';
import { requestMediaJoin } from './api.js';
import { exposeRoom, loadLiveKit, withdrawRoom } from './livekit.js';

type LiveKitModule = Awaited<ReturnType<typeof loadLiveKit>>;

/**
 * `idle`: not joined (or left); `joining`: asking for a token and connecting; `reconnecting`:
 * livekit-client is restoring a dropped connection by itself; `disconnected`: the connection
 * ended without the page asking (offer a rejoin); `unavailable`: the meeting has no LiveKit;
 * `preparing`: the server is still setting up its LiveKit (first start), the page asks again.
 */
export type MediaStatus =
  | 'idle'
  | 'joining'
  | 'connected'
  | 'reconnecting'
  | 'disconnected'
  | 'unavailable'
  | 'preparing'
  | 'failed';
export type LinkQuality = 'excellent' | 'good' | 'poor' | 'lost' | 'unknown';
export type MediaSource = 'microphone' | 'camera' | 'other';
/** A local or remote microphone/camera: not published, published and live, or published but muted. */
export type TrackState = 'off' | 'live' | 'muted';

export interface RemoteMediaTrack {
  /** The track's sid: stable while it is published. */
  key: string;
  /** The interpretation channel the track carries (the sign-language booth's: a picture); null for the floor. */
  channel: BoothLanguage | null;
  identity: string;
  name: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  muted: boolean;
  track: RemoteTrack;
}

export interface RemotePerson {
  identity: string;
  name: string;
  speaking: boolean;
  microphone: TrackState;
  camera: TrackState;
}

/** A microphone or camera this computer offers, as the browser names it. */
export interface DeviceChoice {
  deviceId: string;
  label: string;
}
export type DeviceSource = 'microphone' | 'camera';

export interface RoomView {
  status: MediaStatus;
  /** Why the last join failed. */
  failure: unknown;
  /** Why the connection ended, when the page did not ask for it. */
  disconnectReason: 'duplicate' | 'removed' | 'other' | null;
  identity: string | null;
  quality: LinkQuality;
  /** Subscribed remote tracks, audio and video. */
  remoteTracks: RemoteMediaTrack[];
  remoteParticipants: RemotePerson[];
  /**
   * Interpretation channels someone publishes unmuted now, subscribed here or not: a booth can
   * be held (on air in the meeting) while nothing is heard (or, sign language, seen) on it (its
   * interpreter's computer gone).
   */
  soundingChannels: BoothLanguage[];
  /** Identities of who is speaking now, loudest first (the local participant included). */
  activeSpeakers: string[];
  microphone: TrackState;
  camera: TrackState;
  speaking: boolean;
  canPublishMicrophone: boolean;
  canPublishCamera: boolean;
  /** The browser refused to play audio without a click: show a "Start audio" button. */
  audioBlocked: boolean;
  /** The last failure to turn on the microphone or camera (device refused, no permission). */
  publishFailure: unknown;
  /** The microphones and cameras this computer has (labels once the browser allows them). */
  devices: Record<DeviceSource, DeviceChoice[]>;
  /** The devices in use, or to be used at the next publish. */
  activeDevices: Record<DeviceSource, string | null>;
}

/** The page's link, and what the meeting's presence last said of its audio/video (null: not yet heard). */
export interface MediaAccess {
  token: string;
  media: MediaPresenceView | null;
}

export interface LiveKitRoomOptions {
  /** Join when the page opens (venue station, viewers) rather than on a click. */
  autoJoin: boolean;
  /** Turn these on whenever LiveKit permits publishing them (the floor for a participant). */
  autoPublish?: { microphone?: boolean; camera?: boolean };
  /** The microphone the person chose in the microphone check. */
  microphoneDeviceId?: string | null;
  /**
   * Rejoin by itself after a connection that livekit-client could not restore, or a failed
   * join (unattended pages: the venue station, viewers). Never after another tab took over.
   */
  autoRejoin?: boolean;
  /**
   * The interpretation channel to receive besides the floor (null: the floor only). Nothing is
   * subscribed automatically: the floor's tracks and this one channel are, no other channel.
   */
  channel?: Language | null;
  /** The name the microphone is published under (an interpreter's channel); LiveKit's default otherwise. */
  microphoneTrackName?: string;
  /** The name the camera is published under (the sign-language booth's picture); LiveKit's default otherwise. */
  cameraTrackName?: string;
  /**
   * Receive the floor's picture besides its sound (the default). Without it no video track is
   * subscribed: the room's camera at 600 kbit/s is about twenty times its sound.
   */
  video?: boolean;
  /**
   * Receive the floor's sound and the chosen channel (the default). Without it the page hears
   * nothing: a deaf person in the hall follows the sign-language interpreter on their phone,
   * which must not play the room's sound again.
   */
  sound?: boolean;
  /** Receive the sign-language interpreter's picture (not by default). */
  sign?: boolean;
  /**
   * Do not connect from the venue's own network (the token's answer says so): a viewer's page
   * in the hall follows the captions only, until the person asks for sound or picture.
   */
  stayOutInTheHall?: boolean;
  /**
   * Connected from the venue's own network, or before the token's answer says where the device
   * is, receive neither the floor's sound nor its picture (the sign-language interpreter still,
   * if asked): a phone in the hall that chose nothing must not play the room again.
   */
  quietInTheHall?: boolean;
}

export interface LiveKitRoom extends RoomView {
  join: () => Promise<void>;
  leave: () => void;
  /** Must run from a click: unblocks audio the browser held back. */
  startAudio: () => Promise<void>;
  setMicrophoneEnabled: (enabled: boolean) => Promise<void>;
  setCameraEnabled: (enabled: boolean) => Promise<void>;
  /** Switches a live device at once, and remembers the choice on this computer for the next time. */
  switchDevice: (source: DeviceSource, deviceId: string) => Promise<void>;
  /** The local camera track, for a preview. */
  localVideo: import('livekit-client').LocalVideoTrack | null;
  /** Whether this device reached the server from the venue's network; null until the first token. */
  venueNetwork: boolean | null;
}

const idleView: RoomView = {
  status: 'idle',
  failure: null,
  disconnectReason: null,
  identity: null,
  quality: 'unknown',
  remoteTracks: [],
  remoteParticipants: [],
  soundingChannels: [],
  activeSpeakers: [],
  microphone: 'off',
  camera: 'off',
  speaking: false,
  canPublishMicrophone: false,
  canPublishCamera: false,
  audioBlocked: false,
  publishFailure: null,
  devices: { microphone: [], camera: [] },
  activeDevices: { microphone: null, camera: null },
};

const deviceKinds: Record<DeviceSource, MediaDeviceKind> = { microphone: 'audioinput', camera: 'videoinput' };
const DEVICES_KEY = 'openfloor.devices';

/**
 * The devices chosen on this computer: a venue station or a delegate's laptop keeps its
 * microphone and camera across reloads. Private browsing may refuse storage: then for this page only.
 */
function rememberedDevices(): Record<DeviceSource, string | null> {
  try {
    const stored = JSON.parse(localStorage.getItem(DEVICES_KEY) ?? '{}') as Partial<Record<DeviceSource, unknown>>;
    const id = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
    return { microphone: id(stored.microphone), camera: id(stored.camera) };
  } catch {
    return { microphone: null, camera: null };
  }
}

function rememberDevice(source: DeviceSource, deviceId: string): void {
  try {
    localStorage.setItem(DEVICES_KEY, JSON.stringify({ ...rememberedDevices(), [source]: deviceId }));
  } catch {
    // See rememberedDevices.
  }
}

async function readDevices(lk: LiveKitModule, room: Room): Promise<Pick<RoomView, 'devices' | 'activeDevices'>> {
  const list = async (source: DeviceSource) =>
    (await lk.Room.getLocalDevices(deviceKinds[source], false).catch(() => []))
      .filter((device) => device.deviceId !== '' && device.deviceId !== 'default')
      .map((device) => ({ deviceId: device.deviceId, label: device.label }));
  const remembered = rememberedDevices();
  const active = (source: DeviceSource) => {
    const id = room.getActiveDevice(deviceKinds[source]);
    return id && id !== 'default' ? id : remembered[source];
  };
  return {
    devices: { microphone: await list('microphone'), camera: await list('camera') },
    activeDevices: { microphone: active('microphone'), camera: active('camera') },
  };
}

/** LiveKit's protocol numbers for the sources a permission may name. */
const PROTO_CAMERA = 1;
const PROTO_MICROPHONE = 2;

const CONNECT_TIMEOUT_MS = 20_000;
const REJOIN_FIRST_MS = 2_000;
const PREPARING_RETRY_MS = 10_000;


/** Events after which the list of devices and the ones in use are read again. */
const deviceEvents = [
  'connected',
  'mediaDevicesChanged',
  'activeDeviceChanged',
  'localTrackPublished',
] as const satisfies readonly (keyof RoomEventCallbacks)[];

/** Events after which the view is read again from the room. */
const refreshingEvents = [
  'connectionStateChanged',
  'reconnecting',
  'signalReconnecting',
  'reconnected',
  'participantConnected',
  'participantDisconnected',
  'participantNameChanged',
  'trackPublished',
  'trackUnpublished',
  'trackSubscribed',
  'trackUnsubscribed',
  'trackMuted',
  'trackUnmuted',
  'localTrackPublished',
  'localTrackUnpublished',
  'participantPermissionsChanged',
  'activeSpeakersChanged',
  'connectionQualityChanged',
  'audioPlaybackChanged',
] as const satisfies readonly (keyof RoomEventCallbacks)[];

function sourceOf(lk: LiveKitModule, source: import('livekit-client').Track.Source): MediaSource {
  if (source === lk.Track.Source.Microphone) return 'microphone';
  if (source === lk.Track.Source.Camera) return 'camera';
  return 'other';
}

function trackStateOf(participant: Participant, source: import('livekit-client').Track.Source): TrackState {
  const publication = participant.getTrackPublication(source);
  if (!publication) return 'off';
  return publication.isMuted ? 'muted' : 'live';
}

/** Everything the pages show, read from the room in one go. */
function describe(
  lk: LiveKitModule,
  room: Room,
): Omit<RoomView, 'status' | 'failure' | 'disconnectReason' | 'publishFailure' | 'devices' | 'activeDevices'> {
  const local = room.localParticipant;
  const permissions = local.permissions;
  const sources = permissions?.canPublishSources ?? [];
  const may = (source: number) => Boolean(permissions?.canPublish) && (sources.length === 0 || sources.includes(source));
  const remoteTracks: RemoteMediaTrack[] = [];
  const remoteParticipants: RemotePerson[] = [];
  const soundingChannels = new Set<BoothLanguage>();
  for (const participant of room.remoteParticipants.values()) {
    const name = participant.name || participant.identity;
    remoteParticipants.push({
      identity: participant.identity,
      name,
      speaking: participant.isSpeaking,
      microphone: trackStateOf(participant, lk.Track.Source.Microphone),
      camera: trackStateOf(participant, lk.Track.Source.Camera),
    });
    for (const publication of participant.trackPublications.values()) {
      const channel = channelOfTrackName(publication.trackName);
      if (channel !== null && !publication.isMuted) soundingChannels.add(channel);
      const track = publication.track;
      if (!track || !publication.isSubscribed) continue;
      remoteTracks.push({
        key: publication.trackSid,
        channel,
        identity: participant.identity,
        name,
        source: sourceOf(lk, publication.source),
        kind: publication.kind === lk.Track.Kind.Video ? 'video' : 'audio',
        muted: publication.isMuted,
        track,
      });
    }
  }
  return {
    identity: local.identity || null,
    quality: local.connectionQuality as LinkQuality,
    remoteTracks,
    remoteParticipants,
    soundingChannels: [...soundingChannels],
    activeSpeakers: room.activeSpeakers.map((speaker) => speaker.identity),
    microphone: trackStateOf(local, lk.Track.Source.Microphone),
    camera: trackStateOf(local, lk.Track.Source.Camera),
    speaking: local.isSpeaking,
    canPublishMicrophone: may(PROTO_MICROPHONE),
    canPublishCamera: may(PROTO_CAMERA),
    audioBlocked: !room.canPlaybackAudio,
  };
}

function statusOf(room: Room): MediaStatus | null {
  switch (room.state as string) {
    case 'connected':
      return 'connected';
    case 'reconnecting':
    case 'signalReconnecting':
      return 'reconnecting';
    case 'connecting':
      return 'joining';
    default:
      return null;
  }
}

/** What a page receives: the floor's sound or not, its picture or not, one interpretation channel or none, the signer or not. */
interface Reception {
  channel: Language | null;
  video: boolean;
  sound: boolean;
  sign: boolean;
}

/**
 * Subscribes to exactly what the page plays: the floor's tracks (the venue's microphone and,
 * unless the page wants sound only, its camera; a remote speaker's), the chosen interpretation
 * channel and, if asked, the sign-language interpreter's picture; unsubscribes from anything
 * else, so a change takes effect at once.
 */
function subscribeChosen(room: Room, { channel, video, sound, sign }: Reception): void {
  for (const participant of room.remoteParticipants.values()) {
    for (const publication of participant.trackPublications.values()) {
      const carries = channelOfTrackName(publication.trackName);
      const wanted =
        carries === null ? (publication.kind === 'video' ? video : sound) : carries === SIGN_BOOTH ? sign : sound && carries === channel;
      if (publication.isSubscribed !== wanted) publication.setSubscribed(wanted);
    }
  }
}

/**
 * One LiveKit room for the page: asks the server for a token (fresh for every join: tokens
 * are short-lived and carry the permission of the moment), connects, and keeps a view of the
 * connection, the remote tracks, who is speaking and what this page may publish.
 *
 * Publishing follows the permission the server grants: with `autoPublish`, the microphone
 * (and camera) turn on as soon as LiveKit allows them, and LiveKit itself unpublishes them
 * when the server takes the right away. Simulcast, adaptive stream and dynacast stay off and
 * the camera captures at most 360p: a two-core machine runs the whole meeting.
 */
export function useLiveKitRoom(meeting: MediaAccess, options: LiveKitRoomOptions): LiveKitRoom {
  const linkToken = meeting.token;
  const [view, setView] = useState<RoomView>(idleView);
  const [localVideo, setLocalVideo] = useState<LiveKitRoom['localVideo']>(null);
  const roomRef = useRef<Room | null>(null);
  const lkRef = useRef<LiveKitModule | null>(null);
  // Bumped by every join and leave, so a join that a later one replaced stops where it is.
  const generation = useRef(0);
  const attempted = useRef({ microphone: false, camera: false });
  const microphoneDeviceId = options.microphoneDeviceId ?? null;
  const deviceRef = useRef(microphoneDeviceId);
  deviceRef.current = microphoneDeviceId;
  const [venueNetwork, setVenueNetwork] = useState<boolean | null>(null);
  const quiet = (options.quietInTheHall ?? false) && venueNetwork !== false;
  const channel = options.channel ?? null;
  const video = !quiet && (options.video ?? true);
  const sound = !quiet && (options.sound ?? true);
  const sign = options.sign ?? false;
  const receptionRef = useRef<Reception>({ channel, video, sound, sign });
  receptionRef.current = { channel, video, sound, sign };
  const stayOutInTheHall = options.stayOutInTheHall ?? false;
  const stayOutRef = useRef(stayOutInTheHall);
  stayOutRef.current = stayOutInTheHall;
  const trackNameRef = useRef(options.microphoneTrackName);
  trackNameRef.current = options.microphoneTrackName;
  const cameraNameRef = useRef(options.cameraTrackName);
  cameraNameRef.current = options.cameraTrackName;

  const captureOptions = useCallback((): AudioCaptureOptions => {
    const deviceId = deviceRef.current ?? rememberedDevices().microphone;
    return {
      echoCancellation: true,
      noiseSuppression: true,
      autoGainControl: true,
      ...(deviceId ? { deviceId } : {}),
    };
  }, []);

  const release = useCallback((room: Room | null) => {
    if (!room) return;
    room.removeAllListeners();
    void room.disconnect();
    withdrawRoom(room);
  }, []);

  const join = useCallback(async () => {
    const mine = ++generation.current;
    release(roomRef.current);
    roomRef.current = null;
    attempted.current = { microphone: false, camera: false };
    setLocalVideo(null);
    setView({ ...idleView, status: 'joining' });
    let room: Room | null = null;
    try {
      // Asked first: a meeting without audio/video never loads LiveKit's client (122 KB
      // compressed), which every viewer's page would otherwise fetch for nothing.
      const answer = await requestMediaJoin(linkToken);
      if (mine !== generation.current) return;
      if (answer.kind !== 'join') {
        setView({ ...idleView, status: answer.kind });
        return;
      }
      setVenueNetwork(answer.join.venueNetwork);
      if (answer.join.venueNetwork && stayOutRef.current) {
        setView(idleView);
        return;
      }
      const lk = await loadLiveKit();
      if (mine !== generation.current) return;
      lkRef.current = lk;
      const created = new lk.Room({
        adaptiveStream: false,
        dynacast: false,
        publishDefaults: { simulcast: false, videoEncoding: { maxBitrate: 600_000, maxFramerate: 20 } },
        videoCaptureDefaults: { resolution: { width: 640, height: 360, frameRate: 20 } },
        audioCaptureDefaults: captureOptions(),
      });
      room = created;
      roomRef.current = created;
      exposeRoom(created);
      const update = () => {
        if (roomRef.current !== created) return;
        const status = statusOf(created);
        setView((current) => ({ ...current, ...describe(lk, created), ...(status ? { status } : {}) }));
        const camera = created.localParticipant.getTrackPublication(lk.Track.Source.Camera)?.videoTrack ?? null;
        setLocalVideo(camera ?? null);
      };
      for (const event of refreshingEvents) created.on(event, update);
      created.on('trackPublished', () => subscribeChosen(created, receptionRef.current));
      const refreshDevices = () =>
        void readDevices(lk, created).then((devices) => {
          if (roomRef.current === created) setView((current) => ({ ...current, ...devices }));
        });
      for (const event of deviceEvents) created.on(event, refreshDevices);
      created.on('mediaDevicesError', (error) => {
        if (roomRef.current === created) setView((current) => ({ ...current, publishFailure: error }));
      });
      created.on('disconnected', (reason) => {
        if (roomRef.current !== created) return;
        const codes = lk.DisconnectReason;
        const why =
          reason === codes.DUPLICATE_IDENTITY
            ? 'duplicate'
            : reason === codes.PARTICIPANT_REMOVED || reason === codes.ROOM_DELETED
              ? 'removed'
              : 'other';
        withdrawRoom(created);
        setLocalVideo(null);
        setView((current) => ({
          ...idleView,
          status: reason === codes.CLIENT_INITIATED ? 'idle' : 'disconnected',
          disconnectReason: reason === codes.CLIENT_INITIATED ? null : why,
          failure: current.failure,
        }));
      });
      const { url, token, iceServers } = answer.join;
      await created.connect(url, token, {
        autoSubscribe: false,
        ...(iceServers !== null ? { rtcConfig: { iceServers } } : {}),
        peerConnectionTimeout: CONNECT_TIMEOUT_MS,
        websocketTimeout: CONNECT_TIMEOUT_MS,
      });
      if (mine !== generation.current) return release(created);
      subscribeChosen(created, receptionRef.current);
      update();
    } catch (error) {
      if (mine !== generation.current) return;
      release(room);
      roomRef.current = null;
      setLocalVideo(null);
      setView({ ...idleView, status: 'failed', failure: error });
    }
  }, [linkToken, release, captureOptions]);

  const leave = useCallback(() => {
    generation.current += 1;
    release(roomRef.current);
    roomRef.current = null;
    setLocalVideo(null);
    setView(idleView);
  }, [release]);

  const startAudio = useCallback(async () => {
    const room = roomRef.current;
    const lk = lkRef.current;
    if (!room || !lk) return;
    await room.startAudio().catch(() => undefined);
    setView((current) => ({ ...current, ...describe(lk, room) }));
  }, []);

  const setMicrophoneEnabled = useCallback(
    async (enabled: boolean) => {
      const room = roomRef.current;
      if (!room) return;
      try {
        const name = trackNameRef.current;
        await room.localParticipant.setMicrophoneEnabled(
          enabled,
          enabled ? captureOptions() : undefined,
          enabled && name ? { name } : undefined,
        );
        setView((current) => ({ ...current, publishFailure: null }));
      } catch (error) {
        setView((current) => ({ ...current, publishFailure: error }));
      }
    },
    [captureOptions],
  );

  const setCameraEnabled = useCallback(async (enabled: boolean) => {
    const room = roomRef.current;
    if (!room) return;
    try {
      const deviceId = rememberedDevices().camera;
      const name = cameraNameRef.current;
      await room.localParticipant.setCameraEnabled(enabled, enabled && deviceId ? { deviceId } : undefined, enabled && name ? { name } : undefined);
      setView((current) => ({ ...current, publishFailure: null }));
    } catch (error) {
      setView((current) => ({ ...current, publishFailure: error }));
    }
  }, []);

  const switchDevice = useCallback(async (source: DeviceSource, deviceId: string) => {
    rememberDevice(source, deviceId);
    setView((current) => ({ ...current, activeDevices: { ...current.activeDevices, [source]: deviceId } }));
    const room = roomRef.current;
    if (!room) return;
    try {
      await room.switchActiveDevice(deviceKinds[source], deviceId);
      setView((current) => ({ ...current, publishFailure: null }));
    } catch (error) {
      setView((current) => ({ ...current, publishFailure: error }));
    }
  }, []);

  // Another channel, sound without the picture, or the signer chosen: the room follows at once.
  useEffect(() => {
    const room = roomRef.current;
    if (room && view.status === 'connected') subscribeChosen(room, { channel, video, sound, sign });
  }, [channel, video, sound, sign, view.status]);

  // Joined while asked to be (and not held out of the hall); left when that stops, on unmount
  // and when the link changes.
  // Only once the meeting's presence says LiveKit is there: a webcast of thousands reloading
  // into a meeting without it would otherwise each ask for a token to be told no.
  const mediaThere = meeting.media?.available === true;
  const autoJoin = options.autoJoin && mediaThere && !(stayOutInTheHall && venueNetwork === true);
  useEffect(() => {
    if (autoJoin) void join();
    return () => {
      generation.current += 1;
      release(roomRef.current);
      roomRef.current = null;
      setLocalVideo(null);
      setView(idleView);
    };
  }, [autoJoin, join, release]);

  // A server still building its LiveKit answers soon: whoever asked to join is joined then.
  useEffect(() => {
    if (view.status !== 'preparing') return;
    const timer = setTimeout(() => void join(), PREPARING_RETRY_MS);
    return () => clearTimeout(timer);
  }, [view.status, join]);

  // Unattended pages come back by themselves, waiting longer after each failure.
  const autoRejoin = options.autoRejoin ?? false;
  const rejoins = useRef(0);
  const { disconnectReason, failure } = view;
  useEffect(() => {
    if (view.status === 'connected') rejoins.current = 0;
    if (!autoRejoin) return;
    const retryable =
      (view.status === 'disconnected' && disconnectReason === 'other') ||
      (view.status === 'failed' && !(failure instanceof Refusal && classifyError(failure.error.code) === 'ends-session'));
    if (!retryable) return;
    // A refusal for asking too often says when the next token is let in; a webcast's thousands
    // of pages that lost LiveKit together come back spread out, not in the same second.
    const told = failure instanceof Refusal ? failure.error.retryAfterMs : undefined;
    const delay = comeBackDelay(told ?? REJOIN_FIRST_MS, rejoins.current);
    rejoins.current += 1;
    const timer = setTimeout(() => void join(), delay);
    return () => clearTimeout(timer);
  }, [view.status, disconnectReason, failure, autoRejoin, join]);

  // Publishing follows the permission: on when granted (once per grant, so a refused device
  // is not asked again and again), and LiveKit unpublishes when the server revokes it.
  const wantMicrophone = options.autoPublish?.microphone ?? false;
  const wantCamera = options.autoPublish?.camera ?? false;
  const managesCamera = options.autoPublish?.camera !== undefined;
  const { status, canPublishMicrophone, canPublishCamera, microphone, camera } = view;
  useEffect(() => {
    if (!canPublishMicrophone) attempted.current.microphone = false;
    if (!canPublishCamera) attempted.current.camera = false;
    if (status !== 'connected') return;
    if (wantMicrophone && canPublishMicrophone && microphone === 'off' && !attempted.current.microphone) {
      attempted.current.microphone = true;
      void setMicrophoneEnabled(true);
    }
    if (wantCamera && canPublishCamera && camera === 'off' && !attempted.current.camera) {
      attempted.current.camera = true;
      void setCameraEnabled(true);
    }
    // A camera the person no longer wants to show goes off at once.
    if (managesCamera && !wantCamera && camera !== 'off') {
      const room = roomRef.current;
      const lk = lkRef.current;
      const publication = room && lk ? room.localParticipant.getTrackPublication(lk.Track.Source.Camera) : undefined;
      if (room && publication?.track) void room.localParticipant.unpublishTrack(publication.track);
    }
  }, [
    status,
    canPublishMicrophone,
    canPublishCamera,
    microphone,
    camera,
    wantMicrophone,
    wantCamera,
    setMicrophoneEnabled,
    setCameraEnabled,
    managesCamera,
  ]);

  return { ...view, join, leave, startAudio, setMicrophoneEnabled, setCameraEnabled, switchDevice, localVideo, venueNetwork };
}

/**
 * LiveKit tells the server when a microphone is published, not when it is muted or unmuted:
 * while `active` (the speaker on the floor, the room AV computer), a page whose published
 * microphone turns muted or live asks the server to look again, so the chair sees what is heard.
 */
export function useRecheckOnMute(microphone: TrackState, active: boolean, request: MeetingConnection['request']): void {
  const last = useRef(microphone);
  useEffect(() => {
    const before = last.current;
    last.current = microphone;
    if (active && before !== 'off' && microphone !== 'off' && before !== microphone) void request('media:recheck', {}).catch(() => undefined);
  }, [microphone, active, request]);
}
