import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { appError } from '../../shared/errors.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { Limit } from './rate-limit.js';
import { logger } from '../observability/log.js';
import { admitRequest } from './edge.js';
import { writeFailureCode } from '../storage/health.js';

type Handle<T> = (request: T) => Ack<unknown> | Promise<Ack<unknown>>;

/** The one way every request is answered, once it got past the socket's own listener. */
function reply<T>(socket: Socket, event: string, payload: unknown, ack: unknown, schema: z.ZodType<T>, limiter: Limit, handle: Handle<T>): void {
  if (typeof ack !== 'function') return;
  const send = admitRequest(socket, event, ack as (result: Ack<unknown>) => void);
  if (!send) return;
  if (!limiter.take()) return send({ ok: false, error: { ...appError('RATE_LIMITED'), retryAfterMs: limiter.wait() } });
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || event}: ${issue.message}`);
    return send({ ok: false, error: appError('BAD_REQUEST', detail.join('; ')) });
  }
  Promise.resolve(handle(parsed.data)).then(send, (error: unknown) => {
    logger.error({ err: error, event }, 'socket request failed');
    send({ ok: false, error: appError(writeFailureCode(error)) });
  });
}

/**
 * Registers a request handler the one way every request is handled: it must carry an
 * acknowledgement, passes the connection's rate limit, is parsed with its schema, and is
 * answered with a result or a coded error. A handler may be async (LiveKit calls are).
 */
export function answer<T>(socket: Socket, event: string, schema: z.ZodType<T>, limiter: Limit, handle: Handle<T>): void {
  socket.on(event, (payload: unknown, ack: unknown) => reply(socket, event, payload, ack, schema, limiter, handle));
}

/** One kind of request in a table shared by all connections: its schema, its bucket, its handler. */
export interface Request<C, T = any> {
  schema: z.ZodType<T>;
  limiter: (context: C) => Limit;
  handle: (context: C, request: T) => Ack<unknown> | Promise<Ack<unknown>>;
}

/**
 * Every request of a table on one listener per connection, rather than one closure per event
 * and connection: with thousands of viewers those closures were kilobytes each. `context` is
 * the connection's own state (who it is, its rate limits).
 */
export function answerEach<C>(socket: Socket, requests: Readonly<Record<string, Request<C>>>, context: C): void {
  socket.onAny((event: string, payload: unknown, ack: unknown) => {
    if (!Object.hasOwn(requests, event)) return;
    const request = requests[event]!;
    reply(socket, event, payload, ack, request.schema, request.limiter(context), (parsed) => request.handle(context, parsed));
  });
}
