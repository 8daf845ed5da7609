import { randomBytes } from 'node:crypto';
import type { Actor } from '../../shared/access/actor.js';
import { mayCaption } from '../../shared/access/captions.js';
import { issuedLinkProblem } from '../../shared/access/links.js';
import { AttendanceEntry } from '../../shared/archive/attendance.js';
import {
  CaptionLogEntry,
  CaptionStream,
  type CaptionActor,
  type CaptionCommand,
  type CaptionLine,
  type FloorContext,
} from '../../shared/captions/model.js';
import { applyCaption, emptyStream, tailBreak, trimmedForSnapshot, writerSilent } from '../../shared/captions/stream.js';
import type { AppError } from '../../shared/errors.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { execute } from '../../shared/meeting/execute.js';
import { MeetingState, type Language } from '../../shared/meeting/model.js';
import { currentFloor } from '../../shared/meeting/selectors.js';
import { SNAPSHOT_LINES, type CaptionAccepted, type CaptionLinesPage, type CaptionSnapshot } from '../../shared/protocol/captions.js';
import { LogEntry } from '../../shared/protocol/socket.js';
import { fail, ok, type Result } from '../../shared/result.js';
import { checkAgainst, type VerifiedLink } from '../access/links.js';
import type { GroupCommit } from '../storage/group-commit.js';
import { writeFailureCode } from '../storage/health.js';
import { LiveLog } from '../storage/live-log.js';
import { conflictBackoff, loadStream, LogIntegrityError, parsedAt, SeqConflictError, type LogAppend, type LogStore, type StreamSnapshot } from '../storage/log.js';
import { runHooks, type RoomExtension } from './extensions.js';
import { logger } from '../observability/log.js';
import type { Timer, Timers } from '../timers.js';

export const MEETING_LOG_PREFIX = 'meeting:';
export const CAPTION_LOG_PREFIX = 'captions:';
export const ATTENDANCE_LOG_PREFIX = 'attendance:';
export const meetingStream = (meetingId: string) => MEETING_LOG_PREFIX + meetingId;
export const captionStream = (meetingId: string, language: Language) => `${CAPTION_LOG_PREFIX}${meetingId}:${language}`;
export const attendanceStream = (meetingId: string) => ATTENDANCE_LOG_PREFIX + meetingId;

export interface Committed {
  meetingId: string;
  entry: LogEntry;
  /** The meeting the entry was judged on (null for its first), for extensions that tell what changed (a participant's own registration). */
  previous: MeetingState | null;
  state: MeetingState;
  createdId: string | null;
}

/**
 * What a dispatch answers: the seq and state the command leaves the meeting at, and what it
 * created. A command that changed nothing (`unchanged`) answers the state it found, durable.
 */
export interface Dispatched {
  seq: number;
  state: MeetingState;
  createdId: string | null;
  unchanged: boolean;
}

export interface CaptionCommitted {
  meetingId: string;
  language: Language;
  entry: CaptionLogEntry;
  /** The stream after the entry, with its recent lines only (`fullStream` has the transcript). */
  stream: CaptionStream;
  committed: CaptionLine[];
}

/** One connection to the room, whatever carries it. */
export interface RoomSession {
  id: string;
  meetingId: string;
  actor: Extract<Actor, { kind: 'link' }>;
}

/** The name of a node that was not given one: every node of a one-node deployment. */
export const DEFAULT_NODE_NAME = 'openfloor';

export interface RoomOptions {
  store: LogStore;
  /**
   * This node among the nodes sharing the store: the attendance it records carries it, and a
   * room loaded here closes only the attendance this node (or a log from before names) left open.
   */
  nodeName: string;
  commits: GroupCommit;
  clock: () => number;
  /** Quiet period after which a caption tail commits by itself. */
  captionQuietMs: number;
  extensions: readonly RoomExtension[];
  tailSize?: number;
  /**
   * Caption entries kept in memory for reconnecting pages (2,000 by default); a page away
   * longer gets a snapshot and asks for the lines in between (`captionLines`).
   */
  captionTailSize?: number;
  /** A participant whose last device left comes back within this without a new attendance entry. */
  attendanceGraceMs?: number;
  /** The attendance grace runs on these, so it follows the clock. */
  timers: Timers;
  /** A snapshot is written every so many entries, so loading replays at most that many. */
  snapshotEvery?: number;
  captionSnapshotEvery?: number;
}

type MeetingLog = LiveLog<MeetingState, LogEntry>;
type CaptionStep = { actor: CaptionActor; command: CaptionCommand };
type CaptionLog = LiveLog<CaptionStream, CaptionLogEntry>;

interface Attending {
  connection: string;
  sessions: number;
  /** Set while the last device is away within the grace period: when it left, and the timer. */
  away: { since: number; timer: Timer } | null;
}

/**
 * How long a participant's last device may be gone before they are recorded as leaving.
 * Reconnections are what it absorbs: a page reload, a phone moving from Wi-Fi to mobile data,
 * a laptop waking up come back within a few seconds (Socket.IO retries after 1 to 5 s), and
 * 15 s lets two retries fail first. It costs the record nothing: a departure is dated when the
 * last device left, not when the grace ran out; only a return within it is not a new arrival.
 */
export const ATTENDANCE_GRACE_MS = 15_000;

const floorContextOf = (state: MeetingState): FloorContext => ({
  topicId: state.currentTopicId,
  participantId: currentFloor(state)?.participantId ?? null,
});

/**
 * The room runs the caption transition on streams that keep only their recent lines (cut back
 * now and then, so the cut costs nothing per line): the pure transition appends a committed
 * line by copying `lines`, which over a 3-hour transcript made every line, and every replayed
 * entry, cost the whole transcript. The transcript itself grows apart, one push per line.
 */
const LIVE_LINES = SNAPSHOT_LINES;
const recentOnly = (stream: CaptionStream): CaptionStream =>
  stream.lines.length > 2 * LIVE_LINES ? { ...stream, lines: stream.lines.slice(-LIVE_LINES) } : stream;

/** After this many lost races a command is judged while the store holds the log for it (appendJudged). */
const JUDGED_AFTER = 2;

/** How often a command is judged again after another node took its seq, before the client is told to retry. */
const CONFLICT_RETRIES = 10;

