import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { RedisAdapter } from '@socket.io/redis-adapter';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import { Adapter as InMemoryAdapter, type BroadcastOptions } from 'socket.io-adapter';
import WebSocket from 'ws';
import { withoutStacks, type EventStreams } from './event-streams.js';

/**
 * Room broadcasts delivered to this node's connections with one frame per message, written
 * straight to each WebSocket connection that can take it.
 *
 * Socket.IO's in-memory adapter already encodes a broadcast once (and pre-computes its
 * WebSocket frame), but then hands it to Engine.IO socket by socket: a packet object, four
 * events, a write buffer, a two-part `writev` and a write callback for each viewer. With
 * thousands of viewers per caption delta that bookkeeping cost more than the send itself.
 *
 * Only the local delivery step is taken over, never `broadcast` itself: the Redis adapter's
 * `broadcast` publishes to the other nodes and then calls the in-memory adapter's, and a message
 * from another node goes through the in-memory adapter's too. That step encodes the packet
 * (`_encode`) and at once walks the room (`apply`) with a callback that writes to Engine.IO; here
 * `apply`, right after a broadcast's `_encode`, gives a viewer whose connection is an idle
 * WebSocket (open, not upgrading, nothing queued in Engine.IO or in `ws`) the finished frame as
 * a single socket write. Anything else (long-polling, an upgrade in progress, a backlog, binary,
 * multi-room or acknowledged broadcasts) runs Socket.IO's own callback with the same encoded
 * packet, so order and volatile semantics hold. The same step hands each broadcast to the rooms'
 * event streams (event-streams.ts), readers over SSE rather than Socket.IO.
 *
 * These are internals of socket.io-adapter, Engine.IO and `ws`: the classes are allow-listed,
 * the three packages pinned exactly in package.json, and `verifyDirectFrames` checks them over a
 * loopback connection before the server listens, so a changed dependency stops start-up. The
 * Redis adapter is pinned too: that it publishes before it delivers locally is what keeps the
 * other nodes from waiting for this node's fan-out (test/integration/cluster-publish-order.test.ts).
 */

/** Thrown when the fast path cannot be used as built: start-up must stop, not fall back silently. */
export class FanOutError extends Error {}

/** The parts of Engine.IO's and `ws`'s objects read here; checked at start-up by `connectionProblems`. */
interface EngineConnection {
  readyState?: string;
  upgrading?: boolean;
  writeBuffer?: unknown[];
  transport?: {
    name?: string;
    writable?: boolean;
    socket?: {
      readyState?: number;
      extensions?: string;
      _extensions?: Record<string, unknown>;
      /** The sender Engine.IO itself uses for pre-encoded frames. */
      _sender?: { _queue?: unknown[]; sendFrame?: (list: Buffer[], cb?: () => void) => void };
    };
  };
}

interface BroadcastTarget {
  client: { conn: EngineConnection };
  notifyOutgoingListeners?: (packet: unknown) => void;
}

/**
 * A room's connections as last broadcast to, and each one's Engine.IO connection beside it (a
 * socket's for its whole life): the loop over thousands of viewers reads one object less each.
 */
interface Members {
  sockets: BroadcastTarget[];
  connections: EngineConnection[];
}

/** socket.io-adapter's local delivery step, as its `broadcast` and `broadcastWithAck` use it. */
interface LocalDelivery {
  readonly nsp: { sockets: Map<string, BroadcastTarget> };
  rooms: Map<string, Set<string>>;
  sids: Map<string, Set<string>>;
  addAll(id: string, rooms: Set<string>): Promise<void> | void;
  del(id: string, room: string): Promise<void> | void;
  delAll(id: string): void;
  _encode(packet: { id?: number }, packetOptions: object): unknown[];
  apply(opts: BroadcastOptions, callback: (socket: BroadcastTarget) => void): void;
}
type AdapterClass = new (nsp: unknown, ...args: never[]) => LocalDelivery;

/** The adapters whose local delivery step was read and is known to be the in-memory one. */
const BUILT_FOR = new Map<unknown, string>([
  [InMemoryAdapter, "socket.io-adapter's in-memory Adapter"],
  [RedisAdapter, "@socket.io/redis-adapter's RedisAdapter"],
]);

const WS_OPEN = 1;

