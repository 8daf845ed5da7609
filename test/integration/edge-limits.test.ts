import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { MeetingEventClient } from '../../client/src/realtime/MeetingEventClient.js';
import { afterEach, describe, expect, it } from 'vitest';
import { CAPTION_EVENTS_PATH, CAPTION_LINES_PATH } from '../../shared/protocol/captions.js';
import { MEETING_EVENTS_PATH, meetingEventsQuery } from '../../shared/protocol/meeting-events.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { fromAddress } from '../support/from-address.js';
import { MirrorClient, seedMeeting, startServer, stopServer, waitFor, within, ADMIN_TOKEN, type RunningServer } from '../support/harness.js';

let server: RunningServer | undefined;
const clients: Array<MirrorClient | MeetingEventClient> = [];
const sockets: Socket[] = [];
const forwarders: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const forwarder of forwarders.splice(0)) forwarder.close();
  await stopServer(server);
  server = undefined;
});

const portOf = (url: string) => Number(new URL(url).port);

const forwarded = async (url: string, localAddress: string) => {
  const forwarder = await fromAddress(url, localAddress);
  forwarders.push(forwarder);
  return forwarder.url;
};

/** One plain HTTP/1.1 request from a chosen loopback address, on a connection of its own. */
function get(url: string, path: string, headers: Record<string, string> = {}, localAddress = '127.0.0.1') {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: portOf(url), path, headers: { connection: 'close', ...headers }, localAddress, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens an event stream from a chosen loopback address: its status and headers, the refusal's body if refused; then closes it. */
function openStream(url: string, path: string, localAddress: string) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: portOf(url), path, localAddress, agent: false }, (res) => {
      if (res.statusCode === 200) {
        resolve({ status: 200, headers: res.headers, body: '' });
        return void req.destroy();
      }
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
    req.end();
  });
}

/** A connection that sends the start of a request and then nothing (slowloris). */
function slowHeaders(url: string, localAddress = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: portOf(url), localAddress }, () => {
      socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      resolve(socket);
    });
    socket.on('error', () => {});
    sockets.push(socket);
  });
}

/** What the server wrote on `socket` until it closed it (bounded: a deadline that never fires fails). */
const closed = (socket: Socket) =>
  within(
    new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      if (socket.destroyed) return resolve(received);
      socket.on('close', () => resolve(received));
    }),
    'the server to answer and close the stalled connection',
    10_000,
  );

