import type { CaptionLogEntry, CaptionStream } from '../../../shared/captions/model.js';
import { applyCaption } from '../../../shared/captions/stream.js';
import type { Language } from '../../../shared/meeting/model.js';
import type { CaptionCatchUp } from '../../../shared/protocol/captions.js';
import { SequencedMirror, type Outcome } from '../realtime/sequenced.js';
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
export type CaptionOutcome = Outcome;

/**
 * A page's copy of one language's caption stream, kept in step by running each broadcast
 * through the server's own `applyCaption`. Committed lines older than a snapshot's are kept
 * for the transcript.
 */
export class CaptionMirror {
  private readonly mirror: SequencedMirror<CaptionView, CaptionLogEntry>;
  /** Set when only a snapshot can help; the stream stays shown until it arrives. */
  private needsSnapshot = false;

  constructor(readonly language: Language) {
    this.mirror = new SequencedMirror<CaptionView, CaptionLogEntry>(
      { language, seq: 0, stream: null },
      (view, entry) => {
        if (!view.stream) return null;
        const result = applyCaption(view.stream, entry.command, { actor: entry.actor, now: entry.at });
        return result.ok ? { ...view, seq: entry.seq, stream: result.value.stream } : null;
      },
      (view) => view.stream !== null,
    );
  }

  readonly getView = (): CaptionView => this.mirror.getView();

  readonly subscribe = (listener: () => void): (() => void) => this.mirror.subscribe(listener);

  /** What to send as `lastSeq` when (re)subscribing; undefined asks for a snapshot. */
  lastSeq(): number | undefined {
    const view = this.mirror.getView();
    return view.stream && !this.needsSnapshot ? view.seq : undefined;
  }

  /** The next subscription asks for a snapshot. */
  startOver(): void {
    this.needsSnapshot = true;
  }

  applyCatchUp(catchUp: CaptionCatchUp): CaptionOutcome {
    if (catchUp.kind === 'snapshot') {
      const { snapshot } = catchUp;
      if (snapshot.language !== this.language) return 'in-sync';
      this.needsSnapshot = false;
      const previous = this.mirror.getView().stream?.lines ?? [];
      return this.mirror.reset({
        language: this.language,
        seq: snapshot.seq,
        stream: { ...snapshot.stream, lines: mergeSnapshotLines(previous, snapshot.stream) },
      });
    }
    if (catchUp.language !== this.language) return 'in-sync';
    return this.mirror.catchUp(catchUp.entries);
  }

  /** A broadcast that does not apply means this copy differs from the server's. */
  receive(entry: CaptionLogEntry): CaptionOutcome {
    return this.mirror.receive(entry, 'diverged');
  }
}