/** Told, after each broadcast, how many frames went straight to a WebSocket and how many took Socket.IO's path. */
export type FrameCounter = (direct: number, fallback: number) => void;

/** An unmasked, final text frame (RFC 6455 §5.2) carrying `payload`, header and data in one buffer. */
export function textFrame(payload: string): Buffer {
  const length = Buffer.byteLength(payload);
  const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (length < 126) frame[1] = length;
  else if (length < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(payload, header);
  return frame;
}

/** Whether a `ws` connection negotiated an extension (permessage-deflate); read without allocating. */
function negotiatedExtension(ws: { extensions?: string; _extensions?: Record<string, unknown> }): boolean {
  const negotiated = ws._extensions;
  if (negotiated === undefined) return ws.extensions !== '';
  for (const _name in negotiated) return true;
  return false;
}

/** The `ws` sender of a connection that can take a frame now without overtaking anything. */
function idleSender(conn: EngineConnection) {
  if (conn.readyState !== 'open' || conn.upgrading || conn.writeBuffer?.length !== 0) return null;
  const transport = conn.transport;
  if (transport?.name !== 'websocket' || transport.writable !== true) return null;
  const ws = transport.socket;
  // No extension (permessage-deflate) means `ws` never holds a message back while compressing.
  if (ws?.readyState !== WS_OPEN || negotiatedExtension(ws)) return null;
  const sender = ws._sender;
  if (sender?._queue?.length !== 0 || typeof sender.sendFrame !== 'function') return null;
  return sender as { sendFrame(list: Buffer[]): void };
}

/**
 * What differs, on an open WebSocket connection, from the Engine.IO and `ws` fields the fast
 * path reads (each as `path: expected, found`); empty when all are as built for.
 */
export function connectionProblems(conn: unknown): string[] {
  const problems: string[] = [];
  const read = (path: string) => path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], conn);
  const expect = (path: string, expected: string, holds: (value: unknown) => boolean) => {
    const value = read(path);
    if (!holds(value)) problems.push(`${path}: expected ${expected}, found ${Array.isArray(value) ? 'an array' : typeof value}`);
  };
  expect('readyState', "'open'", (value) => value === 'open');
  expect('upgrading', 'a boolean', (value) => typeof value === 'boolean');
  expect('writeBuffer', 'an array', Array.isArray);
  expect('transport.name', "'websocket'", (value) => value === 'websocket');
  expect('transport.writable', 'a boolean', (value) => typeof value === 'boolean');
  expect('transport.socket.readyState', `${WS_OPEN} (open)`, (value) => value === WS_OPEN);
  expect('transport.socket.extensions', 'a string', (value) => typeof value === 'string');
  expect('transport.socket._extensions', 'an object', (value) => typeof value === 'object' && value !== null && !Array.isArray(value));
  expect('transport.socket._sender._queue', 'an array', Array.isArray);
  expect('transport.socket._sender.sendFrame', 'a function', (value) => typeof value === 'function');
  return problems;
}

/**
 * One of the allow-listed adapter classes with the direct local delivery; `args` follow the
 * namespace in its constructor (the Redis clients for the Redis adapter).
 */
