import type { Server, ServerOptions } from 'socket.io';

/**
 * Room broadcasts with one encode and one frame per message, written straight to each
 * WebSocket connection that can take it.
 *
 * Socket.IO's in-memory adapter already encodes a broadcast once (and pre-computes its
 * WebSocket frame), but then hands it to Engine.IO socket by socket: a packet object, four
 * events, a write buffer, a two-part `writev` and a write callback for each viewer. With
 * thousands of viewers per caption delta that bookkeeping cost more than the send itself.
 *
 * Here a viewer whose connection is an idle WebSocket (open, not upgrading, nothing queued
 * in Engine.IO or in `ws`) gets the finished frame as a single socket write. Anything else
 * (long-polling, an upgrade in progress, a backlog, binary or multi-room broadcasts) takes
 * Socket.IO's own path with the same encoded packet, so order and volatile semantics hold.
 */

type Adapter = InstanceType<Extract<ServerOptions['adapter'], abstract new (...args: never[]) => unknown>>;
type AdapterClass = new (nsp: unknown) => Adapter;
type BroadcastOptions = Parameters<Adapter['broadcast']>[1];

/** The parts of Engine.IO's and `ws`'s objects read here; each is checked before use. */
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
  client: { conn: EngineConnection; writeToEngine(encoded: unknown[], options: object): void };
  notifyOutgoingListeners?: (packet: unknown) => void;
}

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

/** Socket.IO's adapter class with the direct path for single-room, text-only broadcasts. */
export function withDirectFrames(Base: AdapterClass, counted: FrameCounter = () => {}): AdapterClass {
  return class DirectFrameAdapter extends Base {
    override broadcast(packet: { nsp?: string }, opts: BroadcastOptions): void {
      const nsp = this.nsp as { name: string; server: Server; sockets: Map<string, BroadcastTarget> };
      const room = opts.rooms.size === 1 ? this.rooms.get(opts.rooms.values().next().value!) : undefined;
      if (!room || opts.except?.size) return super.broadcast(packet, opts);
      packet.nsp = nsp.name;
      const encoded = nsp.server.encoder.encode(packet as never) as unknown[];
      if (encoded.length !== 1 || typeof encoded[0] !== 'string') return super.broadcast(packet, opts);
      // "4" is Engine.IO's message packet type.
      const frame = textFrame(`4${encoded[0]}`);
      const flags = opts.flags ?? {};
      const packetOptions = {
        preEncoded: true,
        volatile: flags.volatile,
        compress: flags.compress,
        // Engine.IO's own pre-encoded path, for WebSocket connections that are not idle.
        wsPreEncodedFrame: [frame],
      };
      let direct = 0;
      for (const id of room) {
        const socket = nsp.sockets.get(id);
        if (!socket) continue;
        socket.notifyOutgoingListeners?.(packet);
        const sender = idleSender(socket.client.conn);
        if (sender) {
          sender.sendFrame([frame]);
          direct++;
        } else socket.client.writeToEngine(encoded, packetOptions);
      }
      counted(direct, room.size - direct);
    }
  };
}

/**
 * Switches a server's adapter to the direct path; call it before anyone connects. Not with
 * Socket.IO's connection state recovery, whose adapter must see every broadcast (OpenFloor
 * resumes from its own logs instead).
 */
export function useDirectFrames(io: Server, counted?: FrameCounter): void {
  if ((io as unknown as { opts?: { connectionStateRecovery?: unknown } }).opts?.connectionStateRecovery) {
    throw new Error('direct frames bypass connection state recovery');
  }
  const current = io.adapter();
  if (typeof current !== 'function' || !current.prototype) throw new Error('expected an adapter class');
  io.adapter(withDirectFrames(current as unknown as AdapterClass, counted) as unknown as ServerOptions['adapter']);
}
