import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogEntry } from '../../shared/protocol/socket.js';
import { PostgresLogStore } from '../../server/storage/postgres-log.js';
import { http, seedMeeting, startServer, until, type RunningServer } from '../support/harness.js';
import { startTestDatabase, type TestDatabase } from '../support/postgres.js';

/**
 * PostgreSQL stopped mid-meeting and started again on the same data and port, under a meeting
 * server whose log is in it. The rule: while it is down every change gets the clear retryable
 * STORAGE_UNAVAILABLE and nothing changes, nothing acknowledged before is lost, and the meeting
 * goes on by itself once the database is back. Always its own server (it is stopped).
 */
let database: TestDatabase;
let server: RunningServer;

beforeAll(async () => {
  database = await startTestDatabase({ own: true });
  server = await startServer({ databaseUrl: database.url });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await database?.stop();
});

const speakingTime = (seconds: number) => ({ type: 'meeting:setSpeakingTime', seconds });

describe('PostgreSQL stopped during a meeting', () => {
  it('refuses changes with STORAGE_UNAVAILABLE while it is down, loses nothing acknowledged, and the meeting continues once it is back', async () => {
    const meeting = await seedMeeting(server.url);
    const command = (seconds: number) => http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, speakingTime(seconds));
    const acknowledged = new Map<number, number>();
    for (const seconds of [61, 62, 63]) {
      const answer = await command(seconds);
      expect(answer.status).toBe(200);
      acknowledged.set(answer.body.seq, seconds);
    }
    const seqBefore = (await http(server.url, 'GET', `/meetings/${meeting.meetingId}`)).body.seq as number;

    await database.pause();
    for (const seconds of [100, 101]) {
      const refused = await command(seconds);
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('STORAGE_UNAVAILABLE');
    }
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'unavailable', error: { code: 'STORAGE_UNAVAILABLE' } });
    // Read-only, not gone: the meeting is still served from memory, unchanged.
    const during = await http(server.url, 'GET', `/meetings/${meeting.meetingId}`);
    expect(during.body.seq).toBe(seqBefore);
    expect(during.body.state.speakingTimeLimitSec).toBe(63);

    await database.resume();
    const back = await until(async () => {
      const answer = await command(64);
      return answer.status === 200 ? answer : null;
    }, 'a command accepted once the database is back', 20_000);
    expect(back.body.seq).toBe(seqBefore + 1);
    acknowledged.set(back.body.seq, 64);
    await until(async () => ((await fetch(`${server.url}/readyz`)).status === 200 ? true : null), 'ready again', 20_000);

    // What the database holds, read apart from the server: every acknowledged command, in its place, and none refused.
    const reader = await PostgresLogStore.open({ connectionString: database.url });
    try {
      const log = (await reader.read(`meeting:${meeting.meetingId}`)).map((raw) => LogEntry.parse(raw));
      expect(log.map((entry) => entry.seq)).toEqual(Array.from({ length: seqBefore + 1 }, (_, index) => index + 1));
      for (const [seq, seconds] of acknowledged) expect(log[seq - 1]!.command).toEqual(speakingTime(seconds));
      expect(log.filter(({ command: logged }) => logged.type === 'meeting:setSpeakingTime' && (logged.seconds ?? 0) >= 100)).toEqual([]);
    } finally {
      await reader.close();
    }
  }, 90_000);

  it('with two nodes, each follows what the other appends again once PostgreSQL is back: the lost listening connection is replaced and the meeting read again', async () => {
    const other = await startServer({ databaseUrl: database.url, nodeName: 'node-b' });
    try {
      const meeting = await seedMeeting(server.url);
      const seqOn = async (node: RunningServer) => (await http(node.url, 'GET', `/meetings/${meeting.meetingId}`)).body.seq as number;
      await until(async () => ((await seqOn(other)) === (await seqOn(server)) ? true : null), 'node B to follow the new meeting', 10_000);
      await database.pause();
      await database.resume();
      // Written by node A once it takes changes again; node B learns of it only through its new listening connection.
      const answer = await until(async () => {
        const sent = await http(server.url, 'POST', `/meetings/${meeting.meetingId}/commands`, speakingTime(75));
        return sent.status === 200 ? sent : null;
      }, 'node A to take a change again', 20_000);
      await until(async () => ((await seqOn(other)) === answer.body.seq ? true : null), `node B to follow node A to seq ${answer.body.seq}`, 20_000);
      expect((await http(other.url, 'GET', `/meetings/${meeting.meetingId}`)).body.state.speakingTimeLimitSec).toBe(75);
    } finally {
      await other.stop();
    }
  }, 90_000);
});