export function withDirectFrames(Base: unknown, args: unknown[] = [], counted: FrameCounter = () => {}, streams?: Pick<EventStreams, 'deliver' | 'has'>) {
  if (!BUILT_FOR.has(Base)) {
    const name = typeof Base === 'function' ? Base.name || 'an anonymous function' : typeof Base;
    throw new FanOutError(
      `The direct-frame fan-out (server/realtime/fan-out.ts) is built for ${[...BUILT_FOR.values()].join(' and ')} only, not ${name}: ` +
        'another adapter may deliver or publish broadcasts elsewhere than the local delivery step it replaces.',
    );
  }
  const Allowed = Base as AdapterClass;
  return class DirectFrameAdapter extends Allowed {
    /** The broadcast whose `_encode` just ran; its `apply` follows at once, in the same call. */
    private encoded: { packet: { id?: number; data?: unknown }; encoded: unknown[] } | null = null;

    /**
     * Each room's connections as last broadcast to, dropped whenever one joins or leaves it:
     * a caption room is broadcast to 20 times a second and changes far less often, and looking
     * every member up by id on each delta cost as much as writing its frame.
     */
    private readonly members = new Map<string, Members>();

    constructor(nsp: unknown) {
      super(nsp, ...(args as never[]));
    }

    override addAll(id: string, rooms: Set<string>): Promise<void> | void {
      for (const room of rooms) this.members.delete(room);
      return super.addAll(id, rooms);
    }

    override del(id: string, room: string): Promise<void> | void {
      this.members.delete(room);
      return super.del(id, room);
    }

    override delAll(id: string): void {
      for (const room of this.sids.get(id) ?? []) this.members.delete(room);
      super.delAll(id);
    }

    /** The room's connections; not kept while one of its ids has no connection yet (it is not complete). */
    private membersOf(name: string, room: Set<string>): Members {
      const known = this.members.get(name);
      if (known) return known;
      const members: Members = { sockets: [], connections: [] };
      let complete = true;
      for (const id of room) {
        const socket = this.nsp.sockets.get(id);
        if (!socket) complete = false;
        else {
          members.sockets.push(socket);
          members.connections.push(socket.client.conn);
        }
      }
      if (complete) this.members.set(name, members);
      return members;
    }

    /**
     * The Redis adapter drops another node's broadcast to a room this node has no socket in
     * (`hasRoom`): a room whose only readers here are event streams is one it must deliver.
     */
    hasRoom(room: string): boolean {
      const own = (Allowed.prototype as { hasRoom?: (this: LocalDelivery, room: string) => boolean }).hasRoom;
      return (own ? own.call(this, room) : this.rooms.has(room)) || (streams?.has(room) ?? false);
    }

    override _encode(packet: { id?: number; data?: unknown }, packetOptions: object): unknown[] {
      const encoded = super._encode(packet, packetOptions);
      this.encoded = { packet, encoded };
      return encoded;
    }

    override apply(opts: BroadcastOptions, callback: (socket: BroadcastTarget) => void): void {
      const broadcast = this.encoded;
      this.encoded = null;
      if (!broadcast) return super.apply(opts, callback);
      // The rooms' event streams (SSE readers) get it too, whichever node emitted it.
      if (streams && !opts.except?.size && broadcast.packet.id === undefined && broadcast.encoded.length === 1 && typeof broadcast.encoded[0] === 'string') {
        streams.deliver(opts.rooms, broadcast.packet.data, broadcast.encoded[0]);
      }
      let direct = 0;
      let fallback = 0;
      const { packet, encoded } = broadcast;
      const name = opts.rooms.size === 1 && !opts.except?.size ? opts.rooms.values().next().value! : undefined;
      const room = name === undefined ? undefined : this.rooms.get(name);
      // Acknowledged broadcasts (an id) register each socket's ack in the callback: theirs to run.
      if (!room || packet.id !== undefined || encoded.length !== 1 || typeof encoded[0] !== 'string') {
        super.apply(opts, (socket) => {
          fallback++;
          callback(socket);
        });
        return counted(0, fallback);
      }
      // "4" is Engine.IO's message packet type. `ws` reads the list and keeps nothing of it: one serves all.
      const frames = [textFrame(`4${encoded[0]}`)];
      const { sockets, connections } = this.membersOf(name!, room);
      withoutStacks(() => {
        for (let index = 0; index < sockets.length; index++) {
          const socket = sockets[index]!;
          const sender = idleSender(connections[index]!);
          if (sender) {
            socket.notifyOutgoingListeners?.(packet);
            sender.sendFrame(frames);
            direct++;
          } else {
            callback(socket);
            fallback++;
          }
        }
      });
      counted(direct, fallback);
    }
  };
}

/** What `emitEncoded` reads of a Socket.IO socket: Socket.IO's own write step for encoded packets. */
interface EncodedPacketTarget {
  nsp: { name: string };
  client: { _packet(packet: string[], options: { preEncoded: true }): void };
}

/**
 * Emits `event` to one connection with its payload already encoded as JSON: what every
 * connection of a kind is sent alike is then encoded once, where Socket.IO would walk the whole
 * payload looking for binary parts and stringify it again for each connection. The packet is
 * written as Socket.IO's default parser writes it, through Socket.IO's own write step (as the
 * adapter's broadcasts are), so it keeps its place among the connection's other packets; the
 * start-up probe checks that step is there.
 */