describe('HTTP rate limits', () => {
  it('an address over its limit gets 429 RATE_LIMITED with Retry-After, on any route', async () => {
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    for (let i = 0; i < 5; i++) expect((await get(server.url, '/api/health')).status).toBe(200);
    const refused = await get(server.url, '/api/health');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(JSON.parse(refused.body).error.code).toBe('RATE_LIMITED');
    // Pages and the ingest share the address's limit.
    expect((await get(server.url, '/setup')).status).toBe(429);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not escape the limit; with it, each client behind the proxy has its own', async () => {
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    for (let i = 0; i < 3; i++) await get(server.url, '/api/health', { 'x-forwarded-for': `203.0.113.${i}` });
    expect((await get(server.url, '/api/health', { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
    await stopServer(server);

    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' } });
    for (let i = 0; i < 3; i++) expect((await get(server.url, '/api/health', { 'x-forwarded-for': '203.0.113.1' })).status).toBe(200);
    expect((await get(server.url, '/api/health', { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
    expect((await get(server.url, '/api/health', { 'x-forwarded-for': '203.0.113.2' })).status).toBe(200);
  });

  it("the venue's own addresses, behind which the whole room loads its pages, are not limited per address; every other address still is", async () => {
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '3', VENUE_ADDRESSES: '127.0.0.5,127.0.1.0/24' } });
    for (const venue of ['127.0.0.5', '127.0.1.9']) {
      for (let i = 0; i < 10; i++) expect((await get(server.url, '/api/health', {}, venue)).status).toBe(200);
    }
    for (let i = 0; i < 3; i++) expect((await get(server.url, '/api/health', {}, '127.0.0.6')).status).toBe(200);
    expect((await get(server.url, '/api/health', {}, '127.0.0.6')).status).toBe(429);
  });

  it('one credential is limited whatever address it comes from', async () => {
    server = await startServer({ env: { RATE_LIMIT_CREDENTIAL_PER_MINUTE: '3', TRUST_PROXY: 'loopback' } });
    const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
    for (let i = 0; i < 3; i++) expect((await get(server.url, '/api/meetings', { ...auth, 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(200);
    const refused = await get(server.url, '/api/meetings', { ...auth, 'x-forwarded-for': '198.51.100.50' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    // The same address without that credential is not refused.
    expect((await get(server.url, '/api/health', { 'x-forwarded-for': '198.51.100.50' })).status).toBe(200);
  });

  it("a room screen's or the webcast's link, which thousands share, is not limited per credential: every reader behind its own address gets its missed lines; a participant's link still is", async () => {
    // Above what seeding the meeting takes with the admin's credential.
    const limit = 40;
    server = await startServer({ env: { RATE_LIMIT_CREDENTIAL_PER_MINUTE: String(limit), TRUST_PROXY: 'loopback' } });
    const { tokens, participants } = await seedMeeting(server.url);
    const lines = `${CAPTION_LINES_PATH}?lang=en&fromLine=1&limit=10`;
    for (const token of [tokens.viewer, tokens.screen]) {
      for (let i = 0; i < limit + 5; i++) expect((await get(server.url, lines, { authorization: `Bearer ${token}`, 'x-forwarded-for': `198.51.100.${i}` })).status).toBe(200);
    }
    const participant = { authorization: `Bearer ${participants.room.token}` };
    for (let i = 0; i < limit; i++) expect((await get(server.url, lines, { ...participant, 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(200);
    expect((await get(server.url, lines, { ...participant, 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
  });

  it('opening an event stream counts against its address like any request: a program reopening streams in a loop is refused with a coded 429; the venue is not limited', async () => {
    // The meeting is seeded from 127.0.0.1, the venue here.
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '3', VENUE_ADDRESSES: '127.0.0.1' } });
    const { tokens } = await seedMeeting(server.url);
    const streams = [
      `${MEETING_EVENTS_PATH}?${meetingEventsQuery({ token: tokens.viewer, v: PROTOCOL_VERSION }).toString()}`,
      `${CAPTION_EVENTS_PATH}?token=${tokens.viewer}&lang=en`,
    ];
    for (const path of streams) {
      for (let i = 0; i < 5; i++) expect((await openStream(server.url, path, '127.0.0.1')).status).toBe(200);
    }
    const address = '127.0.0.6';
    for (let i = 0; i < 3; i++) expect((await openStream(server.url, streams[i % 2]!, address)).status).toBe(200);
    for (const path of streams) {
      const refused = await openStream(server.url, path, address);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
      const { error } = JSON.parse(refused.body);
      expect(error.code).toBe('RATE_LIMITED');
      // The page's stream comes back once the window lets it, not sooner.
      expect(error.retryAfterMs).toBeGreaterThan(0);
      expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
    }
  });

  it('a viewer page refused for opening its stream too often comes back when the refusal says it may, not sooner', async () => {
    // 12 a minute: the address's next opening is allowed 5 s after its budget ran out, later than the page's own 3 s delay.
    server = await startServer({ env: { RATE_LIMIT_PER_MINUTE: '12', VENUE_ADDRESSES: '127.0.0.1' } });
    const { meetingId, tokens } = await seedMeeting(server.url);
    const address = '127.0.0.7';
    const openings: Array<{ at: number; status: number }> = [];
    server.app.httpServer.on('request', (req, res) => {
      if (req.socket.remoteAddress !== address || !req.url?.startsWith(MEETING_EVENTS_PATH)) return;
      // The stream's own listener ran first: a refusal is already answered.
      openings.push({ at: Date.now(), status: res.statusCode });
    });
    const stream = `${MEETING_EVENTS_PATH}?${meetingEventsQuery({ token: tokens.viewer, v: PROTOCOL_VERSION }).toString()}`;
    for (let i = 0; i < 12; i++) expect((await openStream(server.url, stream, address)).status).toBe(200);
    openings.length = 0;
    const page = new MeetingEventClient({ token: tokens.viewer, url: await forwarded(server.url, address), meetingId });
    clients.push(page);
    await waitFor(() => page.getView().status === 'online' && page.getView().state !== null, 'the page, once let in', 20_000);
    const [refused, ...after] = openings;
    expect(refused!.status).toBe(429);
    // Each opening of the page after the refusal came once the address's window allowed one (5 s), not at its own 3 s.
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]!.at - refused!.at).toBeGreaterThanOrEqual(4_900);
  }, 30_000);

  it('the caption ingest has its own, higher limit per seat, answered in plain text for CAT software', async () => {
    // Seeding takes a dozen secretariat requests; the seat may post more than the credential limit.
    server = await startServer({ env: { RATE_LIMIT_CREDENTIAL_PER_MINUTE: '20', INGEST_RATE_LIMIT_PER_MINUTE: '30' } });
    const meeting = await seedMeeting(server.url);
    const post = (seq: number) =>
      fetch(`${server!.url}/api/captions/closedcaption?token=${meeting.tokens.captioner}&seq=${seq}&lang=en-US`, { method: 'POST', body: `word ${seq} ` });
    for (let seq = 1; seq <= 30; seq++) expect((await post(seq)).status).toBe(200);
    const refused = await post(31);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect(refused.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await refused.text()).toMatch(/Too many requests/);
  });
});

describe('connections and timeouts', () => {
  it('many slow-header connections from one address do not make the server unreachable for others', async () => {
    server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '50', HEADERS_TIMEOUT_MS: '60000' } });
    const slow = await Promise.all(Array.from({ length: 400 }, () => slowHeaders(server!.url)));
    // Past the limit the server closes them as they arrive; the first 50 wait for their deadline.
    await waitFor(() => slow.filter((socket) => socket.destroyed || socket.readableEnded).length >= 350, 'connections over the limit to be closed', 15_000);
    const other = await get(server.url, '/api/health', {}, '127.0.0.2');
    expect(other.status).toBe(200);
    const metrics = await get(server.url, '/metrics', { authorization: `Bearer ${ADMIN_TOKEN}` }, '127.0.0.3');
    expect(metrics.body).toMatch(/openfloor_connections_refused_total\{reason="per-address"\} (3[5-9]\d|400)/);
  });

  it("an address's closed connections leave its budget: as many new ones are let in, and no more", async () => {
    server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '5', HEADERS_TIMEOUT_MS: '60000' } });
    const held = await Promise.all(Array.from({ length: 5 }, () => slowHeaders(server!.url)));
    const refusedOnce = await slowHeaders(server.url);
    expect(await closed(refusedOnce)).toBe('');
    for (const socket of held.slice(0, 2)) socket.destroy();
    await waitFor(() => held.slice(0, 2).every((socket) => socket.closed), 'two connections closed by the client');
    const again = await Promise.all(Array.from({ length: 2 }, () => slowHeaders(server!.url)));
    const refusedAgain = await slowHeaders(server.url);
    expect(await closed(refusedAgain)).toBe('');
    // The two new ones are held open (until their headers deadline), not refused.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(again.every((socket) => !socket.destroyed && !socket.readableEnded)).toBe(true);
    const metrics = await get(server.url, '/metrics', { authorization: `Bearer ${ADMIN_TOKEN}` }, '127.0.0.3');
    expect(metrics.body).toMatch(/openfloor_connections_refused_total\{reason="per-address"\} 2\b/);
  });

  it("the venue's address holds as many connections as the room opens; another address is still held to its limit", async () => {
    server = await startServer({ env: { MAX_CONNECTIONS_PER_ADDRESS: '5', HEADERS_TIMEOUT_MS: '60000', VENUE_ADDRESSES: '127.0.0.5' } });
    const room = await Promise.all(Array.from({ length: 20 }, () => slowHeaders(server!.url, '127.0.0.5')));
    await Promise.all(Array.from({ length: 5 }, () => slowHeaders(server!.url, '127.0.0.6')));
    const refused = await slowHeaders(server.url, '127.0.0.6');
    expect(await closed(refused)).toBe('');
    expect(room.every((socket) => !socket.destroyed && !socket.readableEnded), 'every connection from the venue is held open').toBe(true);
  });

  it('a request whose headers never finish is answered 408 and closed at the headers deadline', async () => {
    server = await startServer({ env: { HEADERS_TIMEOUT_MS: '1000' } });
    const socket = await slowHeaders(server.url);
    expect(await closed(socket)).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a request body that stops arriving is answered 408 and closed, not held for minutes', async () => {
    server = await startServer({ env: { BODY_IDLE_TIMEOUT_MS: '1000' } });
    const socket = connect({ host: '127.0.0.1', port: portOf(server.url) });
    sockets.push(socket);
    const answer = closed(socket);
    socket.write('POST /api/meetings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"details":');
    expect(await answer).toMatch(/^HTTP\/1\.1 408[\s\S]*The request body stopped arriving/);
  });
});

describe('realtime boundary', () => {
  it('a WebSocket from another origin is refused with ORIGIN_NOT_ALLOWED; the same origin and listed origins connect', async () => {
    server = await startServer({ env: { ALLOWED_ORIGINS: 'https://overlay.example.org' } });
    const meeting = await seedMeeting(server.url);
    const foreign = new MirrorClient(server.url, meeting.tokens.viewer, { origin: 'https://evil.example' });
    clients.push(foreign);
    expect((await foreign.refusal()).code).toBe('ORIGIN_NOT_ALLOWED');
    for (const origin of [server.url, 'https://overlay.example.org']) {
      const allowed = new MirrorClient(server.url, meeting.tokens.viewer, { origin });
      clients.push(allowed);
      await allowed.ready();
    }
  });

  it('a message over 64 KB is answered MESSAGE_TOO_LARGE and the connection stays usable', async () => {
    server = await startServer();
    const meeting = await seedMeeting(server.url);
    const captioner = new MirrorClient(server.url, meeting.tokens.captioner);
    clients.push(captioner);
    await captioner.ready();
    const huge = await captioner.send('caption:write', { language: 'en', erase: 0, text: 'a'.repeat(70 * 1024) });
    expect(huge).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LARGE' } });
    expect(captioner.socket.connected).toBe(true);
    expect(await captioner.send('caption:write', { language: 'en', erase: 0, text: 'still here ' })).toMatchObject({ ok: true });
  });

  it('a message over 64 KB sent together with small ones is the one refused, whatever arrives in the same read', async () => {
    server = await startServer();
    const meeting = await seedMeeting(server.url);
    const participant = new MirrorClient(server.url, meeting.participants.remote.token);
    clients.push(participant);
    await participant.ready();
    const before = server.app.registry.get(meeting.meetingId)!.seq;
    // Sent without waiting: Engine.IO may read all three before Socket.IO handles the first.
    const [small, huge, again] = await Promise.all([
      participant.send('meeting:sync', { lastSeq: before } as never),
      participant.send('queue:request', { kind: 'intervention', pad: 'x'.repeat(200_000) } as never),
      participant.send('meeting:sync', { lastSeq: before } as never),
    ]);
    expect(small).toMatchObject({ ok: true });
    expect(huge).toMatchObject({ ok: false, error: { code: 'MESSAGE_TOO_LARGE' } });
    expect(again).toMatchObject({ ok: true });
    expect(server.app.registry.get(meeting.meetingId)!.seq).toBe(before);
  });
});
