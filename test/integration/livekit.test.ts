import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import type { MediaPresenceView } from '../../shared/protocol/media.js';
import { ADMIN_TOKEN, http, MirrorClient, removeDir, seedMeeting, startServer, useMeetingServer } from '../support/harness.js';

// Reconciliation runs when a test asks: these tests feed presence by hand-made webhooks. The
// venue's network is 127.0.0.5 here, where a request can come from (every 127/8 address is this machine's).
const VENUE_ADDRESS = '127.0.0.5';
const suite = useMeetingServer({ liveKit: true, mediaReconcileMs: 600_000, env: { VENUE_ADDRESSES: `${VENUE_ADDRESS}/32` } });

/** The token endpoint's answer to a request from `localAddress` (not the venue's unless asked). */
function mediaToken(linkToken: string, localAddress = '127.0.0.1'): Promise<{ status: number; body: ReturnType<typeof JSON.parse> }> {
  const { hostname, port } = new URL(suite.server.url);
  return new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${linkToken}` };
    const req = request({ hostname, port, path: '/api/media/token', method: 'POST', headers, localAddress, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function grantsOf(jwt: string) {
  const { apiKey, apiSecret } = suite.server.liveKit!.settings;
  return (await new TokenVerifier(apiKey, apiSecret).verify(jwt)).video!;
}

/**
 * A webhook post as livekit-server makes it, for WebhookReceiver: a JWT whose sha256 claim is
 * the body's hash, valid for five minutes. Posting the same request again is a replay.
 */
async function signedPost(body: string, secret = suite.server.liveKit!.settings.apiSecret): Promise<RequestInit> {
  const token = new AccessToken(suite.server.liveKit!.settings.apiKey, secret, { ttl: '5m' });
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return { method: 'POST', headers: { 'content-type': 'application/webhook+json', authorization: await token.toJwt() }, body };
}

const postWebhook = (init: RequestInit) => fetch(`${suite.server.url}/api/livekit/webhook`, init);

async function signedWebhook(body: string, secret?: string) {
  return postWebhook(await signedPost(body, secret));
}

/**
 * The requests this server made to LiveKit so far, whatever their outcome (from /metrics); a
 * webhook's signature is checked here and counted apart.
 */
async function liveKitCalls(): Promise<number> {
  const response = await fetch(`${suite.server.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const lines = (await response.text())
    .split('\n')
    .filter((line) => line.startsWith('openfloor_livekit_calls_total{') && !line.includes('operation="receiveWebhook"'));
  return lines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

/** A participant event with its own id, created at `seconds` (LiveKit's whole-second createdAt). */
const participantEvent = (event: string, identity: string, seconds: number) =>
  JSON.stringify({ event, room: { name: suite.meeting.meetingId }, participant: { identity, tracks: [] }, id: `EV_${event}_${seconds}_${Math.random()}`, createdAt: String(seconds) });

const joined = (room: string, identity: string, tracks: unknown[] = []) =>
  JSON.stringify({
    event: 'participant_joined',
    room: { name: room },
    participant: { identity, tracks },
    id: `evt-${Math.random()}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
  });

/**
 * A track event. LiveKit's protocol (livekit_webhook.proto, `WebhookEvent`):
 *   // set when event is participant_* or track_*
 *   ParticipantInfo participant = 3;
 *   // set when event is track_*
 *   TrackInfo track = 8;
 * and livekit-server fills the participant with its sid and identity alone (seen on the
 * livekit-server these tests run: every track_published it posted had no tracks).
 */
const trackEvent = (event: 'track_published' | 'track_unpublished', identity: string, track: Record<string, unknown>) =>
  JSON.stringify({
    event,
    room: { name: suite.meeting.meetingId },
    participant: { sid: 'PA_1', identity },
    track,
    id: `evt-${Math.random()}`,
    createdAt: String(Math.floor(Date.now() / 1000)),
  });
const microphone = { sid: 'TR_AM1', type: 'AUDIO', source: 'MICROPHONE', muted: false, name: '' };
const camera = { sid: 'TR_VC1', type: 'VIDEO', source: 'CAMERA', muted: false, name: '', width: 1280, height: 720 };

describe('LiveKit tokens are minted from the meeting state with explicit grants', () => {
  it('a participant without the floor may subscribe but not publish', async () => {
    const { status, body } = await mediaToken(suite.meeting.participants.remote.token);
    expect(status).toBe(200);
    expect(body.url).toBe(suite.server.liveKit!.settings.url);
    expect(body.identity).toBe(`participant.${suite.meeting.participants.remote.id}`);
    expect(body.iceServers).toEqual([]);
    expect(await grantsOf(body.token)).toMatchObject({
      roomJoin: true,
      room: suite.meeting.meetingId,
      canSubscribe: true,
      canPublish: false,
      canPublishData: false,
    });
  });

  it('the remote floor holder may publish the microphone; the in-room one gets no publishing right', async () => {
    const chair = new MirrorClient(suite.server.url, suite.meeting.tokens.chair);
    suite.clients.push(chair);
    await chair.ready();
    await chair.send('queue:add', { participantId: suite.meeting.participants.remote.id, kind: 'intervention' });
    await chair.send('floor:give', {});
    const remote = await grantsOf((await mediaToken(suite.meeting.participants.remote.token)).body.token);
    expect(remote).toMatchObject({ canPublish: true, canPublishSources: ['microphone'], canSubscribe: true });

    await chair.send('floor:end', {});
    await chair.send('queue:add', { participantId: suite.meeting.participants.room.id, kind: 'intervention' });
    await chair.send('floor:give', {});
    expect(await grantsOf((await mediaToken(suite.meeting.participants.room.token)).body.token)).toMatchObject({ canPublish: false });
    expect(await grantsOf((await mediaToken(suite.meeting.participants.remote.token)).body.token)).toMatchObject({ canPublish: false });
  });

  it('a viewer token is hidden and cannot publish; the venue station publishes the room', async () => {
    const viewer = await grantsOf((await mediaToken(suite.meeting.tokens.viewer)).body.token);
    expect(viewer).toMatchObject({ canPublish: false, canSubscribe: true, hidden: true });
    const venueLink = await http(suite.server.url, 'POST', `/meetings/${suite.meeting.meetingId}/links`, { role: 'venue', label: 'Room AV' });
    const venueToken = new URL(venueLink.body.url).hash.slice('#token='.length);
    const venue = await grantsOf((await mediaToken(venueToken)).body.token);
    expect(venue).toMatchObject({ canPublish: true, canSubscribe: true, canPublishSources: ['microphone', 'camera'] });
  });

  it("the answer says whether the device is on the venue's network, so a page in the hall can stay out of the room's sound and picture", async () => {
    const inTheHall = await mediaToken(suite.meeting.tokens.viewer, VENUE_ADDRESS);
    expect(inTheHall.status).toBe(200);
    expect(inTheHall.body.venueNetwork).toBe(true);
    // The same link from anywhere else: a webcast viewer.
    const elsewhere = await mediaToken(suite.meeting.tokens.viewer, '127.0.0.6');
    expect(elsewhere.body).toMatchObject({ venueNetwork: false, token: expect.any(String) });
    // Nothing else changes in the hall: the same grants.
    expect(await grantsOf(inTheHall.body.token)).toEqual(await grantsOf(elsewhere.body.token));
  });

  it('a forged link gets no token', async () => {
    expect((await mediaToken('forged.token')).status).toBe(401);
  });
});

/** The chair's console, connected, and every presence view it is sent from now on. */
async function chairWatchingPresence() {
  const chair = new MirrorClient(suite.server.url, suite.meeting.tokens.chair);
  suite.clients.push(chair);
  const views: MediaPresenceView[] = [];
  chair.socket.on('media:presence', (view) => views.push(view));
  await chair.ready();
  return { chair, views };
}

describe('LiveKit webhooks feed the presence view', () => {
  it('a webhook with a bad signature is refused and changes nothing', async () => {
    const body = joined(suite.meeting.meetingId, `participant.${suite.meeting.participants.remote.id}`);
    const forged = await signedWebhook(body, 'x'.repeat(40));
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${suite.server.url}/api/livekit/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/webhook+json' },
      body,
    });
    expect(unsigned.status).toBe(401);
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants).toEqual([]);
  });

  it('presence follows joins, published microphones and leaves, and reaches the chair', async () => {
    const { chair, views } = await chairWatchingPresence();
    const shown = (what: string, predicate: (view: MediaPresenceView) => boolean) =>
      chair.until(() => chair.presence !== null && predicate(chair.presence), 5000, what);
    const identity = `participant.${suite.meeting.participants.remote.id}`;
    expect((await signedWebhook(joined(suite.meeting.meetingId, identity))).status).toBe(200);
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants).toMatchObject([
      { identity, participantId: suite.meeting.participants.remote.id, connected: true, microphone: 'none' },
    ]);
    await shown('the joined participant', (view) => view.participants[0]?.microphone === 'none');
    // The track events as livekit-server sends them: the participant by identity and sid only
    // (no tracks), and the one track that changed.
    expect((await signedWebhook(trackEvent('track_published', identity, microphone))).status).toBe(200);
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants[0]).toMatchObject({ microphone: 'published' });
    await shown('the published microphone', (view) => view.participants[0]?.microphone === 'published');
    expect((await signedWebhook(trackEvent('track_published', identity, camera))).status).toBe(200);
    await shown('the camera beside the microphone', (view) => view.participants[0]?.camera === true && view.participants[0]?.microphone === 'published');
    expect((await signedWebhook(trackEvent('track_unpublished', identity, microphone))).status).toBe(200);
    await shown('the microphone gone, the camera kept', (view) => view.participants[0]?.camera === true && view.participants[0]?.microphone === 'none');
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants[0]).toMatchObject({ connected: true });
    const left = JSON.stringify({ ...JSON.parse(joined(suite.meeting.meetingId, identity)), event: 'participant_left' });
    expect((await signedWebhook(left)).status).toBe(200);
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants).toEqual([]);
    await shown('the participant gone', (view) => view.participants.length === 0);
    expect(views.at(-1)).toEqual({ available: true, preparing: false, participants: [] });
  });

  it('a page reloaded in the second its connection left is shown connected, whichever of its departure and its new arrival comes first', async () => {
    const identity = `participant.${suite.meeting.participants.remote.id}`;
    const second = Math.floor(Date.now() / 1000);
    // As livekit-server sends them: the participant with its sid (one per connection) and, on a
    // join, the whole ParticipantInfo (joinedAtMs among it); track events name the sid only.
    const of = (event: string, sid: string, joinedAtMs: number, track?: Record<string, unknown>) =>
      JSON.stringify({
        event,
        room: { name: suite.meeting.meetingId },
        participant: { sid, identity, ...(event === 'participant_joined' ? { joinedAt: String(Math.floor(joinedAtMs / 1000)), joinedAtMs: String(joinedAtMs), tracks: [] } : {}) },
        ...(track ? { track } : {}),
        id: `evt-${Math.random()}`,
        createdAt: String(second),
      });
    const view = () => suite.server.app.media.view(suite.meeting.meetingId).participants.filter((entry) => entry.identity === identity);
    for (const order of ['departure first', 'arrival first'] as const) {
      const [old, fresh] = [`PA_old_${order.length}`, `PA_new_${order.length}`];
      expect((await signedWebhook(of('participant_joined', old, second * 1000 - 5000))).status).toBe(200);
      expect((await signedWebhook(of('track_published', old, 0, microphone))).status).toBe(200);
      const departure = of('participant_left', old, 0);
      const arrival = of('participant_joined', fresh, second * 1000 + 300);
      for (const body of order === 'departure first' ? [departure, arrival] : [arrival, departure]) expect((await signedWebhook(body)).status).toBe(200);
      expect((await signedWebhook(of('track_published', fresh, 0, { ...microphone, sid: `TR_${fresh}` }))).status).toBe(200);
      expect(view(), order).toEqual([expect.objectContaining({ connected: true, microphone: 'published' })]);
      // The old connection's microphone going (late) changes nothing of the new one's.
      expect((await signedWebhook(of('track_unpublished', old, 0, microphone))).status).toBe(200);
      expect(view(), order).toEqual([expect.objectContaining({ connected: true, microphone: 'published' })]);
      expect((await signedWebhook(of('participant_left', fresh, 0))).status).toBe(200);
      expect(view(), order).toEqual([]);
    }
  });

  it('a replayed participant_joined is applied once, and replayed after participant_left does not show the participant again', async () => {
    const identity = `participant.${suite.meeting.participants.remote.id}`;
    const announced: unknown[] = [];
    suite.server.app.media.onPresence((meetingId) => meetingId === suite.meeting.meetingId && announced.push(meetingId));
    const now = Math.floor(Date.now() / 1000);
    const join = await signedPost(participantEvent('participant_joined', identity, now));
    expect((await postWebhook(join)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await postWebhook(join)).status).toBe(200);
    expect(announced).toHaveLength(1);
    expect((await signedWebhook(participantEvent('participant_left', identity, now))).status).toBe(200);
    expect((await postWebhook(join)).status).toBe(200);
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants).toEqual([]);
    expect(announced).toHaveLength(2);
  });

  it('webhooks are ordered by event time: a join older than the last leave changes nothing, a newer one does', async () => {
    const identity = `participant.${suite.meeting.participants.room.id}`;
    const now = Math.floor(Date.now() / 1000);
    expect((await signedWebhook(participantEvent('participant_left', identity, now + 2))).status).toBe(200);
    expect((await signedWebhook(participantEvent('participant_joined', identity, now + 1))).status).toBe(200);
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants).toEqual([]);
    expect((await signedWebhook(participantEvent('participant_joined', identity, now + 3))).status).toBe(200);
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants).toMatchObject([{ identity, connected: true }]);
  });

  it('presence goes only to those who show it, and only when it changes, in batches', async () => {
    const connect = (token: string) => {
      const client = new MirrorClient(suite.server.url, token);
      suite.clients.push(client);
      const seen: MediaPresenceView[] = [];
      client.socket.on('media:presence', (view) => seen.push(view));
      return { client, seen };
    };
    const chair = connect(suite.meeting.tokens.chair);
    const viewer = connect(suite.meeting.tokens.viewer);
    const room = connect(suite.meeting.participants.room.token);
    const others = [];
    for (let index = 0; index < 10; index += 1) {
      const registered = await http(
        suite.server.url,
        'POST',
        `/meetings/${suite.meeting.meetingId}/registrations`,
        { displayName: `Delegate ${index}`, affiliation: 'Ministry', country: 'Ghana', stakeholderGroup: 'government', attendance: 'remote' },
        null,
      );
      const token = new URL(registered.body.url).hash.slice('#token='.length);
      others.push({ id: registered.body.participantId as string, token, ...connect(token) });
    }
    const everyone = [chair, viewer, room, ...others];
    await Promise.all(everyone.map(({ client }) => client.ready()));
    await Promise.all(everyone.map(({ client }) => client.until(() => client.presence !== null, 5000, 'the presence view on connection')));
    // A burst: ten remote participants pass their microphone check at once.
    await Promise.all(others.map(({ client }) => client.client.request('media:micCheck', { ok: true })));
    await chair.client.until(() => chair.client.presence?.participants.length === 10, 5000, 'the chair seeing all ten');
    for (const other of others) {
      await other.client.until(() => other.client.presence?.participants.length === 1, 5000, 'a participant seeing their own entry');
      expect(other.seen[1]!.participants).toMatchObject([{ participantId: other.id, micChecked: true }]);
    }
    // Ten changes, far fewer views: they went out in batches.
    expect(chair.seen.length).toBeLessThan(6);
    // Reconciliation finds nothing new: nothing more is sent.
    const before = chair.seen.length;
    await suite.server.app.media.reconcile(suite.meeting.meetingId);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(chair.seen.length).toBe(before);
    for (const other of others) expect(other.seen).toHaveLength(2);
    // The viewer and the in-room participant were told only that audio/video is available, once.
    expect(viewer.seen).toEqual([{ available: true, preparing: false, participants: [] }]);
    expect(room.seen).toEqual([{ available: true, preparing: false, participants: [] }]);

    // Pages reloaded while on the audio/video: each is shown what its room was last sent at once.
    const [first, second] = others;
    const reloadedChair = connect(suite.meeting.tokens.chair);
    const reloaded = connect(first!.token);
    await Promise.all([reloadedChair, reloaded].map(({ client }) => client.until(() => client.presence !== null, 5000, 'the presence view on reload')));
    expect(reloadedChair.seen[0]!.participants).toHaveLength(10);
    expect(reloaded.seen[0]!.participants).toEqual([expect.objectContaining({ participantId: first!.id, micChecked: true })]);
    expect(reloaded.seen[0]!.participants).not.toContainEqual(expect.objectContaining({ participantId: second!.id }));
  });

  it("a webcast's hidden listeners joining and leaving cost no call to LiveKit and reach nobody's page: their permission never changes and nobody is shown them", async () => {
    const { chair, views } = await chairWatchingPresence();
    await chair.until(() => chair.presence !== null, 5000, 'the presence view on connection');
    const callsBefore = await liveKitCalls();
    // Viewers, a captioner's and the chair's own pages listen hidden (identities as identityOf makes them).
    const listeners = ['viewer.l6.a1b2c3', 'viewer.l6.d4e5f6', 'captioner.l7.g7h8i9', 'chair.l3.j1k2l3', 'screen.l4.m4n5o6'];
    for (const identity of listeners) expect((await signedWebhook(joined(suite.meeting.meetingId, identity))).status).toBe(200);
    const seconds = Math.floor(Date.now() / 1000);
    for (const identity of listeners) expect((await signedWebhook(participantEvent('participant_left', identity, seconds))).status).toBe(200);
    // One shown participant after them: once the chair has seen it, anything sent before it has come.
    const identity = `participant.${suite.meeting.participants.remote.id}`;
    expect((await signedWebhook(joined(suite.meeting.meetingId, identity))).status).toBe(200);
    await chair.until(() => chair.presence?.participants.length === 1, 5000, 'the remote participant shown');
    expect(views.slice(1).every((view) => view.participants.every((entry) => entry.identity === identity))).toBe(true);
    expect(views.length, 'one view for the listeners: none; one for the participant').toBeLessThanOrEqual(2);
    // The participant's join asked LiveKit for their permission once; the listeners asked nothing.
    expect(await liveKitCalls()).toBe(callsBefore + 1);
  });

  it('reconciliation replaces presence lost to a missed webhook with what LiveKit reports', async () => {
    const identity = `participant.${suite.meeting.participants.room.id}`;
    await signedWebhook(joined(suite.meeting.meetingId, identity));
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants).toHaveLength(1);
    // Nobody is really in the LiveKit room: the participant_left webhook was "lost".
    await suite.server.app.media.reconcile(suite.meeting.meetingId);
    expect(suite.server.app.media.view(suite.meeting.meetingId).participants).toEqual([]);
  });
});

describe('without LiveKit', () => {
  it('the meeting runs and the token endpoint says audio/video is unavailable', async () => {
    const bare = await startServer();
    try {
      const seeded = await seedMeeting(bare.url);
      const response = await fetch(`${bare.url}/api/media/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${seeded.participants.remote.token}` },
      });
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe('MEDIA_UNAVAILABLE');
      expect(bare.app.media.view(seeded.meetingId)).toEqual({ available: false, preparing: false, participants: [] });
    } finally {
      await bare.stop();
      removeDir(bare.dataDir);
    }
  });
});
