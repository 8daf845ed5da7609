import { AccessToken, RoomServiceClient, TrackSource, WebhookReceiver, type ParticipantInfo, type TrackInfo, type WebhookEvent } from 'livekit-server-sdk';
import type { Role } from '../../shared/meeting/model.js';
import { startWorker, ThreadClient } from '../worker-thread.js';
import type { MediaPermission, PublishSource } from './grants.js';

export interface RoomParticipant {
  identity: string;
  /** LiveKit's participant sid: one connection of the identity. */
  session: string;
  joinedAtMs: number;
  canPublish: boolean;
  tracks: { sid: string; source: 'microphone' | 'camera' | 'other'; muted: boolean }[];
}

/**
 * The port to the media server. The coordinator speaks only this, so tests of its logic can
 * use a fake while the end-to-end tests run against a real livekit-server.
 */
export interface MediaBridge {
  /** WebSocket URL the browsers connect to. */
  readonly clientUrl: string;
  mintToken(room: string, identity: string, name: string, permission: MediaPermission): Promise<string>;
  setPermission(room: string, identity: string, permission: MediaPermission): Promise<void>;
  /** Everyone in the room; with `roles`, only those whose identity names one of them. */
  listParticipants(room: string, roles?: readonly Role[]): Promise<RoomParticipant[]>;
  /** One participant, by identity; null when LiveKit has nobody of that identity in the room. */
  participant(room: string, identity: string): Promise<RoomParticipant | null>;
  muteTrack(room: string, identity: string, trackSid: string): Promise<void>;
  /** Verifies the signature over the raw body; throws when it does not match. */
  receiveWebhook(rawBody: string, authorization: string | undefined): Promise<WebhookEvent>;
  /** Lets go of what the bridge holds (LiveKitBridge: its room reader's thread). */
  close?(): Promise<void>;
}

const TOKEN_TTL = '10m';

export const notFound = (error: unknown) => String(error).includes('not_found') || String(error).includes('does not exist');

export const roomParticipantOf = (participant: ParticipantInfo): RoomParticipant => ({
  identity: participant.identity,
  session: participant.sid,
  joinedAtMs: Number(participant.joinedAtMs) || Number(participant.joinedAt) * 1000,
  canPublish: participant.permission?.canPublish ?? false,
  tracks: participant.tracks.map(trackOf),
});

/** LiveKit's track as the presence view keeps it; webhooks and the room API share its shape. */
export const trackOf = (track: TrackInfo): RoomParticipant['tracks'][number] => ({
  sid: track.sid,
  source: track.source === TrackSource.MICROPHONE ? 'microphone' : track.source === TrackSource.CAMERA ? 'camera' : 'other',
  muted: track.muted,
});

const toTrackSource = (source: PublishSource): TrackSource =>
  source === 'microphone' ? TrackSource.MICROPHONE : TrackSource.CAMERA;

export interface LiveKitSettings {
  /** ws:// or wss:// URL of the LiveKit server as browsers reach it. */
  url: string;
  apiKey: string;
  apiSecret: string;
}

/** A request to room-list-worker.ts, and its answer. */
export type RoomListRequest = { id: number; kind: 'list'; room: string; roles: readonly Role[] | null };
export type RoomListReply = { id: number; ok: true; kind: 'list'; participants: RoomParticipant[] };

export class LiveKitBridge implements MediaBridge {
  private readonly rooms: RoomServiceClient;
  private readonly webhooks: WebhookReceiver;
  private readonly roomLists: ThreadClient<RoomListRequest, RoomListReply>;

  constructor(private readonly settings: LiveKitSettings) {
    this.rooms = new RoomServiceClient(settings.url.replace(/^ws/, 'http'), settings.apiKey, settings.apiSecret);
    this.webhooks = new WebhookReceiver(settings.apiKey, settings.apiSecret);
    this.roomLists = new ThreadClient(
      () =>
        startWorker(
          { source: new URL('./room-list-worker.ts', import.meta.url), bundled: new URL('../../dist/server/livekit-room-list-worker.js', import.meta.url) },
          { ...settings },
        ),
      { thread: 'The LiveKit room reader', failed: 'Could not list the LiveKit room' },
    );
  }

  get clientUrl(): string {
    return this.settings.url;
  }

  async mintToken(room: string, identity: string, name: string, permission: MediaPermission): Promise<string> {
    // One AccessToken per JWT: toJwt() mutates the grant it holds.
    const token = new AccessToken(this.settings.apiKey, this.settings.apiSecret, { identity, name, ttl: TOKEN_TTL });
    token.addGrant({
      roomJoin: true,
      room,
      canSubscribe: permission.canSubscribe,
      // Explicit: LiveKit grants publishing when canPublish is left unset.
      canPublish: permission.canPublish,
      canPublishData: permission.canPublishData,
      canPublishSources: permission.canPublishSources.map(toTrackSource),
      canUpdateOwnMetadata: false,
      hidden: permission.hidden,
    });
    return token.toJwt();
  }

  async setPermission(room: string, identity: string, permission: MediaPermission): Promise<void> {
    await this.rooms.updateParticipant(room, identity, {
      permission: {
        canSubscribe: permission.canSubscribe,
        canPublish: permission.canPublish,
        canPublishData: permission.canPublishData,
        canPublishSources: permission.canPublishSources.map(toTrackSource),
        hidden: permission.hidden,
      },
    });
  }

  /** Read on a thread of its own (room-list-worker.ts): a webcast's room is thousands long. */
  async listParticipants(room: string, roles?: readonly Role[]): Promise<RoomParticipant[]> {
    return (await this.roomLists.ask('list', { room, roles: roles ?? null })).participants;
  }

  async participant(room: string, identity: string): Promise<RoomParticipant | null> {
    try {
      return roomParticipantOf(await this.rooms.getParticipant(room, identity));
    } catch (error) {
      if (notFound(error)) return null;
      throw error;
    }
  }

  async muteTrack(room: string, identity: string, trackSid: string): Promise<void> {
    await this.rooms.mutePublishedTrack(room, identity, trackSid, true);
  }

  receiveWebhook(rawBody: string, authorization: string | undefined): Promise<WebhookEvent> {
    return this.webhooks.receive(rawBody, authorization);
  }

  /** Stops the room reader's thread once what it holds is answered. */
  close(): Promise<void> {
    return this.roomLists.close();
  }
}
