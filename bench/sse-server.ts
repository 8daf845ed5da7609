/**
 * A spike beside the baseline: a bare server sending the viewers the baseline's captions as
 * Server-Sent Events (`text/event-stream` over plain HTTP/1.1), to see what a read-only viewer
 * (a webcast viewer, a room screen) would cost a server without a WebSocket handshake. The
 * captioner still writes over a `ws` WebSocket, exactly as to ws-server.ts; each delta becomes
 * one event, `id: <seq>` and the bytes OpenFloor puts on the wire for it as its data, built once
 * and written to every viewer's socket as it is.
 *
 * A viewer coming back sends `Last-Event-ID` (browsers' EventSource does so by itself) and gets
 * the events it missed; a fresh page (`?snapshot=<chars>`) gets one event as large as the
 * baseline's snapshot, then the live ones.
 */
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import {
  answerMarks,
  captionAck,
  captionChanged,
  now,
  parseDelta,
  reportReady,
  sentAtOf,
  snapshotMessage,
  StepTimer,
} from './common.js';

const CRLF = Buffer.from('\r\n');

/**
 * One event with its HTTP/1.1 chunk around it (the response is chunked: it has no length), so
 * that it goes to each viewer as one `socket.write`, as the baseline's prebuilt frame does.
 * `response.write` would frame the chunk per viewer, and cork the socket and schedule a nextTick
 * to uncork it on every call: per-viewer work the baseline does not do.
 */
function eventChunk(seq: number, data: string): Buffer {
  const event = Buffer.from(`id: ${seq}\ndata: ${data}\n\n`);
  return Buffer.concat([Buffer.from(`${event.length.toString(16)}\r\n`), event, CRLF]);
}

const viewers = new Set<Socket>();
let seq = 0;
const broadcast = new StepTimer();
const sentToReceived = new StepTimer();
const sentToBroadcast = new StepTimer();

/** Every delta's event by seq (index seq - 1), for viewers coming back (a benchmark run is short). */
const events: Buffer[] = [];

const server = createServer((request, response) => {
  const query = new URL(request.url ?? '/', 'http://x').searchParams;
  if (query.get('role') !== 'viewer') {
    response.writeHead(404).end();
    return;
  }
  const socket = response.socket!;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
  // The headers go out now; from here on the events are written under Node's HTTP layer.
  response.flushHeaders();
  const lastEventId = request.headers['last-event-id'];
  const snapshot = query.get('snapshot');
  if (typeof lastEventId === 'string') for (const event of events.slice(Number(lastEventId))) socket.write(event);
  else if (snapshot !== null) socket.write(eventChunk(seq, snapshotMessage(seq, Number(snapshot))));
  viewers.add(socket);
  socket.once('close', () => viewers.delete(socket));
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 64 * 1024 });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

wss.on('connection', (socket) => {
  socket.on('error', () => socket.terminate());
  socket.on('message', (data) => {
    const delta = parseDelta(data.toString());
    if (!delta) return;
    sentToReceived.add(now() - sentAtOf(delta.text));
    seq += 1;
    const event = eventChunk(seq, captionChanged(seq, delta));
    events.push(event);
    broadcast.time(() => {
      for (const viewer of viewers) viewer.write(event);
    });
    sentToBroadcast.add(now() - sentAtOf(delta.text));
    socket.send(captionAck(seq));
  });
});

let stopping: Promise<void> | null = null;
answerMarks(
  () => viewers.size + wss.clients.size,
  () =>
    (stopping ??= new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      for (const viewer of viewers) viewer.destroy();
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    })),
  { broadcast, 'sent to received': sentToReceived, 'sent to broadcast done': sentToBroadcast },
);

reportReady(server.address());
