import { BlockList, isIP } from 'node:net';

/**
 * The venue's own network as the server sees it: the room's phones and laptops reach the server
 * through one or a few public addresses (the venue's NAT), 300 delegates of an ITU meeting
 * behind one of them. Limits meant for one person or one attacker per address would refuse
 * the room, so these addresses are not limited per address; every link keeps its own limits.
 */
export type VenueAddresses = (address: string | undefined) => boolean;

/** One entry of VENUE_ADDRESSES: an IPv4 or IPv6 address, or a range in CIDR notation. */
export function venueEntryProblem(entry: string): string | null {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return `${entry} is not an address or a range such as 192.0.2.0/24`;
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128) ? null : `${entry}: the prefix length must be 0-${family === 4 ? 32 : 128}`;
}

/** Whether an address is one of `entries` (checked by `venueEntryProblem`); IPv4-mapped IPv6 addresses match their IPv4 entry. */
export function venueAddresses(entries: readonly string[]): VenueAddresses {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address) => {
    const family = address === undefined ? 0 : isIP(address);
    return family !== 0 && list.check(address!, family === 4 ? 'ipv4' : 'ipv6');
  };
}