export function emitEncoded(socket: Socket, event: string, json: string): void {
  const { nsp, client } = socket as unknown as EncodedPacketTarget;
  // "2" is Socket.IO's event packet type; a namespace other than the main one is named before a comma.
  const namespace = nsp.name === '/' ? '' : `${nsp.name},`;
  client._packet([`2${namespace}[${JSON.stringify(event)},${json}]`], { preEncoded: true });
}

/** Which adapter a server uses: its class and the constructor arguments after the namespace. */
export interface AdapterChoice {
  base: unknown;
  args: unknown[];
}

/**
 * Switches a server's adapter (the one it has, or `choice`) to the direct local delivery; call
 * it before anyone connects. Not with Socket.IO's connection state recovery, whose adapter
 * must see every broadcast (OpenFloor resumes from its own logs instead).
 */
export function useDirectFrames(io: Server, counted?: FrameCounter, choice?: AdapterChoice, streams?: Pick<EventStreams, 'deliver' | 'has'>): void {
  if ((io as unknown as { opts?: { connectionStateRecovery?: unknown } }).opts?.connectionStateRecovery) {
    throw new FanOutError('direct frames bypass connection state recovery');
  }
  const { base, args } = choice ?? { base: io.adapter(), args: [] };
  io.adapter(withDirectFrames(base, args, counted, streams) as unknown as ServerOptions['adapter']);
}

let verified: Promise<void> | undefined;

/**
 * Checks, once per process, that the installed socket.io-adapter, Engine.IO and `ws` still
 * have what the fast path reads: a throwaway server on loopback with the direct adapter, one
 * raw WebSocket client in a room, its connection's fields, and one broadcast that must go out
 * as a direct frame and arrive intact. Rejects with a FanOutError naming what changed.
 */
export function verifyDirectFrames(): Promise<void> {
  verified ??= probeDirectFrames();
  return verified;
}

/** The check `verifyDirectFrames` runs once, run again each time (for its tests). */
export async function probeDirectFrames(timeoutMs = 10_000): Promise<void> {
  const versions = ['engine.io', 'ws', 'socket.io-adapter'].map((name) => `${name} ${installedVersion(name)}`).join(', ');
  const fail = (what: string) =>
    new FanOutError(`The direct-frame fan-out (server/realtime/fan-out.ts) does not match the installed ${versions}: ${what}. Pin the versions it was built for in package.json, or update fan-out.ts.`);
  const httpServer = createServer();
  const io = new Server(httpServer, { serveClient: false, perMessageDeflate: false });
  const sent = { direct: 0, fallback: 0 };
  useDirectFrames(io, (direct, fallback) => {
    sent.direct += direct;
    sent.fallback += fallback;
  });
  let client: WebSocket | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    const { port } = httpServer.address() as AddressInfo;
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(fail(`no broadcast came back within ${timeoutMs} ms`)), timeoutMs);
      io.on('connection', (socket) => {
        void socket.join('probe');
        // Sent by the client once it has the connect packet: that write is over, the connection idle.
        socket.on('idle', () => {
          const problems = connectionProblems(socket.conn);
          if (typeof (socket.client as unknown as Partial<EncodedPacketTarget['client']>)._packet !== 'function') {
            problems.push("socket.io's Client._packet (emitEncoded's write step): expected a function");
          }
          if (problems.length) return reject(fail(problems.join('; ')));
          io.to('probe').emit('probe', 'ü');
          if (sent.direct !== 1) reject(fail(`an idle WebSocket connection got ${sent.direct} direct and ${sent.fallback} fallback frames, not 1 direct`));
        });
      });
      client = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`);
      client.on('error', (error) => reject(fail(`the loopback connection failed: ${error.message}`)));
      client.on('message', (data) => {
        const message = data.toString();
        if (message.startsWith('0')) client!.send('40');
        else if (message.startsWith('40')) client!.send('42["idle"]');
        else if (message === '42["probe","ü"]') resolve();
        else if (message.startsWith('4')) reject(fail(`the broadcast arrived as ${JSON.stringify(message)}`));
      });
    });
  } finally {
    clearTimeout(timer);
    client?.terminate();
    await io.close();
  }
}

/** The version of an installed package, from the package.json above its entry point (not all export it). */
function installedVersion(name: string): string {
  try {
    for (let dir = dirname(createRequire(import.meta.url).resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version) return manifest.version;
    }
  } catch {
    // Unknown is still worth saying in the message.
  }
  return '(version unknown)';
}
