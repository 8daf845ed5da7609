import { appError } from '../../shared/errors.js';
import type { Role } from '../../shared/meeting/model.js';
import { MediaMicCheck, MediaMute, type MediaPresenceView } from '../../shared/protocol/media.js';
import { presides } from '../../shared/access/actor.js';
import { RateLimiter } from '../realtime/rate-limit.js';
import { emitEncoded } from '../realtime/fan-out.js';
import { answerAll, type Request } from '../realtime/requests.js';
import { joinRooms } from '../realtime/room-names.js';
import type { RealtimeServer, RealtimeSocket } from '../realtime/socket.js';
import type { z } from 'zod';
import type { MediaCoordinator } from './coordinator.js';

/**
 * Who gets which presence view: the chair's console and the venue station show everyone on
 * the audio/video; a participant's page shows only their own entry; every other page only
 * whether audio/video is available at all.
 */
type PresenceAudience = 'everyone' | 'own' | 'availability';

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

function viewFor(view: MediaPresenceView, audience: PresenceAudience, participantId: string | null): MediaPresenceView {
  switch (audience) {
    case 'everyone':
      return view;
    case 'own':
      return { ...view, participants: view.participants.filter((entry) => entry.participantId === participantId) };
    case 'availability':
      return { ...view, participants: [] };
  }
}

/** What each audience of a meeting was last sent, so only changes go out. */
interface Sent {
  everyone: string;
  availability: string;
  own: Map<string, string>;
}

/** Socket side of the LiveKit bridge: the presence views, the chair's mute, microphone checks. */
export function attachMediaRealtime(io: RealtimeServer, coordinator: MediaCoordinator, clock: () => number): { close(): void } {
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
    const availability = viewFor(view, 'availability', null);
    const availabilityJson = JSON.stringify(availability);
    const availabilityChanged = availabilityJson !== last.availability;
    if (availabilityChanged) io.to(audienceRoom(meetingId, 'availability')).emit('media:presence', availability);
    last.availability = availabilityJson;
    // Each participant whose own entry appeared, changed or went away, and only them.
    const participantIds = new Set([...last.own.keys(), ...view.participants.flatMap((entry) => entry.participantId ?? [])]);
    for (const participantId of participantIds) {
      const own = viewFor(view, 'own', participantId);
      if (own.participants.length === 0) {
        if (!availabilityChanged) io.to(ownRoom(meetingId, participantId)).emit('media:presence', own);
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
  };

  answerAll(io.of('/'), requests);
  io.on('connection', (socket) => {
    const { meetingId, actor } = socket.data;
    const audience = audienceOf[actor.role];
    // What the meeting's first connections are sent is the base the changes are counted from.
    let last = sent.get(meetingId);
    if (!last) {
      const current = coordinator.view(meetingId);
      last = { everyone: JSON.stringify(current), availability: JSON.stringify(viewFor(current, 'availability', null)), own: new Map() };
      sent.set(meetingId, last);
    }
    const participantId = actor.participantId;
    joinRooms(
      socket,
      audience === 'everyone'
        ? [audienceRoom(meetingId, 'everyone')]
        : [audienceRoom(meetingId, 'availability'), ...(audience === 'own' && participantId ? [ownRoom(meetingId, participantId)] : [])],
    );
    // A shared audience gets what its room was last sent, encoded then: a reload storm of viewers
    // does not rebuild the view each. A change not yet sent reaches them with their room's next flush.
    if (audience === 'own') socket.emit('media:presence', viewFor(coordinator.view(meetingId), audience, participantId));
    else emitEncoded(socket, 'media:presence', last[audience]);
  });

  // A batch still waiting when the server stops would read a closed store.
  return {
    close() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
