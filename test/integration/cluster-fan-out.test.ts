import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  connectedClient,
  MirrorClient,
  removeDir,
  seedMeeting,
  startServer,
  waitFor,
  within,
  type RunningServer,
  type SeededMeeting,
} from '../support/harness.js';
import { EventSourceReader } from '../support/event-source.js';
import { MeetingEventClient } from '../../client/src/realtime/MeetingEventClient.js';
import { startRedis, type TestRedis } from '../support/redis.js';

/**
 * Three OpenFloor nodes sharing one Redis (Socket.IO's Redis adapter). The meeting's log is not
 * shared between nodes yet: nodes B and C load the meeting from node A's SQLite file at their
 * start, and every change is made on node A, so what reaches the clients of B and C can only
 * have come through the Redis broadcast path, not through a log of their own.
 */
let redis: TestRedis;
let nodes: RunningServer[] = [];
/** One meeting per test, seeded before nodes B and C start (they read it once, at their start). */
const meetings: SeededMeeting[] = [];
let meeting: SeededMeeting;
const clients: MirrorClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  const a = await startServer({ redisUrl: redis.url });
  for (let index = 0; index < 5; index += 1) meetings.push(await seedMeeting(a.url));
  nodes = [a];
  for (let index = 0; index < 2; index += 1) nodes.push(await startServer({ redisUrl: redis.url, dataDir: a.dataDir }));
}, 60_000);
afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const node of nodes) await node.stop();
  if (nodes[0]) removeDir(nodes[0].dataDir);
  await redis?.stop();
});
beforeEach(() => {
  meeting = meetings.shift()!;
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

const connect = (node: RunningServer, token: string) => connectedClient(clients, node.url, token);

async function metricsText(node: RunningServer): Promise<string> {
  const response = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  return response.text();
}

/** The fan-out counters of a node, as Prometheus reads them from /metrics. */
async function frames(node: RunningServer): Promise<{ direct: number; fallback: number }> {
  const text = await metricsText(node);
  const count = (path: string) => Number(text.match(new RegExp(`^openfloor_fanout_frames_total\\{path="${path}"\\} (\\d+)`, 'm'))?.[1] ?? 0);
  return { direct: count('direct'), fallback: count('fallback') };
}

async function readiness(node: RunningServer): Promise<{ status: number; body: any }> {
  const response = await fetch(`${node.url}/readyz`);
  return { status: response.status, body: await response.json() };
}

/** Resolves once the node's /readyz answers `status`; fails after a bound naming what it waited for. */
function readyzAnswers(node: RunningServer, status: number, what: string): Promise<void> {
  return within(
    (async () => {
      while ((await readiness(node)).status !== status) await new Promise((resolve) => setTimeout(resolve, 50));
    })(),
    `/readyz of ${node.url} to answer ${status} ${what}`,
    20_000,
  );
}

const range = (from: number, count: number) => Array.from({ length: count }, (_, index) => from + index);

describe('broadcasts between nodes through Redis', () => {
  it('a meeting change made on node A reaches the viewers on nodes A, B and C in order, exactly once', async () => {
    const chair = await connect(nodes[0]!, meeting.tokens.chair);
    const viewers = await Promise.all(nodes.map((node) => connect(node, meeting.tokens.viewer)));
    const start = chair.seq;
    expect(viewers.map((viewer) => viewer.seq)).toEqual([start, start, start]);
    const before = await frames(nodes[0]!);
    let last = start;
    for (let index = 0; index < 10; index += 1) {
      const ack = await chair.send(index % 2 === 0 ? 'queue:close' : 'queue:reopen', {});
      if (!ack.ok) throw new Error(JSON.stringify(ack));
      last = ack.value.seq;
    }
    for (const viewer of viewers) await viewer.atSeq(last);
    for (const [index, viewer] of viewers.entries()) {
      expect(viewer.received.map((change) => change.seq), `viewer on node ${'ABC'[index]}`).toEqual(range(start + 1, last - start));
      expect(viewer.snapshots, `viewer on node ${'ABC'[index]} needed no resync`).toBe(1);
      expect(viewer.state).toEqual(viewers[0]!.state);
    }
    // Published to Redis and still written directly on the node it came from: at least the viewer's ten.
    expect((await frames(nodes[0]!)).direct - before.direct).toBeGreaterThanOrEqual(10);
  });

  it("caption deltas from a captioner on node A reach viewers on nodes B and C whole and in order, each node writing direct frames to its own WebSockets", async () => {
    const captioner = await connect(nodes[0]!, meeting.tokens.captioner);
    const viewers = [];
    for (const node of nodes.slice(1)) for (let index = 0; index < 3; index += 1) viewers.push({ node, client: await connect(node, meeting.tokens.viewer) });
    for (const { client } of viewers) expect((await client.followCaptions('en')).ok).toBe(true);
    const start = viewers[0]!.client.captions.get('en')!.seq;
    const before = await Promise.all(nodes.map(frames));
    const deltas = 30;
    for (let index = 0; index < deltas; index += 1) {
      const ack = await captioner.send('caption:write', { language: 'en', erase: index % 5 === 4 ? 1 : 0, text: index % 7 === 6 ? `word${index}\n` : `word${index} ` });
      if (!ack.ok) throw new Error(JSON.stringify(ack));
    }
    const expected = nodes[0]!.app.captions.fullStream(meeting.meetingId, 'en')!;
    // A delta may commit a line as well: the entries node A logged are what every viewer must get.
    const last = nodes[0]!.app.captions.entriesSince(meeting.meetingId, 'en', 0)!.at(-1)!.seq;
    const entries = last - start;
    expect(entries).toBeGreaterThanOrEqual(deltas);
    for (const { client } of viewers) {
      await client.until((viewer) => viewer.captions.get('en')!.seq >= last, 10_000, `caption seq ${last}`);
      expect(client.captions.get('en')!.received.map((entry) => entry.seq)).toEqual(range(start + 1, entries));
      expect(client.captionsOf('en').tail).toEqual(expected.tail);
    }
    const after = await Promise.all(nodes.map(frames));
    // Node A has no caption subscriber; B and C three each, all idle WebSockets: every frame
    // direct. The first delta also made English live, which every page of the meeting is told
    // once (caption:liveChanged): the captioner's on node A, the three viewers' on B and C.
    expect(after[0]!.direct - before[0]!.direct).toBe(1);
    for (const index of [1, 2]) {
      expect(after[index]!.direct - before[index]!.direct, `direct frames on node ${'ABC'[index]}`).toBe(3 * entries + 3);
      expect(after[index]!.fallback - before[index]!.fallback, `fallback frames on node ${'ABC'[index]}`).toBe(0);
    }
  });

  it('caption deltas from a captioner on node A reach the readers of the caption event stream on nodes B and C through Redis, whole and in order', async () => {
    const captioner = await connect(nodes[0]!, meeting.tokens.captioner);
    const readers = await Promise.all(nodes.slice(1).map((node) => EventSourceReader.open(`${node.url}/api/captions/events?token=${encodeURIComponent(meeting.tokens.viewer)}&lang=en`)));
    try {
      for (const reader of readers) await reader.until((stream) => stream.of('snapshot').length === 1, 5000, 'the snapshot');
      const start = Number(readers[0]!.lastEventId);
      for (let index = 0; index < 20; index += 1) {
        const ack = await captioner.send('caption:write', { language: 'en', erase: 0, text: index % 7 === 6 ? `word${index}\n` : `word${index} ` });
        if (!ack.ok) throw new Error(JSON.stringify(ack));
      }
      const last = nodes[0]!.app.captions.entriesSince(meeting.meetingId, 'en', 0)!.at(-1)!.seq;
      for (const reader of readers) {
        await reader.until((stream) => stream.lastEventId === String(last), 10_000, `caption seq ${last}`);
        expect(reader.of('caption').map((message) => Number(message.lastEventId))).toEqual(range(start + 1, last - start));
      }
    } finally {
      for (const reader of readers) reader.close();
    }
  });

  it('the chair’s changes on node A reach the webcast viewers reading the meeting event stream on nodes B and C through Redis, each patch in order', async () => {
    const chair = await connect(nodes[0]!, meeting.tokens.chair);
    const viewers = nodes.slice(1).map((node) => new MeetingEventClient({ token: meeting.tokens.viewer, url: node.url, meetingId: meeting.meetingId }));
    try {
      for (const viewer of viewers) await waitFor(() => viewer.getView().state !== null, 'the meeting');
      let last = 0;
      for (const type of ['queue:close', 'queue:reopen', 'queue:close'] as const) {
        const ack = await chair.send(type, {});
        if (!ack.ok) throw new Error(JSON.stringify(ack));
        last = ack.value.seq;
      }
      const onA = await connect(nodes[0]!, meeting.tokens.viewer);
      for (const viewer of viewers) {
        await waitFor(() => viewer.getView().seq === last, `meeting seq ${last}`, 10_000);
        expect(viewer.getView().state).toEqual(onA.state);
      }
    } finally {
      for (const viewer of viewers) viewer.close();
    }
  });

  it('with Redis restarted mid-meeting, /readyz says so while it is away, a broadcast meanwhile is counted as unpublished, and broadcasts reach the other nodes again once it is back, without restarting a node', async () => {
    const chair = await connect(nodes[0]!, meeting.tokens.chair);
    const viewers = await Promise.all(nodes.slice(1).map((node) => connect(node, meeting.tokens.viewer)));
    expect((await readiness(nodes[1]!)).body).toEqual({ status: 'ready', redis: { reachable: true } });
    const first = await chair.send('queue:close', {});
    if (!first.ok) throw new Error(JSON.stringify(first));
    for (const viewer of viewers) await viewer.atSeq(first.value.seq);

    await redis.restart(async () => {
      for (const node of nodes) await readyzAnswers(node, 503, 'while Redis is away');
      expect((await readiness(nodes[1]!)).body).toMatchObject({ status: 'unavailable', redis: { reachable: false } });
      // A broadcast meanwhile cannot be published: counted, and the node goes on.
      (nodes[0]!.app.io as unknown as { to(room: string): { emit(event: string, value: number): void } }).to('nobody:here').emit('test:outage', 1);
      await within(
        (async () => {
          while (!/^openfloor_cluster_publish_failures_total 1$/m.test(await metricsText(nodes[0]!))) await new Promise((resolve) => setTimeout(resolve, 20));
        })(),
        'the unpublished broadcast to be counted',
      );
    });
    for (const node of nodes) await readyzAnswers(node, 200, 'once Redis is back');
    const second = await chair.send('queue:reopen', {});
    if (!second.ok) throw new Error(JSON.stringify(second));
    for (const viewer of viewers) {
      await viewer.atSeq(second.value.seq);
      expect(viewer.received.map((change) => change.seq)).toEqual([first.value.seq, second.value.seq]);
    }
  });
});
