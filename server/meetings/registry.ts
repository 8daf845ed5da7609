import { z } from 'zod';
import type { Actor } from '../../shared/access/actor.js';
import type { MeetingCommand } from '../../shared/meeting/commands.js';
import { Id, MeetingStatus, type MeetingState } from '../../shared/meeting/model.js';
import type { LogEntry } from '../../shared/protocol/socket.js';
import { fail, type Result } from '../../shared/result.js';
import { GroupCommit } from '../storage/group-commit.js';
import type { LogStore } from '../storage/log.js';
import { logger } from '../observability/log.js';
import { systemTimers, type Timers } from '../timers.js';
import type { RoomExtension } from './extensions.js';
import { CAPTION_LOG_PREFIX, DEFAULT_NODE_NAME, MEETING_LOG_PREFIX, MeetingRoom, meetingStream, type CaptionCommitted, type CommandGuard, type Committed, type Dispatched, type RoomOptions } from './room.js';

export type { CaptionCommitted, CommandGuard, Committed, Dispatched } from './room.js';

export type CommitListener = (committed: Committed) => void;

/** What lists of meetings show, kept as a document so that listing loads no meeting. */
export const MeetingSummary = z.object({
  id: Id,
  title: z.string(),
  status: MeetingStatus,
  venue: z.string(),
  startsAt: z.number(),
  endsAt: z.number(),
  timeZone: z.string(),
});
export type MeetingSummary = z.infer<typeof MeetingSummary>;

const SUMMARY_PREFIX = 'summary:';

const summaryOf = ({ id, title, status, venue, startsAt, endsAt, timeZone }: MeetingState): MeetingSummary => ({
  id,
  title,
  status,
  venue,
  startsAt,
  endsAt,
  timeZone,
});

const sameSummary = (a: MeetingSummary | undefined, b: MeetingSummary) =>
  a !== undefined && (Object.keys(b) as Array<keyof MeetingSummary>).every((key) => a[key] === b[key]);

export interface RegistryOptions {
  captionQuietMs: number;
  /** See RoomOptions. */
  nodeName?: string;
  /** The group commit's window. */
  commitWindowMs?: number;
  /** A room nobody used for this long, with nothing pending, leaves memory (open meetings stay). */
  idleUnloadMs?: number;
  tailSize?: number;
  /** Caption entries each stream keeps for reconnecting pages (see RoomOptions). */
  captionTailSize?: number;
  attendanceGraceMs?: number;
  timers?: Timers;
  snapshotEvery?: number;
  captionSnapshotEvery?: number;
}

/**
 * The directory of meeting rooms. A room is loaded on first use (from its last snapshot and
 * the entries after it) and unloaded when idle; listing meetings reads their summaries, so a
 * start-up reads only the open meetings, however many archived meetings the server keeps.
 *
 * Loading reads the store, so it is asynchronous: whatever takes a meeting id from outside
 * (a connection, a request) calls `open` first; `room` and `get` then answer synchronously
 * from memory, as everything that runs inside a meeting does.
 */
export class MeetingRegistry {
  private readonly rooms = new Map<string, MeetingRoom>();
  private readonly summaries = new Map<string, MeetingSummary>();
  private readonly listeners = new Set<CommitListener>();
  private readonly captionListeners = new Set<(committed: CaptionCommitted) => void>();
  private readonly extensions: RoomExtension[] = [];
  readonly commits: GroupCommit;
  private readonly roomOptions: RoomOptions;
  private readonly sweep: NodeJS.Timeout;
  /** Rooms being loaded, so two requests at once load a meeting once. */
  private readonly loading = new Map<string, Promise<MeetingRoom | undefined>>();
  /** Rooms being unloaded: loading one again waits until its last writes are done. */
  private readonly unloading = new Map<string, Promise<void>>();
  private readonly summaryWrites = new Set<Promise<void>>();
  private unwatch: () => void = () => {};
  private readonly following = new Set<Promise<void>>();
  private closing = false;

  /** Reads the meetings' summaries and loads the open meetings. */
  static async load(store: LogStore, clock: () => number, options: RegistryOptions = { captionQuietMs: 3000 }): Promise<MeetingRegistry> {
    const registry = new MeetingRegistry(store, clock, options);
    try {
      await registry.start();
    } catch (error) {
      clearInterval(registry.sweep);
      throw error;
    }
    return registry;
  }

  private constructor(
    private readonly store: LogStore,
    private readonly clock: () => number,
    private readonly options: RegistryOptions,
  ) {
    this.commits = new GroupCommit(store, options.commitWindowMs ?? 2);
    this.roomOptions = {
      store,
      commits: this.commits,
      clock,
      captionQuietMs: options.captionQuietMs,
      nodeName: options.nodeName ?? DEFAULT_NODE_NAME,
      extensions: this.extensions,
      tailSize: options.tailSize,
      captionTailSize: options.captionTailSize,
      attendanceGraceMs: options.attendanceGraceMs,
      timers: options.timers ?? systemTimers,
      snapshotEvery: options.snapshotEvery,
      captionSnapshotEvery: options.captionSnapshotEvery,
    };
    this.setExtensions([]);
    this.sweep = setInterval(() => this.unloadIdle(), Math.max(1000, (options.idleUnloadMs ?? 60_000) / 2));
    this.sweep.unref();
  }

