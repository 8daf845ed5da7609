import type { MeetingState } from '../../../shared/meeting/model.js';
import { applyPatch } from '../../../shared/protocol/patch.js';
import type { CatchUp, MeetingChange, Own, SelfChanged, SessionIdentity, Snapshot } from '../../../shared/protocol/socket.js';
import { SequencedMirror, type Outcome } from './sequenced.js';

export type { Outcome } from './sequenced.js';

export interface ReplicaView {
  /** Seq of the last log entry applied to `state`. */
  seq: number;
  state: MeetingState | null;
  you: SessionIdentity | null;
  /** A participant's own registration and statements (their projection withholds both); null for other links. */
  self: Own | null;
  /** Seq of the log entry `self` is as of. */
  selfSeq: number;
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
    { seq: 0, state: null, you: null, self: null, selfSeq: 0, clockOffsetMs: 0 },
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
    const view = this.mirror.getView();
    return this.mirror.reset(
      newerSelf(
        { ...view, seq: snapshot.seq, state: snapshot.state, you: snapshot.you, clockOffsetMs: snapshot.serverNow - Date.now() },
        snapshot.self,
        snapshot.seq,
      ),
    );
  }

  /** The participant's own registration or statements changed; nothing else did. */
  applySelf({ seq, ...own }: SelfChanged): Outcome {
    return this.mirror.reset(newerSelf(this.mirror.getView(), own, seq));
  }

  /** A patch that does not fit means this copy differs from the server's: start over from a snapshot. */
  receive(change: MeetingChange): Outcome {
    return this.mirror.receive(change, 'diverged');
  }

  applyCatchUp(catchUp: CatchUp): Outcome {
    if (catchUp.kind === 'snapshot') return this.applySnapshot(catchUp.snapshot);
    return this.mirror.catchUp(catchUp.changes, (view) =>
      newerSelf({ ...view, clockOffsetMs: catchUp.serverNow - Date.now() }, catchUp.self, view.seq),
    );
  }
}

/**
 * The view with `self` as of `seq`, unless it already holds a newer copy. In a cluster the
 * writing node's `self:changed` and the serving node's snapshot or catch-up travel different
 * ways, and the older one may arrive last.
 */
function newerSelf(view: ReplicaView, self: Own | null, seq: number): ReplicaView {
  return seq >= view.selfSeq ? { ...view, self, selfSeq: seq } : view;
}
