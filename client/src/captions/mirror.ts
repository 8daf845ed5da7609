import type { CaptionLogEntry, CaptionStream } from '../../../shared/captions/model.js';
import { applyCaption } from '../../../shared/captions/stream.js';
import type { Language } from '../../../shared/meeting/model.js';
import type { CaptionCatchUp } from '../../../shared/protocol/captions.js';
import { mergeSnapshotLines } from './layout.js';

export interface CaptionView {
  language: Language;
  /** Seq of the last caption entry applied; 0 before the first. */
  seq: number;
  /** Null until the first snapshot arrives. */
  stream: CaptionStream | null;
}

/**
 * What the caller must do next: nothing, ask for the missing entries (resubscribe with
 * `lastSeq`), or start over from a snapshot (resubscribe without it).
 */
export type CaptionOutcome = 'in-sync' | 'needs-catch-up' | 'diverged';

/** Entries further ahead than this are dropped: the catch-up brings them back. */
const MAX_BUFFERED = 500;

/**
 * A page's copy of one language's caption stream, kept in step by running each broadcast
 * through the server's own `applyCaption`. Like the meeting replica, entries that arrive ahead
 * of a gap wait in a buffer. Committed lines older than a snapshot's are kept for the
 * transcript.
 */
export class CaptionMirror {
  private view: CaptionView;
  private readonly ahead = new Map<number, CaptionLogEntry>();
  private readonly listeners = new Set<() => void>();
  /** Set when only a snapshot can help; the stream stays shown until it arrives. */
  private needsSnapshot = false;

  constructor(readonly language: Language) {
    this.view = { language, seq: 0, stream: null };
  }

  readonly getView = (): CaptionView => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** What to send as `lastSeq` when (re)subscribing; undefined asks for a snapshot. */
  lastSeq(): number | undefined {
    return this.view.stream && !this.needsSnapshot ? this.view.seq : undefined;
  }

  /** The next subscription asks for a snapshot. */
  startOver(): void {
    this.needsSnapshot = true;
  }

  applyCatchUp(catchUp: CaptionCatchUp): CaptionOutcome {
    if (catchUp.kind === 'snapshot') {
      const { snapshot } = catchUp;
      if (snapshot.language !== this.language) return 'in-sync';
      const previous = this.view.stream?.lines ?? [];
      this.needsSnapshot = false;
      for (const seq of [...this.ahead.keys()]) if (seq <= snapshot.seq) this.ahead.delete(seq);
      return this.settle({
        ...this.view,
        seq: snapshot.seq,
        stream: { ...snapshot.stream, lines: mergeSnapshotLines(previous, snapshot.stream) },
      });
    }
    if (catchUp.language !== this.language) return 'in-sync';
    if (!this.view.stream) return 'diverged';
    const fresh = catchUp.entries.filter((entry) => entry.seq > this.view.seq).sort((a, b) => a.seq - b.seq);
    const next = this.applied(this.view, fresh);
    if (!next) return 'diverged';
    return this.settle(next);
  }

  receive(entry: CaptionLogEntry): CaptionOutcome {
    if (!this.view.stream) {
      // Before the first snapshot: keep it, the snapshot decides whether it is needed.
      if (this.ahead.size < MAX_BUFFERED) this.ahead.set(entry.seq, entry);
      return 'in-sync';
    }
    if (entry.seq <= this.view.seq) return 'in-sync';
    if (entry.seq > this.view.seq + 1) {
      if (this.ahead.size < MAX_BUFFERED) this.ahead.set(entry.seq, entry);
      return 'needs-catch-up';
    }
    const next = this.applied(this.view, [entry]);
    // A refusal here means this copy differs from the server's.
    if (!next) return 'diverged';
    return this.settle(next);
  }

  /** Applies consecutive entries; null when one does not follow on or does not apply. */
  private applied(view: CaptionView, entries: readonly CaptionLogEntry[]): CaptionView | null {
    let { seq, stream } = view;
    if (!stream) return null;
    if (entries.length === 0) return view;
    for (const entry of entries) {
      if (entry.seq !== seq + 1) return null;
      const result = applyCaption(stream, entry.command, { actor: entry.actor, now: entry.at });
      if (!result.ok) return null;
      stream = result.value.stream;
      seq = entry.seq;
    }
    return { ...view, seq, stream };
  }

  private settle(next: CaptionView): CaptionOutcome {
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

  private publish(view: CaptionView): void {
    if (view === this.view) return;
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}