  private async start(): Promise<void> {
    const { store } = this;
    for (const key of await store.documents(SUMMARY_PREFIX)) {
      const summary = MeetingSummary.safeParse(await store.readDocument(key));
      if (summary.success) this.summaries.set(summary.data.id, summary.data);
    }
    // Logs written before summaries existed are read once, and summarised for good.
    for (const stream of await store.streams(MEETING_LOG_PREFIX)) {
      const meetingId = stream.slice(MEETING_LOG_PREFIX.length);
      if (this.summaries.has(meetingId)) continue;
      const room = await MeetingRoom.load(meetingId, this.roomOptions);
      if (!room?.state) continue;
      await this.summarise(room.state);
      await room.unload();
    }
    // Open meetings are live: loaded now, so their caption tails commit after their quiet
    // period and the attendance a stop left open is closed at the restart, not at first use.
    for (const summary of [...this.summaries.values()]) if (summary.status === 'open') await this.open(summary.id);
    this.unwatch = store.watch?.({ appended: (stream, seq) => this.followStream(stream, seq), resync: () => this.resync() }) ?? (() => {});
  }

  /**
   * Another node appended to a stream. A meeting in memory reads what it missed; one this node
   * has not loaded is loaded (it may be new, or its summary may have changed), so that lists
   * and the next connection see it as the node that wrote it does.
   */
  private followStream(stream: string, seq: number): void {
    // A notice delivered late, once closing has begun, would read a store about to close.
    if (this.closing) return;
    const meetingId = stream.startsWith(MEETING_LOG_PREFIX)
      ? stream.slice(MEETING_LOG_PREFIX.length)
      : stream.startsWith(CAPTION_LOG_PREFIX)
        ? stream.slice(CAPTION_LOG_PREFIX.length, stream.lastIndexOf(':'))
        : null;
    if (meetingId === null) return;
    const room = this.rooms.get(meetingId);
    const following = (room ? room.follow(stream, seq) : stream.startsWith(MEETING_LOG_PREFIX) ? this.discover(meetingId) : Promise.resolve()).catch(
      (error: unknown) => logger.error({ err: error, meetingId, stream }, 'could not read what another node appended'),
    );
    // Closing waits for the reads under way: they use the store it is about to close.
    this.following.add(following);
    void following.finally(() => this.following.delete(following));
  }

  /** A meeting another node wrote and this one does not hold: loaded, and its summary taken from it. */
  private async discover(meetingId: string): Promise<void> {
    const loading = this.loading.get(meetingId);
    if (loading) {
      await (await loading)?.followAll();
      return;
    }
    const room = await this.loadRoom(meetingId);
    if (room?.state) this.summaries.set(meetingId, summaryOf(room.state));
  }

  /** Notices may have been lost: every meeting in memory reads its streams again, and lists read the summaries again. */
  private resync(): void {
    void (async () => {
      for (const key of await this.store.documents(SUMMARY_PREFIX)) {
        const summary = MeetingSummary.safeParse(await this.store.readDocument(key));
        if (summary.success && !this.rooms.has(summary.data.id)) this.summaries.set(summary.data.id, summary.data);
      }
      await Promise.all([...this.rooms.values()].map((room) => room.followAll()));
    })().catch((error: unknown) => logger.error({ err: error }, 'could not read again what other nodes appended'));
  }

  /**
   * The side effects of every room, in the order they run. The summary is kept first; the
   * `onCommitted` listeners run after the declared extensions.
   */
  setExtensions(declared: readonly RoomExtension[]): void {
    const catalogue: RoomExtension = {
      name: 'catalogue',
      committed: ({ state }) => void this.summarise(state),
      // The node that wrote it keeps the summary document; this one only lists it as it is now.
      followed: ({ state }) => void this.summaries.set(state.id, summaryOf(state)),
    };
    const listeners: RoomExtension = {
      name: 'listeners',
      committed: (committed) => {
        for (const listener of this.listeners) listener(committed);
      },
      captionCommitted: (committed) => {
        for (const listener of this.captionListeners) listener(committed);
      },
    };
    this.extensions.splice(0, this.extensions.length, catalogue, ...declared, listeners);
  }

