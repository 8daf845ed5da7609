import { describe, expect, it } from 'vitest';
import { Budgets, KeyedRateLimiter, RateLimiter } from '../../server/realtime/rate-limit.js';
import { clientAddress } from '../../server/realtime/write-limits.js';

describe('budgets drawn on together', () => {
  it('a request passes only if every bucket has a token, and a refusal spends none of them', () => {
    let now = 0;
    const clock = () => now;
    const connection = new RateLimiter({ burst: 5, perSecond: 1, clock });
    const link = new RateLimiter({ burst: 2, perSecond: 0.5, clock });
    const budget = new Budgets([connection, link]);
    expect([budget.take(), budget.take(), budget.take()]).toEqual([true, true, false]);
    // The link's bucket refused: the connection's kept its three tokens.
    expect([connection.take(), connection.take(), connection.take(), connection.take()]).toEqual([true, true, true, false]);
    expect(budget.wait()).toBe(2000);
    now += 2000;
    expect(budget.take()).toBe(true);
  });

  it('a keyed bucket outlives whoever used it; past the key limit only full buckets are forgotten first', () => {
    let now = 0;
    const limiter = new KeyedRateLimiter({ burst: 1, perSecond: 1 / 60, clock: () => now, maxKeys: 2 });
    expect(limiter.take('spent')).toBe(true);
    expect(limiter.bucket('fresh').full).toBe(true);
    // A third key: the full bucket goes, the spent one stays spent.
    expect(limiter.take('third')).toBe(true);
    expect(limiter.take('spent')).toBe(false);
    now += 60_000;
    expect(limiter.take('spent')).toBe(true);
  });
});

describe('the client address of a socket, as Express finds req.ip', () => {
  const request = (remoteAddress: string, forwarded?: string) => ({
    socket: { remoteAddress },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  }) as Parameters<typeof clientAddress>[0];
  const loopback = (address: string) => address === '127.0.0.1';

  it('without a trusted proxy X-Forwarded-For is ignored', () => {
    expect(clientAddress(request('127.0.0.1', '203.0.113.7'), () => false)).toBe('127.0.0.1');
  });

  it('behind a trusted proxy the nearest untrusted address counts, whatever a client put further left', () => {
    expect(clientAddress(request('127.0.0.1', '203.0.113.7'), loopback)).toBe('203.0.113.7');
    expect(clientAddress(request('127.0.0.1', '10.9.9.9, 203.0.113.7'), loopback)).toBe('203.0.113.7');
    expect(clientAddress(request('198.51.100.1', '203.0.113.7'), loopback)).toBe('198.51.100.1');
  });
});