/**
 * Attendance is written with the next batch of the meeting's other changes, or after this long:
 * no page waits on it, and a hall of delegates joining then costs one sync per window, not one
 * each. Each change keeps the time it happened; a crash loses at most this much of it, and the
 * pages that come back are recorded again.
 */
const ATTENDANCE_WRITE_WITHIN_MS = 250;


/** What a client is told when its command lost every race: nothing changed, try again. */
const conflictOrFailure = (error: unknown) => (error instanceof SeqConflictError ? 'BUSY' : writeFailureCode(error));

/**
 * The answer of a write, or, when it lost its seq to another node (`settled` gave the conflict
 * back to try again), a pause, a fresh read of what the other node wrote, and the command judged
 * anew: the one retry rule of meeting and caption commands.
 */
function retriedOnConflict<T>(
  settled: Promise<Result<T> | SeqConflictError>,
  attempt: number,
  readAhead: () => Promise<void>,
  again: (attempt: number) => Promise<Result<T>>,
): Promise<Result<T>> {
  return settled.then((outcome) =>
    outcome instanceof SeqConflictError
      ? conflictBackoff(attempt)
        .then(readAhead)
        .then(
          () => again(attempt + 1),
          (error: unknown) => fail<T>(writeFailureCode(error)),
        )
      : outcome,
  );
}

/**
 * What a command needs besides the meeting's own rules, judged on the very state it is applied
 * to (the staged one, in the same turn as `execute`), never on an earlier read: a record
 * correction naming transcript lines, which live in the caption logs.
 */
export type CommandGuard = (state: MeetingState) => Result<null>;

function judge(state: MeetingState | null, actor: Actor, command: MeetingCommand, now: number, guard: CommandGuard | undefined) {
  const guarded = guard && state ? guard(state) : null;
  return guarded && !guarded.ok ? guarded : execute(state, command, { actor, now });
}

const sameContext = (a: FloorContext, b: FloorContext) => a.topicId === b.topicId && a.participantId === b.participantId;

