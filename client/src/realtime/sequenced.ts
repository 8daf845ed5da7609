/**
 * What the caller must do after handing a mirror something from the server: nothing, ask for
 * the missing entries, or start over from a snapshot (`diverged`: even the server's own
 * catch-up does not apply).
 */
export type Outcome = 'in-sync' | 'needs-catch-up' | 'diverged';

/** Entries further ahead than this are dropped rather than kept: a catch-up brings them back. */
const MAX_BUFFERED = 500;

/**
 * A page's copy of a server log (the meeting's, a caption stream's), kept in step by running
 * each broadcast entry through the same pure function the server ran. Entries that arrive
 * ahead of a gap wait in a buffer, so a broadcast that overtakes a catch-up answer is not lost.
 */
export class SequencedMirror<V extends { seq: number }, E extends { seq: number }> {
  private view: V;
  private readonly ahead = new Map<number, E>();
  private readonly listeners = new Set<() => void>();

  constructor(
    initial: V,
    /** The view after one entry; null when the entry does not apply to it. */
    private readonly step: (view: V, entry: E) => V | null,
    /** False until the first snapshot: entries before it wait. */
    private readonly ready: (view: V) => boolean,
  ) {
    this.view = initial;
  }

  readonly getView = (): V => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** A snapshot replaces the view; buffered entries after it still apply. */
  reset(view: V): Outcome {
    return this.settle(view);
  }

  /** One broadcast entry. `onMismatch` is what to do when it does not apply. */
  receive(entry: E, onMismatch: Outcome): Outcome {
    if (!this.ready(this.view) || entry.seq > this.view.seq + 1) {
      if (this.ahead.size < MAX_BUFFERED) this.ahead.set(entry.seq, entry);
      return this.ready(this.view) ? 'needs-catch-up' : 'in-sync';
    }
    if (entry.seq <= this.view.seq) return 'in-sync';
    const next = this.step(this.view, entry);
    return next ? this.settle(next) : onMismatch;
  }

  /** The entries a catch-up brought; `adjust` updates the rest of the view (a clock offset). */
  catchUp(entries: readonly E[], adjust: (view: V) => V = (view) => view): Outcome {
    if (!this.ready(this.view)) return 'diverged';
    const fresh = entries.filter((entry) => entry.seq > this.view.seq).sort((a, b) => a.seq - b.seq);
    let view: V | null = this.view;
    for (const entry of fresh) {
      view = entry.seq === view.seq + 1 ? this.step(view, entry) : null;
      if (!view) return 'diverged';
    }
    return this.settle(adjust(view));
  }

  /** Publishes `next` after applying whatever buffered entries now follow on from it. */
  private settle(next: V): Outcome {
    let view = next;
    for (const seq of [...this.ahead.keys()]) if (seq <= view.seq) this.ahead.delete(seq);
    for (let entry = this.ahead.get(view.seq + 1); entry; entry = this.ahead.get(view.seq + 1)) {
      const applied = this.step(view, entry);
      if (!applied) break;
      this.ahead.delete(entry.seq);
      view = applied;
    }
    if (view !== this.view) {
      this.view = view;
      for (const listener of this.listeners) listener();
    }
    return this.ahead.size > 0 ? 'needs-catch-up' : 'in-sync';
  }
}
