/**
 * A second baseline: a bare Socket.IO server (its own in-memory adapter, no links, no log, no
 * schemas, no rooms per role) speaking the part of OpenFloor's protocol the load uses, so that
 * what Socket.IO itself costs (Engine.IO's open packet, the namespace connect, an acknowledged
 * subscribe, its per-socket broadcast) is told apart from what OpenFloor adds on top. The stack
 * is fixed to Socket.IO, so this is the floor OpenFloor can reach, where the bare `ws` server
 * is the floor of any WebSocket server.
 *
 * A viewer connects with `lastSeq` (coming back: the subscribe ack carries the entries it
 * missed, as OpenFloor's) or without (a fresh page: the ack carries a snapshot as large as the
 * one OpenFloor sent, BENCH_SNAPSHOT_CHARS, measured by the orchestrator). The captioner (token
 * `captioner`) writes with `caption:write`; each delta is broadcast with `io.to(room).emit`.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { answerMarks, now, reportReady, sentAtOf, StepTimer } from './common.js';

const snapshotChars = Number(process.env.BENCH_SNAPSHOT_CHARS ?? 0);
const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false, perMessageDeflate: false, maxHttpBufferSize: 64 * 1024 });
await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));

// Shaped like OpenFloor's link ids, so the payloads are the same size.
const captionerLinkId = 'l7';
interface Entry {
  seq: number;
  at: number;
  actor: { kind: 'captioner'; linkId: string };
  command: { type: 'caption:write'; erase: number; text: string };
}
/** Every entry by seq (index seq - 1), for viewers coming back (a benchmark run is short). */
const entries: Entry[] = [];
const broadcast = new StepTimer();
const sentToReceived = new StepTimer();
const sentToBroadcast = new StepTimer();

type Ack = (answer: unknown) => void;

io.on('connection', (socket) => {
  if ((socket.handshake.auth as { token?: unknown }).token === 'captioner') {
    socket.on('caption:write', (delta: { language: string; erase: number; text: string }, ack: Ack) => {
      if (typeof ack !== 'function') return;
      sentToReceived.add(now() - sentAtOf(delta.text));
      const entry: Entry = {
        seq: entries.length + 1,
        at: Date.now(),
        actor: { kind: 'captioner', linkId: captionerLinkId },
        command: { type: 'caption:write', erase: delta.erase, text: delta.text },
      };
      entries.push(entry);
      broadcast.time(() => io.to(`captions:${delta.language}`).emit('caption:changed', { language: delta.language, entry }));
      sentToBroadcast.add(now() - sentAtOf(delta.text));
      ack({ ok: true, value: { seq: entry.seq, duplicate: false } });
    });
    return;
  }
  socket.on('caption:subscribe', (request: { language: string; lastSeq?: number }, ack: Ack) => {
    if (typeof ack !== 'function') return;
    const value =
      request.lastSeq !== undefined
        ? { kind: 'entries', language: request.language, entries: entries.slice(request.lastSeq) }
        : { kind: 'snapshot', snapshot: { seq: entries.length, language: request.language, pad: 'x'.repeat(snapshotChars) } };
    void socket.join(`captions:${request.language}`);
    ack({ ok: true, value });
  });
});

let stopping: Promise<void> | null = null;
answerMarks(
  () => io.engine.clientsCount,
  () => (stopping ??= new Promise<void>((resolve) => void io.close(() => resolve()))),
  { broadcast, 'sent to received': sentToReceived, 'sent to broadcast done': sentToBroadcast },
);

reportReady(httpServer.address(), { viewerToken: 'viewer', captionerToken: 'captioner', adapter: io.of('/').adapter.constructor.name });
