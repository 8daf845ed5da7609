import type { MediaPresence, MediaPresenceView } from '../../../shared/protocol/media.js';

/** A participant's entry in the presence view, if they are on the meeting's audio/video. */
export function presenceOf(view: MediaPresenceView | null, participantId: string): MediaPresence | null {
  return view?.participants.find((entry) => entry.participantId === participantId) ?? null;
}
