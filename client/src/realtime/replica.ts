import type { MeetingState, Participant } from '../../../shared/meeting/model.js';
import { applyPatch } from '../../../shared/protocol/patch.js';
import type { CatchUp, MeetingChange, SessionIdentity, Snapshot } from '../../../shared/protocol/socket.js';
import { SequencedMirror, type Outcome } from './sequenced.js';

export type { Outcome } from './sequenced.js';

export interface ReplicaView {
  /** Seq of the last log entry applied to `state`. */
  seq: number;
  state: MeetingState | null;
  you: SessionIdentity | null;
  /** A participant's own registration (their projection names only the speakers' list); null for other links. */
  self: Participant | null;
  /** Server clock minus local clock, so countdowns agree with the room screen. */
  clockOffsetMs: number;
}

/**
 * The client's copy of the meeting as its role sees it (shared/protocol/projection.ts): a
 * snapshot of that projection, then each broadcast's patch of it, in seq order. The server ran
 * the shared `execute` and diffed the projections; the page never sees what its role may not.
 */
export class MeetingReplica {
  private readonly mirror = new SequencedMirror<ReplicaView, MeetingChange>(
    { seq: 0, state: null, you: null, self: null, clockOffsetMs: 0 },
    (view, change) => {
      try {
        return { ...view, seq: change.seq, state: applyPatch(view.state, change.patch) };
      } catch {
        // The patch does not fit this copy: it differs from the server's, start over.
        return null;
      }
    },
    (view) => view.state !== null,
  );

  readonly getView = this.mirror.getView;
  readonly subscribe = this.mirror.subscribe;

  applySnapshot(snapshot: Snapshot): Outcome {
    return this.mirror.reset({
      seq: snapshot.seq,
      state: snapshot.state,
      you: snapshot.you,
      self: snapshot.self,
      clockOffsetMs: snapshot.serverNow - Date.now(),
    });
  }

  /** The participant's own registration changed; nothing else did. */
  applySelf(self: Participant): Outcome {
    return this.mirror.reset({ ...this.mirror.getView(), self });
  }

  /** A patch that does not fit means this copy differs from the server's: start over from a snapshot. */
  receive(change: MeetingChange): Outcome {
    return this.mirror.receive(change, 'diverged');
  }

  applyCatchUp(catchUp: CatchUp): Outcome {
    if (catchUp.kind === 'snapshot') return this.applySnapshot(catchUp.snapshot);
    return this.mirror.catchUp(catchUp.changes, (view) => ({ ...view, self: catchUp.self, clockOffsetMs: catchUp.serverNow - Date.now() }));
  }
}
