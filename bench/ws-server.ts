/**
 * The baseline: a bare `ws` server doing the same job as OpenFloor's fan-out: for each caption
 * delta it encodes one message, builds one WebSocket frame, and writes that same frame to every
 * viewer through `ws`'s own sender (as OpenFloor does for idle connections, fan-out.ts). The
 * bytes are those OpenFloor puts on the wire for the same delta (`42["caption:changed",…]`).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import { textFrame } from '../server/realtime/fan-out.js';
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

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 64 * 1024 });
await new Promise<void>((resolve) => wss.once('listening', resolve));

const viewers = new Set<WebSocket>();
let seq = 0;
const broadcast = new StepTimer();
const sentToReceived = new StepTimer();
const sentToBroadcast = new StepTimer();

/** Every delta's frame by seq (index seq - 1), for viewers coming back (a benchmark run is short). */
const frames: Buffer[] = [];
type Sendable = { _sender: { sendFrame(list: Buffer[]): void } };

wss.on('connection', (socket, request) => {
  socket.on('error', () => socket.terminate());
  const query = new URL(request.url ?? '/', 'http://x').searchParams;
  if (query.get('role') !== 'captioner') {
    // A viewer coming back gets what it missed, as OpenFloor's resume does; a fresh page a
    // snapshot as large as OpenFloor's (the orchestrator measured it), then the live deltas.
    const lastSeq = query.get('lastSeq');
    const snapshot = query.get('snapshot');
    if (lastSeq !== null) for (const frame of frames.slice(Number(lastSeq))) (socket as unknown as Sendable)._sender.sendFrame([frame]);
    else if (snapshot !== null) socket.send(snapshotMessage(seq, Number(snapshot)));
    viewers.add(socket);
    socket.once('close', () => viewers.delete(socket));
    return;
  }
  socket.on('message', (data) => {
    const delta = parseDelta(data.toString());
    if (!delta) return;
    sentToReceived.add(now() - sentAtOf(delta.text));
    seq += 1;
    const frame = textFrame(captionChanged(seq, delta));
    frames.push(frame);
    broadcast.time(() => {
      for (const viewer of viewers) (viewer as unknown as Sendable)._sender.sendFrame([frame]);
    });
    sentToBroadcast.add(now() - sentAtOf(delta.text));
    socket.send(captionAck(seq));
  });
});

let stopping: Promise<void> | null = null;
answerMarks(
  () => wss.clients.size,
  () =>
    (stopping ??= new Promise<void>((resolve) => {
      for (const client of wss.clients) client.terminate();
      wss.close(() => resolve());
    })),
  { broadcast, 'sent to received': sentToReceived, 'sent to broadcast done': sentToBroadcast },
);

reportReady(wss.address());
