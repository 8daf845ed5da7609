import type { IncomingMessage } from 'node:http';
import { appError, type AppError } from '../../shared/errors.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { Metrics } from '../observability/metrics.js';
import type { RealtimeServer } from './socket.js';

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
 * What the boundary knows of each connection: a size verdict per event message, oldest first.
 * Engine.IO may read several messages before Socket.IO handles the first (it defers each to
 * the next tick), so one flag would be overwritten; the head of this queue is the message
 * being handled.
 */
interface Boundary {
  oversized: boolean[];
  metrics: Metrics;
}

/** Socket.IO's EVENT and BINARY_EVENT packets (an acknowledgement from the client is neither). */
const isEvent = (data: unknown): boolean => typeof data === 'string' && (data.startsWith('2') || data.startsWith('5'));

const boundaries = new WeakMap<object, Boundary>();

/**
 * The boundary's part in answering one request (requests.ts calls it first): a message over
 * the limit is answered MESSAGE_TOO_LARGE and goes no further (null); otherwise the answer is
 * counted by outcome on its way out. A socket outside `guardRealtime` passes unchanged.
 */
export function admitRequest(socket: object, event: string, answer: Answer): Answer | null {
  const boundary = boundaries.get(socket);
  if (!boundary) return answer;
  const counted: Answer = (result) => {
    boundary.metrics.command('socket', event, result.ok ? 'ok' : result.error.code);
    answer(result);
  };
  if (!boundary.oversized[0]) return counted;
  counted({ ok: false, error: appError('MESSAGE_TOO_LARGE', `at most ${MAX_MESSAGE_BYTES} bytes`) });
  return null;
}

/**
 * The realtime layer's boundary, before any handler: the Origin allowlist on connect, the
 * message size limit with a coded answer, and the counts of connections by role and of
 * requests by outcome. Requests are answered from tables on one listener per connection
 * (requests.ts), which Socket.IO calls before its middleware: they consult the boundary
 * through `admitRequest`; the middleware here keeps oversized messages from the few plain
 * listeners (which take no acknowledgement).
 */
export function guardRealtime(io: RealtimeServer, options: EdgeOptions): void {
  const { metrics } = options;
  io.use((socket, next) => {
    if (originAllowed(socket.request, options)) return next();
    metrics.connectionRefused('origin');
    next(refusal(appError('ORIGIN_NOT_ALLOWED')));
  });

  io.on('connection', (socket) => {
    const role = socket.data.actor.role;
    metrics.connectionOpened(role);
    socket.once('disconnect', () => metrics.connectionClosed(role));

    // Engine.IO hands over each message before Socket.IO decodes it: its size is known here.
    const boundary: Boundary = { oversized: [], metrics };
    boundaries.set(socket, boundary);
    socket.conn.on('packet', (packet: { type: string; data?: unknown }) => {
      if (packet.type === 'message' && isEvent(packet.data)) boundary.oversized.push(byteSize(packet.data) > MAX_MESSAGE_BYTES);
    });
    // Runs for every event, after the request tables' listener: the message is done with here.
    socket.use((_packet, next) => {
      if (!boundary.oversized.shift()) next();
    });
  });
}
