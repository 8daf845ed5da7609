import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { realtimeDelta, type Delta } from '../../shared/captions/stream.js';
import type { Language } from '../../shared/meeting/model.js';
import { fail, ok, type Result } from '../../shared/result.js';
import type { RoomExtension } from '../meetings/extensions.js';
import type { MeetingRegistry } from '../meetings/registry.js';
import type { CaptionDesk } from './desk.js';
import type { CaptionHub } from './hub.js';

export interface TcpRealtimeOptions {
  /** Interface the listeners bind to (CAPTION_TCP_HOST). */
  host: string;
  /** Ports seats may take, first to last (CAPTION_TCP_PORTS); null: no seat may open one. */
  ports: { from: number; to: number } | null;
}

/** How often text held back (another seat writing) is offered again. */
const HELD_RETRY_MS = 500;

/**
 * A connection that has sent nothing for this long gives the seat to a new one. A connection
 * the network dropped without a word (the captioner's laptop roaming, a Wi-Fi blip) stays open
 * here for ever, the server never writing to it: without this the program reconnecting would
 * be turned away as a second writer until the meeting ended. A program writing keeps its seat.
 */
export const SILENT_TAKEOVER_MS = 5000;

/** TCP keepalive on a seat's connection: a dead one is closed in the end even if nobody replaces it. */
const KEEPALIVE_MS = 30_000;

interface Listener {
  meetingId: string;
  linkId: string;
  language: Language;
  server: Server;
  port: number;
  connection: Socket | null;
  /** When the connection last sent something, or connected (clock ms). */
  heardAt: number;
  held: Delta | null;
  /** A write on its way to the disk: what arrives meanwhile is held and follows it. */
  writing: boolean;
  retry: NodeJS.Timeout | null;
}

/** `delta` applied after `held`, as the stream would apply the two one after the other. */
function combine(held: Delta, delta: Delta): Delta {
  const chars = Array.from(held.text);
  let erase = delta.erase;
  while (erase > 0 && chars.length > 0 && chars.at(-1) !== '\n') {
    chars.pop();
    erase -= 1;
  }
  return { erase: held.erase + (chars.length === 0 ? erase : 0), text: chars.join('') + delta.text };
}

/**
 * Raw realtime text over TCP, as CAT programs (Eclipse, Case CATalyst, StenoCAT) output it to
 * an address and port in "ANSI" mode, and as bridges like the StreamText Connector relay it:
 * plain UTF-8 with backspaces for corrections. Off unless ports are configured; a seat opens
 * its own listener, which takes one connection at a time and closes when the seat's link is
 * revoked or expires or the meeting stops being open.
 */
export class TcpRealtime {
  private readonly listeners = new Map<string, Listener>();

  constructor(
    private readonly registry: MeetingRegistry,
    private readonly captions: CaptionHub,
    private readonly desk: CaptionDesk,
    private readonly clock: () => number,
    private readonly options: TcpRealtimeOptions,
  ) {}

  /** The room extension: a revoked or expired seat, or a meeting no longer open, closes its listeners. */
  extension(): RoomExtension {
    // The listeners are this node's own: a revocation written on another node closes them too.
    return { name: 'caption-tcp', committed: ({ meetingId }) => this.closeInactive(meetingId), followed: ({ meetingId }) => this.closeInactive(meetingId) };
  }

  get available(): boolean {
    return this.options.ports !== null;
  }

  listenersOf(meetingId: string) {
    return [...this.listeners.values()]
      .filter((listener) => listener.meetingId === meetingId)
      .map(({ linkId, language, port, connection }) => ({ linkId, language, host: this.options.host, port, connected: connection !== null }));
  }

  private seatActive(meetingId: string, linkId: string): boolean {
    const state = this.registry.get(meetingId)?.state;
    const link = state?.links.find((candidate) => candidate.id === linkId);
    return state?.status === 'open' && link?.role === 'captioner' && link.revokedAt === null && link.expiresAt > this.clock();
  }

