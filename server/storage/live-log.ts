import type { LogAppend } from './log.js';

interface Sequenced {
  seq: number;
  at: number;
}

/**
 * A stream's current state in memory in front of its durable log. An entry is first staged:
 * the next command already runs against it (commands in one group-commit window chain), but
 * nothing outside the room sees it until `settle` says it is durable; `rollback` drops what a
 * failed commit staged. Keeps a tail of recent durable entries, so a client that reconnects
 * gets what it missed instead of a full snapshot.
 */
export class LiveLog<S, E extends Sequenced> {
  private tail: E[];
  /** Latest state and seq, staged entries included: what the next command runs against. */
  state: S;
  seq: number;
  private lastAt: number;
  private durable: { state: S; seq: number; lastAt: number };
  private readonly staged: Array<{ entry: E; state: S }> = [];

  constructor(
    readonly stream: string,
    state: S,
    seq: number,
    history: readonly E[],
    private readonly tailSize: number,
  ) {
    this.tail = history.slice(-tailSize);
    this.state = state;
    this.seq = seq;
    this.lastAt = history.at(-1)?.at ?? 0;
    this.durable = { state, seq, lastAt: this.lastAt };
  }

  /** What the world may see: the state after the last durable entry. */
  get durableState(): S {
    return this.durable.state;
  }

  get durableSeq(): number {
    return this.durable.seq;
  }

  get hasStaged(): boolean {
    return this.staged.length > 0;
  }

  /** Log times never go backwards, even if the wall clock does. */
  timeOfNext(clockNow: number): number {
    return Math.max(clockNow, this.lastAt);
  }

  /** Moves to `state` ahead of the disk; the returned append is what must become durable. */
  stage(entry: E, state: S): LogAppend {
    if (entry.seq !== this.seq + 1) throw new Error(`${this.stream}: entry ${entry.seq} after ${this.seq}`);
    this.staged.push({ entry, state });
    this.state = state;
    this.seq = entry.seq;
    this.lastAt = entry.at;
    return { stream: this.stream, seq: entry.seq, entry };
  }

  /** The staged entries up to `seq` are durable. */
  settle(seq: number): void {
    while (this.staged[0] && this.staged[0].entry.seq <= seq) {
      const { entry, state } = this.staged.shift()!;
      this.durable = { state, seq: entry.seq, lastAt: entry.at };
      this.tail.push(entry);
    }
    if (this.tail.length > this.tailSize) this.tail.splice(0, this.tail.length - this.tailSize);
  }

  /** Whether `entry` is staged here still: not yet durable, and not rolled back. */
  holds(entry: E): boolean {
    return this.staged.some((staged) => staged.entry === entry);
  }

  /** An entry another node made durable, read from the store: only on a log with nothing staged. */
  adopt(entry: E, state: S): void {
    if (this.staged.length > 0 || entry.seq !== this.seq + 1) throw new Error(`${this.stream}: cannot adopt entry ${entry.seq} after ${this.seq}`);
    this.state = state;
    this.seq = entry.seq;
    this.lastAt = entry.at;
    this.durable = { state, seq: entry.seq, lastAt: entry.at };
    this.tail.push(entry);
    if (this.tail.length > this.tailSize) this.tail.splice(0, this.tail.length - this.tailSize);
  }

  /** A commit failed: the staged entries from `seq` on never happened. */
  rollback(seq: number): void {
    const index = this.staged.findIndex((staged) => staged.entry.seq >= seq);
    if (index < 0) return;
    this.staged.splice(index);
    const last = this.staged.at(-1);
    const base = last ? { state: last.state, seq: last.entry.seq, lastAt: last.entry.at } : this.durable;
    this.state = base.state;
    this.seq = base.seq;
    this.lastAt = base.lastAt;
  }

  /** The durable entries after `lastSeq`, or null when they are no longer held and a snapshot is needed. */
  entriesSince(lastSeq: number): E[] | null {
    const seq = this.durable.seq;
    if (lastSeq > seq) return null;
    if (lastSeq === seq) return [];
    const first = this.tail[0];
    if (!first || first.seq > lastSeq + 1) return null;
    return this.tail.slice(lastSeq + 1 - first.seq, seq + 1 - first.seq);
  }
}
