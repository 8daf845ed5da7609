import type { IncomingMessage } from 'node:http';
import { sharedByDesign } from '../../shared/access/links.js';
import type { Role } from '../../shared/meeting/model.js';
import type { VenueAddresses } from '../http/venue-addresses.js';
import { Budgets, KeyedRateLimiter, type Limit, type RateLimiter } from './rate-limit.js';

export interface SocketLimitOptions {
  /** Log-writing commands per minute from all the connections of one participant, screen or viewer link. */
  perLinkPerMinute: number;
  /** The same for a staff link (chair, moderator, captioner, interpreter, venue station). */
  staffPerLinkPerMinute: number;
  /** Log-writing commands per minute from all the non-staff links at one address together. */
  perAddressPerMinute: number;
  /** Open connections on one link, except screen and viewer links (one is put on every screen, or published). */
  maxConnectionsPerLink: number;
  /** The venue's addresses, shared by the whole room: not counted per address (VENUE_ADDRESSES). */
  venue: VenueAddresses;
}

/**
 * The people who run the meeting. Their links are few and handed out by the secretariat; their
 * budget is far above what a console sends, and they are not counted against their address,
 * so a flood from a venue's shared address cannot silence the chair sitting behind it.
 */
const staffRoles: ReadonlySet<Role> = new Set(['chair', 'moderator', 'captioner', 'interpreter', 'venue']);


/**
 * The client's address as Express's `req.ip` has it (proxy-addr's rule): the nearest address
 * in the chain socket -> X-Forwarded-For (right to left) that is not a trusted proxy.
 */
export function clientAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>, trust: (address: string, hop: number) => boolean): string {
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((address) => address.trim())
    .filter(Boolean)
    .reverse();
  const chain = [request.socket.remoteAddress ?? '', ...forwarded];
  for (let hop = 0; hop < chain.length - 1; hop += 1) if (!trust(chain[hop]!, hop)) return chain[hop]!;
  return chain.at(-1)!;
}

/**
 * What one link, and one address, may write through sockets, whatever the number of its
 * connections: the buckets outlive the connections, so reconnecting does not refill them
 * (the probe of issue 12 wrote 5,096 entries in 10 s from 50 sockets on one link).
 */
export class SocketWriteLimits {
  private readonly byLink: KeyedRateLimiter;
  private readonly byStaffLink: KeyedRateLimiter;
  private readonly byAddress: KeyedRateLimiter;

  constructor(
    private readonly options: SocketLimitOptions,
    clock: () => number,
  ) {
    const perMinute = (limit: number) => ({ burst: limit, perSecond: limit / 60, clock, maxKeys: 100_000 });
    this.byLink = new KeyedRateLimiter(perMinute(options.perLinkPerMinute));
    this.byStaffLink = new KeyedRateLimiter(perMinute(options.staffPerLinkPerMinute));
    this.byAddress = new KeyedRateLimiter(perMinute(options.perAddressPerMinute));
  }

  /**
   * The budget a connection's log-writing commands draw on: its own bucket, its link's, and
   * (not for staff, nor at the venue's addresses) its address's.
   */
  writes(connection: RateLimiter, meetingId: string, linkId: string, role: Role, address: string): Limit {
    const staff = staffRoles.has(role);
    return new ConnectionWrites(this, connection, meetingId, linkId, staff, staff || this.options.venue(address) ? null : address);
  }

  /** The buckets one write draws on, looked up now: a bucket forgotten meanwhile is not kept alive beside its successor. */
  budgets(connection: RateLimiter, meetingId: string, linkId: string, staff: boolean, address: string | null): Budgets {
    const link = `${meetingId}:${linkId}`;
    if (staff) return new Budgets([connection, this.byStaffLink.bucket(link)]);
    return address === null
      ? new Budgets([connection, this.byLink.bucket(link)])
      : new Budgets([connection, this.byLink.bucket(link), this.byAddress.bucket(address)]);
  }

  /** Whether a link with `open` connections may open one more. */
  mayConnect(role: Role, open: number): boolean {
    return sharedByDesign(role) || open < this.options.maxConnectionsPerLink;
  }
}

/** One connection's write budget: a few fields, not closures, as every viewer holds one. */
class ConnectionWrites implements Limit {
  constructor(
    private readonly limits: SocketWriteLimits,
    private readonly connection: RateLimiter,
    private readonly meetingId: string,
    private readonly linkId: string,
    private readonly staff: boolean,
    /** Null where writes are not counted against their address (staff, the venue's). */
    private readonly address: string | null,
  ) {}

  take(): boolean {
    return this.limits.budgets(this.connection, this.meetingId, this.linkId, this.staff, this.address).take();
  }

  wait(): number {
    return this.limits.budgets(this.connection, this.meetingId, this.linkId, this.staff, this.address).wait();
  }
}
