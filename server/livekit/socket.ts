import { appError } from '../../shared/errors.js';
import type { Role } from '../../shared/meeting/model.js';
import { MediaMicCheck, MediaMute, MediaRecheck, type MediaPresenceView } from '../../shared/protocol/media.js';
import { presides, type Actor } from '../../shared/access/actor.js';
import { RateLimiter } from '../realtime/rate-limit.js';
import { emitEncoded } from '../realtime/fan-out.js';
import { answerAll, type Request } from '../realtime/requests.js';
import { joinRooms } from '../realtime/room-names.js';
import type { RealtimeServer, RealtimeSocket } from '../realtime/socket.js';
import type { z } from 'zod';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MediaCoordinator } from './coordinator.js';

/**
 * Who gets which presence view: the chair's console and the venue station show everyone on
 * the audio/video; a participant's page shows only their own entry; every other page only
 * whether audio/video is available at all.
 */
type PresenceAudience = 'everyone' | 'own' | 'availability';

type LinkActor = Extract<Actor, { kind: 'link' }>;

const audienceOf = {
  chair: 'everyone',
  moderator: 'everyone',
  venue: 'everyone',
  participant: 'own',
  captioner: 'availability',
  interpreter: 'availability',
  screen: 'availability',
  viewer: 'availability',
} as const satisfies Record<Role, PresenceAudience>;

const audienceRoom = (meetingId: string, audience: Exclude<PresenceAudience, 'own'>) => `presence:${meetingId}:${audience}`;
const ownRoom = (meetingId: string, participantId: string) => `presence:${meetingId}:participant:${participantId}`;

/** Webhooks come in bursts (a hundred remote participants joining); pages get the result. */
const PRESENCE_BATCH_MS = 250;

/** Whether audio/video is available, and nobody on it: what a page without its own entry is shown. */
const availabilityOf = (view: MediaPresenceView): MediaPresenceView => ({ ...view, participants: [] });

/**
 * Each participant's own view (their entries only), for those on the audio/video, in one pass
 * over the view: filtering it once per participant made a flush with 300 delegates quadratic.
 */
function ownViews(view: MediaPresenceView): Map<string, MediaPresenceView> {
  const views = new Map<string, MediaPresenceView>();
  for (const entry of view.participants) {
    if (entry.participantId === null) continue;
    const own = views.get(entry.participantId);
    if (own) own.participants.push(entry);
    else views.set(entry.participantId, { ...view, participants: [entry] });
  }
  return views;
}

/** What each audience of a meeting was last sent, so only changes go out. */
interface Sent {
  everyone: string;
  availability: string;
  own: Map<string, string>;
}

/** What a meeting's audiences are sent of `view`, encoded. */
function encodedFor(view: MediaPresenceView): Sent {
  return {
    everyone: JSON.stringify(view),
    availability: JSON.stringify(availabilityOf(view)),
    own: new Map([...ownViews(view)].map(([participantId, own]) => [participantId, JSON.stringify(own)])),
  };
}

/** Where a page hears of presence, and the view it starts from (`media:presence`, encoded). */
export interface PresenceArrival {
  rooms: string[];
  json: string;
}

export interface MediaRealtime {
  /** For a page that reads the meeting some other way than a socket (an event stream). */
  arrival(meetingId: string, actor: Pick<LinkActor, 'role' | 'participantId'>): PresenceArrival;
  close(): void;
  extension: RoomExtension;
}

