import type { Actor } from './actor.js';
import type { MeetingState, Role } from '../meeting/model.js';
import { roles } from '../meeting/model.js';
import { currentFloor, participantById } from '../meeting/selectors.js';
import { isPaused } from '../speaker-queue/queue.js';

/**
 * The one rule for who may publish on the meeting's audio/video, for the server's LiveKit
 * grants and the pages alike: the floor holder, if remote, while the speech runs. A pause,
 * the end of the speech or a withdrawal takes the right away.
 */
export function remotePublisher(state: MeetingState): string | null {
  const floor = currentFloor(state);
  if (!floor || isPaused(floor) || state.status !== 'open') return null;
  return participantById(state, floor.participantId)?.attendance === 'remote' ? floor.participantId : null;
}

/**
 * The one LiveKit identity format: it carries the role and who it is, so the server can
 * recompute the right permission for anyone it finds in the room and pages can name them.
 * Participants have one identity each (a second device replaces the first); others get a
 * per-connection suffix.
 */
export const participantIdentity = (participantId: string) => `participant.${participantId}`;

export function identityOf(actor: Extract<Actor, { kind: 'link' }>, nonce: string): string {
  return actor.role === 'participant' && actor.participantId
    ? participantIdentity(actor.participantId)
    : `${actor.role}.${actor.linkId}.${nonce}`;
}

/** The floor recorder's identity, which parseIdentity does not know, so reconciliation leaves it alone. */
export const recorderIdentity = (session: string) => `recorder.${session}`;

/** `linkId` names an interpreter's (or any non-participant's) link, which decides a booth's microphone. */
export function parseIdentity(identity: string): { role: Role; participantId: string | null; linkId: string | null } | null {
  const [role, id] = identity.split('.');
  if (!role || !id) return null;
  if (role === 'participant') return { role, participantId: id, linkId: null };
  return (roles as readonly string[]).includes(role) ? { role: role as Role, participantId: null, linkId: id } : null;
}
