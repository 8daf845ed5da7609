import type { MediaPresence, MediaPresenceView } from '../../../shared/protocol/media.js';

/** A participant's entry in the presence view, if they are on the meeting's audio/video. */
export function presenceOf(view: MediaPresenceView | null, participantId: string): MediaPresence | null {
  return view?.participants.find((entry) => entry.participantId === participantId) ?? null;
}

/**
 * Why a page has no audio/video: none configured, or still being set up by the server (first
 * start); null when it has it. The presence view tells before the page has asked for a token.
 */
export function mediaAbsence(view: MediaPresenceView | null, roomStatus: string): 'unavailable' | 'preparing' | null {
  if (view?.preparing || roomStatus === 'preparing') return 'preparing';
  if (view?.available === false || roomStatus === 'unavailable') return 'unavailable';
  return null;
}
