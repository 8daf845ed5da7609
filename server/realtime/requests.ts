import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { appError } from '../../shared/errors.js';
import type { Ack } from '../../shared/protocol/socket.js';
import type { RateLimiter } from './rate-limit.js';
import { logger } from '../observability/log.js';

/**
 * Registers a request handler the one way every request is handled: it must carry an
 * acknowledgement, passes the connection's rate limit, is parsed with its schema, and is
 * answered with a result or a coded error. A handler may be async (LiveKit calls are).
 */
export function answer<T>(
  socket: Socket,
  event: string,
  schema: z.ZodType<T>,
  limiter: RateLimiter,
  handle: (request: T) => Ack<unknown> | Promise<Ack<unknown>>,
): void {
  socket.on(event, (payload: unknown, ack: unknown) => {
    if (typeof ack !== 'function') return;
    const reply = ack as (result: Ack<unknown>) => void;
    if (!limiter.take()) return reply({ ok: false, error: appError('RATE_LIMITED') });
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || event}: ${issue.message}`);
      return reply({ ok: false, error: appError('BAD_REQUEST', detail.join('; ')) });
    }
    Promise.resolve(handle(parsed.data)).then(reply, (error: unknown) => {
      logger.error({ err: error, event }, 'socket request failed');
      reply({ ok: false, error: appError('INTERNAL') });
    });
  });
}
