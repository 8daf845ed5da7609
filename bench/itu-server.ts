/**
 * The server of the ITU-size scenario (itu.ts): the real `createApp` (SQLite in a temp folder)
 * with an open meeting of 800 registered participants (500 remote, 300 in the room; --registered), captions
 * in English and Arabic, and a stand-in LiveKit: webhooks are signed and verified as
 * livekit-server's are, and the room's participant list is what those webhooks said (the
 * scenario cannot run 300 WebRTC clients on two cores). It reports its CPU, memory and
 * event-loop stalls at each of the orchestrator's marks.
 */
import { AccessToken, WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import type { MediaBridge, RoomParticipant } from '../server/livekit/bridge.js';
import { parseIdentity } from '../shared/access/media.js';
import type { Role } from '../shared/meeting/model.js';
import { http, removeDir, seedMeeting, startServer, tokenOf } from '../test/support/harness.js';
import { stallWatch } from './stall-watch.js';
import { BENCH_WEBHOOK, collectGarbage, cpuSample, exitWithParent, memSample, pauseWatch, windowProfiler, type CpuSample, type MemSample, type PauseStats } from './common.js';

/** Registered participants (800 unless the orchestrator says), of whom 500 attend remotely. */
const REGISTERED = Number(process.argv[2] ?? 800);
const REMOTE = 500;

export interface ItuReady {
  type: 'ready';
  port: number;
  meetingId: string;
  tokens: { chair: string; viewer: string; captioner: string };
  /** Registered participants, remote ones first. */
  participants: { id: string; token: string; remote: boolean }[];
  /** The log's seq once seeded: every viewer's meeting changes continue from here. */
  seq: number;
}

export interface ItuMark {
  type: 'mark';
  label: string;
  cpu: CpuSample;
  mem: MemSample;
  connections: number;
  /** Since the previous mark. */
  pauses: PauseStats;
}

export type ItuServerCommand = { type: 'mark'; label: string; collect?: boolean } | { type: 'stop' };

/** LiveKit as far as OpenFloor's port shows it, fed by the scenario's signed webhooks. */
class WebhookFedLiveKit implements MediaBridge {
  readonly clientUrl = 'ws://127.0.0.1:9';
  private readonly receiver = new WebhookReceiver(BENCH_WEBHOOK.key, BENCH_WEBHOOK.secret);
  private readonly rooms = new Map<string, Map<string, RoomParticipant>>();

  async mintToken(room: string, identity: string): Promise<string> {
    const token = new AccessToken(BENCH_WEBHOOK.key, BENCH_WEBHOOK.secret, { identity });
    token.addGrant({ roomJoin: true, room });
    return token.toJwt();
  }

  async setPermission(room: string, identity: string, permission: { canPublish: boolean }): Promise<void> {
    const participant = this.rooms.get(room)?.get(identity);
    if (participant) participant.canPublish = permission.canPublish;
  }

  async listParticipants(room: string, roles?: readonly Role[]): Promise<RoomParticipant[]> {
    const listed = [...(this.rooms.get(room)?.values() ?? [])].filter(({ identity }) => !roles || roles.includes(parseIdentity(identity)?.role as Role));
    return listed.map((participant) => ({ ...participant, tracks: [...participant.tracks] }));
  }

  async participant(room: string, identity: string): Promise<RoomParticipant | null> {
    const participant = this.rooms.get(room)?.get(identity);
    return participant ? { ...participant, tracks: [...participant.tracks] } : null;
  }

  async muteTrack(): Promise<void> {}

  async receiveWebhook(rawBody: string, authorization: string | undefined): Promise<WebhookEvent> {
    const event = await this.receiver.receive(rawBody, authorization);
    const room = event.room?.name;
    const identity = event.participant?.identity;
    if (room && identity) {
      const participants = this.rooms.get(room) ?? new Map<string, RoomParticipant>();
      this.rooms.set(room, participants);
      if (event.event === 'participant_joined') {
        participants.set(identity, { identity, session: event.participant!.sid, joinedAtMs: Number(event.createdAt) * 1000, canPublish: false, tracks: [] });
      }
      if (event.event === 'participant_left') participants.delete(identity);
    }
    return event;
  }
}

const send = (message: ItuReady | ItuMark) => process.send!(message);

const server = await startServer({ mediaReconcileMs: 10_000 });
const meeting = await seedMeeting(server.url);
await server.app.media.connect(new WebhookFedLiveKit());

// Registration as delegates do it, through the public route (the test limits let it through).
const participants: ItuReady['participants'] = [
  { ...meeting.participants.remote, remote: true },
  { ...meeting.participants.room, remote: false },
];
for (let index = participants.length; index < REGISTERED; index += 1) {
  const remote = index < REMOTE;
  const result = await http(
    server.url,
    'POST',
    `/meetings/${meeting.meetingId}/registrations`,
    {
      displayName: `Delegate ${index}`,
      affiliation: `Ministry of Digital Affairs ${index}`,
      country: 'Kenya',
      stakeholderGroup: index % 3 === 0 ? 'civil_society' : 'government',
      attendance: remote ? 'remote' : 'room',
    },
    null,
  );
  if (result.status !== 201) throw new Error(`registration ${index}: ${JSON.stringify(result.body)}`);
  participants.push({ id: result.body.participantId, token: tokenOf(result.body.url), remote });
}
participants.sort((a, b) => Number(b.remote) - Number(a.remote));

let pauses = pauseWatch();
pauses.start();
const stalls = stallWatch({ adapter: server.app.io.of('/').adapter, streams: server.app.eventStreams });
let stopping: Promise<void> | null = null;
const stop = () => (stopping ??= server.stop().catch(() => undefined).then(() => removeDir(server.dataDir)));
exitWithParent(stop);
// With --profile, one CPU profile per phase, from the mark that starts it to the one that ends it.
const profiler = windowProfiler();
let phases = false;
process.on('message', async (command: ItuServerCommand) => {
  if (command.type === 'stop') {
    void stop().then(() => process.exit(0));
    return;
  }
  const stats = pauses.stop();
  const cpu = cpuSample();
  stalls.stop(command.label);
  if (phases) await profiler.stop(command.label);
  if (command.label === 'start') phases = true;
  // After the CPU sample: a forced collection is the benchmark's own work, not the phase's.
  if (command.collect) collectGarbage();
  const mark: ItuMark = {
    type: 'mark',
    label: command.label,
    cpu,
    mem: memSample(),
    connections: server.app.io.engine.clientsCount,
    pauses: stats,
  };
  pauses = pauseWatch();
  pauses.start();
  if (phases) await profiler.start();
  send(mark);
});

collectGarbage();
send({
  type: 'ready',
  port: Number(new URL(server.url).port),
  meetingId: meeting.meetingId,
  tokens: { chair: meeting.tokens.chair, viewer: meeting.tokens.viewer, captioner: meeting.tokens.captioner },
  participants,
  seq: server.app.registry.get(meeting.meetingId)!.seq,
});
