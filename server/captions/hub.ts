import { CaptionLogEntry, type CaptionActor, type CaptionCommand, type CaptionLine, type CaptionStream, type FloorContext } from '../../shared/captions/model.js';
import { applyCaption, emptyStream, tailBreak, trimmedForSnapshot, writerSilent } from '../../shared/captions/stream.js';
import { mayCaption } from '../../shared/access/captions.js';
import type { Language, MeetingState } from '../../shared/meeting/model.js';
import { currentFloor } from '../../shared/meeting/selectors.js';
import { SNAPSHOT_LINES, type CaptionAccepted, type CaptionSnapshot } from '../../shared/protocol/captions.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { LiveLog } from '../storage/live-log.js';
import type { LogStore } from '../storage/log.js';

const CAPTION_LOG_PREFIX = 'captions:';
const streamName = (meetingId: string, language: Language) => `${CAPTION_LOG_PREFIX}${meetingId}:${language}`;

export interface CaptionCommitted {
  meetingId: string;
  language: Language;
  entry: CaptionLogEntry;
  stream: CaptionStream;
  committed: CaptionLine[];
}

export interface CaptionHubOptions {
  /** Quiet period after which the tail commits by itself. */
  quietMs: number;
  tailSize?: number;
}

function floorContextOf(state: MeetingState): FloorContext {
  return { topicId: state.currentTopicId, participantId: currentFloor(state)?.participantId ?? null };
}

function sameContext(a: FloorContext, b: FloorContext): boolean {
  return a.topicId === b.topicId && a.participantId === b.participantId;
}

/**
 * The caption streams of every meeting, one per language, each in front of its own log.
 * Like the meeting registry, it persists each accepted command before announcing it.
 */
export class CaptionHub {
  private readonly streams = new Map<string, LiveLog<CaptionStream, CaptionLogEntry>>();
  private readonly quietTimers = new Map<string, NodeJS.Timeout>();
  private readonly listeners = new Set<(committed: CaptionCommitted) => void>();

  constructor(
    private readonly store: LogStore,
    private readonly registry: MeetingRegistry,
    private readonly clock: () => number,
    private readonly options: CaptionHubOptions,
  ) {
    for (const name of store.streams(CAPTION_LOG_PREFIX)) {
      const language = name.slice(name.lastIndexOf(':') + 1) as Language;
      const entries = store.read(name).map((entry) => CaptionLogEntry.parse(entry));
      let stream = emptyStream(language);
      for (const entry of entries) {
        const result = applyCaption(stream, entry.command, { actor: entry.actor, now: entry.at });
        if (!result.ok) throw new Error(`${name} entry ${entry.seq} does not apply: ${result.error.code}`);
        stream = result.value.stream;
      }
      this.streams.set(name, new LiveLog(store, name, stream, entries, options.tailSize ?? 2000));
      if (stream.tail.text) this.scheduleQuietCommit(name.slice(CAPTION_LOG_PREFIX.length, name.lastIndexOf(':')), language);
    }
    registry.onCommitted(({ meetingId, state }) => this.followFloor(meetingId, state));
  }