/** Socket side of the LiveKit bridge: the presence views, the chair's mute, microphone checks. */
export function attachMediaRealtime(io: RealtimeServer, coordinator: MediaCoordinator, clock: () => number): MediaRealtime {
  const pending = new Map<string, NodeJS.Timeout>();
  const sent = new Map<string, Sent>();

  const flush = (meetingId: string) => {
    pending.delete(meetingId);
    const view = coordinator.view(meetingId);
    const last = sent.get(meetingId) ?? { everyone: '', availability: '', own: new Map<string, string>() };
    sent.set(meetingId, last);
    const everyone = JSON.stringify(view);
    if (everyone !== last.everyone) io.to(audienceRoom(meetingId, 'everyone')).emit('media:presence', view);
    last.everyone = everyone;
    // Participants are in the availability audience too: a change of availability reaches
    // all of them, and those with an entry of their own get it right after.
    const availability = availabilityOf(view);
    const availabilityJson = JSON.stringify(availability);
    const availabilityChanged = availabilityJson !== last.availability;
    if (availabilityChanged) io.to(audienceRoom(meetingId, 'availability')).emit('media:presence', availability);
    last.availability = availabilityJson;
    // Each participant whose own entry appeared, changed or went away, and only them.
    const owns = ownViews(view);
    for (const participantId of new Set([...last.own.keys(), ...owns.keys()])) {
      const own = owns.get(participantId);
      if (!own) {
        if (!availabilityChanged) io.to(ownRoom(meetingId, participantId)).emit('media:presence', availability);
        last.own.delete(participantId);
        continue;
      }
      const json = JSON.stringify(own);
      if (json === last.own.get(participantId) && !availabilityChanged) continue;
      io.to(ownRoom(meetingId, participantId)).emit('media:presence', own);
      last.own.set(participantId, json);
    }
  };

  coordinator.onPresence((meetingId) => {
    if (!pending.has(meetingId)) pending.set(meetingId, setTimeout(() => flush(meetingId), PRESENCE_BATCH_MS).unref());
  });

  // Every connection answers these with itself as the context: a viewer holds nothing more
  // here, and its bucket is made on its first request (most connections, viewers and screens,
  // never send one).
  const limiters = new WeakMap<RealtimeSocket, RateLimiter>();
  const limiter = (socket: RealtimeSocket) => {
    let bucket = limiters.get(socket);
    if (!bucket) limiters.set(socket, (bucket = new RateLimiter(limits)));
    return bucket;
  };
  const limits = { burst: 10, perSecond: 2, clock };
  // Shared by every connection: one listener each, not one closure per request.
  const requests: Record<string, Request<RealtimeSocket>> = {
    'media:mute': {
      schema: MediaMute,
      limiter,
      handle: async ({ data: { meetingId, actor } }, { participantId }: z.infer<typeof MediaMute>) => {
        if (!presides(actor)) return { ok: false, error: appError('FORBIDDEN') };
        return coordinator.mute(meetingId, participantId);
      },
    },
    'media:micCheck': {
      schema: MediaMicCheck,
      limiter,
      handle: ({ data: { meetingId, actor } }, { ok }: z.infer<typeof MediaMicCheck>) => {
        if (actor.role !== 'participant' || !actor.participantId) return { ok: false, error: appError('FORBIDDEN') };
        coordinator.reportMicCheck(meetingId, actor.participantId, ok);
        return { ok: true, value: null };
      },
    },
    'media:recheck': {
      schema: MediaRecheck,
      limiter,
      handle: ({ data: { meetingId, actor } }) => {
        if (actor.role !== 'venue' && actor.role !== 'participant') return { ok: false, error: appError('FORBIDDEN') };
        return coordinator.recheck(meetingId, actor);
      },
    },
  };

  answerAll(io.of('/'), requests);

  /**
   * The presence rooms a page of `actor` joins, and what it is sent on arrival: what its room
   * was last sent, encoded then, so a reload storm does not rebuild the view for each page. A
   * change not yet sent reaches it with its room's next flush. A participant's own room was
   * last sent their entry, or (without one) the availability.
   */
  const arrival = (meetingId: string, actor: Pick<LinkActor, 'role' | 'participantId'>): PresenceArrival => {
    const audience = audienceOf[actor.role];
    // What the meeting's first pages are sent is the base the changes are counted from.
    let last = sent.get(meetingId);
    if (!last) {
      last = encodedFor(coordinator.view(meetingId));
      sent.set(meetingId, last);
    }
    const participantId = audience === 'own' ? actor.participantId : null;
    const own = participantId ? last.own.get(participantId) : undefined;
    return {
      rooms:
        audience === 'everyone'
          ? [audienceRoom(meetingId, 'everyone')]
          : [audienceRoom(meetingId, 'availability'), ...(participantId ? [ownRoom(meetingId, participantId)] : [])],
      json: own ?? (audience === 'everyone' ? last.everyone : last.availability),
    };
  };

  io.on('connection', (socket) => {
    const { rooms, json } = arrival(socket.data.meetingId, socket.data.actor);
    joinRooms(socket, rooms);
    emitEncoded(socket, 'media:presence', json);
  });

  return {
    arrival,
    // A batch still waiting when the server stops would read a closed store.
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
    // Nobody is connected to a room that unloads: what its pages were sent need not be kept.
    extension: {
      name: 'livekit-presence',
      unload: ({ room }) => {
        clearTimeout(pending.get(room.meetingId));
        pending.delete(room.meetingId);
        sent.delete(room.meetingId);
      },
    },
  };
}
