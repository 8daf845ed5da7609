import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { AppError } from '../../shared/errors.js';
import { EVENT_STREAM_KEEP_ALIVE_MS } from '../../shared/protocol/captions.js';

/**
 * Connections that receive a room's broadcasts as Server-Sent Events (`text/event-stream`)
 * instead of over Socket.IO: the caption event stream (server/captions/event-stream.ts), read by
 * browsers' EventSource and by any program that reads HTTP. A stream is a member of Socket.IO
 * rooms by name, and the direct-frame adapter hands it every broadcast to those rooms
 * (fan-out.ts): this node's own emits, and, with the Redis adapter, the other nodes' alike.
 *
 * An event is built once per broadcast, with its HTTP/1.1 chunk around it (a stream's response
 * has no length, so it is chunked), and written to each stream's socket as it is: one write per
 * reader, as a WebSocket frame is. `response.write` would frame it again for each reader, and
 * cork the socket and schedule an uncork on every call (bench/README.md, the SSE spike).
 */

/** What a stream does with a room's broadcast: the event's name and its data, as the socket event carries them. */
export interface StreamEvent {
  /** The SSE `id`, which EventSource sends back as `Last-Event-ID` when it reconnects. */
  id?: number;
  event: string;
  data: string;
  /** The last event: the stream is closed once it is written. */
  final?: boolean;
}

/** What a socket event becomes for streams; null: streams do not carry it. */
export type StreamTranslation = (event: string, payload: unknown, json: string) => StreamEvent | null;

/** A reader that has not taken its last events off the wire (a stalled network, a paused tab) is let go past this. */
const BACKLOG_BYTES = 1024 * 1024;

const CRLF = Buffer.from('\r\n');

/** An event on the wire, as an HTTP/1.1 chunk (`chunked`) and as it is (a response to HTTP/1.0, which has no chunks). */
interface Wire {
  chunked: Buffer;
  plain: Buffer;
}

function wire(text: string): Wire {
  const plain = Buffer.from(text);
  return { plain, chunked: Buffer.concat([Buffer.from(`${plain.length.toString(16)}\r\n`), plain, CRLF]) };
}

/** One event in the stream's format; each line of the data is a `data:` field of its own. */
export function eventText({ id, event, data }: Omit<StreamEvent, 'final'>): string {
  const lines = data.split('\n').map((line) => `data: ${line}`).join('\n');
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\n${lines}\n\n`;
}

const keepAliveWire = wire(':\n\n');

/**
 * Runs `write` with no stack traces taken: writing to a reader whose connection is already gone
 * (a hall's Wi-Fi dropping every viewer at once) fails at once with an error whose stack Node
 * captures and formats (it reads `error.stack` on purpose), which nobody reads. A profile of a
 * thousand readers dropped together put 110 ms of the next broadcast's 176 ms there.
 */
export function withoutStacks(write: () => void): void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    write();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Storage away: said as an `unavailable` event, and the response ends, so the reader comes back after `retryMs`. */
export function endUnavailable(response: ServerResponse, error: AppError, retryMs: number): void {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`retry: ${retryMs}\n\n${eventText({ event: 'unavailable', data: JSON.stringify(error) })}`);
}

export interface EventStream {
  readonly response: ServerResponse;
  readonly socket: Socket;
  readonly rooms: readonly string[];
  /** Whether the response is chunked (HTTP/1.1), so each event goes out as a chunk. */
  readonly chunked: boolean;
}

export class EventStreams {
  private readonly byRoom = new Map<string, Set<EventStream>>();
  private readonly all = new Set<EventStream>();
  private readonly keepAlive: NodeJS.Timeout;

  constructor(private readonly translate: StreamTranslation) {
    this.keepAlive = setInterval(() => {
      withoutStacks(() => {
        for (const stream of this.all) this.write(stream, keepAliveWire);
      });
    }, EVENT_STREAM_KEEP_ALIVE_MS);
    this.keepAlive.unref();
  }

  /**
   * Starts a stream on a response whose headers are not sent yet: the headers, the reconnection
   * delay EventSource is to use, and the `first` events (what the reader missed, or a snapshot), then every
   * broadcast to `rooms` from now on. Call it in the same turn as `first` was read, so nothing
   * broadcast in between is lost. `onClose` runs once the stream ends, however it ends.
   */
  open(response: ServerResponse, rooms: readonly string[], first: readonly StreamEvent[], retryMs: number, onClose: () => void): void {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      // Buffering proxies (nginx) would hold the events back.
      'x-accel-buffering': 'no',
    });
    response.flushHeaders();
    const socket = response.socket!;
    socket.setNoDelay(true);
    const stream: EventStream = { response, socket, rooms, chunked: response.chunkedEncoding };
    this.write(stream, wire(`retry: ${retryMs}\n\n${first.map(eventText).join('')}`));
    this.all.add(stream);
    for (const room of rooms) {
      const members = this.byRoom.get(room) ?? new Set<EventStream>();
      members.add(stream);
      this.byRoom.set(room, members);
    }
    response.once('close', () => {
      this.remove(stream);
      onClose();
    });
  }

  /** Whether a room has a stream on this node. */
  has(room: string): boolean {
    return this.byRoom.has(room);
  }

  /** How many streams a room has on this node. */
  countIn(room: string): number {
    return this.byRoom.get(room)?.size ?? 0;
  }

  get size(): number {
    return this.all.size;
  }

  /**
   * A broadcast to `room` (from the adapter, once encoded): `packetData` is Socket.IO's
   * `[event, payload]`, `encoded` its encoding (`2["event",…]`), whose payload part is reused as
   * the event's data.
   */
  deliver(rooms: ReadonlySet<string>, packetData: unknown, encoded: string): void {
    let readers: Set<EventStream> | undefined;
    for (const room of rooms) {
      const members = this.byRoom.get(room);
      if (!members) continue;
      if (rooms.size === 1) readers = members;
      else for (const member of members) (readers ??= new Set()).add(member);
    }
    if (!readers || !Array.isArray(packetData) || typeof packetData[0] !== 'string') return;
    const [event, payload] = packetData as [string, unknown];
    const prefix = `2[${JSON.stringify(event)},`;
    if (!encoded.startsWith(prefix)) return;
    const translated = this.translate(event, payload, encoded.slice(prefix.length, -1));
    if (!translated) return;
    const onWire = wire(eventText(translated));
    // Ending a stream takes it out of the set being walked: walk a copy then.
    const walked = translated.final ? [...readers] : readers;
    withoutStacks(() => {
      for (const stream of walked) {
        this.write(stream, onWire);
        if (translated.final) this.end(stream);
      }
    });
  }

  /** Ends every stream (shutting down): each reader reconnects, to another node behind a proxy. */
  endAll(): void {
    for (const stream of [...this.all]) this.end(stream);
  }

  close(): void {
    clearInterval(this.keepAlive);
    this.endAll();
  }

  private write(stream: EventStream, event: Wire): void {
    const { socket } = stream;
    if (socket.destroyed) return this.remove(stream);
    // Let go of a reader that does not read: it comes back with Last-Event-ID and catches up from the log.
    if (socket.writableLength > BACKLOG_BYTES) return void socket.destroy();
    socket.write(stream.chunked ? event.chunked : event.plain);
  }

  private end(stream: EventStream): void {
    this.remove(stream);
    stream.response.end();
  }

  private remove(stream: EventStream): void {
    if (!this.all.delete(stream)) return;
    for (const room of stream.rooms) {
      const members = this.byRoom.get(room);
      members?.delete(stream);
      if (members?.size === 0) this.byRoom.delete(room);
    }
  }
}
