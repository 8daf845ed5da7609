import type { Room } from 'livekit-client';

type LiveKitModule = typeof import('livekit-client');

let loading: Promise<LiveKitModule> | null = null;

/**
 * livekit-client is large and only the pages that carry audio or video need it: it loads on
 * the first join, so the room screen, the chair's console and the captioner never fetch it.
 */
export function loadLiveKit(): Promise<LiveKitModule> {
  loading ??= import('livekit-client').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

declare global {
  interface Window {
    /**
     * The page's current LiveKit room, for diagnostics (an AV technician can inspect it from
     * the browser console) and for the end-to-end test, which calls
     * `openfloorMedia.room.localParticipant.setMicrophoneEnabled(true)` to prove that a
     * participant without the floor, or a viewer, is refused when trying to publish.
     * Absent while the page is not joined.
     */
    openfloorMedia?: { room: Room };
  }
}

export function exposeRoom(room: Room): void {
  window.openfloorMedia = { room };
}

export function withdrawRoom(room: Room): void {
  if (window.openfloorMedia?.room === room) delete window.openfloorMedia;
}
