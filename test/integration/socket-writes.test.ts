import { io as connectClient, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Ack, CommandAccepted } from '../../shared/protocol/socket.js';
import { MEETING_EVENTS_PATH, meetingEventsQuery } from '../../shared/protocol/meeting-events.js';
import { PROTOCOL_VERSION } from '../../shared/protocol/version.js';
import { ATTENDANCE_GRACE_MS } from '../../server/meetings/room.js';
import type { LogStore } from '../../server/storage/log.js';
import { MeetingClient } from '../../client/src/realtime/MeetingClient.js';
import { MeetingClock } from '../support/clock.js';
import { useMeetingServer, waitFor } from '../support/harness.js';

/**
 * What one link, or one address, can make the server write through sockets, however many
 * connections it opens (issue 12: one participant link wrote 16,080 attendance rows in 15 s by
 * reconnecting; 50 sockets on one link appended 5,096 no-op `participant:update` entries in 10 s).
 */

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.disconnect();
});

/** A bare Socket.IO client, as a script would open one; `from` is the address a proxy forwards. */
function open(url: string, token: string, from?: string): Promise<Socket> {
  const socket = connectClient(url, {
    auth: { protocolVersion: PROTOCOL_VERSION, token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(from ? { extraHeaders: { 'x-forwarded-for': from } } : {}),
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no connection within 5 s')), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (error: Error & { data?: { code: string } }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`connection refused: ${error.data?.code}`), { code: error.data?.code }));
    });
  });
}

const send = (socket: Socket, event: string, payload: unknown): Promise<Ack<CommandAccepted>> =>
  socket.timeout(5000).emitWithAck(event, payload);

/** The server's store, kept by `wrapStore`, to count the rows each stream holds. */
function storeKeeper() {
  const kept = { store: undefined as unknown as LogStore };
  return { kept, wrapStore: (store: LogStore) => (kept.store = store) };
}

const rename = (participantId: string, displayName: string) => ({ participantId, details: { displayName } });

describe('a command that changes nothing', () => {
  const { kept, wrapStore } = storeKeeper();
  const suite = useMeetingServer({ wrapStore });

  it('is acknowledged at the current seq but neither logged nor broadcast, from any number of connections', async () => {
    const { meetingId, participants } = suite.meeting;
    const chair = await suite.connect(suite.meeting.tokens.chair);
    const rows = (await kept.store.read(`meeting:${meetingId}`)).length;
    const seq = chair.seq;
    const received = chair.received.length;
    const connections = await Promise.all(Array.from({ length: 10 }, () => open(suite.server.url, participants.remote.token)));
    const acks = await Promise.all(
      connections.flatMap((socket) => Array.from({ length: 5 }, () => send(socket, 'participant:update', rename(participants.remote.id, 'Delegate of Kenya')))),
    );
    expect(acks.every((ack) => ack.ok && ack.value.seq === seq)).toBe(true);
    expect((await kept.store.read(`meeting:${meetingId}`)).length).toBe(rows);
    // A real change after them is the one thing the chair hears of.
    const changed = await send(connections[0]!, 'participant:update', rename(participants.remote.id, 'Delegate of Kenya (remote)'));
    expect(changed).toMatchObject({ ok: true, value: { seq: seq + 1 } });
    await chair.atSeq(seq + 1);
    expect(chair.received.slice(received).map((change) => change.type)).toEqual(['participant:update']);
    expect((await kept.store.read(`meeting:${meetingId}`)).length).toBe(rows + 1);
  });
});