  async open(meetingId: string, linkId: string, language: Language): Promise<Result<{ host: string; port: number }>> {
    if (!this.options.ports) return fail('BAD_REQUEST', 'TCP realtime is off on this server (CAPTION_TCP_PORTS)');
    if (!this.seatActive(meetingId, linkId)) return fail('MEETING_NOT_OPEN');
    const key = `${meetingId}:${linkId}`;
    const existing = this.listeners.get(key);
    if (existing) {
      existing.language = language;
      return ok({ host: this.options.host, port: existing.port });
    }
    const taken = new Set([...this.listeners.values()].map((listener) => listener.port));
    for (let port = this.options.ports.from; port <= this.options.ports.to; port += 1) {
      if (port !== 0 && taken.has(port)) continue;
      const server = createServer();
      const bound = await new Promise<number | null>((resolve) => {
        server.once('error', () => resolve(null));
        server.listen(port, this.options.host, () => resolve((server.address() as AddressInfo).port));
      });
      if (bound === null) continue;
      const listener: Listener = { meetingId, linkId, language, server, port: bound, connection: null, heardAt: 0, held: null, writing: false, retry: null };
      server.on('connection', (socket) => this.accept(listener, socket));
      this.listeners.set(key, listener);
      return ok({ host: this.options.host, port: bound });
    }
    return fail('BAD_REQUEST', 'no free port for TCP realtime');
  }

  close(meetingId: string, linkId: string): void {
    const key = `${meetingId}:${linkId}`;
    const listener = this.listeners.get(key);
    if (!listener) return;
    this.listeners.delete(key);
    if (listener.retry) clearTimeout(listener.retry);
    listener.connection?.destroy();
    listener.server.close();
  }

  closeAll(): void {
    for (const listener of [...this.listeners.values()]) this.close(listener.meetingId, listener.linkId);
  }

  private closeInactive(meetingId: string): void {
    for (const listener of [...this.listeners.values()]) {
      if (listener.meetingId === meetingId && !this.seatActive(meetingId, listener.linkId)) this.close(meetingId, listener.linkId);
    }
  }

  private accept(listener: Listener, socket: Socket): void {
    if (listener.connection && this.clock() - listener.heardAt >= SILENT_TAKEOVER_MS) {
      // The seat's program reconnecting after its connection died unheard: the silent one gives way.
      const silent = listener.connection;
      listener.connection = null;
      silent.destroy();
    }
    if (listener.connection) {
      // One writer per seat: a second program is told, not silently mixed in.
      socket.end('Busy: another connection is writing for this seat.\r\n');
      this.desk.failed(listener.meetingId, listener.linkId, 'tcp', listener.language, {
        code: 'tcpBusy',
        params: {},
        message: 'A second program tried to connect over TCP and was turned away: one connection at a time.',
      });
      return;
    }
    listener.connection = socket;
    listener.heardAt = this.clock();
    socket.setKeepAlive(true, KEEPALIVE_MS);
    // A character cut by a disconnect is dropped with the connection, never half-written.
    const decoder = new TextDecoder('utf-8');
    socket.on('data', (chunk) => {
      listener.heardAt = this.clock();
      if (!this.seatActive(listener.meetingId, listener.linkId)) return this.close(listener.meetingId, listener.linkId);
      const delta = realtimeDelta(decoder.decode(chunk, { stream: true }));
      if (delta.erase === 0 && delta.text === '') return;
      listener.held = listener.held ? combine(listener.held, delta) : delta;
      this.flush(listener);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (listener.connection === socket) listener.connection = null;
    });
  }

  /** Writes what the seat has sent; held back while another seat writes, offered again until taken. */
  private flush(listener: Listener): void {
    const held = listener.held;
    if (!held || listener.retry || listener.writing) return;
    listener.held = null;
    listener.writing = true;
    void this.captions
      .write(listener.meetingId, listener.language, { kind: 'captioner', linkId: listener.linkId }, {
        type: 'caption:write',
        erase: held.erase,
        text: held.text,
      })
      .then((result) => {
        listener.writing = false;
        if (result.ok) {
          this.desk.heard(listener.meetingId, listener.linkId, 'tcp', listener.language, held.text);
          return this.flush(listener);
        }
        this.desk.failed(
          listener.meetingId,
          listener.linkId,
          'tcp',
          listener.language,
          result.error.code === 'CAPTION_NOT_WRITER'
            ? {
                code: 'tcpHeld',
                params: {},
                message: 'Another seat is writing: the text from TCP is held and written as soon as it has been silent for the quiet period.',
              }
            : { code: `errors.${result.error.code}`, params: {}, message: result.error.message },
        );
        // Held text is written once the other seat is silent, or once the disk takes writes again.
        if (!['CAPTION_NOT_WRITER', 'STORAGE_UNAVAILABLE', 'INTERNAL'].includes(result.error.code)) return;
        // What arrived meanwhile follows what is held.
        listener.held = listener.held ? combine(held, listener.held) : held;
        listener.retry = setTimeout(() => {
          listener.retry = null;
          this.flush(listener);
        }, HELD_RETRY_MS).unref();
      });
  }
}
