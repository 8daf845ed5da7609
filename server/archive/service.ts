import { lineEditVerdict } from '../../shared/archive/corrections.js';
import { buildArchive, previewArchive } from '../../shared/archive/build.js';
import { ArchiveIndexCard, ArchiveRecord, indexCardOf } from '../../shared/archive/record.js';
import type { CaptionStream } from '../../shared/captions/model.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import type { MeetingState } from '../../shared/meeting/model.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { MeetingRoom } from '../meetings/room.js';
import type { ArchiveAudio } from '../recorder/archive-audio.js';
import type { LogStore } from '../storage/log.js';
import { logger } from '../observability/log.js';

const RECORD_PREFIX = 'archive:';
const CARD_PREFIX = 'archive-card:';

/**
 * Archive records of sealed meetings. Every input is final once a meeting is archived, so its
 * record is built once, right after sealing (not on a reader's request), stored, and served
 * from storage after any restart without loading the meeting. Before that, an adjourned
 * meeting's record can be previewed and corrected by the secretariat.
 */
export class ArchiveService {
  private readonly cards = new Map<string, ArchiveIndexCard>();
  private readonly sealedListeners = new Set<(record: ArchiveRecord) => void>();

  constructor(
    private readonly registry: MeetingRegistry,
    private readonly store: LogStore,
    private readonly clock: () => number,
    /** The floor's audio (issue 16); without it records have none. */
    private readonly audio: ArchiveAudio | null = null,
  ) {}

  /** The room extension that builds and stores the record when the meeting is sealed. */
  extension(): RoomExtension {
    return {
      name: 'archive',
      committed: ({ meetingId, entry, state }) => {
        if (entry.command.type !== 'meeting:transition' || state.status !== 'archived') return;
        // Off the request path: the seal is acknowledged first; the record follows once the
        // floor's audio is cut (at once for a meeting without a recording).
        setImmediate(() => {
          void this.prepared(meetingId)
            .then(async () => {
              const record = await this.record(meetingId);
              if (!record.ok) return;
              for (const listener of this.sealedListeners) {
                try {
                  listener(record.value);
                } catch (error) {
                  logger.error({ err: error, meetingId }, 'a listener of an archived record failed');
                }
              }
            })
            // The server stopped meanwhile, or the store failed: the first reader builds it.
            .catch((error: unknown) => logger.error({ err: error, meetingId }, 'the record was not built at sealing'));
        });
      },
    };
  }

  /** Called with each record once it is built at sealing (the PDF printer follows it). */
  onSealed(listener: (record: ArchiveRecord) => void): void {
    this.sealedListeners.add(listener);
  }

  /**
   * The sealed record, stored once built. A recorded meeting's audio is cut first (`prepared`):
   * until then the answer is ARCHIVE_PREPARING, never a record without the audio it will have.
   */
  async record(meetingId: string): Promise<Result<ArchiveRecord>> {
    // Not kept in memory: readers get the shelf's files, rendered from it once (routes.ts).
    const stored = ArchiveRecord.safeParse(await this.store.readDocument(RECORD_PREFIX + meetingId));
    if (stored.success) return ok(stored.data);
    // Sealed before records were stored, or its record could not be written: built once now.
    const room = await this.currentRoom(meetingId);
    const state = room?.state;
    if (!room || !state || state.status !== 'archived') return fail('MEETING_NOT_FOUND');
    const audio = this.audio ? this.audio.readiness(state) : { ready: true as const, index: null };
    if (!audio.ready) return fail('ARCHIVE_PREPARING');
    const record = buildArchive(state, this.streamsOf(room, state), await room.attendanceEntries(), audio.index);
    try {
      await this.store.writeDocument(RECORD_PREFIX + meetingId, record);
      await this.store.writeDocument(CARD_PREFIX + meetingId, indexCardOf(record));
    } catch (error) {
      logger.error({ err: error, meetingId }, 'could not store the archive record');
    }
    return ok(record);
  }

  /** Resolves once an archived meeting's audio is cut (at once for others); never rejects. */
  async prepared(meetingId: string): Promise<void> {
    // Any path a reader asks for arrives here: only an archived meeting has audio to ask about.
    if (!this.audio || !this.isArchived(meetingId)) return;
    // A stored record was built after the cut; its meeting is not loaded to ask again.
    if (this.audio.cutIndex(meetingId) !== undefined) return;
    const state = (await this.registry.open(meetingId))?.state;
    if (!state || this.audio.readiness(state).ready) return;
    await this.audio.prepare(state).catch(() => undefined);
  }

