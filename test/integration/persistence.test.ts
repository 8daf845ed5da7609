import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptionLogEntry } from '../../shared/captions/model.js';
import { project, projectionOfRole } from '../../shared/protocol/projection.js';
import { LogEntry } from '../../shared/protocol/socket.js';
import { currentTopic } from '../../shared/meeting/selectors.js';
import { SqliteLogStore } from '../../server/storage/sqlite-log.js';
import { MirrorClient, PROCESS_ENV, removeDir, seedMeeting, startServer, type RunningServer } from '../support/harness.js';
import { freePort, serverUrl, spawnServer, type ServerProcess } from '../support/server-process.js';
import { ZoomStyleCaptionClient } from '../support/zoom-captions.js';

let servers: RunningServer[] = [];
let clients: MirrorClient[] = [];

afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  for (const server of servers) await server.stop().catch(() => {});
  if (servers[0]) removeDir(servers[0].dataDir);
  servers = [];
});

async function connect(server: RunningServer, token: string) {
  const client = new MirrorClient(server.url, token);
  clients.push(client);
  await client.ready();
  return client;
}

describe('the event log survives a restart', () => {
  it('a restarted server rebuilds the same meeting from its log, and old links keep working', async () => {
    const first = await startServer();
    servers.push(first);
    const meeting = await seedMeeting(first.url);
    const chair = await connect(first, meeting.tokens.chair);
    const remote = await connect(first, meeting.participants.remote.token);
    await remote.send('queue:request', { kind: 'intervention' });
    await chair.send('queue:add', { participantId: meeting.participants.room.id, kind: 'intervention' });
    await chair.send('floor:give', {});
    const paused = await chair.send('floor:pause', {});
    if (!paused.ok) throw new Error(paused.error.code);
    const before = first.app.registry.get(meeting.meetingId)!;
    expect(before.seq).toBe(paused.value.seq);
    for (const client of clients) client.close();
    await first.stop();

    const second = await startServer({ dataDir: first.dataDir });
    servers.push(second);
    const after = second.app.registry.get(meeting.meetingId)!;
    expect(after.seq).toBe(before.seq);
    expect(after.state).toEqual(before.state);

    const chairAgain = await connect(second, meeting.tokens.chair);
    expect(chairAgain.state).toEqual(project(before.state, projectionOfRole.chair));
    const resumed = await chairAgain.send('floor:resume', {});
    expect(resumed).toMatchObject({ ok: true, value: { seq: before.seq + 1 } });
    expect(currentTopic(second.app.registry.get(meeting.meetingId)!.state)!.floor?.participantId).toBe(
      meeting.participants.remote.id,
    );
  });

  it('an acknowledged change can be read at once from the SQLite file by another connection (durable at ack time)', async () => {
    const server = await startServer();
    servers.push(server);
    const meeting = await seedMeeting(server.url);
    const remote = await connect(server, meeting.participants.remote.token);
    const ack = await remote.send('queue:request', { kind: 'intervention' });
    if (!ack.ok) throw new Error(ack.error.code);
    // Read the log through a second connection to the same SQLite file, as a crash would leave it.
    const reader = new SqliteLogStore(server.dataDir);
    const entries = await reader.read(`meeting:${meeting.meetingId}`);
    await reader.close();
    expect(entries.at(-1)).toMatchObject({ seq: ack.value.seq, command: { type: 'queue:request', kind: 'intervention' } });
  });
});

