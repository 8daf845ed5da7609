/**
 * The baseline of the join benchmark (join.ts): a bare Socket.IO and express server doing a
 * remote delegate's join as far as the wire goes, and nothing of OpenFloor's. A connection gets
 * a snapshot naming as many participants as OpenFloor's names (argument 1; the same fields,
 * emitted as a plain Socket.IO app emits an object) and its caption subscription acknowledged; the
 * LiveKit webhook is verified as OpenFloor verifies it (livekit-server-sdk's `WebhookReceiver`)
 * and the delegate's own page told its presence entry, as OpenFloor tells it. The link token a
 * delegate connects with is its participant id. It reports its CPU at each of the orchestrator's marks
 * and, with BENCH_PROFILE, profiles from the first mark to the second.
 */
import { createServer } from 'node:http';
import express from 'express';
import { WebhookReceiver } from 'livekit-server-sdk';
import { Server } from 'socket.io';
import { BENCH_WEBHOOK, cpuSample, exitWithParent, windowProfiler, type CpuSample } from './common.js';

export type JoinServerCommand = { type: 'mark' } | { type: 'stop' };
export type JoinServerMessage = { type: 'ready'; port: number } | { type: 'mark'; cpu: CpuSample };

const NAMED = Number(process.argv[2] ?? 3);
const registeredAt = Date.now();
const participants = Array.from({ length: NAMED }, (_, index) => ({
  displayName: `Delegate ${index}`,
  affiliation: '',
  country: '',
  stakeholderGroup: index % 3 === 0 ? 'civil_society' : 'government',
  attendance: index < 500 ? 'remote' : 'room',
  publishName: false,
  id: `p${1000 + index}`,
  role: 'participant',
  registeredAt,
  registration: 'approved',
}));

const app = express();
const receiver = new WebhookReceiver(BENCH_WEBHOOK.key, BENCH_WEBHOOK.secret);
const http = createServer(app);
const io = new Server(http, { serveClient: false, perMessageDeflate: false, transports: ['websocket'] });

app.post('/api/livekit/webhook', express.raw({ type: 'application/webhook+json', limit: '256kb' }), async (req, res) => {
  try {
    const event = await receiver.receive((req.body as Buffer).toString('utf8'), req.get('authorization'));
    const identity = event.participant?.identity ?? '';
    const participantId = identity.replace(/^participant\./, '');
    io.to(ownRoom(participantId)).emit('media:presence', { available: true, participants: [{ identity, participantId, connected: true }] });
    res.status(204).end();
  } catch {
    res.status(401).end();
  }
});

const ownRoom = (participantId: string) => `presence:${participantId}`;

io.on('connection', (socket) => {
  void socket.join(ownRoom(String((socket.handshake.auth as { token?: unknown }).token)));
  socket.emit('meeting:snapshot', { seq: 1, serverNow: Date.now(), state: { participants }, you: { role: 'participant' } });
  socket.on('caption:subscribe', (request: { language: string }, ack: (result: unknown) => void) => {
    void socket.join(`captions:${request.language}`);
    ack({ ok: true, value: { seq: 0, lines: [] } });
  });
});

const send = (message: JoinServerMessage) => process.send!(message);
const stop = () => new Promise<void>((resolve) => io.close(() => resolve()));
exitWithParent(stop);
const profiler = windowProfiler();
let marks = 0;
process.on('message', async (command: JoinServerCommand) => {
  if (command.type === 'stop') {
    void stop().then(() => process.exit(0));
    return;
  }
  const cpu = cpuSample();
  marks += 1;
  if (marks === 1) await profiler.start();
  if (marks === 2) await profiler.stop('joins');
  send({ type: 'mark', cpu });
});
http.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (http.address() as { port: number }).port }));
