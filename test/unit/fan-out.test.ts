import { createAdapter, RedisAdapter } from '@socket.io/redis-adapter';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { Adapter, SessionAwareAdapter } from 'socket.io-adapter';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config.js';
import WebSocket from 'ws';
import { connectionProblems, emitEncoded, FanOutError, probeDirectFrames, useDirectFrames, verifyDirectFrames, withDirectFrames } from '../../server/realtime/fan-out.js';

/** An idle Engine.IO WebSocket connection as Engine.IO 6.6 and ws 8 shape it. */
function idleConnection() {
  return {
    readyState: 'open',
    upgrading: false,
    writeBuffer: [],
    transport: {
      name: 'websocket',
      writable: true,
      socket: { readyState: 1, extensions: '', _extensions: {}, _sender: { _queue: [], sendFrame: () => {} } },
    },
  };
}

describe('direct-frame fan-out: the adapters it was built for', () => {
  it("accepts socket.io-adapter's in-memory Adapter and the Redis adapter", () => {
    expect(() => withDirectFrames(Adapter)).not.toThrow();
    expect(() => withDirectFrames(RedisAdapter, [{}, {}])).not.toThrow();
  });

  it('refuses any other adapter class, a subclass of an allowed one included, naming what it was built for', () => {
    class CustomAdapter extends Adapter {}
    for (const other of [SessionAwareAdapter, CustomAdapter, class extends RedisAdapter {}]) {
      expect(() => withDirectFrames(other)).toThrow(FanOutError);
    }
    expect(() => withDirectFrames(CustomAdapter)).toThrow(/built for socket\.io-adapter's in-memory Adapter and @socket\.io\/redis-adapter's RedisAdapter only, not CustomAdapter/);
  });

  it("refuses the Redis adapter wired the usual way (createAdapter's factory), which would hide the class it builds", () => {
    const io = new Server({ adapter: createAdapter({ on() {}, pSubscribe() {} }, { on() {}, pSubscribe() {}, subscribe() {} }) });
    expect(() => useDirectFrames(io)).toThrow(FanOutError);
  });

  it("refuses a server with connection state recovery, whose adapter must see every broadcast", () => {
    expect(() => useDirectFrames(new Server({ connectionStateRecovery: {} }))).toThrow(/connection state recovery/);
  });
});

describe('direct-frame fan-out: the Engine.IO and ws internals it reads', () => {
  it('finds nothing wrong with an idle WebSocket connection shaped as it was built for', () => {
    expect(connectionProblems(idleConnection())).toEqual([]);
  });

  it('names each renamed or retyped field', () => {
    const renamedQueue = idleConnection();
    const sender = renamedQueue.transport.socket._sender as Record<string, unknown>;
    sender.queue = sender._queue;
    delete sender._queue;
    expect(connectionProblems(renamedQueue)).toEqual(['transport.socket._sender._queue: expected an array, found undefined']);

    const noExtensions = idleConnection();
    delete (noExtensions.transport.socket as Record<string, unknown>)._extensions;
    (noExtensions as Record<string, unknown>).writeBuffer = new Set();
    expect(connectionProblems(noExtensions)).toEqual([
      'writeBuffer: expected an array, found object',
      'transport.socket._extensions: expected an object, found undefined',
    ]);

    const noSender = idleConnection();
    delete (noSender.transport.socket as Record<string, unknown>)._sender;
    expect(connectionProblems(noSender)).toEqual([
      'transport.socket._sender._queue: expected an array, found undefined',
      'transport.socket._sender.sendFrame: expected a function, found undefined',
    ]);
  });

  it('passes its loopback probe with the installed socket.io-adapter, Engine.IO and ws', async () => {
    await expect(verifyDirectFrames()).resolves.toBeUndefined();
  });

  it('fails its loopback probe, naming the field and the installed versions, when ws renames what it reads', async () => {
    // As if a ws release called the sender's queue `queue`: assignments to `_queue` land there.
    const sender = (WebSocket as unknown as { Sender: { prototype: object } }).Sender.prototype;
    Object.defineProperty(sender, '_queue', {
      configurable: true,
      set(this: { queue: unknown }, value: unknown) {
        this.queue = value;
      },
    });
    try {
      const probe = probeDirectFrames(5000);
      await expect(probe).rejects.toThrow(FanOutError);
      await expect(probe).rejects.toThrow(/installed engine\.io \d+\.\d+\.\d+, ws \d+\.\d+\.\d+, socket\.io-adapter \d+\.\d+\.\d+: transport\.socket\._sender\._queue: expected an array, found undefined/);
    } finally {
      delete (sender as { _queue?: unknown })._queue;
    }
    await expect(probeDirectFrames(5000)).resolves.toBeUndefined();
  });
});

