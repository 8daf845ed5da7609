import type { IncomingMessage, ServerResponse } from 'node:http';
import { appError } from '../../shared/errors.js';
import { refuseForNow, sendError } from '../http/api.js';
import type { VenueAddresses } from '../http/venue-addresses.js';
import { logger, startAccessLine } from '../observability/log.js';
import type { Metrics } from '../observability/metrics.js';
import { writeFailureCode } from '../storage/health.js';
import { KeyedRateLimiter } from './rate-limit.js';
import { clientAddress } from './write-limits.js';

/** A route served before Express: a GET to its path. */
export interface StreamRoute {
  path: string;
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export interface StreamRouteOptions {
  /** Openings per minute from one address (RATE_LIMIT_PER_MINUTE), a burst of as many. */
  perAddressPerMinute: number;
  /** The venue's addresses, not limited per address. */
  venue: VenueAddresses;
  /** Express's `trust proxy` rule, so an address is the one Express's `req.ip` would give. */
  trustProxy: (address: string, hop: number) => boolean;
  clock: () => number;
  metrics: Pick<Metrics, 'rateLimited' | 'command'>;
}

/**
 * The event streams, served before Express. A stream's request lives as long as its reader
 * reads, and Express keeps what it gave a request for as long: the router's `next` chain, a
 * prototype swap that leaves each request and response with a hidden class of its own, the
 * locals, the request's logger. Measured with one router level, that is 4.8 KB a held response
 * on top of Node's own; OpenFloor's readers went from 13.1 to 8.6 KB each (bench/README.md).
 * Here a request gets what every HTTP request gets from Express (an access-log line, a limit
 * per address) and nothing it keeps.
 *
 * Returns the request listener to put in front of Express's, and the routes it answers.
 */
export function streamRoutes(
  routes: readonly StreamRoute[],
  { perAddressPerMinute, venue, trustProxy, clock, metrics }: StreamRouteOptions,
): { listener: (req: IncomingMessage, res: ServerResponse, next: () => void) => void; routes: string[] } {
  const byPath = new Map(routes.map((route) => [route.path, route]));
  // Its own budget per address, as each socket address has: a page's stream is one request of its load.
  const openings = new KeyedRateLimiter({ burst: perAddressPerMinute, perSecond: perAddressPerMinute / 60, clock });
  const listener = (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const url = req.url ?? '';
    const end = url.indexOf('?');
    const route = req.method === 'GET' ? byPath.get(end < 0 ? url : url.slice(0, end)) : undefined;
    if (!route) return next();
    const address = clientAddress(req, trustProxy);
    startAccessLine(metrics, req, res, url, address);
    if (!venue(address) && !openings.take(address)) {
      metrics.rateLimited('address');
      return refuseForNow(res, openings.bucket(address), 'address');
    }
    route.handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, url }, 'event stream failed');
      if (res.headersSent) return void res.destroy();
      sendError(res, appError(writeFailureCode(error)));
    });
  };
  return { listener, routes: routes.map(({ path }) => `GET ${path}`) };
}
