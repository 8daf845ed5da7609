import { afterEach, describe, expect, it } from 'vitest';
import { http, MirrorClient, seedMeeting, startServer, stopServer, tokenOf, type RunningServer } from '../support/harness.js';

let server: RunningServer | undefined;
const clients: MirrorClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await stopServer(server);
  server = undefined;
});

const delegate = (n: number) => ({ displayName: `Delegate ${n}`, affiliation: `Ministry ${n}`, country: 'Kenya', stakeholderGroup: 'government', attendance: 'remote' });

/** A public registration, from a given client address (through a trusted proxy) when told. */
async function register(base: string, meetingId: string, body: unknown, from?: string) {
  const response = await fetch(`${base}/api/meetings/${meetingId}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() };
}

describe('public registration limits', () => {
  it('one address gets a few registrations an hour, then RATE_LIMITED saying when it may register again (Retry-After, retryAfterMs); another address still registers', async () => {
    server = await startServer({ env: { REGISTRATION_PER_ADDRESS_PER_HOUR: '3', TRUST_PROXY: 'loopback' } });
    const { meetingId } = await seedMeeting(server.url);
    for (let n = 1; n <= 3; n++) expect((await register(server.url, meetingId, delegate(n), '203.0.113.7')).status).toBe(201);
    const refused = await register(server.url, meetingId, delegate(4), '203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // Three an hour: the next one twenty minutes after the burst was spent.
    expect(refused.body.error.retryAfterMs).toBeGreaterThan(19 * 60_000);
    expect(refused.body.error.retryAfterMs).toBeLessThanOrEqual(20 * 60_000);
    expect(Number(refused.retryAfter)).toBe(Math.ceil(refused.body.error.retryAfterMs / 1000));
    expect((await register(server.url, meetingId, delegate(5), '203.0.113.8')).status).toBe(201);
  });

  it("the venue's own address, behind which the room registers at the door, is not limited per address; another address still is, and the meeting keeps its pace", async () => {
    server = await startServer({ env: { REGISTRATION_PER_ADDRESS_PER_HOUR: '2', REGISTRATION_PER_MEETING_PER_MINUTE: '9', TRUST_PROXY: 'loopback', VENUE_ADDRESSES: '203.0.113.0/28' } });
    const { meetingId } = await seedMeeting(server.url);
    const atTheDoor: number[] = [];
    for (let n = 1; n <= 5; n++) atTheDoor.push((await register(server.url, meetingId, delegate(n), '203.0.113.7')).status);
    expect(atTheDoor).toEqual([201, 201, 201, 201, 201]);
    const elsewhere: number[] = [];
    for (let n = 6; n <= 8; n++) elsewhere.push((await register(server.url, meetingId, delegate(n), '203.0.113.99')).status);
    expect(elsewhere).toEqual([201, 201, 429]);
    // Seeded two, five at the door, two from elsewhere: the meeting's own pace (9 a minute) holds for the venue too.
    expect((await register(server.url, meetingId, delegate(9), '203.0.113.8')).status).toBe(429);
  });

  it('one meeting takes registrations at a bounded pace, whatever the number of addresses', async () => {
    server = await startServer({ env: { REGISTRATION_PER_MEETING_PER_MINUTE: '4', TRUST_PROXY: 'loopback' } });
    // seedMeeting registers two participants of its own.
    const { meetingId } = await seedMeeting(server.url);
    const statuses: number[] = [];
    for (let n = 1; n <= 4; n++) statuses.push((await register(server.url, meetingId, delegate(n), `198.51.100.${n}`)).status);
    expect(statuses).toEqual([201, 201, 429, 429]);
  });

  it('a meeting with a participant cap refuses public registrations past it with TOO_MANY_PARTICIPANTS', async () => {
    server = await startServer();
    const { meetingId } = await seedMeeting(server.url);
    expect((await http(server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { maxParticipants: 3 } })).status).toBe(200);
    expect((await register(server.url, meetingId, delegate(1))).status).toBe(201);
    const refused = await register(server.url, meetingId, delegate(2));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('TOO_MANY_PARTICIPANTS');
  });
});

describe('secretariat approval of registrations', () => {
  it('a registration waits as pending: the registrant is told, the link is refused until approved, then opens the meeting', async () => {
    server = await startServer();
    const { meetingId } = await seedMeeting(server.url);
    await http(server.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:update', details: { registrationApproval: true } });
    expect((await http(server.url, 'GET', `/meetings/${meetingId}/public`, undefined, null)).body.registrationApproval).toBe(true);
    const registered = await register(server.url, meetingId, delegate(1));
    expect(registered.status).toBe(201);
    expect(registered.body.registration).toBe('pending');
    const token = tokenOf(registered.body.url);

    const waiting = new MirrorClient(server.url, token);
    clients.push(waiting);
    expect((await waiting.refusal()).code).toBe('REGISTRATION_PENDING');
    const media = await fetch(`${server.url}/api/media/token`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect((await media.json()).error.code).toBe('REGISTRATION_PENDING');

    const approve = (decision: string) =>
      http(server!.url, 'POST', `/meetings/${meetingId}/commands`, { type: 'participant:review', participantId: registered.body.participantId, decision });
    expect((await approve('approved')).status).toBe(200);
    const admitted = new MirrorClient(server.url, token);
    clients.push(admitted);
    await admitted.ready();
    expect(admitted.you?.participantId).toBe(registered.body.participantId);

    expect((await approve('declined')).status).toBe(200);
    const declined = new MirrorClient(server.url, token);
    clients.push(declined);
    expect((await declined.refusal()).code).toBe('REGISTRATION_DECLINED');
  });

  it('reviewing registrations is the secretariat\'s alone: a chair link cannot', async () => {
    server = await startServer();
    const meeting = await seedMeeting(server.url);
    const command = { type: 'participant:review', participantId: meeting.participants.room.id, decision: 'declined' };
    expect((await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, command, meeting.tokens.chair)).status).toBe(401);
    const state = (await http(server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state;
    expect(state.participants.find((p: { id: string }) => p.id === meeting.participants.room.id).registration).toBe('approved');
  });
});
