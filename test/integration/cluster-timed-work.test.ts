import { createHash } from 'node:crypto';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeskReport } from '../../shared/captions/desk.js';
import { LiveKitBridge } from '../../server/livekit/bridge.js';
import { connectedClient, http, removeDir, seedMeeting, startServer, until, type MirrorClient, type RunningServer } from '../support/harness.js';
import { startTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { StreamTextEvent } from '../support/streamtext.js';
import { ZoomStyleCaptionClient } from '../support/zoom-captions.js';

/**
 * Work that must run once however many nodes serve the meetings (a StreamText pull, LiveKit's
 * reconciliation) runs on the one node that holds the timed-work lease, a PostgreSQL advisory
 * lock; when that node stops, another takes the lease and the work goes on from where the log is.
 */
let database: TestDatabase;
let redis: TestRedis;
let streamText: StreamTextEvent;
const nodes: RunningServer[] = [];
const stopped = new Set<RunningServer>();

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startRedis()]);
  streamText = new StreamTextEvent('ITU-OC-CLUSTER', 'en');
  const baseUrl = await streamText.start();
  for (const nodeName of ['node-a', 'node-b']) {
    nodes.push(await startServer({ databaseUrl: database.url, redisUrl: redis.url, nodeName, captionQuietMs: 600, streamText: { baseUrl, pollMs: 50, timeoutMs: 300 }, liveKit: nodeName === 'node-a' }));
  }
  // One LiveKit for both nodes, as in infra/compose.yaml (its webhooks reach node A here).
  await nodes[1]!.app.media.connect(new LiveKitBridge(nodes[0]!.liveKit!.settings));
}, 90_000);
afterAll(async () => {
  for (const node of nodes) {
    if (!stopped.has(node)) await node.stop();
    removeDir(node.dataDir);
  }
  await streamText?.stop();
  await redis?.stop();
  await database?.stop();
});

const holders = () => nodes.filter((node) => !stopped.has(node) && node.app.timedWork.held);
const oneHolder = (what: string) => until(async () => (holders().length === 1 ? holders()[0]! : null), what, 15_000);
const words = (stream: { lines: { text: string }[]; tail: { text: string } } | null | undefined) =>
  stream ? [...stream.lines.map((line) => line.text), stream.tail.text].join(' ').split(/\s+/).filter(Boolean) : [];

/**
 * A webhook post as livekit-server makes it (livekit-server-sdk's WebhookReceiver checks it): a
 * JWT signed with the API secret whose sha256 claim is the body's hash, valid for five minutes.
 */
async function signedWebhook(body: string): Promise<RequestInit> {
  const { apiKey, apiSecret } = nodes[0]!.liveKit!.settings;
  const token = new AccessToken(apiKey, apiSecret, { ttl: '5m' });
  token.sha256 = createHash('sha256').update(body).digest('base64');
  return { method: 'POST', headers: { 'content-type': 'application/webhook+json', authorization: await token.toJwt() }, body };
}

describe('LiveKit webhooks across nodes', () => {
  it('a participant_joined replayed to node B after node A took it and the participant_left is not applied there: the participant does not show as connected again', async () => {
    const meeting = await seedMeeting(nodes[0]!.url);
    await until(async () => (nodes[1]!.app.registry.get(meeting.meetingId) ? true : null), 'node B to hold the meeting', 10_000);
    const identity = `participant.${meeting.participants.remote.id}`;
    const event = (name: string, seconds: number) =>
      JSON.stringify({ event: name, room: { name: meeting.meetingId }, participant: { identity, tracks: [] }, id: `EV_${name}_${seconds}_${Math.random()}`, createdAt: String(seconds) });
    const now = Math.floor(Date.now() / 1000);
    const joined = await signedWebhook(event('participant_joined', now));
    const post = (node: RunningServer, init: RequestInit) => fetch(`${node.url}/api/livekit/webhook`, init);
    expect((await post(nodes[0]!, joined)).status).toBe(200);
    expect(nodes[0]!.app.media.view(meeting.meetingId).participants).toMatchObject([{ identity, connected: true }]);
    expect((await post(nodes[0]!, await signedWebhook(event('participant_left', now)))).status).toBe(200);
    // Acknowledged, so that LiveKit does not retry it, and ignored.
    expect((await post(nodes[1]!, joined)).status).toBe(200);
    expect(nodes[1]!.app.media.view(meeting.meetingId).participants).toEqual([]);
  });
});

describe('media presence across nodes', () => {
  it('a microphone check reported on node B and a participant joining through a webhook on node A are in both nodes\' presence views, so neither node\'s next announcement drops the other\'s', async () => {
    const clients: MirrorClient[] = [];
    try {
      const meeting = await seedMeeting(nodes[0]!.url);
      const remote = await connectedClient(clients, nodes[1]!.url, meeting.participants.remote.token);
      const checked = await remote.client.request('media:micCheck', { ok: true });
      expect(checked.ok).toBe(true);
      const identity = `participant.${meeting.participants.room.id}`;
      const joined = JSON.stringify({ event: 'participant_joined', room: { name: meeting.meetingId }, participant: { identity, tracks: [] }, id: `EV_${Math.random()}`, createdAt: String(Math.floor(Date.now() / 1000)) });
      expect((await fetch(`${nodes[0]!.url}/api/livekit/webhook`, await signedWebhook(joined))).status).toBe(200);
      for (const [index, node] of nodes.entries()) {
        await until(async () => {
          const { participants } = node.app.media.view(meeting.meetingId);
          const remoteChecked = participants.some((entry) => entry.participantId === meeting.participants.remote.id && entry.micChecked);
          const roomConnected = participants.some((entry) => entry.identity === identity && entry.connected);
          return remoteChecked && roomConnected ? true : null;
        }, `node ${'AB'[index]} to hold both the microphone check and the arrival`, 10_000);
      }
      // A console connecting to node B now gets both from its first presence view.
      const chair = await connectedClient(clients, nodes[1]!.url, meeting.tokens.chair);
      await chair.until((client) => (client.presence?.participants.length ?? 0) >= 2, 10_000, 'the chair\'s first presence view on node B');
      expect(chair.presence!.participants).toEqual(expect.arrayContaining([
        expect.objectContaining({ participantId: meeting.participants.remote.id, micChecked: true }),
        expect.objectContaining({ identity, connected: true }),
      ]));
    } finally {
      for (const client of clients) client.close();
    }
  });
});

