import type { CaptionActor, CaptionCommand, CaptionLogEntry, CaptionStream } from '../../shared/captions/model.js';
import type { Language } from '../../shared/meeting/model.js';
import type { CaptionAccepted, CaptionCatchUp, CaptionLinesPage, CaptionSnapshot } from '../../shared/protocol/captions.js';
import { fail, type Result } from '../../shared/result.js';
import type { CaptionCommitted, MeetingRegistry } from '../meetings/registry.js';

export type { CaptionCommitted } from '../meetings/registry.js';

/**
 * The caption streams of every meeting, one per language. Each stream lives in its meeting's
 * room (`server/meetings/room.ts`), which persists each accepted command before announcing it;
 * this is their door for the socket, the CAT-software ingest, the pulled feeds and the archive.
 */
export class CaptionHub {
  constructor(private readonly registry: MeetingRegistry) {}

  onCommitted(listener: (committed: CaptionCommitted) => void): () => void {
    return this.registry.onCaptionCommitted(listener);
  }

  /**
   * Captioner and feed commands: only on an open meeting, in one of its languages; settles once
   * durable. A writer that has been silent for the quiet period yields to the seat or feed that
   * writes, so two CAT-only writers can rotate without anyone pressing a button.
   */
  write(meetingId: string, language: Language, actor: CaptionActor, command: CaptionCommand): Promise<Result<CaptionAccepted>> {
    const room = this.registry.room(meetingId);
    return room ? room.writeCaption(language, actor, command) : Promise.resolve(fail('MEETING_NOT_FOUND'));
  }

  /**
   * The lead captioner or the chair switches the active provider (StreamText's "Change
   * Provider"): to a captioner seat or a pulled feed of the meeting.
   */
  handOver(meetingId: string, language: Language, to: string, by: string, feeds: readonly string[]): Promise<Result<CaptionAccepted>> {
    const room = this.registry.room(meetingId);
    return room ? room.handOverCaptions(language, to, by, feeds) : Promise.resolve(fail('MEETING_NOT_FOUND'));
  }

  snapshot(meetingId: string, language: Language): Result<CaptionSnapshot> {
    return this.registry.room(meetingId)?.captionSnapshot(language) ?? fail('MEETING_NOT_FOUND');
  }

  /** A page of committed lines, for a page whose catch-up left lines out (see MeetingRoom.captionLines). */
  lines(meetingId: string, language: Language, fromLine: number, limit: number): Result<CaptionLinesPage> {
    return this.registry.room(meetingId)?.captionLines(language, fromLine, limit) ?? fail('MEETING_NOT_FOUND');
  }

  /**
   * What a reader coming back at `lastSeq` missed, or a snapshot when its entries are no longer
   * held (or it has none): the socket's `caption:subscribe` and the event stream's first event.
   */
  catchUp(meetingId: string, language: Language, lastSeq: number | undefined): Result<CaptionCatchUp> {
    const entries = lastSeq === undefined ? null : this.entriesSince(meetingId, language, lastSeq);
    if (entries) return { ok: true, value: { kind: 'entries', language, entries } };
    const snapshot = this.snapshot(meetingId, language);
    return snapshot.ok ? { ok: true, value: { kind: 'snapshot', snapshot: snapshot.value } } : snapshot;
  }

  entriesSince(meetingId: string, language: Language, lastSeq: number): CaptionLogEntry[] | null {
    const room = this.registry.room(meetingId);
    if (!room) return null;
    return room.captionEntriesSince(language, lastSeq);
  }

  /** The durable stream with its recent lines only: writer, tail, senders' cursors, the overlay's rows. */
  current(meetingId: string, language: Language): CaptionStream | null {
    return this.registry.room(meetingId)?.captionState(language) ?? null;
  }

  /**
   * The stream with the writes still on their way to the disk, recent lines only: what the next
   * post from sending software is judged against (its seq, the window it repeats), so posts
   * within one commit window chain as they do when each is durable at once.
   */
  latest(meetingId: string, language: Language): CaptionStream | null {
    return this.registry.room(meetingId)?.captionLatest(language) ?? null;
  }

  /** The whole stream, every committed line included (for transcripts and the archive). */
  fullStream(meetingId: string, language: Language): CaptionStream | null {
    return this.registry.room(meetingId)?.fullStream(language) ?? null;
  }
}
