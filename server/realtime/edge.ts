import type { IncomingMessage } from 'node:http';
import { appError, type AppError } from '../../shared/errors.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { Metrics } from '../observability/metrics.js';
import type { RealtimeServer, RealtimeSocket } from './socket.js';

/** The largest message a client may send; a larger one is answered MESSAGE_TOO_LARGE. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Socket.IO's own buffer limit, above MAX_MESSAGE_BYTES: up to it a message is read and refused
 * with a coded error (its acknowledgement carries MESSAGE_TOO_LARGE); past it Engine.IO closes
 * the connection (1009), so no client can make the server buffer more than this.
 */
export const ENGINE_BUFFER_BYTES = 1024 * 1024;

export interface EdgeOptions {
  /** Browser origins allowed besides the server's own (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
  /** The server's public origin (PUBLIC_URL), when it differs from the Host header behind a proxy. */
  publicOrigin: () => string | null;
  metrics: Metrics;
}

function refusal(error: AppError): Error & { data: AppError } {
  return Object.assign(new Error(error.message), { data: error });
}

/**
 * Same origin, or a listed one. A handshake without Origin is no browser's cross-site request
 * (browsers always send it on WebSocket and cross-origin requests): CAT tools and scripts pass.
 */
export function originAllowed(request: Pick<IncomingMessage, 'headers'>, options: Pick<EdgeOptions, 'allowedOrigins' | 'publicOrigin'>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.host === request.headers.host) return true;
  return parsed.origin === options.publicOrigin() || options.allowedOrigins.includes(parsed.origin);
}

const byteSize = (data: unknown): number =>
  typeof data === 'string' ? (data.length * 3 <= MAX_MESSAGE_BYTES ? data.length : Buffer.byteLength(data)) : Buffer.isBuffer(data) ? data.length : 0;

type Answer = (result: Ack<unknown>) => void;

/**
 * What the boundary knows of each connection: which of its event messages were over the limit,
 * by their number. Engine.IO may read several messages before Socket.IO handles the first (it
 * defers each to the next tick), so one flag would be overwritten; `handled` is the number of
 * the message being handled. Counters rather than a queue: nearly every connection never sends
 * an oversized message, and a queue per connection was an array each.
 */
interface Boundary {
  received: number;
  handled: number;
  oversized: Set<number> | null;
  metrics: Metrics;
}

/** Socket.IO's EVENT and BINARY_EVENT packets (an acknowledgement from the client is neither). */
const isEvent = (data: unknown): boolean => typeof data === 'string' && (data.startsWith('2') || data.startsWith('5'));

/** Keyed by the Engine.IO connection, which is what hands over each message. */
const boundaries = new WeakMap<object, Boundary>();

/**
 * Whether the event message being handled was over the limit. Requests.ts asks once per
 * message, before any handler: that moves the boundary on to the next one. A socket outside
 * `guardRealtime` has no limit here.
 */
export function oversizedMessage(socket: { conn: object }): boolean {
  const boundary = boundaries.get(socket.conn);
  if (!boundary) return false;
  const index = boundary.handled;
  boundary.handled += 1;
  return boundary.oversized?.delete(index) ?? false;
}

/** The answer to a request, counted by outcome on its way out. */
export function countedAnswer(socket: { conn: object }, event: string, answer: Answer): Answer {
  const boundary = boundaries.get(socket.conn);
  if (!boundary) return answer;
  return (result) => {
    boundary.metrics.command('socket', event, result.ok ? 'ok' : result.error.code);
    answer(result);
  };
}

/**
 * The realtime layer's boundary, before any handler: the Origin allowlist on connect, the
 * message size limit with a coded answer, and the counts of connections by role and of
 * requests by outcome. Every event is a request of some table (requests.ts), whose one
 * listener consults the boundary: there are no plain listeners for an oversized message to
 * reach.
 */
export function guardRealtime(io: RealtimeServer, options: EdgeOptions): void {
  const { metrics } = options;
  io.use((socket, next) => {
    if (originAllowed(socket.request, options)) return next();
    metrics.connectionRefused('origin');
    next(refusal(appError('ORIGIN_NOT_ALLOWED')));
  });

  // A connection is counted closed when it leaves its own room (Socket.IO's documented
  // `leave-room`, which the adapter emits as the connection ends, before it forgets it): one
  // listener per adapter, where a second `disconnect` listener on each connection cost about
  // 64 bytes per viewer (an array of listeners instead of one function).
  const counted = new WeakSet<object>();
  const countClosing = (socket: RealtimeSocket) => {
    const adapter = socket.nsp.adapter;
    if (counted.has(adapter)) return;
    counted.add(adapter);
    const { sockets } = socket.nsp;
    adapter.on('leave-room', (room: string, id: string) => {
      // Only an ending connection leaves the room named by its own id; it is still listed then.
      const leaving = room === id ? sockets.get(id) : undefined;
      if (leaving) metrics.connectionClosed(leaving.data.actor.role);
    });
  };
  // Engine.IO hands over each message before Socket.IO decodes it: its size is known here.
  function received(this: object, packet: { type: string; data?: unknown }) {
    const boundary = packet.type === 'message' && isEvent(packet.data) ? boundaries.get(this) : undefined;
    if (!boundary) return;
    if (byteSize(packet.data) > MAX_MESSAGE_BYTES) (boundary.oversized ??= new Set()).add(boundary.received);
    boundary.received += 1;
  }

  io.on('connection', (socket) => {
    countClosing(socket);
    metrics.connectionOpened(socket.data.actor.role);
    boundaries.set(socket.conn, { received: 0, handled: 0, oversized: null, metrics });
    socket.conn.on('packet', received);
  });
}
