import type { LogStore } from './log.js';

interface Sequenced {
  seq: number;
  at: number;
}

/**
 * A stream's current state in memory in front of its durable log. `append` writes the entry
 * through to the store before the state moves, and keeps a tail of recent entries so a client
 * that reconnects gets what it missed instead of a full snapshot.
 */
export class LiveLog<S, E extends Sequenced> {
  private tail: E[];
  seq: number;
  private lastAt: number;

  constructor(
    private readonly store: LogStore,
    readonly stream: string,
    public state: S,
    history: readonly E[],
    private readonly tailSize: number,
  ) {
    this.tail = history.slice(-tailSize);
    this.seq = history.at(-1)?.seq ?? 0;
    this.lastAt = history.at(-1)?.at ?? 0;
  }

  /** Log times never go backwards, even if the wall clock does. */
  timeOfNext(clockNow: number): number {
    return Math.max(clockNow, this.lastAt);
  }

  /** Persists the entry (throws if the store refuses it), then moves to `state`. */
  append(entry: E, state: S): void {
    if (entry.seq !== this.seq + 1) throw new Error(`${this.stream}: entry ${entry.seq} after ${this.seq}`);
    this.store.append(this.stream, entry.seq, entry);
    this.state = state;
    this.seq = entry.seq;
    this.lastAt = entry.at;
    this.tail.push(entry);
    if (this.tail.length > this.tailSize) this.tail.splice(0, this.tail.length - this.tailSize);
  }

  /** The entries after `lastSeq`, or null when they are no longer held and a snapshot is needed. */
  entriesSince(lastSeq: number): E[] | null {
    if (lastSeq > this.seq) return null;
    if (lastSeq === this.seq) return [];
    const first = this.tail[0];
    if (!first || first.seq > lastSeq + 1) return null;
    return this.tail.slice(lastSeq + 1 - first.seq);
  }
}
