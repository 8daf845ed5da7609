import { z } from 'zod';
import { BoothLanguage, Id, Role } from '../meeting/model.js';

/** Where and how to join the meeting's LiveKit room: a token for one identity. */
export const MediaGrant = z.object({
  url: z.string(),
  token: z.string(),
  identity: z.string(),
  /** ICE servers for the browser; empty on a loopback-only deployment. */
  iceServers: z.array(z.object({ urls: z.union([z.string(), z.array(z.string())]) })).nullable(),
});
export type MediaGrant = z.infer<typeof MediaGrant>;

/** What the token endpoint answers. */
export const MediaJoin = MediaGrant.extend({
  /**
   * The device reached the server from the venue's own network (VENUE_ADDRESSES): it is in
   * the hall, where the room's sound played again would echo and hundreds of phones receiving
   * the picture would fill the hall's Wi-Fi. A viewer's page then receives nothing unless the
   * person asks for it.
   */
  venueNetwork: z.boolean(),
});
export type MediaJoin = z.infer<typeof MediaJoin>;

export const MicrophoneState = z.enum(['none', 'published', 'muted']);

/** One LiveKit participant as the chair sees it. */
export const MediaPresence = z.object({
  identity: z.string(),
  role: Role,
  participantId: Id.nullable(),
  connected: z.boolean(),
  microphone: MicrophoneState,
  camera: z.boolean(),
  /** The participant's page reported a working microphone (level meter check). */
  micChecked: z.boolean(),
});
export type MediaPresence = z.infer<typeof MediaPresence>;

export const MediaPresenceView = z.object({
  /** False when no LiveKit server is configured: queue and captions still work. */
  available: z.boolean(),
  /** True while this server builds its local livekit-server (first start): available soon. */
  preparing: z.boolean(),
  participants: z.array(MediaPresence),
});
export type MediaPresenceView = z.infer<typeof MediaPresenceView>;

/** Client → server (chair, moderator): mute a remote speaker's microphone. */
export const MediaMute = z.strictObject({ participantId: Id });
/** Client → server (participant): result of the microphone check before joining the queue. */
export const MediaMicCheck = z.strictObject({ ok: z.boolean() });
/**
 * Client → server (the remote speaker, the room AV computer): read my tracks from LiveKit
 * again, my microphone was muted or unmuted. LiveKit sends no webhook for that; what the chair is shown comes from
 * LiveKit, not from this request.
 */
export const MediaRecheck = z.strictObject({});

const CHANNEL_PREFIX = 'interpretation.';

/**
 * The LiveKit track name of an interpretation channel. Listeners subscribe to a channel by this
 * name and to no other (the room's tracks are never subscribed automatically), so what a
 * listener receives does not grow with the number of booths.
 */
export const channelTrackName = (language: BoothLanguage): string => `${CHANNEL_PREFIX}${language}`;

/** The channel a track carries (the sign-language booth's is a picture), or null for the floor (the room, a remote speaker). */
export function channelOfTrackName(name: string): BoothLanguage | null {
  if (!name.startsWith(CHANNEL_PREFIX)) return null;
  const parsed = BoothLanguage.safeParse(name.slice(CHANNEL_PREFIX.length));
  return parsed.success ? parsed.data : null;
}