  onCommitted(listener: (committed: CaptionCommitted) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Captioner and feed commands: only on an open meeting, in one of its languages. A writer
   * that has been silent for the quiet period yields to the seat or feed that writes, so two
   * CAT-only writers can rotate without anyone pressing a button.
   */
  write(meetingId: string, language: Language, actor: CaptionActor, command: CaptionCommand): Result<CaptionAccepted> {
    const meeting = this.registry.get(meetingId);
    if (!meeting) return fail('MEETING_NOT_FOUND');
    if (!meeting.state.languages.includes(language)) return fail('UNKNOWN_LANGUAGE');
    if (meeting.state.status !== 'open') return fail('MEETING_NOT_OPEN');
    if (actor.kind === 'captioner') {
      const refused = this.seatRefusal(meeting.state, actor.linkId);
      if (refused) return fail(refused);
      const seat = { kind: 'link', role: 'captioner', linkId: actor.linkId, participantId: null } as const;
      if (command.type === 'caption:takeOver' && !mayCaption(seat, meeting.state, 'takeOver')) return fail('CAPTION_LEAD_ONLY');
    }
    const live = this.liveStream(meetingId, language, meeting.state);
    const writer = actor.kind === 'captioner' ? actor.linkId : actor.kind === 'feed' ? actor.feedId : null;
    const silent = writerSilent(live.state, this.clock(), this.options.quietMs);
    if (command.type === 'caption:write' && writer !== null && live.state.writer !== null && live.state.writer !== writer && silent) {
      const handOver: CaptionCommand = { type: 'caption:handOver', to: writer, reason: 'quiet', by: null };
      // Hand over only if the post itself would then be applied: a refused post moves nothing.
      const handed = applyCaption(live.state, handOver, { actor: { kind: 'system' }, now: this.clock() });
      if (handed.ok && applyCaption(handed.value.stream, command, { actor, now: this.clock() }).ok) {
        const result = this.dispatch(meetingId, language, live, { kind: 'system' }, handOver);
        if (!result.ok) return result;
      }
    }
    const result = this.dispatch(meetingId, language, live, actor, command);
    if (result.ok && command.type === 'caption:write') this.breakTail(meetingId, language, live);
    return result;
  }

  /** A tail that has run past a sentence or its length becomes lines now, not at the next pause. */
  private breakTail(meetingId: string, language: Language, live: LiveLog<CaptionStream, CaptionLogEntry>): void {
    for (let chars = tailBreak(live.state.tail.text); chars > 0; chars = tailBreak(live.state.tail.text)) {
      if (!this.dispatch(meetingId, language, live, { kind: 'system' }, { type: 'caption:commit', chars }).ok) return;
    }
  }

  /**
   * The lead captioner or the chair switches the active provider (StreamText's "Change
   * Provider"): to a captioner seat or a pulled feed of the meeting.
   */
  handOver(meetingId: string, language: Language, to: string, by: string, feeds: readonly string[]): Result<CaptionAccepted> {
    const meeting = this.registry.get(meetingId);
    if (!meeting) return fail('MEETING_NOT_FOUND');
    if (!meeting.state.languages.includes(language)) return fail('UNKNOWN_LANGUAGE');
    if (meeting.state.status !== 'open') return fail('MEETING_NOT_OPEN');
    if (!feeds.includes(to) && this.seatRefusal(meeting.state, to)) return fail('LINK_NOT_FOUND');
    const live = this.liveStream(meetingId, language, meeting.state);
    return this.dispatch(meetingId, language, live, { kind: 'system' }, { type: 'caption:handOver', to, reason: 'switched', by });
  }

  /** A seat stops writing the moment its link is revoked or expires. */
  private seatRefusal(state: MeetingState, linkId: string): 'FORBIDDEN' | 'LINK_REVOKED' | 'LINK_EXPIRED' | null {
    const link = state.links.find((candidate) => candidate.id === linkId);
    if (!link || link.role !== 'captioner') return 'FORBIDDEN';
    if (link.revokedAt !== null) return 'LINK_REVOKED';
    if (link.expiresAt <= this.clock()) return 'LINK_EXPIRED';
    return null;
  }

  snapshot(meetingId: string, language: Language): Result<CaptionSnapshot> {
    const meeting = this.registry.get(meetingId);
    if (!meeting) return fail('MEETING_NOT_FOUND');
    if (!meeting.state.languages.includes(language)) return fail('UNKNOWN_LANGUAGE');
    const live = this.streams.get(streamName(meetingId, language));
    const stream = live?.state ?? emptyStream(language, floorContextOf(meeting.state));
    return ok({ language, seq: live?.seq ?? 0, stream: trimmedForSnapshot(stream, SNAPSHOT_LINES) });
  }

  entriesSince(meetingId: string, language: Language, lastSeq: number): CaptionLogEntry[] | null {
    const live = this.streams.get(streamName(meetingId, language));
    if (!live) return lastSeq === 0 ? [] : null;
    return live.entriesSince(lastSeq);
  }

  /** The whole stream, every committed line included (for transcripts and the archive). */
  fullStream(meetingId: string, language: Language): CaptionStream | null {
    return this.streams.get(streamName(meetingId, language))?.state ?? null;
  }

  close(): void {
    for (const timer of this.quietTimers.values()) clearTimeout(timer);
    this.quietTimers.clear();
  }

  /** A stream's log starts with the floor as it is when its first caption arrives. */
  private liveStream(meetingId: string, language: Language, state: MeetingState) {
    const name = streamName(meetingId, language);
    const existing = this.streams.get(name);
    if (existing) return existing;
    const live = new LiveLog<CaptionStream, CaptionLogEntry>(this.store, name, emptyStream(language), [], this.options.tailSize ?? 2000);
    this.streams.set(name, live);
    this.dispatch(meetingId, language, live, { kind: 'system' }, { type: 'caption:context', context: floorContextOf(state) });
    return live;
  }

  private dispatch(
    meetingId: string,
    language: Language,
    live: LiveLog<CaptionStream, CaptionLogEntry>,
    actor: CaptionActor,
    command: CaptionCommand,
  ): Result<CaptionAccepted> {
    const at = live.timeOfNext(this.clock());
    const result = applyCaption(live.state, command, { actor, now: at });
    if (!result.ok) return result;
    if (result.value.duplicate) return ok({ seq: live.seq, duplicate: true });
    const entry: CaptionLogEntry = { seq: live.seq + 1, at, actor, command };
    try {
      live.append(entry, result.value.stream);
    } catch (error) {
      console.error(`Could not persist ${command.type} for ${live.stream}:`, error);
      return fail('INTERNAL');
    }
    const committed = { meetingId, language, entry, stream: result.value.stream, committed: result.value.committed };
    for (const listener of this.listeners) listener(committed);
    if (result.value.stream.tail.text) this.scheduleQuietCommit(meetingId, language);
    return ok({ seq: entry.seq, duplicate: false });
  }

  private scheduleQuietCommit(meetingId: string, language: Language): void {
    const name = streamName(meetingId, language);
    if (this.quietTimers.has(name)) return;
    const check = () => {
      this.quietTimers.delete(name);
      const live = this.streams.get(name);
      if (!live?.state.tail.text) return;
      const quietFor = this.clock() - (live.state.lastInputAt ?? 0);
      if (quietFor < this.options.quietMs) {
        this.quietTimers.set(name, setTimeout(check, this.options.quietMs - quietFor).unref());
        return;
      }
      this.dispatch(meetingId, language, live, { kind: 'system' }, { type: 'caption:commit' });
    };
    this.quietTimers.set(name, setTimeout(check, this.options.quietMs).unref());
  }

  private followFloor(meetingId: string, state: MeetingState): void {
    const context = floorContextOf(state);
    for (const language of state.languages) {
      const live = this.streams.get(streamName(meetingId, language));
      if (!live || sameContext(live.state.context, context)) continue;
      this.dispatch(meetingId, language, live, { kind: 'system' }, { type: 'caption:context', context });
    }
  }
}
