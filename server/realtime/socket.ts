import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Actor } from '../../shared/access/actor.js';
import { appError, type AppError } from '../../shared/errors.js';
import { commandSchemas, socketCommandTypes, type MeetingCommand } from '../../shared/meeting/commands.js';
import {
  CaptionSubscribe,
  CaptionTakeOver,
  CaptionUnsubscribe,
  CaptionWrite,
  type CaptionCatchUp,
} from '../../shared/protocol/captions.js';
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
import type { Language } from '../../shared/meeting/model.js';
import type { Result } from '../../shared/result.js';
import { checkAgainst, type LinkSigner } from '../access/links.js';
import type { CaptionDesk } from '../captions/desk.js';
import type { CaptionHub } from '../captions/hub.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import { RateLimiter } from './rate-limit.js';
import { answer } from './requests.js';

export interface SocketData {
  meetingId: string;
  actor: Extract<Actor, { kind: 'link' }>;
  lastSeq: number | undefined;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  registry: MeetingRegistry;
  captions: CaptionHub;
  /** The caption desk hears of text typed in a browser console, like any other source. */
  desk: CaptionDesk;
  signer: LinkSigner;
  clock: () => number;
}

/**
 * The event name is the command type, so a socket payload is the command without it. Built
 * once: building them per connection cost tens of kilobytes for every viewer.
 */
const payloadSchemas = Object.fromEntries(
  socketCommandTypes.map((type) => [type, (commandSchemas[type] as z.ZodObject).omit({ type: true })]),
) as Record<(typeof socketCommandTypes)[number], z.ZodObject>;

export const meetingRoom = (meetingId: string) => `meeting:${meetingId}`;
const linkRoom = (meetingId: string, linkId: string) => `link:${meetingId}:${linkId}`;
export const captionRoom = (meetingId: string, language: Language) => `captions:${meetingId}:${language}`;

/** Socket.IO hands `err.data` to the client's connect_error, so a refusal carries its code. */
function refusal(error: AppError): Error & { data: AppError } {
  return Object.assign(new Error(error.message), { data: error });
}

const asAck = <T>(result: Result<T>): Ack<T> => (result.ok ? { ok: true, value: result.value } : result);

/** Thin adapter: authenticates the connection, parses every message, and hands it on. */
export function attachRealtime(io: RealtimeServer, { registry, captions, desk, signer, clock }: RealtimeDeps): void {
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
  // One encode per caption, sent to the language's room: no per-socket work here.
  captions.onCommitted(({ meetingId, language, entry }) => {
    io.to(captionRoom(meetingId, language)).emit('caption:changed', { language, entry });
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

  const captionCatchUp = (meetingId: string, language: Language, lastSeq: number | undefined): Result<CaptionCatchUp> => {
    const entries = lastSeq === undefined ? null : captions.entriesSince(meetingId, language, lastSeq);
    if (entries) return { ok: true, value: { kind: 'entries', language, entries } };
    const snapshot = captions.snapshot(meetingId, language);
    return snapshot.ok ? { ok: true, value: { kind: 'snapshot', snapshot: snapshot.value } } : snapshot;
  };

  io.on('connection', (socket) => {
    const { meetingId, actor } = socket.data;
    void socket.join([meetingRoom(meetingId), linkRoom(meetingId, actor.linkId)]);
    const commandLimiter = new RateLimiter({ burst: 20, perSecond: 10, clock });
    // Captioners send a delta every 50 ms or so while they write.
    const captionLimiter = new RateLimiter({ burst: 100, perSecond: 50, clock });

    const resumed = catchUp(socket, socket.data.lastSeq);
    if (resumed?.kind === 'entries') for (const entry of resumed.entries) socket.emit('meeting:changed', entry);
    else if (resumed) socket.emit('meeting:snapshot', resumed.snapshot);

    for (const type of socketCommandTypes) {
      answer(socket, type, payloadSchemas[type], commandLimiter, (payload) => {
        const result = registry.dispatch(meetingId, actor, { ...payload, type } as MeetingCommand);
        return result.ok ? { ok: true, value: { seq: result.value.entry.seq, createdId: result.value.createdId } } : result;
      });
    }

    answer(socket, 'meeting:sync', SyncRequest, commandLimiter, ({ lastSeq }) => {
      const result = catchUp(socket, lastSeq);
      return result ? { ok: true, value: result } : { ok: false, error: appError('MEETING_NOT_FOUND') };
    });

    answer(socket, 'caption:subscribe', CaptionSubscribe, commandLimiter, ({ language, lastSeq }) => {
      const result = captionCatchUp(meetingId, language, lastSeq);
      // Join only once the catch-up is computed: nothing broadcast before it is lost in between.
      if (result.ok) void socket.join(captionRoom(meetingId, language));
      return asAck(result);
    });

    socket.on('caption:unsubscribe', (request: unknown) => {
      const parsed = CaptionUnsubscribe.safeParse(request);
      if (parsed.success) void socket.leave(captionRoom(meetingId, parsed.data.language));
    });

    const captioner = actor.role === 'captioner' ? ({ kind: 'captioner', linkId: actor.linkId } as const) : null;
    answer(socket, 'caption:write', CaptionWrite, captionLimiter, ({ language, erase, text }) => {
      if (!captioner) return { ok: false, error: appError('FORBIDDEN') };
      const result = captions.write(meetingId, language, captioner, { type: 'caption:write', erase, text });
      if (result.ok) desk.typed(meetingId, captioner.linkId, language, captions.fullStream(meetingId, language));
      return asAck(result);
    });
    answer(socket, 'caption:takeOver', CaptionTakeOver, commandLimiter, ({ language }) =>
      captioner
        ? asAck(captions.write(meetingId, language, captioner, { type: 'caption:takeOver' }))
        : { ok: false, error: appError('FORBIDDEN') },
    );
  });
}
