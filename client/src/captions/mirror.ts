import type { CaptionLogEntry, CaptionStream } from '../../../shared/captions/model.js';
import { applyCaption } from '../../../shared/captions/stream.js';
import type { Language } from '../../../shared/meeting/model.js';
import type { CaptionCatchUp, CaptionLinesPage } from '../../../shared/protocol/captions.js';
import { SequencedMirror, type Outcome } from '../realtime/sequenced.js';
import { mergeSnapshotLines } from './layout.js';
import { addRange, holesIn, mergeLines, withoutRanges, type LineRange } from './lines.js';

export interface CaptionView {
  language: Language;
  /** Seq of the last caption entry applied; 0 before the first. */
  seq: number;
  /** Null until the first snapshot arrives. */
  stream: CaptionStream | null;
  /**
   * Committed lines this page missed while away and has yet to fetch: a snapshot carries only
   * the recent lines, so after a long absence the lines between are asked for page by page.
   */
  missing: LineRange[];
  /** Missed lines that could not be fetched; the transcript says so where they belong. */
  skipped: LineRange[];
}

/** The view with `missing` worked out again, when its lines or what was given up changed. */
function withMissing(view: CaptionView, before: CaptionView | null): CaptionView {
  const lines = view.stream?.lines;
  if (before && lines === before.stream?.lines && view.skipped === before.skipped) return { ...view, missing: before.missing };
  return { ...view, missing: withoutRanges(holesIn(lines ?? []), view.skipped) };
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
      { language, seq: 0, stream: null, missing: [], skipped: [] },
      (view, entry) => {
        if (!view.stream) return null;
        const result = applyCaption(view.stream, entry.command, { actor: entry.actor, now: entry.at });
        // A live line follows on from the last one held: it opens no hole, so `missing` stands.
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
      const view = this.mirror.getView();
      const lines = mergeSnapshotLines(view.stream?.lines ?? [], snapshot.stream);
      // A snapshot that replaced everything (the server lost its log) leaves nothing given up.
      const skipped = lines[0] === snapshot.stream.lines[0] ? [] : view.skipped;
      return this.mirror.reset(
        withMissing({ ...view, seq: snapshot.seq, stream: { ...snapshot.stream, lines }, skipped }, null),
      );
    }
    if (catchUp.language !== this.language) return 'in-sync';
    return this.mirror.catchUp(catchUp.entries);
  }

  /** The first run of missed lines still to fetch, if any. */
  nextMissing(): LineRange | null {
    return this.mirror.getView().missing[0] ?? null;
  }

  /**
   * A page of lines from the server: those that fill a hole go in, in line order, each once;
   * lines the page already has are left as they are. Says how many went in.
   */
  insertLines(page: CaptionLinesPage): number {
    const view = this.mirror.getView();
    if (page.language !== this.language || !view.stream) return 0;
    const fitting = page.lines.filter((line) => view.missing.some((range) => line.n >= range.from && line.n <= range.to));
    if (fitting.length === 0) return 0;
    const stream = { ...view.stream, lines: mergeLines(view.stream.lines, fitting) };
    this.mirror.reset(withMissing({ ...view, stream }, view));
    return fitting.length;
  }

  /** Missed lines that could not be fetched: no longer asked for, and shown as skipped. */
  skip(range: LineRange): void {
    const view = this.mirror.getView();
    this.mirror.reset(withMissing({ ...view, skipped: addRange(view.skipped, range) }, view));
  }

  /** Asks again for the lines given up on. */
  retrySkipped(): void {
    const view = this.mirror.getView();
    if (view.skipped.length > 0) this.mirror.reset(withMissing({ ...view, skipped: [] }, view));
  }

  /** A broadcast that does not apply means this copy differs from the server's. */
  receive(entry: CaptionLogEntry): CaptionOutcome {
    return this.mirror.receive(entry, 'diverged');
  }
}
