import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CaptionLogEntry } from '../../shared/captions/model.js';
import { errorMessages } from '../../shared/errors.js';
import { LogEntry } from '../../shared/protocol/socket.js';
import { SqliteLogStore } from '../../server/storage/sqlite-log.js';
import { ADMIN_TOKEN, MirrorClient, PROCESS_ENV, seedMeeting, until } from '../support/harness.js';
import { serverUrl, spawnServer, type ServerProcess } from '../support/server-process.js';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.js';
import { ZoomStyleCaptionClient } from '../support/zoom-captions.js';

/**
 * A full disk during a meeting, for real: the server runs as its own process with its data on
 * a 24 MB tmpfs that the test fills to the last byte while a captioner posts (Zoom-style, with
 * retries), a chair commands and a participant connects. SQLite and Node meet the kernel's own
 * ENOSPC. The rule: the process stays up, the meeting is read-only with coded errors and
 * says so (readiness, metric, log), nothing acknowledged is lost, and once space is back the
 * meeting goes on by itself.
 */
let disk: SmallDisk | undefined;
let server: ServerProcess | undefined;
const clients: MirrorClient[] = [];

afterAll(async () => {
  for (const client of clients) client.close();
  if (server?.running) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  disk?.unmount();
});

const readiness = async (url: string) => {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as { status: string; error?: { code: string } } };
};

const storageWritable = async (url: string) => {
  const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
  return Number(text.match(/^openfloor_storage_writable (\d)$/m)?.[1]);
};

describe('a full disk', () => {
  it('never takes the server down: the meeting goes read-only with coded errors, reports it, loses nothing acknowledged, and resumes once space is back', async () => {
    disk = mountSmallDisk(24 * 1024 * 1024);
    const dataDir = join(disk.dir, 'data');
    server = spawnServer({ ...PROCESS_ENV, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' });
    const url = await serverUrl(server);
    const meeting = await seedMeeting(url);
    const chair = new MirrorClient(url, meeting.tokens.chair);
    clients.push(chair);
    await chair.ready();
    const cat = new ZoomStyleCaptionClient(`${url}/api/captions/closedcaption?token=${meeting.tokens.captioner}`);
    // Long posts, as CAT software sends when it batches: the disk is full after fewer of them.
    const caption = (name: string) => `${name} ${'delegates discussed meaningful connectivity. '.repeat(30)}`;
    const ackedCaptions: string[] = [];
    const ackedCommands = new Map<number, number>();
    const setTime = async (seconds: number) => {
      const answer = await chair.send('meeting:setSpeakingTime', { seconds });
      if (answer.ok) ackedCommands.set(answer.value.seq, seconds);
      return answer;
    };

    for (let index = 0; index < 5; index += 1) {
      expect(await cat.send(caption(`before-${index}`))).toBe(200);
      ackedCaptions.push(`before-${index}`);
    }
    expect((await setTime(100)).ok).toBe(true);

    disk.fill();
    // Space SQLite already holds (its write-ahead log) takes a few more posts; then the disk refuses.
    let refused: string | null = null;
    for (let index = 0; index < 3000 && refused === null; index += 1) {
      const status = await cat.send(caption(`during-${index}`), 0, 1);
      if (status === 200) ackedCaptions.push(`during-${index}`);
      else {
        expect(status, 'a refused caption is answered 503, which CAT software retries').toBe(503);
        refused = `during-${index}`;
      }
    }
    expect(refused, 'the disk refused a caption within 3000 posts').not.toBeNull();

    // Read-only, and said so: readiness, metric, log line; the chair's change is refused with a code.
    expect(await readiness(url)).toMatchObject({ status: 503, body: { status: 'unavailable', error: { code: 'STORAGE_UNAVAILABLE' } } });
    expect(await storageWritable(url)).toBe(0);
    // Alive all the same: a liveness probe must not restart a process that serves the meeting read-only.
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    await server.waitFor(/storage: writes are failing/, 'the log line saying writes fail');
    const refusedCommand = await setTime(200);
    expect(refusedCommand).toMatchObject({ ok: false, error: { code: 'STORAGE_UNAVAILABLE', message: errorMessages.STORAGE_UNAVAILABLE } });

    // A participant connecting now (the attendance write that used to crash the process) gets the meeting.
    const participant = new MirrorClient(url, meeting.participants.room.token);
    clients.push(participant);
    await participant.ready();
    expect(participant.state!.speakingTimeLimitSec).toBe(100);
    const screen = new MirrorClient(url, meeting.tokens.screen);
    clients.push(screen);
    await screen.ready();
    expect(server.running, 'the server process is still running').toBe(true);

    disk.free();
    await until(async () => ((await readiness(url)).status === 200 ? true : null), '/readyz to answer 200 once space is back', 15_000);
    expect(await storageWritable(url)).toBe(1);
    await server.waitFor(/storage: writes succeed again/, 'the log line saying writes succeed again');
    // The captioner's software retries the refused post under the same seq; the chair goes on.
    cat.seq -= 1;
    expect(await cat.send(caption(refused!))).toBe(200);
    ackedCaptions.push(refused!);
    expect(await cat.send(caption('after-0'))).toBe(200);
    ackedCaptions.push('after-0');
    const resumed = await setTime(300);
    if (!resumed.ok) throw new Error(JSON.stringify(resumed));
    await participant.atSeq(resumed.value.seq);
    await screen.atSeq(resumed.value.seq);
    expect(participant.state!.speakingTimeLimitSec).toBe(300);
    expect(server.running, 'the server process is still running').toBe(true);

    // Stopped as an operator would stop it: everything acknowledged is in the log, once.
    for (const client of clients.splice(0)) client.close();
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const store = new SqliteLogStore(dataDir);
    try {
      const writes = (await store.read(`captions:${meeting.meetingId}:en`))
        .map((raw) => CaptionLogEntry.parse(raw))
        .flatMap(({ command }) => (command.type === 'caption:write' ? [command.text] : []));
      for (const name of ackedCaptions) expect(writes.filter((text) => text.startsWith(`${name} `)), name).toHaveLength(1);
      const log = (await store.read(`meeting:${meeting.meetingId}`)).map((raw) => LogEntry.parse(raw));
      for (const [seq, seconds] of ackedCommands) expect(log[seq - 1]!.command).toEqual({ type: 'meeting:setSpeakingTime', seconds });
      expect(log.filter(({ command }) => command.type === 'meeting:setSpeakingTime' && command.seconds === 200)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 120_000);
});
