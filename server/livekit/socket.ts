import { appError } from '../../shared/errors.js';
import { MediaMicCheck, MediaMute } from '../../shared/protocol/media.js';
import { presides } from '../../shared/access/actor.js';
import { RateLimiter } from '../realtime/rate-limit.js';
import { answer } from '../realtime/requests.js';
import { meetingRoom, type RealtimeServer } from '../realtime/socket.js';
import type { MediaCoordinator } from './coordinator.js';

/** Socket side of the LiveKit bridge: the presence view, the chair's mute, microphone checks. */
export function attachMediaRealtime(io: RealtimeServer, coordinator: MediaCoordinator, clock: () => number): void {
  coordinator.onPresence((meetingId, view) => io.to(meetingRoom(meetingId)).emit('media:presence', view));

  io.on('connection', (socket) => {
    const { meetingId, actor } = socket.data;
    const limiter = new RateLimiter({ burst: 10, perSecond: 2, clock });
    socket.emit('media:presence', coordinator.view(meetingId));

    answer(socket, 'media:mute', MediaMute, limiter, async ({ participantId }) => {
      if (!presides(actor)) return { ok: false, error: appError('FORBIDDEN') };
      return coordinator.mute(meetingId, participantId);
    });

    answer(socket, 'media:micCheck', MediaMicCheck, limiter, ({ ok }) => {
      if (actor.role !== 'participant' || !actor.participantId) return { ok: false, error: appError('FORBIDDEN') };
      coordinator.reportMicCheck(meetingId, actor.participantId, ok);
      return { ok: true, value: null };
    });
  });
}
