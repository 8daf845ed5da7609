import { execute } from '../../../shared/meeting/execute.js';
import type { MeetingState } from '../../../shared/meeting/model.js';
import type { CatchUp, LogEntry, SessionIdentity, Snapshot } from '../../../shared/protocol/socket.js';

export interface ReplicaView {
  /** Seq of the last log entry applied to `state`. */
  seq: number;
  state: MeetingState | null;
  you: SessionIdentity | null;
  /** Server clock minus local clock, so countdowns agree with the room screen. */
  clockOffsetMs: number;
}

/**
 * What the caller must do after handing the replica something from the server. `diverged`:
 * even the server's own catch-up does not apply, so only a fresh snapshot can help.
 */
export type Outcome = 'in-sync' | 'needs-catch-up' | 'diverged';

/** Entries further ahead than this are dropped rather than kept: a catch-up brings them back. */
const MAX_BUFFERED = 500;

/**
 * The client's copy of a meeting, kept in step by running each broadcast log entry through
 * the same `execute` the server ran. Entries that arrive ahead of a gap wait in a buffer, so
 * a broadcast that overtakes a catch-up answer is not lost.
 */
export class MeetingReplica {
  private view: ReplicaView = { seq: 0, state: null, you: null, clockOffsetMs: 0 };
  private readonly ahead = new Map<number, LogEntry>();
  private readonly listeners = new Set<() => void>();

  readonly getView = (): ReplicaView => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  applySnapshot(snapshot: Snapshot): Outcome {
    this.ahead.clear();
    this.publish({
      seq: snapshot.seq,
      state: snapshot.state,
      you: snapshot.you,
      clockOffsetMs: snapshot.serverNow - Date.now(),
    });
    return 'in-sync';
  }

  receive(entry: LogEntry): Outcome {
    if (entry.seq <= this.view.seq) return 'in-sync';
    if (entry.seq > this.view.seq + 1) {
      if (this.ahead.size < MAX_BUFFERED) this.ahead.set(entry.seq, entry);
      return 'needs-catch-up';
    }
    const next = this.applied(this.view, [entry]);
    // A refusal here means this copy differs from the server's: ask for the entries again.
    if (!next) return 'needs-catch-up';
    return this.settle(next);
  }

  applyCatchUp(catchUp: CatchUp): Outcome {
    if (catchUp.kind === 'snapshot') return this.applySnapshot(catchUp.snapshot);
    const fresh = catchUp.entries.filter((entry) => entry.seq > this.view.seq).sort((a, b) => a.seq - b.seq);
    const next = this.applied(this.view, fresh);
    if (!next) return 'diverged';
    return this.settle({ ...next, clockOffsetMs: catchUp.serverNow - Date.now() });
  }

  /** Applies consecutive entries; null when one does not follow or does not apply. */
  private applied(view: ReplicaView, entries: readonly LogEntry[]): ReplicaView | null {
    let { seq, state } = view;
    for (const entry of entries) {
      if (entry.seq !== seq + 1) return null;
      const result = execute(state, entry.command, { actor: entry.actor, now: entry.at });
      if (!result.ok) return null;
      state = result.value.state;
      seq = entry.seq;
    }
    return { ...view, seq, state };
  }

  /** Publishes `next` after applying whatever buffered entries now follow on from it. */
  private settle(next: ReplicaView): Outcome {
    let view = next;
    for (const seq of [...this.ahead.keys()]) if (seq <= view.seq) this.ahead.delete(seq);
    for (let entry = this.ahead.get(view.seq + 1); entry; entry = this.ahead.get(view.seq + 1)) {
      const applied = this.applied(view, [entry]);
      if (!applied) break;
      this.ahead.delete(entry.seq);
      view = applied;
    }
    this.publish(view);
    return this.ahead.size > 0 ? 'needs-catch-up' : 'in-sync';
  }

  private publish(view: ReplicaView): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}