describe('one link\'s connections share one write budget', () => {
  const clock = new MeetingClock();
  const { kept, wrapStore } = storeKeeper();
  const suite = useMeetingServer({ wrapStore, clock: clock.now, timers: clock.timers, env: { SOCKET_COMMANDS_PER_LINK_PER_MINUTE: '10' } });

  it('five connections of one link write ten changes a minute together, reconnecting does not refill it, and nothing refused is logged', async () => {
    clock.freeze();
    const { meetingId, participants } = suite.meeting;
    const rows = (await kept.store.read(`meeting:${meetingId}`)).length;
    const connections = await Promise.all(Array.from({ length: 5 }, () => open(suite.server.url, participants.remote.token)));
    const acks = await Promise.all(
      connections.flatMap((socket, index) =>
        Array.from({ length: 4 }, (_, attempt) => send(socket, 'participant:update', rename(participants.remote.id, `Delegate ${index}.${attempt}`))),
      ),
    );
    expect(acks.filter((ack) => ack.ok)).toHaveLength(10);
    const refused = acks.filter((ack) => !ack.ok);
    expect(refused).toHaveLength(10);
    for (const ack of refused) expect(ack).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retryAfterMs: 6000 } });
    expect((await kept.store.read(`meeting:${meetingId}`)).length).toBe(rows + 10);

    for (const socket of connections) socket.disconnect();
    const again = await open(suite.server.url, participants.remote.token);
    expect(await send(again, 'participant:update', rename(participants.remote.id, 'Delegate, reconnected'))).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
    // The other participant's link has a budget of its own.
    const other = await open(suite.server.url, participants.room.token);
    expect(await send(other, 'participant:update', rename(participants.room.id, 'Amina'))).toMatchObject({ ok: true });

    await clock.advance(6000);
    expect(await send(again, 'participant:update', rename(participants.remote.id, 'Delegate, a little later'))).toMatchObject({ ok: true });
    expect((await kept.store.read(`meeting:${meetingId}`)).length).toBe(rows + 12);
  });
});

describe('the links at one address share one write budget', () => {
  const clock = new MeetingClock();
  const suite = useMeetingServer({
    clock: clock.now,
    timers: clock.timers,
    env: { SOCKET_COMMANDS_PER_ADDRESS_PER_MINUTE: '6', TRUST_PROXY: 'loopback' },
  });

  it('two participants behind one forwarded address write six changes together; another address and the chair are not held back', async () => {
    clock.freeze();
    const { participants, tokens } = suite.meeting;
    const [remote, room] = await Promise.all([open(suite.server.url, participants.remote.token, '203.0.113.7'), open(suite.server.url, participants.room.token, '203.0.113.7')]);
    const acks = await Promise.all([
      ...Array.from({ length: 4 }, (_, index) => send(remote, 'participant:update', rename(participants.remote.id, `Remote ${index}`))),
      ...Array.from({ length: 4 }, (_, index) => send(room, 'participant:update', rename(participants.room.id, `Room ${index}`))),
    ]);
    expect(acks.filter((ack) => ack.ok)).toHaveLength(6);
    expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.error.code === 'RATE_LIMITED')).toBe(true);

    const elsewhere = await open(suite.server.url, participants.remote.token, '198.51.100.20');
    expect(await send(elsewhere, 'participant:update', rename(participants.remote.id, 'Remote, from home'))).toMatchObject({ ok: true });
    const chair = await open(suite.server.url, tokens.chair, '203.0.113.7');
    expect(await send(chair, 'queue:close', {})).toMatchObject({ ok: true });
  });
});

describe("the venue's address", () => {
  const clock = new MeetingClock();
  const suite = useMeetingServer({
    clock: clock.now,
    timers: clock.timers,
    env: { SOCKET_COMMANDS_PER_ADDRESS_PER_MINUTE: '6', SOCKET_COMMANDS_PER_LINK_PER_MINUTE: '5', TRUST_PROXY: 'loopback', VENUE_ADDRESSES: '203.0.113.7' },
  });

  it('participants in the room behind the venue\'s address are not counted together: each link keeps its own budget', async () => {
    clock.freeze();
    const { participants } = suite.meeting;
    const [remote, room] = await Promise.all([open(suite.server.url, participants.remote.token, '203.0.113.7'), open(suite.server.url, participants.room.token, '203.0.113.7')]);
    const acks = await Promise.all([
      ...Array.from({ length: 6 }, (_, index) => send(remote, 'participant:update', rename(participants.remote.id, `Remote ${index}`))),
      ...Array.from({ length: 6 }, (_, index) => send(room, 'participant:update', rename(participants.room.id, `Room ${index}`))),
    ]);
    // Five each (their links' budgets), not six between them (the address's).
    expect(acks.filter((ack) => ack.ok)).toHaveLength(10);
    expect(acks.filter((ack) => !ack.ok).every((ack) => !ack.ok && ack.error.code === 'RATE_LIMITED')).toBe(true);
  });
});

