import type { Server, Socket } from 'socket.io';
import type { Actor } from '../../shared/access/actor.js';
import { appError, type AppError } from '../../shared/errors.js';
import { commandSchemas, socketCommandTypes, type SocketCommandType } from '../../shared/meeting/commands.js';
import {
  HandshakeAuth,
  SyncRequest,
  type Ack,
  type CatchUp,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type Snapshot,
} from '../../shared/protocol/socket.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { checkAgainst, type LinkSigner } from '../access/links.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { RateLimiter } from './rate-limit.js';

export interface SocketData {
  meetingId: string;
  actor: Extract<Actor, { kind: 'link' }>;
  lastSeq: number | undefined;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  registry: MeetingRegistry;
  signer: LinkSigner;
  clock: () => number;
}

const meetingRoom = (meetingId: string) => `meeting:${meetingId}`;
const linkRoom = (meetingId: string, linkId: string) => `link:${meetingId}:${linkId}`;

/** Socket.IO hands `err.data` to the client's connect_error, so a refusal carries its code. */
function refusal(error: AppError): Error & { data: AppError } {
  return Object.assign(new Error(error.message), { data: error });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Thin adapter: authenticates the connection, parses every message, and hands it to the registry. */
export function attachRealtime(io: RealtimeServer, { registry, signer, clock }: RealtimeDeps): void {
  io.use((socket, next) => {
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(refusal(appError('BAD_REQUEST', 'handshake auth')));
    if (auth.data.protocolVersion < PROTOCOL_VERSION) return next(refusal(appError('CLIENT_TOO_OLD')));
    if (auth.data.protocolVersion > PROTOCOL_VERSION) return next(refusal(appError('SERVER_TOO_OLD')));
    const verified = signer.verify(auth.data.token);
    if (!verified.ok) return next(refusal(verified.error));
    const meeting = registry.get(verified.value.meetingId);
    if (!meeting) return next(refusal(appError('MEETING_NOT_FOUND')));
    const problem = checkAgainst(meeting.state, verified.value, clock());
    if (problem) return next(refusal(problem));
    socket.data = { ...verified.value, lastSeq: auth.data.lastSeq };
    next();
  });

  registry.onCommitted(({ meetingId, entry }) => {
    io.to(meetingRoom(meetingId)).emit('meeting:changed', entry);
    if (entry.command.type === 'link:revoke') {
      io.in(linkRoom(meetingId, entry.command.linkId)).disconnectSockets(true);
    }
  });

  const snapshotFor = (socket: RealtimeSocket): Snapshot | null => {
    const meeting = registry.get(socket.data.meetingId);
    if (!meeting) return null;
    const { actor, meetingId } = socket.data;
    return {
      seq: meeting.seq,
      serverNow: clock(),
      state: meeting.state,
      you: { meetingId, linkId: actor.linkId, role: actor.role, participantId: actor.participantId },
    };
  };

  const catchUp = (socket: RealtimeSocket, lastSeq: number | undefined): CatchUp | null => {
    const entries = lastSeq === undefined ? null : registry.entriesSince(socket.data.meetingId, lastSeq);
    if (entries) return { kind: 'entries', entries, serverNow: clock() };
    const snapshot = snapshotFor(socket);
    return snapshot && { kind: 'snapshot', snapshot };
  };

  io.on('connection', (socket) => {
    const { meetingId, actor } = socket.data;
    void socket.join([meetingRoom(meetingId), linkRoom(meetingId, actor.linkId)]);
    const limiter = new RateLimiter({ burst: 20, perSecond: 10, clock });

    const resumed = catchUp(socket, socket.data.lastSeq);
    if (resumed?.kind === 'entries') for (const entry of resumed.entries) socket.emit('meeting:changed', entry);
    else if (resumed) socket.emit('meeting:snapshot', resumed.snapshot);

    const handleCommand = (type: SocketCommandType) => (payload: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (result: Ack<unknown>) => void;
      if (!limiter.take()) return reply({ ok: false, error: appError('RATE_LIMITED') });
      if (!isPlainObject(payload)) return reply({ ok: false, error: appError('BAD_REQUEST', 'payload must be an object') });
      const parsed = commandSchemas[type].safeParse({ ...payload, type });
      if (!parsed.success) {
        const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || type}: ${issue.message}`).join('; ');
        return reply({ ok: false, error: appError('BAD_REQUEST', detail) });
      }
      const result = registry.dispatch(meetingId, actor, parsed.data);
      reply(result.ok ? { ok: true, value: { seq: result.value.entry.seq, createdId: result.value.createdId } } : result);
    };
    for (const type of socketCommandTypes) socket.on(type, handleCommand(type) as never);

    socket.on('meeting:sync', ((request: unknown, ack: unknown) => {
      if (typeof ack !== 'function') return;
      const reply = ack as (result: Ack<CatchUp>) => void;
      if (!limiter.take()) return reply({ ok: false, error: appError('RATE_LIMITED') });
      const parsed = SyncRequest.safeParse(request);
      if (!parsed.success) return reply({ ok: false, error: appError('BAD_REQUEST', 'lastSeq') });
      const result = catchUp(socket, parsed.data.lastSeq);
      reply(result ? { ok: true, value: result } : { ok: false, error: appError('MEETING_NOT_FOUND') });
    }) as never);
  });
}