/** Waits until a log has nothing staged: each staged write settles or rolls back with the last write's promise. */
async function drained(staged: () => boolean, lastWrite: () => Promise<unknown> | undefined): Promise<void> {
  while (staged()) {
    const pending = lastWrite();
    await pending;
    // Settled, yet something is still staged: let the handlers that settle it run first.
    if (staged() && lastWrite() === pending) await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Reads a stream until it holds `seq` (unknown: one read begun after the call). A read under
 * way may have been taken before the append this notice is about: when it ends short of
 * `seq`, or `seq` is unknown, the stream is read again.
 */
async function readUntil(seq: number | undefined, held: () => number, read: (fresh: boolean) => Promise<void>): Promise<void> {
  if (seq !== undefined && seq <= held()) return;
  await read(seq === undefined);
  if (seq !== undefined && seq > held()) await read(true);
}

/**
 * One meeting, live: its meeting log, its caption logs and their quiet timers, its attendance
 * and its sessions, in one object (after tldraw's `TLSyncRoom`, Hocuspocus's `Document`).
 *
 * Every change takes one path: run the pure transition on the latest state, stage the entry,
 * hand it to the group commit, and only once it is durable run the extensions' hooks (the
 * broadcast, LiveKit, the archive) in their declared order. Until then nobody outside sees it:
 * `state`, snapshots and catch-ups read the durable state only.
 */
export class MeetingRoom {
  private meeting: MeetingLog | null;
  private readonly captions = new Map<Language, CaptionLog>();
  /** Every durable committed line of each stream, in order. */
  private readonly transcripts = new Map<Language, CaptionLine[]>();
  private readonly quietTimers = new Map<Language, NodeJS.Timeout>();
  private readonly sessions = new Map<string, RoomSession>();
  private readonly attending = new Map<string, Attending>();
  private attendanceSeq = 0;
  private attendanceStaged = 0;
  private readonly attendanceWrites = new Set<Promise<void>>();
  private readonly attendanceRetries: Array<{ change: Omit<AttendanceEntry, 'seq' | 'at' | 'node'>; at: number; attempt: number }> = [];
  private attendanceResync: Promise<void> | null = null;
  private sinceSnapshot = 0;
  private readonly captionSinceSnapshot = new Map<Language, number>();
  private inFlight = 0;
  private readonly writes = new Set<Promise<unknown>>();
  private snapshotsWritten: Promise<void> = Promise.resolve();
  /** The last meeting write staged, settled or rolled back when it resolves (it never rejects). */
  private lastMeetingWrite: Promise<unknown> = Promise.resolve();
  /** The same per caption stream: the floor context and the captions' own writes. */
  private readonly lastCaptionWrite = new Map<Language, Promise<unknown>>();
  /** Reading what other nodes appended: commands wait for it, then run on what it read. */
  private meetingCatchUp: Promise<void> | null = null;
  private readonly captionCatchUps = new Map<Language, Promise<void>>();
  /** When the room last did anything; an idle room is unloaded. */
  lastActive: number;

  private constructor(
    readonly meetingId: string,
    meeting: MeetingLog | null,
    private readonly options: RoomOptions,
  ) {
    this.meeting = meeting;
    this.lastActive = options.clock();
  }

  /** A new room for a meeting about to be created. */
  static empty(meetingId: string, options: RoomOptions): MeetingRoom {
    return new MeetingRoom(meetingId, null, options);
  }

  /**
   * Loads a meeting from its latest snapshot and the entries after it; null when it has no log.
   * Attendance still open in the log ended when the previous process stopped.
   */
  static async load(meetingId: string, options: RoomOptions): Promise<MeetingRoom | null> {
    const { store } = options;
    const tailSize = options.tailSize ?? 1000;
    const name = meetingStream(meetingId);
    const loaded = await loadStream(store, name, (raw) => MeetingState.parse(raw), (raw) => LogEntry.parse(raw));
    let state = loaded.state;
    for (const entry of loaded.entries) {
      const result = execute(state, entry.command, { actor: entry.actor, now: entry.at });
      if (!result.ok) throw new LogIntegrityError(name, entry.seq, `does not apply to the state before it (${result.error.code})`);
      state = result.value.state;
    }
    if (!state) return null;
    const seq = loaded.entries.at(-1)?.seq ?? loaded.seq;
    const room = new MeetingRoom(meetingId, new LiveLog(name, state, seq, loaded.entries, tailSize), options);
    room.sinceSnapshot = loaded.entries.length;
    for (const language of state.languages) await room.loadCaptions(language);
    await room.loadAttendance();
    return room;
  }

  /**
   * `announce`: the stream's first entries were written by another node while this one held it
   * as empty (as it does until a stream's first caption): the subscribers here were given that
   * empty stream, so the entries are told to the extensions as followed, unless the log starts
   * from a snapshot (their pages then find the gap and catch up).
   */
  private async loadCaptions(language: Language, announce = false): Promise<void> {
    const name = captionStream(this.meetingId, language);
    const loaded = await loadStream(this.options.store, name, (raw) => CaptionStream.parse(raw), (raw) => CaptionLogEntry.parse(raw));
    if (!loaded.state && loaded.entries.length === 0) return;
    const transcript = loaded.state ? [...loaded.state.lines] : [];
    let stream = recentOnly(loaded.state ?? emptyStream(language));
    const followed: CaptionCommitted[] = [];
    for (const entry of loaded.entries) {
      const result = applyCaption(stream, entry.command, { actor: entry.actor, now: entry.at });
      if (!result.ok) throw new LogIntegrityError(name, entry.seq, `does not apply to the stream before it (${result.error.code})`);
      stream = recentOnly(result.value.stream);
      transcript.push(...result.value.committed);
      if (announce && !loaded.state) followed.push({ meetingId: this.meetingId, language, entry, stream: result.value.stream, committed: result.value.committed });
    }
    this.transcripts.set(language, transcript);
    const seq = loaded.entries.at(-1)?.seq ?? loaded.seq;
    this.captions.set(language, new LiveLog(name, stream, seq, loaded.entries, this.options.captionTailSize ?? 2000));
    this.captionSinceSnapshot.set(language, loaded.entries.length);
    for (const committed of followed) runHooks(this.options.extensions, 'captionFollowed', committed);
    if (stream.tail.text) this.scheduleQuietCommit(language);
  }

  private async loadAttendance(): Promise<void> {
    const name = attendanceStream(this.meetingId);
    const entries = (await this.options.store.read(name)).map((raw, index) => parsedAt(name, index + 1, 'the entry', (value) => AttendanceEntry.parse(value), raw));
    this.attendanceSeq = this.attendanceStaged = entries.at(-1)?.seq ?? 0;
    const open = new Map<string, string>();
    for (const entry of entries) {
      if (entry.change === 'left') open.delete(entry.connection);
      // Another node's connections may be live: that node closes them when it restarts.
      else if ((entry.node ?? this.options.nodeName) === this.options.nodeName) open.set(entry.connection, entry.participantId);
    }
    const now = this.options.clock();
    for (const [connection, participantId] of open) this.appendAttendance({ connection, participantId, change: 'left' }, now);
  }

  /** The durable state: what snapshots, link checks and readers see. */
  get state(): MeetingState | null {
    return this.meeting?.durableState ?? null;
  }

  /**
   * The state with the changes on their way to the disk: only for refusing a command that
   * would clash with one of them (a duplicate registration), never to show anyone.
   */
  get latest(): MeetingState | null {
    return this.meeting?.state ?? null;
  }

  get seq(): number {
    return this.meeting?.durableSeq ?? 0;
  }

  /** Nothing waits for the disk, no caption tail waits to commit, nobody is connected. */
  get idle(): boolean {
    return this.sessions.size === 0 && this.inFlight === 0 && this.quietTimers.size === 0 && this.attending.size === 0;
  }

  entriesSince(lastSeq: number): LogEntry[] | null {
    return this.meeting?.entriesSince(lastSeq) ?? null;
  }

  /** The one link check: the link exists in this meeting as signed, is neither revoked nor expired, and a participant's registration is admitted. */
  checkLink(link: VerifiedLink): AppError | null {
    const state = this.state;
    if (!state) return { code: 'MEETING_NOT_FOUND', message: '' };
    return checkAgainst(state, link, this.options.clock());
  }

  /**
   * Runs a command: persisted, then announced to the extensions, then answered. A command that
   * changes nothing is answered without touching the log, once the state it was judged
   * against is durable (judged again if a write it followed failed).
   */
  dispatch(actor: Actor, command: MeetingCommand, guard?: CommandGuard): Promise<Result<Dispatched>> {
    return this.runCommand(actor, command, 0, guard);
  }

  /**
   * With several nodes on one store, another node may have taken the seq this one staged: the
   * store refuses it (SeqConflictError), the room reads what it missed, and the command runs
   * again on that state, judged anew (it may now be refused, or change nothing).
   */
  private runCommand(actor: Actor, command: MeetingCommand, attempt: number, guard?: CommandGuard): Promise<Result<Dispatched>> {
    if (this.meetingCatchUp) return this.track(this.meetingCatchUp.catch(() => {}).then(() => this.runCommand(actor, command, attempt, guard)));
    // Lost twice: a busy node can keep winning the optimistic race, so this try holds the log.
    if (attempt >= JUDGED_AFTER && this.meeting && this.options.store.appendJudged) return this.track(this.runJudged(actor, command, guard));
    this.lastActive = this.options.clock();
    const existing = this.meeting;
    if (!existing && command.type !== 'meeting:create') return Promise.resolve(fail('MEETING_NOT_FOUND'));
    const at = existing ? existing.timeOfNext(this.options.clock()) : this.options.clock();
    const previous = existing?.state ?? null;
    const result = judge(previous, actor, command, at, guard);
    // Refused, or nothing to change, may only mean that this node has not read another's change yet.
    const judgeOnLatest = attempt === 0 && existing !== null && this.options.store.watch !== undefined;
    if (judgeOnLatest && (!result.ok || (result.value.unchanged && !existing.hasStaged))) {
      return this.track(this.catchUpMeeting(true).then(() => this.runCommand(actor, command, 1, guard), (error: unknown) => fail<Dispatched>(writeFailureCode(error))));
    }
    if (!result.ok) return Promise.resolve(result);
    if (existing && result.value.unchanged) {
      if (existing.hasStaged) return this.track(this.lastMeetingWrite.then(() => this.runCommand(actor, command, attempt, guard)));
      return Promise.resolve(ok({ seq: existing.durableSeq, state: existing.durableState, createdId: null, unchanged: true }));
    }
    // A new meeting's log starts with nothing durable: its first entry is staged like any other.
    const log = existing ?? new LiveLog<MeetingState, LogEntry>(meetingStream(this.meetingId), null as unknown as MeetingState, 0, [], this.options.tailSize ?? 1000);
    this.meeting = log;
    const entry: LogEntry = { seq: log.seq + 1, at, actor, command };
    const append = log.stage(entry, result.value.state);
    const committed: Committed = { meetingId: this.meetingId, entry, previous, state: result.value.state, createdId: result.value.createdId };
    // The caption streams follow the floor: their entries ride in the same group commit, as a
    // unit of their own written only after the meeting's (a caption disk error does not undo it).
    const follow = this.stageFloorContext(result.value.state);
    const own = { appends: [append], wanted: () => log.holds(entry) };
    const [meetingDone, captionsDone] = this.options.commits.chain(follow ? [own, { appends: follow.appends, wanted: follow.holds }] : [own]);
    if (follow && captionsDone) {
      const settled = this.track(captionsDone.then(follow.onDurable, follow.onFailed));
      for (const language of follow.languages) this.lastCaptionWrite.set(language, settled);
    }
    const settled = meetingDone!.then(
      () => {
        log.settle(entry.seq);
        this.sinceSnapshot += 1;
        runHooks(this.options.extensions, 'committed', committed);
        this.maybeSnapshot();
        return ok<Dispatched>({ seq: entry.seq, state: committed.state, createdId: committed.createdId, unchanged: false });
      },
      (error: unknown) => {
        if (existing) log.rollback(entry.seq);
        else this.meeting = null;
        if (error instanceof SeqConflictError && attempt < CONFLICT_RETRIES) return error;
        logger.error({ err: error, meetingId: this.meetingId, command: command.type }, 'could not persist a meeting command');
        return fail<Dispatched>(conflictOrFailure(error));
      },
    );
    this.lastMeetingWrite = settled;
    return this.track(retriedOnConflict(settled, attempt, () => this.catchUpMeeting(true), (next) => this.runCommand(actor, command, next, guard)));
  }

  /**
   * Another node appended to one of this meeting's streams, up to `seq` (unknown after a lost
   * notice): reads what this room has not seen. A notice of what this room has staged itself
   * is no news; if the other node took those seqs, the store refuses this room's write and the
   * retry catches up.
   */
  follow(stream: string, seq?: number): Promise<void> {
    if (stream === meetingStream(this.meetingId)) return readUntil(seq, () => this.meeting?.seq ?? 0, (fresh) => this.catchUpMeeting(fresh));
    const language = this.state?.languages.find((candidate) => captionStream(this.meetingId, candidate) === stream);
    if (!language) return Promise.resolve();
    return readUntil(seq, () => this.captions.get(language)?.seq ?? -1, (fresh) => this.catchUpCaptions(language, fresh));
  }

  /** Reads every stream of the meeting again from where this room is (notices may have been lost). */
  async followAll(): Promise<void> {
    await this.catchUpMeeting();
    await Promise.all((this.state?.languages ?? []).map((language) => this.catchUpCaptions(language)));
  }

  /**
   * One read at a time. `fresh`: a read begun before the caller learned it was behind may not
   * hold what it missed (a retry after a lost race): it waits for that read, then reads again.
   */
  private catchUpMeeting(fresh = false): Promise<void> {
    if (fresh && this.meetingCatchUp) return this.meetingCatchUp.catch(() => {}).then(() => this.catchUpMeeting());
    this.meetingCatchUp ??= this.readMeetingAhead().finally(() => (this.meetingCatchUp = null));
    return this.meetingCatchUp;
  }

  private async readMeetingAhead(): Promise<void> {
    const name = meetingStream(this.meetingId);
    for (;;) {
      // Commands wait for the catch-up, so what is staged now only drains.
      await drained(() => this.meeting?.hasStaged ?? false, () => this.lastMeetingWrite);
      const from = this.meeting?.durableSeq ?? 0;
      const read = await this.options.store.readNewer(name, from);
      if (this.meeting?.hasStaged) continue;
      this.adoptMeetingEntries(from, read);
      return;
    }
  }

  /** Entries other nodes wrote after `from`, read from the store: applied, and told to the extensions that follow. */
  private adoptMeetingEntries(from: number, read: readonly unknown[]): void {
    const name = meetingStream(this.meetingId);
    for (const [index, raw] of read.entries()) {
      const entry = parsedAt(name, from + index + 1, 'the entry', (value) => LogEntry.parse(value), raw);
      const previous = this.meeting?.state ?? null;
      const result = execute(previous, entry.command, { actor: entry.actor, now: entry.at });
      if (!result.ok) throw new LogIntegrityError(name, entry.seq, `does not apply to the state before it (${result.error.code})`);
      if (this.meeting) this.meeting.adopt(entry, result.value.state);
      else this.meeting = new LiveLog(name, result.value.state, entry.seq, [entry], this.options.tailSize ?? 1000);
      this.sinceSnapshot += 1;
      runHooks(this.options.extensions, 'followed', { meetingId: this.meetingId, entry, previous, state: result.value.state, createdId: result.value.createdId });
    }
  }

  /**
   * The command judged and written while the store holds the meeting's log for it: what other
   * nodes wrote is read and applied first, so this try cannot lose. Commands on this node wait
   * meanwhile, as during a catch-up. The caption streams learn the floor in writes of their own.
   */
  private async runJudged(actor: Actor, command: MeetingCommand, guard?: CommandGuard): Promise<Result<Dispatched>> {
    const log = this.meeting!;
    // What the judgement inside the store's transaction decided: an answer without a write, or the entry written.
    const decided: { answer?: Result<Dispatched>; written?: Committed } = {};
    const judged = (async () => {
      await drained(() => log.hasStaged, () => this.lastMeetingWrite);
      await this.options.store.appendJudged!(log.stream, log.durableSeq, (newer) => {
        this.adoptMeetingEntries(log.durableSeq, newer);
        const at = log.timeOfNext(this.options.clock());
        const result = judge(log.state, actor, command, at, guard);
        if (!result.ok || result.value.unchanged) {
          decided.answer = result.ok ? ok({ seq: log.durableSeq, state: log.durableState, createdId: null, unchanged: true }) : result;
          return [];
        }
        const entry: LogEntry = { seq: log.seq + 1, at, actor, command };
        decided.written = { meetingId: this.meetingId, entry, previous: log.state, state: result.value.state, createdId: result.value.createdId };
        return [log.stage(entry, result.value.state)];
      });
    })();
    const gate = judged.then(() => {}, () => {});
    this.meetingCatchUp = gate;
    try {
      await judged;
    } catch (error) {
      if (decided.written) log.rollback(decided.written.entry.seq);
      logger.error({ err: error, meetingId: this.meetingId, command: command.type }, 'could not persist a meeting command');
      return fail(conflictOrFailure(error));
    } finally {
      if (this.meetingCatchUp === gate) this.meetingCatchUp = null;
    }
    const committed = decided.written;
    if (!committed) return decided.answer!;
    log.settle(committed.entry.seq);
    this.sinceSnapshot += 1;
    runHooks(this.options.extensions, 'committed', committed);
    this.maybeSnapshot();
    for (const language of committed.state.languages) void this.followFloor(language);
    return ok({ seq: committed.entry.seq, state: committed.state, createdId: committed.createdId, unchanged: false });
  }

  private catchUpCaptions(language: Language, fresh = false): Promise<void> {
    const running = this.captionCatchUps.get(language);
    if (fresh && running) return running.catch(() => {}).then(() => this.catchUpCaptions(language));
    let reading = running;
    if (!reading) {
      reading = this.readCaptionsAhead(language).finally(() => this.captionCatchUps.delete(language));
      this.captionCatchUps.set(language, reading);
    }
    return reading;
  }

  private async readCaptionsAhead(language: Language): Promise<void> {
    const name = captionStream(this.meetingId, language);
    for (;;) {
      const live = this.captions.get(language);
      if (!live) return this.loadCaptions(language, true);
      await drained(() => live.hasStaged, () => this.lastCaptionWrite.get(language));
      const from = live.durableSeq;
      const read = await this.options.store.readNewer(name, from);
      if (live.hasStaged || this.captions.get(language) !== live) continue;
      for (const [index, raw] of read.entries()) {
        const entry = parsedAt(name, from + index + 1, 'the entry', (value) => CaptionLogEntry.parse(value), raw);
        const result = applyCaption(live.state, entry.command, { actor: entry.actor, now: entry.at });
        if (!result.ok) throw new LogIntegrityError(name, entry.seq, `does not apply to the stream before it (${result.error.code})`);
        live.adopt(entry, recentOnly(result.value.stream));
        this.recordLines(language, result.value.committed);
        this.captionSinceSnapshot.set(language, (this.captionSinceSnapshot.get(language) ?? 0) + 1);
        runHooks(this.options.extensions, 'captionFollowed', { meetingId: this.meetingId, language, entry, stream: result.value.stream, committed: result.value.committed });
      }
      // Every node keeps the quiet timer: whichever commits first wins, the others find it done.
      if (live.state.tail.text) this.scheduleQuietCommit(language);
      return;
    }
  }

  /**
   * Captioner and feed commands: only on an open meeting, in one of its languages, from a valid
   * seat (taking a stream over at once is the lead captioner's). A writer silent for the quiet
   * period yields to the seat or feed that writes: the hand-over and the write are staged
   * together, in one unit of the group commit, with the tail breaks the write makes due.
   */
  writeCaption(language: Language, actor: CaptionActor, command: CaptionCommand, attempt = 0): Promise<Result<CaptionAccepted>> {
    const refused = this.captionRefusal(language);
    if (refused) return Promise.resolve(fail(refused));
    if (actor.kind === 'captioner') {
      const seat = this.seatRefusal(actor.linkId);
      if (seat) return Promise.resolve(fail(seat));
      const link = { kind: 'link', role: 'captioner', linkId: actor.linkId, participantId: null } as const;
      if (command.type === 'caption:takeOver' && !mayCaption(link, this.state!, 'takeOver')) return Promise.resolve(fail('CAPTION_LEAD_ONLY'));
    }
    const steps: CaptionStep[] = [];
    const current = this.captions.get(language)?.state;
    const writer = actor.kind === 'captioner' ? actor.linkId : actor.kind === 'feed' ? actor.feedId : null;
    const now = this.options.clock();
    const taken = current !== undefined && current.writer !== null && current.writer !== writer;
    const silent = current !== undefined && writerSilent(current, now, this.options.captionQuietMs);
    if (command.type === 'caption:write' && writer !== null && taken && silent) {
      const handOver: CaptionCommand = { type: 'caption:handOver', to: writer, reason: 'quiet', by: null };
      // Hand over only if the post itself would then be applied: a refused post moves nothing.
      const handed = applyCaption(current, handOver, { actor: { kind: 'system' }, now });
      if (handed.ok && applyCaption(handed.value.stream, command, { actor, now }).ok) steps.push({ actor: { kind: 'system' }, command: handOver });
    }
    steps.push({ actor, command });
    return this.captionCommands(language, steps, attempt, (next) => this.writeCaption(language, actor, command, next), command.type === 'caption:write');
  }

  /** Switches the active provider to a captioner seat or one of the meeting's pulled feeds. */
  handOverCaptions(language: Language, to: string, by: string, feeds: readonly string[], attempt = 0): Promise<Result<CaptionAccepted>> {
    const refused = this.captionRefusal(language);
    if (refused) return Promise.resolve(fail(refused));
    if (!feeds.includes(to) && this.seatRefusal(to)) return Promise.resolve(fail('LINK_NOT_FOUND'));
    const step: CaptionStep = { actor: { kind: 'system' }, command: { type: 'caption:handOver', to, reason: 'switched', by } };
    return this.captionCommands(language, [step], attempt, (next) => this.handOverCaptions(language, to, by, feeds, next));
  }

  private captionRefusal(language: Language): 'MEETING_NOT_FOUND' | 'UNKNOWN_LANGUAGE' | 'MEETING_NOT_OPEN' | null {
    const state = this.state;
    if (!state) return 'MEETING_NOT_FOUND';
    if (!state.languages.includes(language)) return 'UNKNOWN_LANGUAGE';
    if (state.status !== 'open') return 'MEETING_NOT_OPEN';
    return null;
  }

  /** A seat stops writing the moment its link is revoked or expires. */
  private seatRefusal(linkId: string): 'FORBIDDEN' | 'LINK_REVOKED' | 'LINK_EXPIRED' | null {
    const link = this.state?.links.find((candidate) => candidate.id === linkId);
    if (!link || link.role !== 'captioner') return 'FORBIDDEN';
    return issuedLinkProblem(link, this.options.clock());
  }

  /**
   * Stages the steps as one unit (all or none); the answer is the last step's. With `breakTail`,
   * a tail that has run past a sentence or its length then becomes lines (tailBreak) in the
   * same unit, as logged commits of its first `chars`, so a replay never moves a line.
   * `again` judges and stages the command anew: after another node's entries were read (while
   * they are being read, or when the store refused a seq that node had taken).
   */
  private captionCommands(
    language: Language,
    steps: readonly CaptionStep[],
    attempt: number,
    again: (attempt: number) => Promise<Result<CaptionAccepted>>,
    breakTail = false,
  ): Promise<Result<CaptionAccepted>> {
    const reading = this.captionCatchUps.get(language);
    if (reading) return this.track(reading.catch(() => {}).then(() => again(attempt)));
    this.lastActive = this.options.clock();
    const existing = this.captions.get(language);
    // A stream's log starts with the floor as it is when its first caption arrives.
    const live = existing ?? new LiveLog<CaptionStream, CaptionLogEntry>(captionStream(this.meetingId, language), emptyStream(language), 0, [], this.options.captionTailSize ?? 2000);
    const staged: Array<{ append: LogAppend; announce: () => void }> = [];
    if (!existing && this.meeting) {
      const context = this.stageCaption(language, live, { kind: 'system' }, { type: 'caption:context', context: floorContextOf(this.meeting.state) });
      if (context.ok && context.value) staged.push(context.value);
    }
    let last: { append: LogAppend; announce: () => void } | null = null;
    for (const { actor, command } of steps) {
      const written = this.stageCaption(language, live, actor, command);
      if (!written.ok) {
        if (staged[0]) live.rollback(staged[0].append.seq);
        return Promise.resolve(written);
      }
      last = written.value;
      if (last) staged.push(last);
    }
    if (breakTail && last) {
      for (let chars = tailBreak(live.state.tail.text); chars > 0; chars = tailBreak(live.state.tail.text)) {
        const broken = this.stageCaption(language, live, { kind: 'system' }, { type: 'caption:commit', chars });
        if (!broken.ok || !broken.value) break;
        staged.push(broken.value);
      }
    }
    // A CAT-software retry already applied is acknowledged, not written again.
    if (staged.length === 0) return Promise.resolve(ok({ seq: live.durableSeq, duplicate: true }));
    if (!existing) this.captions.set(language, live);
    const appends = staged.map(({ append }) => append);
    const settled = this.options.commits.append(appends, () => appends.every(({ entry }) => live.holds(entry as CaptionLogEntry))).then(
      () => {
        for (const { announce } of staged) announce();
        return ok<CaptionAccepted>(last ? { seq: last.append.seq, duplicate: false } : { seq: live.durableSeq, duplicate: true });
      },
      (error: unknown) => {
        live.rollback(staged[0]!.append.seq);
        if (error instanceof SeqConflictError && attempt < CONFLICT_RETRIES) return error;
        logger.error({ err: error, meetingId: this.meetingId, stream: live.stream, command: steps.at(-1)!.command.type }, 'could not persist a caption command');
        return fail<CaptionAccepted>(conflictOrFailure(error));
      },
    );
    this.lastCaptionWrite.set(language, settled);
    return this.track(retriedOnConflict(settled, attempt, () => this.catchUpCaptions(language, true), again));
  }

  /** The durable stream, recent lines only. */
  captionState(language: Language): CaptionStream | null {
    return this.captions.get(language)?.durableState ?? null;
  }

  /** The seq of the stream's last durable entry (0 before its first). */
  captionSeq(language: Language): number {
    return this.captions.get(language)?.durableSeq ?? 0;
  }

  /** The stream with what is on its way to the disk, recent lines only: only to judge the next post. */
  captionLatest(language: Language): CaptionStream | null {
    return this.captions.get(language)?.state ?? null;
  }

  captionSnapshot(language: Language): Result<CaptionSnapshot> {
    const state = this.state;
    if (!state) return fail('MEETING_NOT_FOUND');
    if (!state.languages.includes(language)) return fail('UNKNOWN_LANGUAGE');
    const live = this.captions.get(language);
    const stream = live?.durableState ?? emptyStream(language, floorContextOf(state));
    return ok({ language, seq: live?.durableSeq ?? 0, stream: trimmedForSnapshot(stream, SNAPSHOT_LINES) });
  }

  captionEntriesSince(language: Language, lastSeq: number): CaptionLogEntry[] | null {
    const live = this.captions.get(language);
    if (!live) return lastSeq === 0 ? [] : null;
    return live.entriesSince(lastSeq);
  }

  /**
   * Durable committed lines from line `fromLine` on, at most `limit`: served from the transcript
   * the room keeps in memory, so a thousand pages coming back at once cost a slice each, not a
   * read of the log.
   */
  captionLines(language: Language, fromLine: number, limit: number): Result<CaptionLinesPage> {
    const state = this.state;
    if (!state) return fail('MEETING_NOT_FOUND');
    if (!state.languages.includes(language)) return fail('UNKNOWN_LANGUAGE');
    const transcript = this.transcripts.get(language) ?? [];
    // Lines are numbered from 1 without gaps; the first held one says where the index starts.
    const start = Math.max(0, fromLine - (transcript[0]?.n ?? 1));
    const lineCount = this.captions.get(language)?.durableState.lineCount ?? 0;
    return ok({ language, fromLine, lines: transcript.slice(start, start + limit), lineCount });
  }

  /** The whole durable stream, every committed line included (for transcripts and the archive). */
  fullStream(language: Language): CaptionStream | null {
    const live = this.captions.get(language);
    return live ? { ...live.durableState, lines: [...(this.transcripts.get(language) ?? [])] } : null;
  }

  /** A connection joined: attendance counts a participant's first device, not every reconnect. */
  join(session: RoomSession): void {
    this.lastActive = this.options.clock();
    this.sessions.set(session.id, session);
    const participantId = session.actor.role === 'participant' ? session.actor.participantId : null;
    if (participantId && this.state?.status !== 'archived') {
      const present = this.attending.get(participantId);
      if (!present) {
        const connection = randomBytes(8).toString('hex');
        this.attending.set(participantId, { connection, sessions: 1, away: null });
        this.appendAttendance({ connection, participantId, change: 'joined' }, this.options.clock());
      } else {
        present.sessions += 1;
        if (present.away) this.options.timers.clear(present.away.timer);
        present.away = null;
      }
    }
    runHooks(this.options.extensions, 'sessionJoined', { room: this, session });
  }

  leave(session: RoomSession): void {
    if (!this.sessions.delete(session.id)) return;
    this.lastActive = this.options.clock();
    const participantId = session.actor.role === 'participant' ? session.actor.participantId : null;
    const present = participantId ? this.attending.get(participantId) : undefined;
    if (participantId && present) {
      present.sessions -= 1;
      if (present.sessions === 0) {
        const since = this.options.clock();
        const timer = this.options.timers.set(() => this.departed(participantId), this.options.attendanceGraceMs ?? ATTENDANCE_GRACE_MS);
        present.away = { since, timer };
      }
    }
    runHooks(this.options.extensions, 'sessionLeft', { room: this, session });
  }

  /**
   * Writes what is left (departures in their grace period, snapshots) and stops the timers.
   * Attendance is closed at the time each participant's last device left.
   */
  async unload(): Promise<void> {
    for (const timer of this.quietTimers.values()) clearTimeout(timer);
    this.quietTimers.clear();
    for (const [participantId, present] of this.attending) {
      if (present.away) this.options.timers.clear(present.away.timer);
      if (this.state?.status !== 'archived') {
        this.appendAttendance({ connection: present.connection, participantId, change: 'left' }, present.away?.since ?? this.options.clock());
      }
    }
    this.attending.clear();
    await this.options.commits.flush();
    await Promise.allSettled([...this.writes]);
    await this.writeSnapshots();
    runHooks(this.options.extensions, 'unload', { room: this });
  }

  /**
   * Snapshots of the meeting and its caption streams at their durable seq. The counts are taken
   * before the write, so entries that become durable meanwhile count towards the next one; the
   * writes go one call after the other, so an older snapshot never lands after a newer one.
   */
  writeSnapshots(): Promise<void> {
    const { store } = this.options;
    const writes: Array<{ stream: string; snapshot: StreamSnapshot; undo: () => void }> = [];
    if (this.meeting && this.sinceSnapshot > 0) {
      const counted = this.sinceSnapshot;
      this.sinceSnapshot = 0;
      writes.push({ stream: this.meeting.stream, snapshot: { seq: this.meeting.durableSeq, state: this.meeting.durableState }, undo: () => (this.sinceSnapshot += counted) });
    }
    for (const [language, live] of this.captions) {
      const counted = this.captionSinceSnapshot.get(language) ?? 0;
      if (counted === 0) continue;
      this.captionSinceSnapshot.set(language, 0);
      const undo = () => this.captionSinceSnapshot.set(language, (this.captionSinceSnapshot.get(language) ?? 0) + counted);
      writes.push({ stream: live.stream, snapshot: { seq: live.durableSeq, state: this.fullStream(language) }, undo });
    }
    const written = this.snapshotsWritten.then(async () => {
      for (const { stream, snapshot, undo } of writes) {
        try {
          await store.writeSnapshot(stream, snapshot);
        } catch (error) {
          undo();
          // A snapshot only shortens the next load; the log itself is intact.
          logger.error({ err: error, meetingId: this.meetingId, stream }, 'could not write the snapshot of a stream');
        }
      }
    });
    this.snapshotsWritten = written;
    return written;
  }

  private maybeSnapshot(): void {
    const every = this.options.snapshotEvery ?? 500;
    const captionEvery = this.options.captionSnapshotEvery ?? 5000;
    const due =
      this.sinceSnapshot >= every || [...this.captionSinceSnapshot.values()].some((count) => count >= captionEvery);
    // A sealed meeting never changes again: its snapshot is final, and its next load reads only that.
    if (due || (this.state?.status === 'archived' && this.sinceSnapshot > 0)) void this.track(this.writeSnapshots());
  }

  private departed(participantId: string): void {
    const present = this.attending.get(participantId);
    if (!present?.away) return;
    this.attending.delete(participantId);
    if (this.state?.status === 'archived') return;
    this.appendAttendance({ connection: present.connection, participantId, change: 'left' }, present.away.since);
  }

  private appendAttendance(change: Omit<AttendanceEntry, 'seq' | 'at' | 'node'>, at: number, attempt = 0): void {
    const seq = ++this.attendanceStaged;
    const entry: AttendanceEntry = { ...change, seq, at, node: this.options.nodeName };
    const written = this.track(this.options.commits.appendUnhurried([{ stream: attendanceStream(this.meetingId), seq, entry }], ATTENDANCE_WRITE_WITHIN_MS)).then(
      () => {
        this.attendanceSeq = Math.max(this.attendanceSeq, seq);
      },
      (error: unknown) => {
        if (error instanceof SeqConflictError && attempt < CONFLICT_RETRIES) {
          this.attendanceRetries.push({ change, at, attempt: attempt + 1 });
          this.attendanceAfterOthers();
          return;
        }
        this.attendanceStaged = this.attendanceSeq;
        logger.error({ err: error, meetingId: this.meetingId }, 'could not record attendance');
      },
    );
    this.attendanceWrites.add(written);
    void written.finally(() => this.attendanceWrites.delete(written));
  }

  /**
   * Another node recorded attendance at the seqs this one used: once every write staged on the
   * old end has failed alike, the refused changes go again, in their order, after the others'.
   */
  private attendanceAfterOthers(): void {
    this.attendanceResync ??= (async () => {
      while (this.attendanceWrites.size > 0) await Promise.allSettled([...this.attendanceWrites]);
      const added = await this.options.store.readNewer(attendanceStream(this.meetingId), this.attendanceSeq);
      this.attendanceSeq = this.attendanceStaged = this.attendanceSeq + added.length;
      for (const { change, at, attempt } of this.attendanceRetries.splice(0)) this.appendAttendance(change, at, attempt);
    })()
      .catch((error: unknown) => {
        this.attendanceRetries.splice(0);
        logger.error({ err: error, meetingId: this.meetingId }, 'could not record attendance');
      })
      .finally(() => (this.attendanceResync = null));
  }

  /** The durable attendance log, for the archive, with every change recorded so far. */
  async attendanceEntries(): Promise<AttendanceEntry[]> {
    await this.options.commits.flush();
    return (await this.options.store.read(attendanceStream(this.meetingId))).map((raw) => AttendanceEntry.parse(raw));
  }

  /** Counts a write in flight: a room with writes on their way is not idle, and unloading waits for them. */
  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight += 1;
    this.writes.add(promise);
    return promise.finally(() => {
      this.inFlight -= 1;
      this.writes.delete(promise);
    });
  }

  /**
   * Stages one caption command; null for a CAT-software retry already applied. The returned
   * `announce` settles the entry and runs the caption hooks, once it is durable.
   */
  private stageCaption(
    language: Language,
    live: CaptionLog,
    actor: CaptionActor,
    command: CaptionCommand,
  ): Result<{ append: LogAppend; announce: () => void } | null> {
    const at = live.timeOfNext(this.options.clock());
    const result = applyCaption(live.state, command, { actor, now: at });
    if (!result.ok) return result;
    if (result.value.duplicate) return ok(null);
    const entry: CaptionLogEntry = { seq: live.seq + 1, at, actor, command };
    const append = live.stage(entry, recentOnly(result.value.stream));
    if (result.value.stream.tail.text) this.scheduleQuietCommit(language);
    const announce = () => {
      live.settle(entry.seq);
      this.recordLines(language, result.value.committed);
      this.captionSinceSnapshot.set(language, (this.captionSinceSnapshot.get(language) ?? 0) + 1);
      runHooks(this.options.extensions, 'captionCommitted', {
        meetingId: this.meetingId,
        language,
        entry,
        stream: result.value.stream,
        committed: result.value.committed,
      });
      this.maybeSnapshot();
    };
    return ok({ append, announce });
  }

  private recordLines(language: Language, lines: readonly CaptionLine[]): void {
    const transcript = this.transcripts.get(language) ?? [];
    transcript.push(...lines);
    this.transcripts.set(language, transcript);
  }

  /** Stages a context entry for every caption stream whose floor changed; null when none did. */
  private stageFloorContext(
    state: MeetingState,
  ): { languages: Language[]; appends: LogAppend[]; holds: () => boolean; onDurable: () => void; onFailed: (error: unknown) => void } | null {
    const context = floorContextOf(state);
    const staged: Array<{ language: Language; live: CaptionLog; append: LogAppend; announce: () => void }> = [];
    for (const language of state.languages) {
      const live = this.captions.get(language);
      if (!live || sameContext(live.state.context, context)) continue;
      const result = this.stageCaption(language, live, { kind: 'system' }, { type: 'caption:context', context });
      if (result.ok && result.value) staged.push({ language, live, ...result.value });
    }
    if (staged.length === 0) return null;
    return {
      languages: staged.map(({ language }) => language),
      appends: staged.map(({ append }) => append),
      holds: () => staged.every(({ live, append }) => live.holds(append.entry as CaptionLogEntry)),
      onDurable: () => {
        for (const { announce } of staged) announce();
      },
      onFailed: (error) => {
        for (const { live, append } of staged) live.rollback(append.seq);
        if (error instanceof SeqConflictError) {
          // Another node wrote to a stream meanwhile: read it, then say where the floor is now.
          for (const { language } of staged) void this.catchUpCaptions(language, true).then(() => this.followFloor(language), () => {});
          return;
        }
        logger.error({ err: error, meetingId: this.meetingId }, 'could not persist the caption context');
      },
    };
  }

  /** A caption stream that missed the floor's last change gets it (after reading what another node wrote). */
  private followFloor(language: Language, attempt = 0): Promise<Result<CaptionAccepted>> {
    const live = this.captions.get(language);
    const state = this.state;
    if (!live || !state || sameContext(live.state.context, floorContextOf(state))) return Promise.resolve(ok({ seq: live?.durableSeq ?? 0, duplicate: true }));
    const step: CaptionStep = { actor: { kind: 'system' }, command: { type: 'caption:context', context: floorContextOf(state) } };
    return this.captionCommands(language, [step], attempt, (next) => this.followFloor(language, next));
  }

  private commitQuietTail(language: Language, attempt: number): Promise<Result<CaptionAccepted>> {
    // Another node may have committed it meanwhile: then there is nothing left to commit.
    if (attempt > 0 && !this.captions.get(language)?.state.tail.text) return Promise.resolve(ok({ seq: this.captions.get(language)?.durableSeq ?? 0, duplicate: true }));
    return this.captionCommands(language, [{ actor: { kind: 'system' }, command: { type: 'caption:commit' } }], attempt, (next) => this.commitQuietTail(language, next));
  }

  private scheduleQuietCommit(language: Language): void {
    if (this.quietTimers.has(language)) return;
    const check = () => {
      this.quietTimers.delete(language);
      const live = this.captions.get(language);
      if (!live?.state.tail.text) return;
      const quietFor = this.options.clock() - (live.state.lastInputAt ?? 0);
      if (quietFor < this.options.captionQuietMs) {
        this.quietTimers.set(language, setTimeout(check, this.options.captionQuietMs - quietFor).unref());
        return;
      }
      void this.commitQuietTail(language, 0);
    };
    this.quietTimers.set(language, setTimeout(check, this.options.captionQuietMs).unref());
  }
}
