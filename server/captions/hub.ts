import type { CaptionActor, CaptionCommand, CaptionLogEntry, CaptionStream } from '../../shared/captions/model.js';
import type { Language } from '../../shared/meeting/model.js';
import type { CaptionAccepted, CaptionSnapshot } from '../../shared/protocol/captions.js';
import { fail, type Result } from '../../shared/result.js';
import type { CaptionCommitted, MeetingRegistry } from '../meetings/registry.js';

export type { CaptionCommitted } from '../meetings/registry.js';

/**
 * The caption streams of every meeting, one per language. Each stream lives in its meeting's
 * room (`server/meetings/room.ts`), which persists each accepted command before announcing it;
 * this is their door for the socket, the CAT-software ingest and the archive.
 */
export class CaptionHub {
  constructor(private readonly registry: MeetingRegistry) {}

  onCommitted(listener: (committed: CaptionCommitted) => void): () => void {
    return this.registry.onCaptionCommitted(listener);
  }

  /** Captioner commands: only on an open meeting, in one of its languages; settles once durable. */
  write(meetingId: string, language: Language, actor: CaptionActor, command: CaptionCommand): Promise<Result<CaptionAccepted>> {
    const room = this.registry.room(meetingId);
    return room ? room.writeCaption(language, actor, command) : Promise.resolve(fail('MEETING_NOT_FOUND'));
  }

  snapshot(meetingId: string, language: Language): Result<CaptionSnapshot> {
    return this.registry.room(meetingId)?.captionSnapshot(language) ?? fail('MEETING_NOT_FOUND');
  }

  entriesSince(meetingId: string, language: Language, lastSeq: number): CaptionLogEntry[] | null {
    const room = this.registry.room(meetingId);
    if (!room) return null;
    return room.captionEntriesSince(language, lastSeq);
  }

  /** The whole stream, every committed line included (for transcripts and the archive). */
  fullStream(meetingId: string, language: Language): CaptionStream | null {
    return this.registry.room(meetingId)?.fullStream(language) ?? null;
  }
}
