import type { CaptionCommitted, Committed, MeetingRoom, RoomSession } from './room.js';

/** What each hook receives (after Hocuspocus's `HookPayloadByName`). */
export interface HookPayloads {
  /** A meeting command is durable. */
  committed: Committed;
  /** A caption command is durable. */
  captionCommitted: CaptionCommitted;
  sessionJoined: { room: MeetingRoom; session: RoomSession };
  sessionLeft: { room: MeetingRoom; session: RoomSession };
  /** The room is about to leave memory (idle, or the server stops). */
  unload: { room: MeetingRoom };
}

export type HookName = keyof HookPayloads;

/**
 * A side effect of the meeting room: the broadcast, LiveKit's permissions, the archive. The
 * room runs the extensions' hooks in the order they are declared, after the change is durable;
 * a hook that throws (or whose promise rejects) is logged and stops neither the other
 * extensions nor the acknowledgement.
 */
export type RoomExtension = { readonly name: string } & {
  readonly [H in HookName]?: (payload: HookPayloads[H]) => void | Promise<void>;
};

export function runHooks<H extends HookName>(extensions: readonly RoomExtension[], hook: H, payload: HookPayloads[H]): void {
  for (const extension of extensions) {
    const handler = extension[hook] as ((payload: HookPayloads[H]) => void | Promise<void>) | undefined;
    if (!handler) continue;
    try {
      const pending = handler.call(extension, payload);
      if (pending) pending.catch((error: unknown) => console.error(`${extension.name}: ${hook} failed:`, error));
    } catch (error) {
      console.error(`${extension.name}: ${hook} failed:`, error);
    }
  }
}
