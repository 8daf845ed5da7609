import { describe, expect, it } from 'vitest';
import { ConfigError, edgeSettings, parseConfig } from '../../server/config.js';

describe('configuration of lasting links and e-mail', () => {
  it('links follow the meeting by 30 days unless told, and e-mail is off without SMTP_URL', () => {
    const config = parseConfig({});
    expect(config.LINK_GRACE_HOURS).toBe(720);
    expect(config.SMTP_URL).toBeUndefined();
    expect(parseConfig({ LINK_GRACE_HOURS: '48', SMTP_URL: 'smtps://u:p@mail.example.org:465' })).toMatchObject({
      LINK_GRACE_HOURS: 48,
      SMTP_URL: 'smtps://u:p@mail.example.org:465',
    });
  });

  it.each([
    ['LINK_GRACE_HOURS', '-1'],
    ['LINK_GRACE_HOURS', '9000'],
    ['LINK_GRACE_HOURS', 'two days'],
    ['SMTP_URL', 'https://mail.example.org'],
    ['SMTP_URL', 'mail.example.org'],
  ])('%s=%s stops start-up with the variable named', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });
});

describe('configuration of the edge: proxies, origins, limits', () => {
  it('TRUST_PROXY is off unless set, a hop count, or addresses as Express reads them', () => {
    expect(parseConfig({}).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: 'off' }).TRUST_PROXY).toBe(false);
    expect(parseConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
  });

  it('the socket write limits default to a budget no real meeting reaches: staff far above participants', () => {
    const { socket } = edgeSettings(parseConfig({}));
    expect(socket).toEqual({ perLinkPerMinute: 30, staffPerLinkPerMinute: 1200, perAddressPerMinute: 600, maxConnectionsPerLink: 20 });
  });

  it('VENUE_ADDRESSES are addresses or CIDR ranges of either family, an IPv4-mapped address matching its IPv4 entry; anything else stops start-up naming the entry', () => {
    expect(edgeSettings(parseConfig({})).venue('127.0.0.1'), 'no venue unless told').toBe(false);
    const { venue } = edgeSettings(parseConfig({ VENUE_ADDRESSES: ' 192.0.2.10, 198.51.100.0/28,2001:db8:a::/48 ' }));
    expect(['192.0.2.10', '::ffff:192.0.2.10', '198.51.100.15', '2001:db8:a::42'].map(venue)).toEqual([true, true, true, true]);
    expect(['192.0.2.11', '198.51.100.16', '2001:db8:b::1', 'not an address', undefined].map(venue)).toEqual([false, false, false, false, false]);
    expect(() => parseConfig({ VENUE_ADDRESSES: '192.0.2.10,venue.example' })).toThrow(/VENUE_ADDRESSES: venue\.example is not an address/);
    expect(() => parseConfig({ VENUE_ADDRESSES: '198.51.100.0/33' })).toThrow(/VENUE_ADDRESSES: 198\.51\.100\.0\/33: the prefix length must be 0-32/);
  });

  it('ALLOWED_ORIGINS are origins, trailing slashes dropped', () => {
    expect(parseConfig({ ALLOWED_ORIGINS: 'https://a.example.org/, http://b.example.org:8080' }).ALLOWED_ORIGINS).toEqual([
      'https://a.example.org',
      'http://b.example.org:8080',
    ]);
  });

  it.each([
    ['ALLOWED_ORIGINS', 'not an origin'],
    ['RATE_LIMIT_PER_MINUTE', '0'],
    ['MAX_CONNECTIONS_PER_ADDRESS', 'many'],
    ['SOCKET_COMMANDS_PER_LINK_PER_MINUTE', '0'],
    ['SOCKET_COMMANDS_PER_ADDRESS_PER_MINUTE', '1.5'],
    ['STAFF_SOCKET_COMMANDS_PER_LINK_PER_MINUTE', 'lots'],
    ['MAX_CONNECTIONS_PER_LINK', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['METRICS_TOKEN', 'short'],
  ])('%s=%s stops start-up with the variable named', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });
});

describe('configuration of the log store', () => {
  it('SQLite unless DATABASE_URL names a PostgreSQL server; anything else stops start-up naming the variable', () => {
    expect(parseConfig({}).DATABASE_URL).toBeUndefined();
    for (const url of ['postgres://openfloor:secret@db.example.org:5432/openfloor', 'postgresql://localhost/openfloor', 'postgres://openfloor@/openfloor?host=/run/postgresql']) {
      expect(parseConfig({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    }
    for (const url of ['mysql://db.example.org/openfloor', 'db.example.org:5432', 'postgres//missing-colon']) {
      expect(() => parseConfig({ DATABASE_URL: url })).toThrow(new ConfigError('Invalid configuration (see .env.example):\n  DATABASE_URL: must be a postgres:// or postgresql:// URL'));
    }
  });
});