  /** Where an archived audio file of the record is kept; null for a name the record does not give. */
  audioFile(meetingId: string, name: string): string | null {
    if (!this.audio || !this.isArchived(meetingId)) return null;
    const index = this.audio.cutIndex(meetingId);
    if (!index) return null;
    return this.audio.filePath(meetingId, name, index);
  }

  /** The record as it would be sealed now, corrections applied; the sealed one once archived. */
  async preview(meetingId: string): Promise<Result<ArchiveRecord>> {
    const room = await this.currentRoom(meetingId);
    const state = room?.state;
    if (!room || !state) return fail('MEETING_NOT_FOUND');
    if (state.status === 'archived') return this.record(meetingId);
    if (state.status !== 'adjourned') return fail('RECORD_NOT_IN_REVIEW');
    return ok(previewArchive(state, this.streamsOf(room, state), await room.attendanceEntries(), this.clock()));
  }

  /**
   * What the meeting's transition cannot check of a correction: that the transcript lines it
   * names are there, as its issuer saw them (caption streams are kept apart from the meeting
   * log). Judged on `state`, the meeting as the command will be applied to it: two
   * secretaries' corrections of the same lines, sent at once, are judged one after the other.
   */
  checkCommand(meetingId: string, command: MeetingCommand, state: MeetingState): Result<null> {
    if (command.type !== 'record:correct') return ok(null);
    const { edit } = command;
    if (edit.kind !== 'mergeLines' && edit.kind !== 'setSpeaker') return ok(null);
    // Outside review the meeting's transition refuses the command with the reason why.
    if (state.status !== 'adjourned') return ok(null);
    const stream = this.registry.room(meetingId)?.fullStream(edit.language);
    if (!stream) return fail('CAPTION_LINE_NOT_FOUND');
    const verdict = lineEditVerdict(stream.lines, state.corrections, edit);
    if (verdict === 'changed') return fail('RECORD_CHANGED');
    return verdict === 'applies' ? ok(null) : fail('CAPTION_LINE_NOT_FOUND');
  }

  /** Archived meetings for the index, most recent first: their cards, no record and no meeting read. */
  async archived(): Promise<ArchiveIndexCard[]> {
    const archived = this.registry.catalogue().filter((summary) => summary.status === 'archived');
    const cards = await Promise.all(archived.map((summary) => this.cardOf(summary.id)));
    return cards.flatMap((card) => (card ? [card] : [])).sort((a, b) => b.meeting.openedAt - a.meeting.openedAt);
  }

  private async cardOf(meetingId: string): Promise<ArchiveIndexCard | null> {
    const cached = this.cards.get(meetingId);
    if (cached) return cached;
    const stored = ArchiveIndexCard.safeParse(await this.store.readDocument(CARD_PREFIX + meetingId));
    // Sealed before cards were stored: made once from the record.
    const record = stored.success ? null : await this.record(meetingId);
    const card = stored.success ? stored.data : record?.ok ? indexCardOf(record.value) : null;
    if (!card) return null;
    if (!stored.success) {
      try {
        await this.store.writeDocument(CARD_PREFIX + meetingId, card);
      } catch (error) {
        logger.error({ err: error, meetingId }, 'could not store the index card');
      }
    }
    this.cards.set(meetingId, card);
    return card;
  }

  /**
   * The meeting's room holding everything in its logs: with a log shared by several nodes, the
   * adjournment or the sealing, or captions another node wrote just before, may not have been
   * read here yet, and a record built without them would be sealed without them.
   */
  private async currentRoom(meetingId: string): Promise<MeetingRoom | undefined> {
    const room = await this.registry.open(meetingId);
    if (room && this.store.watch) await room.followAll();
    return room;
  }

  private isArchived(meetingId: string): boolean {
    return this.registry.summary(meetingId)?.status === 'archived';
  }

  private streamsOf(room: MeetingRoom, state: MeetingState): CaptionStream[] {
    return state.languages.map((language) => room.fullStream(language)).filter((stream): stream is CaptionStream => stream !== null);
  }
}
