import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { appError, rateLimited } from '../../shared/errors.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { Limit } from './rate-limit.js';
import { logger } from '../observability/log.js';
import { countedAnswer, MAX_MESSAGE_BYTES, oversizedMessage } from './edge.js';
import { writeFailureCode } from '../storage/health.js';

/** One kind of request in a table shared by all connections: its schema, its bucket, its handler. */
export interface Request<C, T = any> {
  schema: z.ZodType<T>;
  limiter: (context: C) => Limit;
  handle: (context: C, request: T) => Ack<unknown> | Promise<Ack<unknown>>;
  /**
   * Sent without an acknowledgement (the client tells and does not wait): handled, never
   * answered. Every other request must carry one.
   */
  silent?: true;
}

type Table = Readonly<Record<string, Request<any>>>;

/**
 * A namespace's request tables, each with the state of every connection that answers it, or
 * `null` for a table every connection answers with itself as the state.
 */
const tablesOf = new WeakMap<object, Map<Table, WeakMap<Socket, unknown> | null>>();

function tablesOfNamespace(nsp: object) {
  let tables = tablesOf.get(nsp);
  if (!tables) tablesOf.set(nsp, (tables = new Map()));
  return tables;
}

function listen(socket: Socket): void {
  if (!socket.listenersAny().includes(answerRequest)) socket.onAny(answerRequest);
}

/** The one way every request is answered: within its bucket, parsed with its schema, with a result or a coded error. */
function reply(event: string, payload: unknown, send: ((result: Ack<unknown>) => void) | null, request: Request<unknown>, context: unknown): void {
  if (!send && !request.silent) return;
  const limiter = request.limiter(context);
  if (!limiter.take()) return send?.({ ok: false, error: rateLimited(limiter.wait()) });
  const parsed = request.schema.safeParse(payload);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || event}: ${issue.message}`);
    return send?.({ ok: false, error: appError('BAD_REQUEST', detail.join('; ')) });
  }
  Promise.resolve(request.handle(context, parsed.data)).then(
    (result) => send?.(result),
    (error: unknown) => {
      logger.error({ err: error, event }, 'socket request failed');
      send?.({ ok: false, error: appError(writeFailureCode(error)) });
    },
  );
}

/**
 * Every event of a connection, whichever table answers it: one listener shared by all the
 * connections (Socket.IO calls it with the connection as `this`). With thousands of viewers,
 * a closure per connection (let alone per event) costs more heap than the connection's own
 * buffers. The boundary's size verdict is taken here, once per message.
 */
function answerRequest(this: Socket, event: string, ...args: unknown[]): void {
  const oversized = oversizedMessage(this);
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as (result: Ack<unknown>) => void) : null;
  for (const [requests, contexts] of tablesOf.get(this.nsp) ?? []) {
    if (!Object.hasOwn(requests, event)) continue;
    const context = contexts === null ? this : contexts.get(this);
    if (context === undefined) continue;
    const send = ack && countedAnswer(this, event, ack);
    if (oversized) return send?.({ ok: false, error: appError('MESSAGE_TOO_LARGE', `at most ${MAX_MESSAGE_BYTES} bytes`) });
    return reply(event, args[0], send, requests[event]!, context);
  }
}

/**
 * Answers a table of requests on `socket`, with `context` as the connection's own state (who
 * it is, its rate limits).
 */
export function answerEach<C>(socket: Socket, requests: Readonly<Record<string, Request<C>>>, context: C): void {
  const tables = tablesOfNamespace(socket.nsp);
  let contexts = tables.get(requests);
  if (!contexts) tables.set(requests, (contexts = new WeakMap()));
  contexts.set(socket, context);
  listen(socket);
}

/**
 * Answers a table of requests on every connection of `nsp`, each with the connection itself as
 * the state: nothing is kept per connection for it.
 */
export function answerAll<S extends Socket>(nsp: { on(event: 'connection', listener: (socket: S) => void): unknown }, requests: Readonly<Record<string, Request<S>>>): void {
  tablesOfNamespace(nsp).set(requests, null);
  nsp.on('connection', listen);
}

/** The state `socket` answers `requests` with, if it answers them. */
export function contextOf<C>(socket: Socket, requests: Readonly<Record<string, Request<C>>>): C | undefined {
  const contexts = tablesOf.get(socket.nsp)?.get(requests);
  return (contexts === null ? socket : contexts?.get(socket)) as C | undefined;
}
