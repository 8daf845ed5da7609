import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Metrics } from './metrics.js';
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/**
 * Credentials that can reach a log line: a token in a query string (the Zoom-style ingest URL
 * must carry its own), a link fragment quoted in a message, an Authorization header, a signed
 * link token (three base64url parts). Replaced wherever they appear in a string.
 */
const SECRETS: [RegExp, string][] = [
  [/([?&#](?:token|admin|access_token|key|secret)=)[^&#\s"']*/gi, '$1[redacted]'],
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, '$1 [redacted]'],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[redacted-jwt]'],
];

export function redact(text: string): string {
  return SECRETS.reduce((scrubbed, [pattern, replacement]) => scrubbed.replace(pattern, replacement), text);
}

/** A copy of a log argument with every string scrubbed; errors keep their name, message and stack. */
function scrubbed(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (value instanceof Error) {
    const code = (value as NodeJS.ErrnoException).code;
    return { type: value.name, message: redact(value.message), stack: value.stack && redact(value.stack), ...(code ? { code } : {}) };
  }
  if (Array.isArray(value)) return value.map((item) => scrubbed(item, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrubbed(item, depth + 1)]));
}

export interface LogOptions {
  level: LevelWithSilent;
  /** Where JSON lines go; stdout unless told (tests collect them). */
  destination?: DestinationStream;
}

/**
 * Structured JSON logs (pino). Headers that carry credentials are censored by path, and every
 * string of every record, the message included, passes through `redact`.
 */
export function createLogger({ level, destination }: LogOptions): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie'], censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((arg) => scrubbed(arg)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/**
 * The process's logger, set once by the composition root (LOG_LEVEL); modules log through it
 * so that no constructor has to carry it. Until then: info to stdout.
 */
export let logger: Logger = createLogger({ level: 'info' });

export function useLogger(configured: Logger): void {
  logger = configured;
}

declare module 'express-serve-static-core' {
  interface Request {
    /** This request's id: the caller's `X-Request-Id` when well-formed, else a new one. */
    id: string;
    /** The logger for this request, carrying its id. */
    log: Logger;
  }
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;
/** The meeting a path names, for the access log; handlers that learn it otherwise set `res.locals.meetingId`. */
const MEETING_IN_PATH = /^\/(?:api\/meetings|m|archive|api\/captions\/desk)\/([\w-]{1,64})(?:[/?]|$)/;

/**
 * One access-log line per request, with its id, meeting, status and duration (URLs redacted),
 * and the request counted by outcome: `ok`, its error code, or its HTTP status.
 */
export function requestLogging(metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.get('x-request-id');
    req.id = given && REQUEST_ID.test(given) ? given : randomUUID();
    req.log = logger.child({ reqId: req.id });
    res.setHeader('X-Request-Id', req.id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const meetingId = (res.locals.meetingId as string | undefined) ?? MEETING_IN_PATH.exec(req.originalUrl)?.[1];
      const errorCode = res.locals.errorCode as string | undefined;
      metrics.command('http', req.method, errorCode ?? (res.statusCode < 400 ? 'ok' : `HTTP_${res.statusCode}`));
      req.log.info(
        {
          method: req.method,
          url: req.originalUrl,
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          ip: req.ip,
          ...(meetingId ? { meetingId } : {}),
          ...(errorCode ? { errorCode } : {}),
        },
        'request',
      );
    });
    next();
  };
}
