import type { CaptionCommitted, Committed, MeetingRoom, RoomSession } from './room.js';
import { logger } from '../observability/log.js';

/** What each hook receives (after Hocuspocus's `HookPayloadByName`). */
export interface HookPayloads {
  /** A meeting command is durable. */
  committed: Committed;
  /** A caption command is durable. */
  captionCommitted: CaptionCommitted;
  /**
   * A meeting entry another node wrote, now read by this one (several nodes, one store). What
   * that node already did for everyone (LiveKit, the archive) is not done again; only what each
   * node keeps for its own connections follows it, telling them of the change included.
   */
  followed: Committed;
  /** A caption entry another node wrote, now read by this one. */
  captionFollowed: CaptionCommitted;
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
      if (pending) pending.catch((error: unknown) => logger.error({ err: error, extension: extension.name, hook }, 'a room extension failed'));
    } catch (error) {
      logger.error({ err: error, extension: extension.name, hook }, 'a room extension failed');
    }
  }
}
