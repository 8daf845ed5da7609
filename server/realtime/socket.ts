import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { normaliseCaptionText } from '../../shared/captions/model.js';
import type { Actor } from '../../shared/access/actor.js';
import { appError, type AppError } from '../../shared/errors.js';
import { commandSchemas, socketCommandTypes, type MeetingCommand } from '../../shared/meeting/commands.js';
import {
  CaptionFetchLines,
  CaptionSubscribe,
  CaptionTakeOver,
  CaptionUnsubscribe,
  CaptionWrite,
} from '../../shared/protocol/captions.js';
import {
  HandshakeAuth,
  SyncRequest,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../../shared/protocol/socket.js';
import { projectionOfRole } from '../../shared/protocol/projection.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { changedStatementAuthors } from '../../shared/speaker-queue/statements.js';
import { changedRegistrations } from '../../shared/meeting/selectors.js';
import type { Result } from '../../shared/result.js';
import type { LinkSigner, VerifiedLink } from '../access/links.js';
import type { CaptionDesk } from '../captions/desk.js';
import type { CaptionHub } from '../captions/hub.js';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { captionStream, type CaptionCommitted, type Committed, type MeetingRoom, type RoomSession } from '../meetings/room.js';
import { writeFailureCode } from '../storage/health.js';
import { ownOf, type MeetingViews } from './meeting-views.js';
import { encodeSnapshot, type ProjectionFeeds } from './projections.js';
import { RateLimiter } from './rate-limit.js';
import { answerEach, contextOf, type Request } from './requests.js';
import { emitEncoded } from './fan-out.js';
import { captionRoom, joinRooms, ownParticipantId, projectionRoom, selfRoom } from './room-names.js';
import { linkRoom } from './session-end.js';
import type { SocketWriteLimits } from './write-limits.js';

/** Who a connection is: shared, read-only, by every connection of the same link token. */
export interface SocketData {
  readonly meetingId: string;
  readonly actor: Readonly<Extract<Actor, { kind: 'link' }>>;
}

/** Between nodes, through the Redis adapter (`serverSideEmit`); each receiver parses what it gets. */
export interface InterNodeEvents {
  'presence:changed': (change: unknown) => void;
  /** Answered with this node's part of a meeting's caption desk (`localDeskPart`). */
  'desk:report': (meetingId: string, answer: (part: unknown) => void) => void;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterNodeEvents, SocketData>;

export interface RealtimeDeps {
  registry: MeetingRegistry;
  captions: CaptionHub;
  /** The caption desk hears of text typed in a browser console, like any other source. */
  desk: CaptionDesk;
  signer: LinkSigner;
  clock: () => number;
  views: MeetingViews;
  /** What each link and address may write, and how many connections a link may hold. */
  writeLimits: SocketWriteLimits;
  /** A link's pages open on this node, sockets and event streams. */
  openOnLink: (meetingId: string, linkId: string) => number;
  /** The client's address behind the trusted proxies (TRUST_PROXY), as the HTTP limits count it. */
  addressOf: (request: RealtimeSocket['request']) => string;
}

/**
 * The event name is the command type, so a socket payload is the command without it. Built
 * once: building them per connection cost tens of kilobytes for every viewer.
 */
const payloadSchemas = Object.fromEntries(
  socketCommandTypes.map((type) => [type, (commandSchemas[type] as z.ZodObject).omit({ type: true })]),
) as Record<(typeof socketCommandTypes)[number], z.ZodObject>;

/** Link tokens whose connections share one `SocketData` (each a few hundred bytes of key). */
const MAX_SHARED_LINK_DATA = 10_000;

/** Socket.IO hands `err.data` to the client's connect_error, so a refusal carries its code. */
function refusal(error: AppError): Error & { data: AppError } {
  return Object.assign(new Error(error.message), { data: error });
}

const asAck = <T>(result: Result<T>): Ack<T> => (result.ok ? { ok: true, value: result.value } : result);

/**
 * The room extension that tells connections: each durable meeting change to the meeting's
 * sockets as a patch of what their role sees (one encode per kind of connection), and each
 * caption change to its language's subscribers (session-end.ts closes a revoked link's).
 *
 * With nodes sharing one log (PostgreSQL), a change reaches a page from the node it
 * is connected to, whether that node wrote the entry or read it from the log (every node reads
 * every entry anyway, to follow the meeting and run the caption quiet timers): one way, in seq
 * order, so a page never runs ahead of its node; a change made where no page of the meeting is
 * connected (an HTTP API call, a registration, a LiveKit webhook) still reaches every page; and
 * meeting changes and captions reach every node's pages while Redis is away: `ownWrites` is then
 * `io.local`. Without a shared log the writer tells every node's pages through Redis (`io`).
 */
export function broadcastExtension(io: RealtimeServer, feeds: ProjectionFeeds, ownWrites: Reach): RoomExtension {
  const tellPages = (pages: Reach) => ({ meetingId, entry, previous, state }: Committed) => {
    const changes = feeds.advance(meetingId, entry, state);
    // No feed: no page of the meeting is connected to this node.
    if (!changes) return;
    for (const [kind, change] of changes) pages.to(projectionRoom(meetingId, kind)).emit('meeting:changed', change);
    // A participant's projection may not name them and withholds their statements' text until
    // the floor comes to them: their own registration and statements go to them.
    if (!previous) return;
    const changed = new Set(changedStatementAuthors(previous.topics, state.topics));
    if (previous.participants !== state.participants) {
      for (const participant of changedRegistrations(previous.participants, state.participants)) changed.add(participant.id);
    }
    for (const participantId of changed) {
      const own = ownOf(state, participantId);
      if (own) pages.to(selfRoom(meetingId, participantId)).emit('self:changed', { seq: entry.seq, ...own });
    }
  };
  const tellSubscribers = (pages: Reach) => ({ meetingId, language, entry }: CaptionCommitted) => {
    pages.to(captionRoom(meetingId, language)).emit('caption:changed', { language, entry });
  };
  return {
    name: 'broadcast',
    committed: tellPages(ownWrites),
    // Only with a shared log: this node read what another wrote.
    followed: tellPages(io.local),
    captionCommitted: tellSubscribers(ownWrites),
    captionFollowed: tellSubscribers(io.local),
    unload: ({ room }) => feeds.drop(room.meetingId),
  };
}

/** Whose connections a node tells: every node's (through Redis) or only its own (`io.local`). */
export type Reach = Pick<RealtimeServer, 'to' | 'in'>;

/** Thin adapter: authenticates the connection, parses every message, and hands it on. */
export function attachRealtime(io: RealtimeServer, { registry, captions, desk, signer, clock, views, writeLimits, openOnLink, addressOf }: RealtimeDeps): void {
  io.use((socket, next) => {
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(refusal(appError('BAD_REQUEST', 'handshake auth')));
    if (auth.data.protocolVersion < PROTOCOL_VERSION) return next(refusal(appError('CLIENT_TOO_OLD')));
    if (auth.data.protocolVersion > PROTOCOL_VERSION) return next(refusal(appError('SERVER_TOO_OLD')));
    const verified = signer.verify(auth.data.token);
    if (!verified.ok) return next(refusal(verified.error));
    registry.openCurrent(verified.value.meetingId).then(
      (room) => admit(socket, room, auth.data.token, verified.value, auth.data.lastSeq, next),
      (error: unknown) => next(refusal(appError(writeFailureCode(error)))),
    );
  });

  /**
   * One frozen `SocketData` per link token, for all its connections: thousands of webcast
   * viewers share one link, and a copy each (with its actor) cost about 100 bytes per viewer.
   * Bounded; forgetting only ends the sharing.
   */
  const linkData = new Map<string, SocketData>();
  const dataOf = (token: string, { meetingId, actor }: VerifiedLink): SocketData => {
    let data = linkData.get(token);
    if (!data) {
      if (linkData.size >= MAX_SHARED_LINK_DATA) linkData.clear();
      data = Object.freeze({ meetingId, actor: Object.freeze(actor) });
      linkData.set(token, data);
    }
    return data;
  };
  /** Where a connection coming back was, from its handshake until its first catch-up. */
  const resumeFrom = new WeakMap<RealtimeSocket, number>();

  const admit = (socket: RealtimeSocket, room: MeetingRoom | undefined, token: string, link: VerifiedLink, lastSeq: number | undefined, next: (error?: Error) => void) => {
    if (!room) return next(refusal(appError('MEETING_NOT_FOUND')));
    const problem = room.checkLink(link);
    if (problem) return next(refusal(problem));
    const { meetingId, actor } = link;
    if (!writeLimits.mayConnect(actor.role, openOnLink(meetingId, actor.linkId))) return next(refusal(appError('TOO_MANY_CONNECTIONS')));
    socket.data = dataOf(token, link);
    if (lastSeq !== undefined) resumeFrom.set(socket, lastSeq);
    next();
  };

  /** What a connection's requests need of it; also its session in the meeting room. */
  interface Connection extends RoomSession {
    socket: RealtimeSocket;
    commands: RateLimiter;
    /** Where it comes from, for the budget its log-writing commands share with that address. */
    address: string;
    /** Made on the first caption write: only captioners write, and every viewer holds a connection. */
    captions: RateLimiter | null;
  }

  /**
   * A link revoked or expired since the handshake is refused at once: its connection is
   * closed by session-end.ts right after, and nothing is answered to it meanwhile.
   */
  const linkRefusal = ({ socket, meetingId }: Connection): AppError | null => {
    const room = registry.room(meetingId);
    return room ? room.checkLink(socket.data) : appError('MEETING_NOT_FOUND');
  };

  // The connection's commands that write to the log also draw on its link's and address's budgets.
  const writes = ({ commands, meetingId, actor, address }: Connection) => writeLimits.writes(commands, meetingId, actor.linkId, actor.role, address);

  const captionerOf = ({ actor }: Connection) => (actor.role === 'captioner' ? ({ kind: 'captioner', linkId: actor.linkId } as const) : null);
  const byCommand = (connection: Connection) => connection.commands;
  const commandLimits = { burst: 20, perSecond: 10, clock };
  // Captioners send a delta every 50 ms or so while they write.
  const captionLimits = { burst: 100, perSecond: 50, clock };

  // One table for every connection: a viewer holds one listener, not one per request.
  const requests: Record<string, Request<Connection>> = {
    ...Object.fromEntries(
      socketCommandTypes.map((type): [string, Request<Connection>] => [
        type,
        {
          schema: payloadSchemas[type],
          limiter: writes,
          handle: async ({ meetingId, actor }, payload) => {
            const result = await registry.dispatch(meetingId, actor, { ...payload, type } as MeetingCommand);
            return result.ok ? { ok: true, value: { seq: result.value.seq, createdId: result.value.createdId } } : result;
          },
        },
      ]),
    ),
    'meeting:sync': {
      schema: SyncRequest,
      limiter: byCommand,
      handle: async (connection, { lastSeq }: z.infer<typeof SyncRequest>) => {
        const refused = linkRefusal(connection);
        if (refused) return { ok: false, error: refused };
        // A client ahead of this node saw another node's change first: read it before answering.
        if (lastSeq !== undefined && lastSeq > (registry.room(connection.meetingId)?.seq ?? 0)) await registry.openCurrent(connection.meetingId);
        const result = views.catchUp(connection.meetingId, connection.actor, lastSeq);
        return result ? { ok: true, value: result } : { ok: false, error: appError('MEETING_NOT_FOUND') };
      },
    },
    'caption:subscribe': {
      schema: CaptionSubscribe,
      limiter: byCommand,
      handle: async (connection, { language, lastSeq }: z.infer<typeof CaptionSubscribe>) => {
        const { socket, meetingId } = connection;
        const refused = linkRefusal(connection);
        if (refused) return { ok: false, error: refused };
        if (lastSeq !== undefined && lastSeq > (registry.room(meetingId)?.captionSeq(language) ?? 0)) {
          await registry.openCurrent(meetingId, captionStream(meetingId, language));
        }
        const result = captions.catchUp(meetingId, language, lastSeq);
        // Join only once the catch-up is computed: nothing broadcast before it is lost in between.
        if (result.ok) joinRooms(socket, [captionRoom(meetingId, language)]);
        return asAck(result);
      },
    },
    'caption:unsubscribe': {
      schema: CaptionUnsubscribe,
      limiter: byCommand,
      silent: true,
      handle: ({ socket, meetingId }, { language }: z.infer<typeof CaptionUnsubscribe>) => {
        void socket.leave(captionRoom(meetingId, language));
        return { ok: true, value: null };
      },
    },
    'caption:fetchLines': {
      schema: CaptionFetchLines,
      limiter: byCommand,
      handle: ({ socket, meetingId }, { language, fromLine, limit }: z.infer<typeof CaptionFetchLines>) => {
        // Whoever may follow the captions may read their lines, while their link still holds.
        const room = registry.room(meetingId);
        const problem = room ? room.checkLink(socket.data) : appError('MEETING_NOT_FOUND');
        return problem ? { ok: false, error: problem } : asAck(captions.lines(meetingId, language, fromLine, limit));
      },
    },
    'caption:write': {
      schema: CaptionWrite,
      limiter: (connection) => (connection.captions ??= new RateLimiter(captionLimits)),
      handle: async (connection, { language, erase, text }: z.infer<typeof CaptionWrite>) => {
        const captioner = captionerOf(connection);
        if (!captioner) return { ok: false, error: appError('FORBIDDEN') };
        const result = await captions.write(connection.meetingId, language, captioner, { type: 'caption:write', erase, text: normaliseCaptionText(text) });
        if (result.ok) desk.typed(connection.meetingId, captioner.linkId, language, captions.current(connection.meetingId, language));
        return asAck(result);
      },
    },
    'caption:takeOver': {
      schema: CaptionTakeOver,
      limiter: writes,
      handle: async (connection, { language }: z.infer<typeof CaptionTakeOver>) => {
        const captioner = captionerOf(connection);
        if (!captioner) return { ok: false, error: appError('FORBIDDEN') };
        return asAck(await captions.write(connection.meetingId, language, captioner, { type: 'caption:takeOver' }));
      },
    },
  };

  // Shared by every connection (each is `this`): a viewer holds no closure of its own.
  function left(this: RealtimeSocket) {
    const connection = contextOf(this, requests);
    if (connection) registry.room(connection.meetingId)?.leave(connection);
  }

  io.on('connection', (socket) => {
    const { meetingId, actor } = socket.data;
    const room = registry.room(meetingId);
    // The feeds start with the first connection; joining and catching up happen in this same
    // turn, so no change falls between the catch-up and the broadcasts.
    views.follow(meetingId);
    const participantId = ownParticipantId(actor);
    joinRooms(socket, [
      projectionRoom(meetingId, projectionOfRole[actor.role]),
      linkRoom(meetingId, actor.linkId),
      ...(participantId ? [selfRoom(meetingId, participantId)] : []),
    ]);
    const connection: Connection = {
      id: socket.id,
      meetingId,
      actor,
      socket,
      commands: new RateLimiter(commandLimits),
      address: addressOf(socket.request),
      captions: null,
    };
    answerEach(socket, requests, connection);
    room?.join(connection);
    socket.on('disconnect', left);

    const resumed = views.catchUp(meetingId, actor, resumeFrom.get(socket));
    resumeFrom.delete(socket);
    if (resumed?.kind === 'changes') {
      for (const change of resumed.changes) socket.emit('meeting:changed', change);
      // Changes to their own registration while they were away are not in their projection's.
      if (resumed.self && room) socket.emit('self:changed', { seq: room.seq, ...resumed.self });
    } else if (resumed) emitEncoded(socket, 'meeting:snapshot', encodeSnapshot(resumed.snapshot));
  });
}
