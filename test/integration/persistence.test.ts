import { afterEach, describe, expect, it } from 'vitest';
import { project, projectionOfRole } from '../../shared/protocol/projection.js';
import { currentTopic } from '../../shared/meeting/selectors.js';
import { MirrorClient, removeDir, seedMeeting, startServer, type RunningServer } from '../support/harness.js';

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
    const { SqliteLogStore } = await import('../../server/storage/sqlite-log.js');
    const reader = new SqliteLogStore(server.dataDir);
    const entries = reader.read(`meeting:${meeting.meetingId}`);
    reader.close();
    expect(entries.at(-1)).toMatchObject({ seq: ack.value.seq, command: { type: 'queue:request', kind: 'intervention' } });
  });
});
