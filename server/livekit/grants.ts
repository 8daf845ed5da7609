import type { Actor } from '../../shared/access/actor.js';
import type { MeetingState, Role } from '../../shared/meeting/model.js';
import { currentFloor, participantById } from '../../shared/meeting/selectors.js';
import { isPaused } from '../../shared/speaker-queue/queue.js';

export type PublishSource = 'microphone' | 'camera';

/** Always the full set: a LiveKit permission update replaces every field it does not name. */
export interface MediaPermission {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishData: boolean;
  canPublishSources: PublishSource[];
  hidden: boolean;
}

type LinkActor = Extract<Actor, { kind: 'link' }>;

const LISTEN_ONLY: MediaPermission = {
  canSubscribe: true,
  canPublish: false,
  canPublishData: false,
  canPublishSources: [],
  hidden: false,
};

/**
 * The remote participant who may speak now: the floor holder, if remote, while the speech
 * runs. A pause, the end of the speech or a withdrawal takes the right away.
 */
export function remotePublisher(state: MeetingState): string | null {
  const floor = currentFloor(state);
  if (!floor || isPaused(floor) || state.status !== 'open') return null;
  return participantById(state, floor.participantId)?.attendance === 'remote' ? floor.participantId : null;
}

/**
 * What an identity may do in the meeting's room now. `linkId` names an interpreter's link: an
 * interpreter publishes (one microphone: the channel) only while holding their booth, so a
 * colleague who has not taken it over, or one whose link names another booth, cannot.
 */
export function permissionFor(state: MeetingState, role: Role, participantId: string | null, linkId: string | null = null): MediaPermission {
  switch (role) {
    case 'interpreter':
      return linkId !== null && state.booths.some((booth) => booth.linkId === linkId)
        ? { ...LISTEN_ONLY, canPublish: true, canPublishSources: ['microphone'] }
        : LISTEN_ONLY;
    case 'participant': {
      if (participantId === null || remotePublisher(state) !== participantId) return LISTEN_ONLY;
      const sources: PublishSource[] = state.allowRemoteCamera ? ['microphone', 'camera'] : ['microphone'];
      return { ...LISTEN_ONLY, canPublish: true, canPublishSources: sources };
    }
    case 'venue':
      return { ...LISTEN_ONLY, canPublish: true, canPublishSources: ['microphone', 'camera'] };
    case 'viewer':
    case 'chair':
    case 'moderator':
    case 'captioner':
    case 'screen':
      // They listen without showing up in the room's participant list.
      return { ...LISTEN_ONLY, hidden: true };
  }
}

/**
 * The floor recorder (issue 16): it hears everything and is seen by no one. Its identity is
 * `recorder.<session>`, which parseIdentity does not know, so reconciliation leaves it alone.
 */
export const RECORDER_PERMISSION: MediaPermission = { ...LISTEN_ONLY, hidden: true };
export const recorderIdentity = (session: string) => `recorder.${session}`;

/**
 * LiveKit identities carry the role and who it is, so the server can recompute the right
 * permission for anyone it finds in the room. Participants have one identity each (a second
 * device replaces the first); others get a per-connection suffix.
 */
export function identityOf(actor: LinkActor, nonce: string): string {
  return actor.role === 'participant' && actor.participantId
    ? `participant.${actor.participantId}`
    : `${actor.role}.${actor.linkId}.${nonce}`;
}

export function parseIdentity(identity: string): { role: Role; participantId: string | null; linkId: string | null } | null {
  const [role, id] = identity.split('.');
  if (!role || !id) return null;
  if (role === 'participant') return { role, participantId: id, linkId: null };
  const known: readonly string[] = ['chair', 'moderator', 'captioner', 'screen', 'venue', 'viewer', 'interpreter'];
  return known.includes(role) ? { role: role as Role, participantId: null, linkId: id } : null;
}

export function samePermission(a: MediaPermission, b: MediaPermission): boolean {
  return (
    a.canPublish === b.canPublish &&
    a.canSubscribe === b.canSubscribe &&
    a.canPublishData === b.canPublishData &&
    a.hidden === b.hidden &&
    [...a.canPublishSources].sort().join() === [...b.canPublishSources].sort().join()
  );
}
