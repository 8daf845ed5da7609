import { createServer } from 'node:http';
import { Worker } from 'node:worker_threads';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCluster, type Cluster } from '../../server/realtime/cluster.js';
import { useDirectFrames } from '../../server/realtime/fan-out.js';
import { within } from '../support/harness.js';
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
        expect(watching.problem()?.reason).toMatch(/^no answer to PING/);
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