describe('a payload encoded once (emitEncoded)', () => {
  it('reaches the connection exactly as Socket.IO writes it, in its place among the other packets, on the main namespace and any other', async () => {
    const payload = { seq: 3, text: 'é "quoted" $& \u2028', nested: [1, null, { ok: true }] };
    for (const namespace of ['/', '/other']) {
      const arrived = await emitsTo(namespace, (socket) => {
        socket.emit('first', payload);
        emitEncoded(socket, 'second', JSON.stringify(payload));
        socket.emit('third', payload);
      });
      const prefix = namespace === '/' ? '42' : `42${namespace},`;
      const body = JSON.stringify(payload);
      expect(arrived).toEqual([`${prefix}["first",${body}]`, `${prefix}["second",${body}]`, `${prefix}["third",${body}]`]);
    }
  });
});

/** What a raw WebSocket client connected to `namespace` receives of what `send` emits to it. */
async function emitsTo(namespace: string, send: (socket: import('socket.io').Socket) => void): Promise<string[]> {
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false, perMessageDeflate: false });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}/socket.io/?EIO=4&transport=websocket`);
  const connect = namespace === '/' ? '40' : `40${namespace},`;
  try {
    return await new Promise<string[]>((resolve, reject) => {
      io.of(namespace).on('connection', send);
      const arrived: string[] = [];
      client.on('error', reject);
      client.on('message', (data) => {
        const message = data.toString();
        if (message.startsWith('0')) client.send(connect);
        else if (message.startsWith('42') && arrived.push(message) === 3) resolve(arrived);
      });
    });
  } finally {
    client.terminate();
    await io.close();
  }
}

/**
 * One broadcast to one raw WebSocket client (which, as ws does by default, offers
 * permessage-deflate) on a throwaway server with the direct adapter: how it was sent, and what
 * arrived.
 */
async function broadcastOnce(perMessageDeflate: boolean): Promise<{ direct: number; fallback: number; arrived: string }> {
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false, perMessageDeflate });
  const sent = { direct: 0, fallback: 0 };
  useDirectFrames(io, (direct, fallback) => {
    sent.direct += direct;
    sent.fallback += fallback;
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}/socket.io/?EIO=4&transport=websocket`);
  try {
    const arrived = await new Promise<string>((resolve, reject) => {
      io.on('connection', (socket) => {
        void socket.join('room');
        socket.on('idle', () => io.to('room').emit('caption', 'x'.repeat(2000)));
      });
      client.on('error', reject);
      client.on('message', (data) => {
        const message = data.toString();
        if (message.startsWith('0')) client.send('40');
        else if (message.startsWith('40')) client.send('42["idle"]');
        else if (message.startsWith('42')) resolve(message);
      });
    });
    return { ...sent, arrived };
  } finally {
    client.terminate();
    await io.close();
  }
}

describe('direct-frame fan-out: compressed connections', () => {
  const expected = `42${JSON.stringify(['caption', 'x'.repeat(2000)])}`;

  it("a connection that negotiated permessage-deflate gets Socket.IO's own path (ws compresses it), never an uncompressed direct frame", async () => {
    expect(await broadcastOnce(true)).toEqual({ direct: 0, fallback: 1, arrived: expected });
  });

  it('on a server that never offers permessage-deflate, the same client gets the direct frame', async () => {
    expect(await broadcastOnce(false)).toEqual({ direct: 1, fallback: 0, arrived: expected });
  });
});

describe('REDIS_URL', () => {
  it('takes a redis:// or rediss:// URL and stops start-up on anything else, naming the variable', () => {
    expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(parseConfig({ REDIS_URL: 'rediss://user:secret@cache.example.org:6380/0' }).REDIS_URL).toBe('rediss://user:secret@cache.example.org:6380/0');
    expect(parseConfig({}).REDIS_URL).toBeUndefined();
    for (const bad of ['http://127.0.0.1:6379', '127.0.0.1:6379']) {
      expect(() => parseConfig({ REDIS_URL: bad })).toThrow(ConfigError);
      expect(() => parseConfig({ REDIS_URL: bad })).toThrow(/REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL/);
    }
  });
});
