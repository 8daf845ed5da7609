import { createHash } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import { appError, rateLimited } from '../../shared/errors.js';
import { logger, noteAccess } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import type { VenueAddresses } from './venue-addresses.js';

export interface HttpLimitOptions {
  /** Requests per minute from one address (the client's, through trusted proxies). */
  perAddressPerMinute: number;
  /** Requests per minute carrying one credential, from any address. */
  perCredentialPerMinute: number;
  /** Caption ingest posts per minute from one seat (its ingest URL's token). */
  ingestPerSeatPerMinute: number;
  /** The venue's addresses, not limited per address (VENUE_ADDRESSES). */
  venue: VenueAddresses;
  /** Whether a credential is a link made to be shared (`sharedByDesign`): limited per address only. */
  sharedLink: (token: string) => boolean;
}

/** Where captioners' software posts: answered in plain text, limited per seat instead of per credential. */
const INGEST_PATH = /^(?:\/api\/captions)?\/(?:closedcaption|streamtext|teams|youtube|takeover)(?:\/|$)/;
export const isIngest = (req: Request) => INGEST_PATH.test(req.path);

/** The credential a request carries: the admin or a link token as a bearer, or a link token in the query. */
function credentialOf(req: Request): string | null {
  const header = req.get('authorization');
  const bearer = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const query = typeof req.query.token === 'string' ? req.query.token : undefined;
  return bearer ?? query ?? null;
}

/** Kept as a digest: the limiter's memory never holds a usable token. */
const credentialKey = (req: Request) => createHash('sha256').update(credentialOf(req)!).digest('base64url');

/** A refusal in the form the caller reads: JSON with the code under /api, plain text for CAT software and pages. */
function refuse(scope: string, metrics: Metrics): Options['handler'] {
  return (req: Request, res: Response) => {
    metrics.rateLimited(scope);
    const resetTime = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime;
    const error = resetTime ? rateLimited(resetTime.getTime() - Date.now(), scope) : appError('RATE_LIMITED', scope);
    noteAccess(res, { errorCode: error.code });
    if (req.path.startsWith('/api/') && !isIngest(req)) return res.status(429).json({ error });
    res.status(429).type('text/plain; charset=utf-8').send(error.message);
  };
}

/**
 * Rate limits on every HTTP route, answering 429 with Retry-After (and the RateLimit
 * headers): per address, per credential, and for the caption ingest per seat. The address is
 * Express's `req.ip`, which follows X-Forwarded-For only through the proxies TRUST_PROXY names.
 * A link made to be shared is limited per address only: the webcast's thousands of viewers
 * behind their own addresses send one credential, and coming back together after an outage
 * they all fetch the lines they missed with it.
 */
export function httpRateLimits(options: HttpLimitOptions, metrics: Metrics): RequestHandler[] {
  const common = {
    windowMs: 60_000,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    logger: { warn: (error: unknown, message?: string) => logger.warn({ err: error }, message ?? 'rate limit'), error: (error: unknown, message?: string) => logger.warn({ err: error }, message ?? 'rate limit') },
  } as const;
  const byAddress = rateLimit({ ...common, limit: options.perAddressPerMinute, skip: (req) => options.venue(req.ip), handler: refuse('address', metrics) });
  const byCredential = rateLimit({
    ...common,
    limit: options.perCredentialPerMinute,
    skip: (req) => {
      const credential = credentialOf(req);
      return isIngest(req) || credential === null || options.sharedLink(credential);
    },
    keyGenerator: credentialKey,
    handler: refuse('credential', metrics),
  });
  const bySeat = rateLimit({
    ...common,
    limit: options.ingestPerSeatPerMinute,
    skip: (req) => !isIngest(req) || credentialOf(req) === null,
    keyGenerator: credentialKey,
    handler: refuse('ingest seat', metrics),
  });
  return [byAddress, byCredential, bySeat];
}