/** A small seeded generator, so that a failing run can be replayed with its seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the event log survives kill -9', () => {
  const ROUNDS = 3;
  let processes: ServerProcess[] = [];
  let dataDir = '';
  afterEach(async () => {
    for (const running of processes.filter((candidate) => candidate.running)) {
      running.child.kill('SIGKILL');
      await running.exited;
    }
    processes = [];
    if (dataDir) removeDir(dataDir);
  });

  it('every acknowledged command and caption is in the log exactly once after the server is killed at random moments of a live meeting', async () => {
    const seed = Date.now();
    const random = seeded(seed);
    dataDir = mkdtempSync(join(tmpdir(), 'openfloor-kill9-'));
    const env = { ...PROCESS_ENV, DATA_DIR: dataDir, PORT: String(await freePort()) };
    const start = async () => {
      const started = spawnServer(env);
      processes.push(started);
      return { process: started, url: await serverUrl(started) };
    };
    let { process: server, url } = await start();
    const meeting = await seedMeeting(url);

    // Acknowledged events, and a wait for the next one: the kills follow the meeting's own pace.
    const ackedCommands = new Map<number, number>();
    const ackedCaptions: string[] = [];
    let acks = 0;
    let onAck: (() => void) | null = null;
    const acked = () => {
      acks += 1;
      onAck?.();
    };
    const afterAcks = (count: number) => {
      const target = acks + count;
      return new Promise<void>((resolve) => {
        onAck = () => acks >= target && resolve();
      });
    };

    // The captioner's software posts for the whole test, Zoom-style, retrying each caption under
    // its seq until the server (the restarted one too) accepts it.
    const cat = new ZoomStyleCaptionClient(`${url}/api/captions/closedcaption?token=${meeting.tokens.captioner}`);
    let captioning = true;
    const captioner = (async () => {
      for (let index = 0; captioning; index += 1) {
        const text = `[c${index}] words of the delegate${index % 5 === 4 ? '.\n' : ' '}`;
        await cat.sendUntilAccepted(text);
        ackedCaptions.push(`[c${index}]`);
        acked();
      }
    })();

    // A chair on each server, sending commands until that server dies under it.
    let seconds = 10;
    const chairUntilKilled = async (base: string, killed: Promise<void>) => {
      const chair = new MirrorClient(base, meeting.tokens.chair);
      await chair.ready();
      let dead = false;
      void killed.then(() => (dead = true));
      while (!dead) {
        const value = (seconds += 1);
        // An answer that arrives is recorded even if the kill came first: the server had persisted it.
        const answer = chair.send('meeting:setSpeakingTime', { seconds: value }).then(
          (ack) => {
            if (!ack.ok) return 'refused';
            ackedCommands.set(ack.value.seq, value);
            acked();
            return 'acknowledged';
          },
          // Not delivered (the connection is gone): this server is dying.
          () => 'lost',
        );
        if ((await Promise.race([answer, killed])) === 'lost') break;
      }
      chair.close();
    };

    for (let round = 0; round < ROUNDS; round += 1) {
      let kill!: () => void;
      const killed = new Promise<void>((resolve) => (kill = resolve));
      const chairing = chairUntilKilled(url, killed);
      await afterAcks(5 + Math.floor(random() * 40));
      server.child.kill('SIGKILL');
      expect(await server.exited, `seed ${seed}`).toMatchObject({ signal: 'SIGKILL' });
      kill();
      await chairing;
      ({ process: server, url } = await start());
    }
    // The last server loads what the kills left, takes the captioner's retries and the chair's commands.
    captioning = false;
    await captioner;
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const lastChair = chairUntilKilled(url, stopped);
    await afterAcks(3);
    stop();
    await lastChair;
    server.child.kill('SIGTERM');
    expect(await server.exited, `seed ${seed}`).toEqual({ code: 0, signal: null });

    const reader = new SqliteLogStore(dataDir);
    try {
      const log = (await reader.read(`meeting:${meeting.meetingId}`)).map((raw) => LogEntry.parse(raw));
      const times = log.flatMap(({ command }) => (command.type === 'meeting:setSpeakingTime' ? [command.seconds] : []));
      for (const [seq, value] of ackedCommands) expect(log[seq - 1]?.command, `seed ${seed}: command at seq ${seq}`).toEqual({ type: 'meeting:setSpeakingTime', seconds: value });
      expect(new Set(times).size, `seed ${seed}: a command doubled`).toBe(times.length);
      const writes = (await reader.read(`captions:${meeting.meetingId}:en`))
        .map((raw) => CaptionLogEntry.parse(raw))
        .flatMap(({ command }) => (command.type === 'caption:write' ? [command.text] : []));
      const text = writes.join('');
      for (const caption of ackedCaptions) expect(text.split(caption).length - 1, `seed ${seed}: caption ${caption}`).toBe(1);
      expect(ackedCommands.size + ackedCaptions.length, 'events acknowledged across the kills').toBeGreaterThan(ROUNDS * 5);
    } finally {
      reader.close();
    }
  }, 240_000);
});
