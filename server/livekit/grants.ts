import { remotePublisher } from '../../shared/access/media.js';
import { SIGN_BOOTH, type MeetingState, type Role } from '../../shared/meeting/model.js';

export { identityOf, parseIdentity, recorderIdentity, remotePublisher } from '../../shared/access/media.js';

export type PublishSource = 'microphone' | 'camera';

/** Always the full set: a LiveKit permission update replaces every field it does not name. */
export interface MediaPermission {
  canSubscribe: boolean;
  canPublish: boolean;
  canPublishData: boolean;
  canPublishSources: PublishSource[];
  hidden: boolean;
}

const LISTEN_ONLY: MediaPermission = {
  canSubscribe: true,
  canPublish: false,
  canPublishData: false,
  canPublishSources: [],
  hidden: false,
};

/**
 * What an identity may do in the meeting's room now. `linkId` names an interpreter's link: an
 * interpreter publishes (one microphone: the channel; the sign-language booth one camera and
 * no microphone) only while holding their booth, so a colleague who has not taken it over, or
 * one whose link names another booth, cannot.
 */
export function permissionFor(state: MeetingState, role: Role, participantId: string | null, linkId: string | null = null): MediaPermission {
  switch (role) {
    case 'interpreter': {
      const held = linkId === null ? undefined : state.booths.find((booth) => booth.linkId === linkId);
      if (!held) return LISTEN_ONLY;
      return { ...LISTEN_ONLY, canPublish: true, canPublishSources: [held.language === SIGN_BOOTH ? 'camera' : 'microphone'] };
    }
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

/** The floor recorder (issue 16): it hears everything and is seen by no one. */
export const RECORDER_PERMISSION: MediaPermission = { ...LISTEN_ONLY, hidden: true };

export function samePermission(a: MediaPermission, b: MediaPermission): boolean {
  return (
    a.canPublish === b.canPublish &&
    a.canSubscribe === b.canSubscribe &&
    a.canPublishData === b.canPublishData &&
    a.hidden === b.hidden &&
    [...a.canPublishSources].sort().join() === [...b.canPublishSources].sort().join()
  );
}
