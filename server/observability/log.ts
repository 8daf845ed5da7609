import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
/** The meeting a path names, for the access log; handlers that learn it otherwise note it (`noteAccess`). */
const MEETING_IN_PATH = /^\/(?:api\/meetings|m|archive|api\/captions\/desk)\/([\w-]{1,64})(?:[/?]|$)/;

/** What a route tells the access log of its request: the meeting it concerned, the error it answered. */
export interface AccessNote {
  meetingId?: string;
  errorCode?: string;
}

const accessNotes = new WeakMap<ServerResponse, AccessNote>();

export function noteAccess(res: ServerResponse, note: AccessNote): void {
  accessNotes.set(res, { ...accessNotes.get(res), ...note });
}

/**
 * Starts a request's access-log line, written once its response is finished or its connection
 * closed, with its id, meeting, status and duration (URLs redacted), and counts the request by
 * outcome: `ok`, its error code, or its HTTP status. Returns the request's id: the caller's
 * `X-Request-Id` when well-formed, else a new one, sent back as `X-Request-Id`. `url` is the path
 * as it came (Express rewrites `req.url` under a mounted router); `ip` the client's, through
 * trusted proxies, read now: a closed connection no longer has its address.
 */
export function startAccessLine(metrics: Pick<Metrics, 'command'>, req: IncomingMessage, res: ServerResponse, url: string, ip: string | undefined): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  const started = process.hrtime.bigint();
  // An event stream never finishes: its reader leaves, and only then is its line written.
  const written = () => {
    res.off('finish', written);
    res.off('close', written);
    const { meetingId = MEETING_IN_PATH.exec(url)?.[1], errorCode } = accessNotes.get(res) ?? {};
    metrics.command('http', req.method ?? '', errorCode ?? (res.statusCode < 400 ? 'ok' : `HTTP_${res.statusCode}`));
    logger.info(
      {
        reqId: id,
        method: req.method,
        url,
        status: res.statusCode,
        ms: Number(process.hrtime.bigint() - started) / 1e6,
        ip,
        ...(meetingId ? { meetingId } : {}),
        ...(errorCode ? { errorCode } : {}),
      },
      'request',
    );
  };
  res.on('finish', written);
  res.on('close', written);
  return id;
}

/** The access log for the Express application; each request carries its id and a logger with it. */
export function requestLogging(metrics: Metrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    req.id = startAccessLine(metrics, req, res, req.originalUrl, req.ip);
    req.log = logger.child({ reqId: req.id });
    next();
  };
}
