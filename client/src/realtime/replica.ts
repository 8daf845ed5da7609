import { execute } from '../../../shared/meeting/execute.js';
import type { MeetingState } from '../../../shared/meeting/model.js';
import type { CatchUp, LogEntry, SessionIdentity, Snapshot } from '../../../shared/protocol/socket.js';
import { SequencedMirror, type Outcome } from './sequenced.js';

export type { Outcome } from './sequenced.js';

export interface ReplicaView {
  /** Seq of the last log entry applied to `state`. */
  seq: number;
  state: MeetingState | null;
  you: SessionIdentity | null;
  /** Server clock minus local clock, so countdowns agree with the room screen. */
  clockOffsetMs: number;
}

/** The client's copy of a meeting: each broadcast runs through the same `execute` as on the server. */
export class MeetingReplica {
  private readonly mirror = new SequencedMirror<ReplicaView, LogEntry>(
    { seq: 0, state: null, you: null, clockOffsetMs: 0 },
    (view, entry) => {
      const result = execute(view.state, entry.command, { actor: entry.actor, now: entry.at });
      return result.ok ? { ...view, seq: entry.seq, state: result.value.state } : null;
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
      clockOffsetMs: snapshot.serverNow - Date.now(),
    });
  }

  /** A broadcast that does not apply means this copy differs from the server's: ask again. */
  receive(entry: LogEntry): Outcome {
    return this.mirror.receive(entry, 'needs-catch-up');
  }

  applyCatchUp(catchUp: CatchUp): Outcome {
    if (catchUp.kind === 'snapshot') return this.applySnapshot(catchUp.snapshot);
    return this.mirror.catchUp(catchUp.entries, (view) => ({ ...view, clockOffsetMs: catchUp.serverNow - Date.now() }));
  }
}