  onCommitted(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onCaptionCommitted(listener: (committed: CaptionCommitted) => void): () => void {
    this.captionListeners.add(listener);
    return () => this.captionListeners.delete(listener);
  }

  /** The meeting's room if it is in memory (open meetings always are); see `open`. */
  room(meetingId: string): MeetingRoom | undefined {
    const loaded = this.rooms.get(meetingId);
    return loaded?.state ? loaded : undefined;
  }

  /** The meeting's room, loaded if need be; undefined for a meeting that does not exist. */
  open(meetingId: string): Promise<MeetingRoom | undefined> {
    const loaded = this.rooms.get(meetingId);
    if (loaded) return Promise.resolve(loaded.state ? loaded : undefined);
    // With a shared store another node may have just created it, before its notice came.
    if (!this.summaries.has(meetingId) && !this.store.watch) return Promise.resolve(undefined);
    return this.loadRoom(meetingId);
  }

  private loadRoom(meetingId: string): Promise<MeetingRoom | undefined> {
    const pending = this.loading.get(meetingId);
    if (pending) return pending;
    const loading = (async () => {
      await this.unloading.get(meetingId);
      const room = await MeetingRoom.load(meetingId, this.roomOptions);
      if (room) this.rooms.set(meetingId, room);
      return room ?? undefined;
    })().finally(() => this.loading.delete(meetingId));
    this.loading.set(meetingId, loading);
    return loading;
  }

  /**
   * The meeting's room, loaded if need be, and with a store shared by several nodes, holding
   * what the others appended up to now: another node's broadcast may reach a client before
   * this node's room read it, and a client must never be handed a state older than one it saw.
   */
  async openCurrent(meetingId: string, stream = meetingStream(meetingId)): Promise<MeetingRoom | undefined> {
    const room = await this.open(meetingId);
    if (room && this.store.watch) await room.follow(stream);
    return room;
  }

  /** The durable state and seq of a meeting in memory (see `open`). */
  get(meetingId: string): { state: MeetingState; seq: number } | undefined {
    const room = this.room(meetingId);
    return room?.state ? { state: room.state, seq: room.seq } : undefined;
  }

  /** One meeting as lists show it; loads nothing. */
  summary(meetingId: string): MeetingSummary | undefined {
    return this.summaries.get(meetingId);
  }

  /** Every meeting, as lists show it; reads no log. */
  catalogue(): MeetingSummary[] {
    return [...this.summaries.values()];
  }

  /** Meetings that are not archived, loaded: archived ones are never loaded for a list. */
  async list(): Promise<MeetingState[]> {
    const rooms = await Promise.all(this.catalogue().filter((summary) => summary.status !== 'archived').map((summary) => this.open(summary.id)));
    return rooms.flatMap((room) => room?.state ?? []);
  }

  /** Rooms in memory now. */
  loaded(): MeetingRoom[] {
    return [...this.rooms.values()].filter((room) => room.state !== null);
  }

  /** A meeting in memory runs the command at once, so commands keep the order they came in. */
  dispatch(meetingId: string, actor: Actor, command: MeetingCommand, guard?: CommandGuard): Promise<Result<Dispatched>> {
    const room = this.room(meetingId);
    if (room) return room.dispatch(actor, command, guard);
    if (this.summaries.has(meetingId) && command.type !== 'meeting:create') {
      return this.open(meetingId).then((opened) => (opened ? opened.dispatch(actor, command, guard) : fail('MEETING_NOT_FOUND')));
    }
    return this.create(meetingId, actor, command);
  }

  private create(meetingId: string, actor: Actor, command: MeetingCommand): Promise<Result<Dispatched>> {
    if (command.type !== 'meeting:create') return Promise.resolve(fail('MEETING_NOT_FOUND'));
    if (this.rooms.has(meetingId) || this.summaries.has(meetingId)) return Promise.resolve(fail('MEETING_EXISTS'));
    const room = MeetingRoom.empty(meetingId, this.roomOptions);
    this.rooms.set(meetingId, room);
    return room.dispatch(actor, command).then((result) => {
      if (!result.ok && !room.state) this.rooms.delete(meetingId);
      return result;
    });
  }

  entriesSince(meetingId: string, lastSeq: number): LogEntry[] | null {
    return this.room(meetingId)?.entriesSince(lastSeq) ?? null;
  }

  /** Unloads every room (their last departures and snapshots are written) and the pending commits. */
  async close(): Promise<void> {
    this.closing = true;
    this.unwatch();
    await Promise.allSettled([...this.following]);
    clearInterval(this.sweep);
    await Promise.allSettled([...this.loading.values()]);
    const rooms = [...this.rooms.values()];
    this.rooms.clear();
    await Promise.all(rooms.map((room) => room.unload()));
    await Promise.allSettled([...this.unloading.values(), ...this.summaryWrites]);
    await this.commits.flush();
  }

  private unloadIdle(): void {
    const before = this.clock() - (this.options.idleUnloadMs ?? 60_000);
    for (const [meetingId, room] of this.rooms) {
      if (!room.idle || room.lastActive > before || room.state?.status === 'open') continue;
      this.rooms.delete(meetingId);
      const unloading = room.unload().finally(() => this.unloading.delete(meetingId));
      this.unloading.set(meetingId, unloading);
    }
  }

  private summarise(state: MeetingState): Promise<void> {
    const summary = summaryOf(state);
    if (sameSummary(this.summaries.get(state.id), summary)) return Promise.resolve();
    this.summaries.set(state.id, summary);
    const written = this.store.writeDocument(SUMMARY_PREFIX + state.id, summary).catch((error: unknown) => {
      // The log is intact; the next start summarises the meeting from it again.
      logger.error({ err: error, meetingId: state.id }, 'could not write the summary of a meeting');
    });
    this.summaryWrites.add(written);
    void written.finally(() => this.summaryWrites.delete(written));
    return written;
  }
}
