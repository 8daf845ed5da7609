import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptionLogEntry } from '../../shared/captions/model.js';
import { LogEntry } from '../../shared/protocol/socket.js';
import { startFailoverProxy, type FailoverProxy } from '../support/failover-proxy.js';
import { MirrorClient, PROCESS_ENV, removeDir, seedMeeting, until } from '../support/harness.js';
import { startTestDatabase, storedLog, type TestDatabase } from '../support/postgres.js';
import { startRedis, type TestRedis } from '../support/redis.js';
import { freePort, serverUrl, spawnServer, type ServerProcess } from '../support/server-process.js';
import { ZoomStyleCaptionClient } from '../support/zoom-captions.js';

/**
 * Two OpenFloor processes on one PostgreSQL log and one Redis, behind a proxy that sends every
 * connection to the first node that takes it (the compose file's proxy, skipping a node whose
 * port is closed). The node that the chair and the captioner's software are on is killed with
 * SIGKILL mid-sentence: they come back through the proxy on the other node, which follows the
 * same log, and nothing that was acknowledged is lost or doubled.
 */
let database: TestDatabase;
let redis: TestRedis;
let proxy: FailoverProxy;
const nodes: Array<{ process: ServerProcess; url: string; dataDir: string }> = [];

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startRedis()]);
  for (const name of ['node-a', 'node-b']) {
    const dataDir = mkdtempSync(join(tmpdir(), `openfloor-${name}-`));
    const process = spawnServer({ ...PROCESS_ENV, DATA_DIR: dataDir, PORT: String(await freePort()), DATABASE_URL: database.url, REDIS_URL: redis.url, NODE_NAME: name });
    nodes.push({ process, dataDir, url: await serverUrl(process) });
  }
  proxy = await startFailoverProxy(nodes.map((node) => node.url));
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  for (const node of nodes) {
    if (node.process.running) node.process.child.kill('SIGTERM');
    await node.process.exited;
    removeDir(node.dataDir);
  }
  await redis?.stop();
  await database?.stop();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a node killed under a meeting served by two nodes', () => {
  it('the chair and the captioner carry on through the other node, and every acknowledged command and caption is in the log once', async () => {
    const meeting = await seedMeeting(proxy.url);
    const chair = new MirrorClient(proxy.url, meeting.tokens.chair, { reconnect: true });
    await chair.ready();

    const ackedCommands = new Map<number, number>();
    const ackedCaptions: string[] = [];
    let running = true;
    let acks = 0;

    // The chair keeps changing the speaking time; a command the dying node never answered is
    // not sent again (the chair sees it fail and goes on with the next).
    const chairing = (async () => {
      for (let seconds = 1000; running; seconds += 1) {
        const answer = await chair.send('meeting:setSpeakingTime', { seconds }).catch(() => null);
        if (answer?.ok) {
          ackedCommands.set(answer.value.seq, seconds);
          acks += 1;
        } else if (answer && answer.error.code !== 'RATE_LIMITED') {
          throw new Error(`the chair was refused: ${JSON.stringify(answer.error)}`);
        }
        await pause(answer?.ok ? 20 : 200);
      }
    })();

    // The captioner's software, Zoom-style: each caption under its seq until a node accepts it.
    const cat = new ZoomStyleCaptionClient(`${proxy.url}/api/captions/closedcaption?token=${meeting.tokens.captioner}`);
    const captioning = (async () => {
      for (let index = 0; running; index += 1) {
        const text = `[c${index}] words of the delegate${index % 6 === 5 ? '.\n' : ' '}`;
        await cat.sendUntilAccepted(text);
        ackedCaptions.push(`[c${index}]`);
        acks += 1;
      }
    })();

    await until(async () => (acks >= 40 ? true : null), 'forty acknowledgements from node A', 30_000);
    const [first, second] = nodes;
    first!.process.child.kill('SIGKILL');
    expect(await first!.process.exited).toMatchObject({ signal: 'SIGKILL' });
    const atKill = acks;
    await until(async () => (acks >= atKill + 40 ? true : null), 'forty acknowledgements from node B after the kill', 60_000);
    running = false;
    await Promise.all([chairing, captioning]);

    const log = (await storedLog(database.url, `meeting:${meeting.meetingId}`, (raw) => LogEntry.parse(raw)));
    expect(log.map((entry) => entry.seq)).toEqual(log.map((_, index) => index + 1));
    for (const [seq, seconds] of ackedCommands) expect(log[seq - 1]?.command, `command at seq ${seq}`).toEqual({ type: 'meeting:setSpeakingTime', seconds });
    const times = log.flatMap(({ command }) => (command.type === 'meeting:setSpeakingTime' ? [command.seconds] : []));
    expect(new Set(times).size, 'a command doubled').toBe(times.length);

    const captions = await storedLog(database.url, `captions:${meeting.meetingId}:en`, (raw) => CaptionLogEntry.parse(raw));
    const text = captions.flatMap(({ command }) => (command.type === 'caption:write' ? [command.text] : [])).join('');
    for (const caption of ackedCaptions) expect(text.split(caption).length - 1, `caption ${caption}`).toBe(1);

    // The chair's page followed the meeting onto node B: what it shows is what the log holds.
    await chair.until((client) => client.seq === log.length, 10_000, `the chair's page at seq ${log.length}`);
    expect(chair.state!.speakingTimeLimitSec).toBe(times.at(-1));
    const served = await (await fetch(`${second!.url}/api/meetings/${meeting.meetingId}`, { headers: { authorization: `Bearer ${PROCESS_ENV.ADMIN_TOKEN}` } })).json();
    expect(served.seq).toBe(log.length);
    chair.close();
  }, 180_000);
});