describe('connections per link', () => {
  const suite = useMeetingServer({ env: { MAX_CONNECTIONS_PER_LINK: '3' } });

  it('a personal link holds three connections and a fourth is refused TOO_MANY_CONNECTIONS until one closes; a viewer link is shared', async () => {
    const { participants, tokens } = suite.meeting;
    const held = await Promise.all(Array.from({ length: 3 }, () => open(suite.server.url, participants.remote.token)));
    await expect(open(suite.server.url, participants.remote.token)).rejects.toMatchObject({ code: 'TOO_MANY_CONNECTIONS' });
    held[0]!.disconnect();
    await waitFor(() => suite.server.app.io.of('/').sockets.size === 2, 'the closed connection leaving the server');
    await open(suite.server.url, participants.remote.token);
    await Promise.all(Array.from({ length: 6 }, () => open(suite.server.url, tokens.viewer)));
  });

  it("a page the server's middleware refuses for a reason that may pass comes back later each time (3 s, then twice that), not every 3 s in step with every other", async () => {
    const { participants } = suite.meeting;
    await Promise.all(Array.from({ length: 3 }, () => open(suite.server.url, participants.room.token)));
    // The page's own client, with its own retries, as a fourth tab would open it.
    const page = new MeetingClient({ url: suite.server.url, token: participants.room.token, transports: ['websocket'] });
    const refusedAt: number[] = [];
    page.socket.on('connect_error', () => refusedAt.push(Date.now()));
    try {
      await waitFor(() => refusedAt.length >= 3, 'three refused attempts', 20_000);
    } finally {
      page.close();
    }
    const [first, second] = [refusedAt[1]! - refusedAt[0]!, refusedAt[2]! - refusedAt[1]!];
    expect(first).toBeGreaterThanOrEqual(2_900);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeGreaterThanOrEqual(5_900);
  }, 30_000);

  it('a link’s event streams count with its sockets: two sockets and a stream hold the three, and a fourth of either kind is refused', async () => {
    const { participants, tokens } = suite.meeting;
    const stream = (token: string) => fetch(`${suite.server.url}${MEETING_EVENTS_PATH}?${meetingEventsQuery({ token, v: PROTOCOL_VERSION }).toString()}`);
    const streams: Response[] = [];
    const sockets = await Promise.all(Array.from({ length: 2 }, () => open(suite.server.url, participants.remote.token)));
    streams.push(await stream(participants.remote.token));
    expect(streams[0]!.status).toBe(200);
    await expect(open(suite.server.url, participants.remote.token)).rejects.toMatchObject({ code: 'TOO_MANY_CONNECTIONS' });
    const refused = await stream(participants.remote.token);
    expect({ status: refused.status, code: (await refused.json()).error.code }).toEqual({ status: 429, code: 'TOO_MANY_CONNECTIONS' });
    const captions = await fetch(`${suite.server.url}/api/captions/events?token=${encodeURIComponent(participants.remote.token)}&lang=en`);
    expect(captions.status).toBe(429);
    sockets[0]!.disconnect();
    await waitFor(() => suite.server.app.io.of('/').sockets.size === 1, 'the closed connection leaving the server');
    streams.push(await stream(participants.remote.token));
    expect(streams[1]!.status).toBe(200);
    // A screen's or viewer's link is shared by a hall: never counted.
    for (let index = 0; index < 5; index += 1) streams.push(await stream(tokens.viewer));
    expect(streams.every((response) => response.status === 200)).toBe(true);
    for (const response of streams) await response.body?.cancel();
  });
});

describe('attendance records arrivals and departures, not connections', () => {
  const clock = new MeetingClock();
  const { kept, wrapStore } = storeKeeper();
  const suite = useMeetingServer({ wrapStore, clock: clock.now, timers: clock.timers, attendanceGraceMs: ATTENDANCE_GRACE_MS });

  it('200 reconnections of one link beside two steady connections write one arrival, and one departure dated when the last device left', async () => {
    const { meetingId, participants } = suite.meeting;
    const attendance = async () => (await kept.store.read(`attendance:${meetingId}`)) as Array<{ change: string; at: number; participantId: string }>;
    const steady = await Promise.all([open(suite.server.url, participants.remote.token), open(suite.server.url, participants.remote.token)]);
    for (let index = 0; index < 200; index += 1) {
      const socket = await open(suite.server.url, participants.remote.token);
      socket.disconnect();
    }
    clock.freeze();
    for (const socket of steady) socket.disconnect();
    await waitFor(() => suite.server.app.io.of('/').sockets.size === 0, 'every connection leaving the server');
    const leftAt = clock.now();
    expect((await attendance()).map((row) => row.change)).toEqual(['joined']);
    await clock.advance(ATTENDANCE_GRACE_MS);
    await waitFor(async () => (await attendance()).length === 2, 'the departure once the grace period ran out');
    expect((await attendance())[1]).toMatchObject({ change: 'left', participantId: participants.remote.id, at: leftAt });
  });
});
