import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { io, type Socket } from 'socket.io-client';
import { isErrorCode, type AppError, type ErrorCode } from '../../../shared/errors.js';
import type { SocketCommandType } from '../../../shared/meeting/commands.js';
import type { MediaPresenceView } from '../../../shared/protocol/media.js';
import { PROTOCOL_VERSION } from '../../../shared/protocol/version.js';
import type {
  Ack,
  ClientToServerEvents,
  CommandAccepted,
  ServerToClientEvents,
} from '../../../shared/protocol/socket.js';
import { CommandNotDelivered } from '../failures.js';
import { MeetingReplica, type Outcome, type ReplicaView } from './replica.js';

export type MeetingSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type CommandPayload<T extends SocketCommandType> = Parameters<ClientToServerEvents[T]>[0];

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'refused';

export interface MeetingConnection extends ReplicaView {
  status: ConnectionStatus;
  /** Why the server refused this link; set only with status `refused`. */
  refusal: AppError | null;
  send: <T extends SocketCommandType>(type: T, payload: CommandPayload<T>) => Promise<Ack<CommandAccepted>>;
  /** The meeting's socket, for features with their own events (captions); null between connections. */
  socket: MeetingSocket | null;
  /** Who is on the meeting's audio/video, as the server last said; null until it has. */
  presence: MediaPresenceView | null;
}

const ACK_TIMEOUT_MS = 10_000;
const RETRY_AFTER_MS = 3_000;

/** Refusals that retrying cannot cure: the page shows them and stops. */
const finalRefusals: ReadonlySet<ErrorCode> = new Set([
  'BAD_REQUEST',
  'UNAUTHORIZED',
  'LINK_EXPIRED',
  'LINK_REVOKED',
  'FORBIDDEN',
  'CLIENT_TOO_OLD',
  'SERVER_TOO_OLD',
  'MEETING_NOT_FOUND',
  // Waiting for approval is told once; the registrant opens the link again later.
  'REGISTRATION_PENDING',
  'REGISTRATION_DECLINED',
  'ORIGIN_NOT_ALLOWED',
]);

function asAppError(value: unknown): AppError | null {
  if (typeof value !== 'object' || value === null) return null;
  const { code, message } = value as { code?: unknown; message?: unknown };
  return isErrorCode(code) ? { code, message: typeof message === 'string' ? message : '' } : null;
}

/**
 * Live copy of one meeting over Socket.IO. The handshake always carries the last applied
 * seq, so after a reconnect the server sends only what was missed.
 */
export function useMeeting(meetingId: string, token: string): MeetingConnection {
  // A new link, or another meeting, starts from an empty copy.
  const replica = useMemo(() => new MeetingReplica(), [meetingId, token]);
  const view = useSyncExternalStore(replica.subscribe, replica.getView);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [refusal, setRefusal] = useState<AppError | null>(null);
  const socketRef = useRef<MeetingSocket | null>(null);
  const [socket, setSocket] = useState<MeetingSocket | null>(null);
  const [presence, setPresence] = useState<MediaPresenceView | null>(null);

  useEffect(() => {
    setStatus('connecting');
    setRefusal(null);
    setPresence(null);
    let fresh = false;
    let syncing = false;
    // Bumped on every disconnection, so an answer meant for an earlier connection is ignored.
    let connection = 0;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const socket: MeetingSocket = io({
      auth: (cb) => {
        const lastSeq = fresh ? undefined : replica.getView().seq;
        fresh = false;
        cb({ protocolVersion: PROTOCOL_VERSION, token, ...(lastSeq ? { lastSeq } : {}) });
      },
    });
    socketRef.current = socket;
    setSocket(socket);

    const refuse = (error: AppError) => {
      setRefusal(error);
      setStatus('refused');
      socket.disconnect();
    };

    /** A fresh handshake without lastSeq makes the server send a whole snapshot. */
    const startOver = () => {
      fresh = true;
      socket.disconnect().connect();
    };

    const requestCatchUp = async () => {
      if (syncing) return;
      syncing = true;
      const asked = connection;
      const before = replica.getView().seq;
      const ack = await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('meeting:sync', { lastSeq: before })
        .catch(() => null);
      if (asked !== connection) return;
      syncing = false;
      if (!ack) return startOver();
      if (!ack.ok) return finalRefusals.has(ack.error.code) ? refuse(ack.error) : startOver();
      const outcome = replica.applyCatchUp(ack.value);
      // A catch-up that moved nothing forward would be asked for again and again.
      const stuck = outcome === 'needs-catch-up' && replica.getView().seq === before;
      follow(stuck ? 'diverged' : outcome);
    };

    const follow = (outcome: Outcome) => {
      if (outcome === 'needs-catch-up') void requestCatchUp();
      else if (outcome === 'diverged') startOver();
      else checkOwnLink();
    };

    /** A revoked link stops acting at once; the page should say so rather than fail later. */
    const checkOwnLink = () => {
      const { state, you } = replica.getView();
      const link = you && state?.links.find((candidate) => candidate.id === you.linkId);
      if (link?.revokedAt != null) refuse({ code: 'LINK_REVOKED', message: '' });
    };

    socket.on('connect', () => {
      clearTimeout(retry);
      setStatus('online');
    });
    socket.on('disconnect', (reason) => {
      connection += 1;
      syncing = false;
      if (!socket.active && reason === 'io server disconnect') {
        // The server closed this session (for example its link was revoked): reconnecting
        // either resumes or brings back the refusal with its reason.
        socket.connect();
      }
      setStatus((current) => (current === 'refused' ? current : 'offline'));
    });
    socket.on('connect_error', (error) => {
      const reason = asAppError((error as Error & { data?: unknown }).data);
      if (reason && finalRefusals.has(reason.code)) return refuse(reason);
      setStatus('offline');
      // After a refusal by the server's middleware Socket.IO does not retry on its own.
      if (!socket.active) retry = setTimeout(() => socket.connect(), RETRY_AFTER_MS);
    });
    socket.on('meeting:snapshot', (snapshot) => {
      if (snapshot.you.meetingId !== meetingId) return refuse({ code: 'UNAUTHORIZED', message: '' });
      follow(replica.applySnapshot(snapshot));
    });
    socket.on('meeting:changed', (entry) => follow(replica.receive(entry)));
    // Registered with the socket, before it connects: the server sends presence once on connection.
    socket.on('media:presence', setPresence);

    return () => {
      clearTimeout(retry);
      socket.removeAllListeners();
      socket.disconnect();
      socketRef.current = null;
      setSocket(null);
    };
  }, [replica, meetingId, token]);

  const send = useCallback(
    async <T extends SocketCommandType>(type: T, payload: CommandPayload<T>): Promise<Ack<CommandAccepted>> => {
      const socket = socketRef.current;
      // Socket.IO would buffer the command and send it on reconnection, long after the
      // person gave up on it; refusing now keeps the meeting free of surprises.
      if (!socket?.connected) throw new CommandNotDelivered('offline');
      const timed = socket.timeout(ACK_TIMEOUT_MS);
      // Socket.IO's typings cannot follow a generic event name; the event map ties T to its payload.
      const emitWithAck = timed.emitWithAck.bind(timed) as unknown as (
        event: T,
        payload: CommandPayload<T>,
      ) => Promise<Ack<CommandAccepted>>;
      try {
        return await emitWithAck(type, payload);
      } catch {
        throw new CommandNotDelivered('timeout');
      }
    },
    [],
  );

  return { ...view, status, refusal, send, socket, presence };
}
