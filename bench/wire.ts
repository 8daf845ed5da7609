/**
 * OpenFloor's Socket.IO connection by hand on a raw WebSocket (the `ws` package), for the load
 * generators: socket.io-client itself would saturate a core long before the server does.
 * Engine.IO v4 + Socket.IO v5: `0{…}` open → `40{auth}` → `40{"sid"…}` → (optionally)
 * `420["caption:subscribe",…]` → `430[ack]`. Pings `2` are answered `3`.
 */
import { createHash } from 'node:crypto';
import { get, type ClientRequest } from 'node:http';
import { AccessToken } from 'livekit-server-sdk';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../shared/protocol/version.js';
import { BENCH_WEBHOOK, seqOf } from './common.js';

export const clientOptions = { perMessageDeflate: false, skipUTF8Validation: true } as const;

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]);
}

export interface SocketIoOptions {
  token: string;
  /** A caption language to subscribe to once connected. */
  subscribe?: string;
  /** Where a connection coming back was: the meeting's seq (handshake) and the captions' (subscribe). */
  resume?: { meetingSeq: number; captionSeq: number };
  timeoutMs: number;
  /**
   * Every server message but pings and the subscribe ack, from the connect ack on (so the
   * `meeting:snapshot` and changes that precede the subscribe ack are seen too); `ready` says
   * whether the connection (and its subscription) is complete. Called synchronously per frame.
   */
  onMessage(message: string, ready: boolean): void;
  /** The subscribe ack's seq (the snapshot's, or the first caught-up entry's), before any later frame; and the ack itself. */
  onSubscribed?(seq: number, ack: string): void;
  /** Errors once the connection is complete (before that, the promise rejects). */
  onError(error: unknown): void;
}

/** Opens one connection; resolves once connected (and subscribed, if asked). */
export function openSocketIo(base: string, options: SocketIoOptions): Promise<WebSocket> {
  return withTimeout(
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${base}/socket.io/?EIO=4&transport=websocket`, clientOptions);
      let phase: 'open' | 'connect' | 'subscribe' | 'ready' = 'open';
      const fail = (reason: string) => {
        ws.terminate();
        reject(new Error(reason));
      };
      const ready = () => {
        phase = 'ready';
        resolve(ws);
      };
      ws.on('error', (error) => (phase === 'ready' ? options.onError(error) : fail(String(error))));
      ws.on('close', (code) => {
        if (phase !== 'ready') fail(`closed during ${phase} (${code})`);
      });
      ws.on('message', (data: Buffer) => {
        const message = data.toString();
        if (message === '2') return ws.send('3');
        switch (phase) {
          case 'ready':
            return options.onMessage(message, true);
          case 'open':
            if (!message.startsWith('0{')) return fail(`expected the open packet, got ${message.slice(0, 80)}`);
            phase = 'connect';
            return ws.send(`40${JSON.stringify({ protocolVersion: PROTOCOL_VERSION, token: options.token, lastSeq: options.resume?.meetingSeq })}`);
          case 'connect':
            if (message.startsWith('44')) return fail(`connection refused: ${message.slice(0, 200)}`);
            if (!message.startsWith('40{')) return;
            if (!options.subscribe) return ready();
            phase = 'subscribe';
            return ws.send(`420${JSON.stringify(['caption:subscribe', { language: options.subscribe, lastSeq: options.resume?.captionSeq }])}`);
          case 'subscribe': {
            if (!message.startsWith('430[')) return options.onMessage(message, false);
            if (!message.startsWith('430[{"ok":true')) return fail(`subscribe refused: ${message.slice(0, 200)}`);
            const seq = seqOf(message);
            options.onSubscribed?.(Number.isNaN(seq) ? 0 : seq, message);
            return ready();
          }
        }
      });
    }),
    options.timeoutMs,
    'socket.io connection',
  );
}

/**
 * What livekit-server posts when a participant joins a room: a `participant_joined` webhook
 * signed with a JWT whose sha256 claim is the body's hash.
 */
export async function postWebhook(base: string, meetingId: string, identity: string, seconds: number, index: number): Promise<void> {
  const body = JSON.stringify({
    event: 'participant_joined',
    room: { name: meetingId },
    participant: { identity, sid: `PA_bench_${index}`, tracks: [] },
    id: `EV_bench_${index}_${seconds}`,
    createdAt: String(seconds),
  });
  const token = new AccessToken(BENCH_WEBHOOK.key, BENCH_WEBHOOK.secret, { ttl: '5m' });
  token.sha256 = createHash('sha256').update(body).digest('base64');
  const response = await fetch(`${base}/api/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', authorization: await token.toJwt() },
    body,
  });
  if (!response.ok) throw new Error(`webhook answered ${response.status}`);
}

/** A held event stream, closed as a WebSocket is terminated. */
export interface HeldStream {
  terminate(): void;
}

export interface EventStreamOptions {
  port: number;
  path: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Each event, its name (null for none) and its data lines joined; the servers end lines with `\n` only. */
  onEvent(event: string | null, data: string): void;
  /** The stream ended or failed once open, unless `terminate` ended it. */
  onDropped(reason: string): void;
}

/**
 * One event stream, as a browser reads one over HTTP/1.1: a connection of its own (no agent: an
 * agent would pool them). Resolves once the response's head says 200; Node undoes the chunked
 * encoding, but a chunk it hands over may hold part of an event or several.
 */
export function openEventStream(options: EventStreamOptions): Promise<HeldStream> {
  return withTimeout(
    new Promise<HeldStream>((resolve, reject) => {
      let open = false;
      let ended = false;
      let request: ClientRequest | null = null;
      const held: HeldStream = {
        terminate() {
          ended = true;
          request?.destroy();
        },
      };
      const failed = (error: unknown) => {
        if (ended) return;
        ended = true;
        if (open) options.onDropped(String(error));
        else reject(error instanceof Error ? error : new Error(String(error)));
      };
      request = get(
        { host: '127.0.0.1', port: options.port, path: options.path, agent: false, headers: { accept: 'text/event-stream', ...options.headers } },
        (response) => {
          response.on('error', failed);
          response.on('close', () => failed(new Error('event stream closed')));
          if (response.statusCode !== 200) return failed(new Error(`event stream answered ${response.statusCode}`));
          response.setEncoding('utf8');
          let pending = '';
          response.on('data', (chunk: string) => {
            const text = pending ? pending + chunk : chunk;
            let start = 0;
            for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n', start)) {
              const { event, data } = eventOf(text.slice(start, end));
              if (data !== null) options.onEvent(event, data);
              start = end + 2;
            }
            pending = start < text.length ? text.slice(start) : '';
          });
          open = true;
          resolve(held);
        },
      );
      request.on('error', failed);
    }),
    options.timeoutMs,
    'event stream',
  );
}

/** An event's name (its `event:` field) and data (its `data:` lines, joined), null for none. */
function eventOf(text: string): { event: string | null; data: string | null } {
  let event: string | null = null;
  let data: string | null = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(line.startsWith('event: ') ? 7 : 6);
    if (!line.startsWith('data:')) continue;
    const value = line.slice(line.startsWith('data: ') ? 6 : 5);
    data = data === null ? value : `${data}\n${value}`;
  }
  return { event, data };
}

