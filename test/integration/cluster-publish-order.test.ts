import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCluster, type Cluster } from '../../server/realtime/cluster.js';
import { useDirectFrames } from '../../server/realtime/fan-out.js';
import { startBlackholeProxy } from '../support/blackhole-proxy.js';
import { until, within } from '../support/harness.js';
import { startRedis, type TestRedis } from '../support/redis.js';

/**
 * A watcher on Redis in a thread of its own, speaking RESP by hand (redis.io/docs/reference/protocol-spec:
 * "Clients send commands to a Redis server as an array of bulk strings"; a pattern subscription
 * delivers "pmessage", the pattern, the channel and the message). It raises `flag` when a
 * published message containing `marker` arrives, so a thread whose event loop is blocked can
 * wait for it with Atomics.wait.
 */
const WATCHER = `
const { connect } = require('node:net');
const { parentPort, workerData } = require('node:worker_threads');
const { port, pattern, marker, flag } = workerData;
const cell = new Int32Array(flag);
const command = (...words) => '*' + words.length + '\\r\\n' + words.map((word) => '$' + Buffer.byteLength(word) + '\\r\\n' + word + '\\r\\n').join('');
const socket = connect({ port, host: '127.0.0.1' }, () => socket.write(command('PSUBSCRIBE', pattern)));
let seen = '';
socket.on('data', (data) => {
  seen += data.toString('latin1');
  if (seen.includes('psubscribe')) parentPort.postMessage('subscribed');
  if (seen.includes('pmessage') && seen.includes(marker)) {
    Atomics.store(cell, 0, 1);
    Atomics.notify(cell, 0);
    socket.destroy();
  }
});
`;

let redis: TestRedis;
let cluster: Cluster;
let io: Server;

beforeAll(async () => {
  redis = await startRedis();
  cluster = await connectCluster(redis.url, { clock: Date.now });
  io = new Server(createServer(), { serveClient: false });
  useDirectFrames(io, undefined, cluster.adapter);
}, 30_000);
afterAll(async () => {
  await io?.close();
  await cluster?.close();
  await redis?.stop();
});

describe('publishing a broadcast to the other nodes', () => {
  it("leaves this node before its event loop turns again, so the other nodes' viewers never wait for this node's own fan-out", async () => {
    const flag = new SharedArrayBuffer(4);
    const marker = 'publish-order-marker';
    const watcher = new Worker(WATCHER, { eval: true, workerData: { port: Number(new URL(redis.url).port), pattern: 'socket.io#/#*', marker, flag } });
    try {
      await new Promise<void>((resolve, reject) => {
        watcher.once('message', () => resolve());
        watcher.once('error', reject);
      });
      io.to('captions:en').emit('caption:delta', marker);
      // This thread's loop stays blocked from the emit on, as it is while a node writes its own
      // viewers' frames: the message must reach Redis during the block, not after it.
      const cell = new Int32Array(flag);
      Atomics.wait(cell, 0, 0, 5_000);
      expect(Atomics.load(cell, 0), 'the watcher saw the broadcast while the publishing loop was blocked').toBe(1);
    } finally {
      await watcher.terminate();
    }
  });
});

describe('leaving the cluster', () => {
  it('a node stopping while Redis is away lets go of its connections at once, rather than wait for Redis to come back', async () => {
    const leaving = await connectCluster(redis.url, { clock: Date.now });
    await redis.restart(async () => {
      // Both connections have seen Redis go before the node stops.
      await within(
        (async () => {
          while (!leaving.problem()) await new Promise((resolve) => setTimeout(resolve, 20));
        })(),
        'the cluster to see Redis gone',
      );
      await within(leaving.close(), 'the cluster connections to close while Redis is away', 3_000);
    });
  });
});

describe('a Redis that hangs', () => {
  // A Redis given by the environment (REDIS_URL) cannot be paused here: the test is skipped, and says so.
  it.skipIf(Boolean(process.env.REDIS_URL))('is noticed within a heartbeat or two though its connections stay open, a claim does not wait for it, and it is forgotten once Redis answers again', async () => {
    const watching = await connectCluster(redis.url, { clock: Date.now, heartbeatMs: 200 });
    try {
      expect(watching.problem()).toBeNull();
      await redis.pause(async () => {
        await within(
          (async () => {
            while (!watching.problem()) await new Promise((resolve) => setTimeout(resolve, 50));
          })(),
          'the node to notice that Redis does not answer',
          5_000,
        );
        expect(watching.problem()?.reason).toMatch(/^(publish|subscribe) connection: no answer to PING/);
        // A LiveKit webhook's claim: this node judges alone rather than wait.
        expect(await within(watching.claimOnce(`hang-${Date.now()}`, Date.now() + 60_000), 'the claim to be answered without Redis', 5_000)).toBe(true);
      });
      await within(
        (async () => {
          while (watching.problem()) await new Promise((resolve) => setTimeout(resolve, 50));
        })(),
        'the node to see Redis answer again',
        5_000,
      );
    } finally {
      await watching.close();
    }
  });
});

describe('a connection to Redis the network cut off alone', () => {
  // A NAT or firewall that forgets the subscribing connection's flow (it is the quiet one: with a
  // shared log it carries only LiveKit presence) leaves it open at both ends. TCP keepalive would
  // notice after about ten minutes; until then every broadcast of the other nodes misses this one.
  it('the subscription is noticed within a heartbeat or two, made again on a new connection, and the other nodes\' broadcasts reach this node again', async () => {
    const proxy = await startBlackholeProxy(redis.url);
    const sending = await connectCluster(redis.url, { clock: Date.now });
    const receiving = await connectCluster(proxy.url, { clock: Date.now, heartbeatMs: 200 });
    const nodeA = new Server(createServer(), { serveClient: false });
    const nodeB = new Server(createServer(), { serveClient: false });
    useDirectFrames(nodeA, undefined, sending.adapter);
    useDirectFrames(nodeB, undefined, receiving.adapter);
    const heard: string[] = [];
    nodeB.on('probe', (word: string) => heard.push(word));
    /** Node A tells the other nodes `word` until node B has heard it (a subscription takes a moment to be made). */
    const reaches = (word: string, what: string) =>
      until(
        async () => {
          if (heard.includes(word)) return true;
          nodeA.serverSideEmit('probe', word);
          return null;
        },
        what,
        10_000,
      );
    try {
      await reaches('before', "node A's broadcast to reach node B");
      expect(proxy.blackhole(/SUBSCRIBE/i), "node B's subscribing connection is cut off").toBe(1);
      await until(async () => receiving.problem(), 'node B to notice its subscription hears nothing', 5_000, 50);
      expect(receiving.problem()?.reason, 'the connection at fault is named').toMatch(/^subscribe connection: /);
      await until(async () => (receiving.problem() ? null : true), 'node B to subscribe again on a new connection', 10_000, 50);
      await reaches('after', "node A's broadcasts to reach node B again");
    } finally {
      await nodeA.close();
      await nodeB.close();
      await sending.close();
      await receiving.close();
      await proxy.close();
    }
  });

  it('a node stopping while both its connections are cut off lets go of them at once, rather than wait for a QUIT nobody answers', async () => {
    const proxy = await startBlackholeProxy(redis.url);
    const leaving = await connectCluster(proxy.url, { clock: Date.now, heartbeatMs: 200 });
    try {
      expect(proxy.blackhole(/./)).toBe(2);
      await within(leaving.close(), 'the cluster connections to close while cut off', 3_000);
    } finally {
      await proxy.close();
    }
  });
});
