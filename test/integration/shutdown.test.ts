import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogEntry } from '../../shared/protocol/socket.js';
import { SqliteLogStore } from '../../server/storage/sqlite-log.js';
import { MirrorClient, PROCESS_ENV, removeDir, seedMeeting, within } from '../support/harness.js';
import { freePort, serverUrl, spawnServer, type ServerProcess } from '../support/server-process.js';

let processes: ServerProcess[] = [];
let clients: MirrorClient[] = [];
let dataDir = '';

afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  for (const running of processes.filter((candidate) => candidate.running)) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  processes = [];
  removeDir(dataDir);
});

async function connect(url: string, token: string) {
  const client = new MirrorClient(url, token);
  clients.push(client);
  await client.ready();
  return client;
}

describe('graceful shutdown (SIGTERM)', () => {
  it('disconnects every client from the server side (so they reconnect, through the proxy, elsewhere), keeps every acknowledged command, and exits 0', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openfloor-drain-'));
    const env = { ...PROCESS_ENV, DATA_DIR: dataDir, PORT: String(await freePort()) };
    const server = spawnServer(env);
    processes.push(server);
    const url = await serverUrl(server);
    const meeting = await seedMeeting(url);
    const chair = await connect(url, meeting.tokens.chair);
    const viewer = await connect(url, meeting.tokens.viewer);
    // 'io server disconnect' is the server closing the session, on which the client reconnects
    // at once; a crash would be 'transport close'.
    const reasons = Promise.all([chair, viewer].map((client) => new Promise<string>((resolve) => client.socket.once('disconnect', resolve))));
    const gone = reasons.then(() => 'gone' as const);

    // The chair keeps sending while the server stops: whatever it acknowledged, before or
    // during the drain, must be in the log.
    const acked = new Map<number, number>();
    let seconds = 30;
    let signalled = false;
    for (;;) {
      const value = (seconds += 1);
      const answer = chair.send('meeting:setSpeakingTime', { seconds: value }).then(
        (ack) => {
          if (ack.ok) acked.set(ack.value.seq, value);
          return 'answered' as const;
        },
        () => 'lost' as const,
      );
      if (acked.size === 5 && !signalled) {
        signalled = true;
        server.child.kill('SIGTERM');
      }
      if ((await Promise.race([answer, gone])) !== 'answered') break;
    }
    expect(await within(reasons, 'both clients to be disconnected', 10_000)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await within(server.exited, 'the server to exit', 25_000)).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/stopped: every change is written/);

    const reader = new SqliteLogStore(dataDir);
    const log = (await reader.read(`meeting:${meeting.meetingId}`)).map((raw) => LogEntry.parse(raw));
    await reader.close();
    expect(acked.size).toBeGreaterThanOrEqual(5);
    for (const [seq, value] of acked) expect(log[seq - 1]?.command, `command at seq ${seq}`).toEqual({ type: 'meeting:setSpeakingTime', seconds: value });

    // Started again on the same data, the meeting is where the last acknowledged command left it.
    const again = spawnServer(env);
    processes.push(again);
    const chairAgain = await connect(await serverUrl(again), meeting.tokens.chair);
    const lastSeq = Math.max(...acked.keys());
    expect(chairAgain.seq).toBeGreaterThanOrEqual(lastSeq);
    expect(chairAgain.seq).toBe(log.length);
  });
});