describe('the caption desk across nodes', () => {
  it('a console on either node shows the StreamText pull the lease holder runs and a CAT tool whose posts the proxy sent to the other node', async () => {
    const holder = await oneHolder('one node to hold the timed-work lease');
    const other = nodes.find((node) => node !== holder)!;
    const meeting = await seedMeeting(other.url);
    // An event StreamText does not have: the pull keeps failing, which is what a desk must show.
    const configured = await http(other.url, 'PUT', `/captions/meetings/${meeting.meetingId}/pulls/en`, { event: 'NOT-SCHEDULED' });
    expect(configured.status).toBe(200);
    await until(async () => (holder.app.streamTextPulls.healthOf(meeting.meetingId)[0]?.error ? true : null), 'the holder to find the event missing', 10_000);
    const cat = new ZoomStyleCaptionClient(`${holder.url}/api/captions/closedcaption?token=${meeting.tokens.captioner}`);
    expect(await cat.send('Good morning, distinguished delegates.')).toBe(200);

    for (const node of [other, holder]) {
      const response = await fetch(`${node.url}/api/captions/desk?token=${meeting.tokens.chair}`);
      expect(response.status).toBe(200);
      const desk = DeskReport.parse(await response.json());
      const where = node === holder ? 'on the node that pulls and took the post' : 'on the other node';
      expect(desk.pulls, where).toEqual([
        expect.objectContaining({ feedId: 'streamtext-en', event: 'NOT-SCHEDULED', failingSince: expect.any(Number), error: expect.objectContaining({ code: 'pullStatus' }) }),
      ]);
      expect(desk.senders, where).toEqual(expect.arrayContaining([
        expect.objectContaining({ source: 'zoom', language: 'en', lastText: 'Good morning, distinguished delegates.', error: null }),
      ]));
    }
    await http(other.url, 'DELETE', `/captions/meetings/${meeting.meetingId}/pulls/en`);
  }, 60_000);
});

describe('timed work across nodes', () => {
  it('the lease holder stops pulling StreamText for a meeting the other node adjourned', async () => {
    const holder = await oneHolder('one node to hold the timed-work lease');
    const other = nodes.find((node) => node !== holder)!;
    const meeting = await seedMeeting(other.url);
    expect((await http(other.url, 'PUT', `/captions/meetings/${meeting.meetingId}/pulls/en`, { event: 'ITU-OC-CLUSTER', streamTextLanguage: 'en' })).status).toBe(200);
    await until(async () => (holder.app.streamTextPulls.healthOf(meeting.meetingId).length === 1 ? true : null), 'the holder to pull', 10_000);
    expect((await http(other.url, 'POST', `/meetings/${meeting.meetingId}/commands`, { type: 'meeting:transition', to: 'adjourned' })).status).toBe(200);
    await until(async () => (holder.app.streamTextPulls.healthOf(meeting.meetingId).length === 0 ? true : null), 'the holder to stop pulling for the adjourned meeting', 10_000);
  }, 60_000);

  it('a StreamText pull saved on one node is pulled by the single node holding the lease, and by the other once that one stops, without a gap or a double', async () => {
    const holder = await oneHolder('one node to hold the timed-work lease');
    const other = nodes.find((node) => node !== holder)!;
    const meeting = await seedMeeting(other.url);
    const configured = await http(other.url, 'PUT', `/captions/meetings/${meeting.meetingId}/pulls/en`, { event: 'ITU-OC-CLUSTER', streamTextLanguage: 'en' });
    expect(configured.status).toBe(200);

    const expected: string[] = [];
    const say = (text: string) => {
      streamText.text += text;
      expected.push(...text.split(/\s+/).filter(Boolean));
    };
    const followedBy = (node: RunningServer, what: string) =>
      until(async () => (words(node.app.captions.fullStream(meeting.meetingId, 'en')).join(' ') === expected.join(' ') ? true : null), what, 15_000);

    say('The Chair opened the consultation on meaningful connectivity.\n');
    await followedBy(holder, 'the holder to pull the first line');
    await followedBy(other, 'the other node to follow what the holder pulled');
    expect(holder.app.streamTextPulls.healthOf(meeting.meetingId)).toHaveLength(1);
    expect(other.app.streamTextPulls.healthOf(meeting.meetingId), 'a node without the lease does not pull').toEqual([]);

    await holder.stop();
    stopped.add(holder);
    expect(await oneHolder('the other node to take the lease')).toBe(other);
    say('Kenya took the floor and supported the proposal.\n');
    await followedBy(other, 'the new holder to pull on from where the log is');
    expect(other.app.streamTextPulls.healthOf(meeting.meetingId)).toHaveLength(1);
  }, 60_000);
});
