import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { LogEntry } from '../../shared/protocol/socket.js';
import { backupLog, BackupError } from '../../server/storage/backup.js';
import { LOG_FILE, SqliteLogStore } from '../../server/storage/sqlite-log.js';
import { MirrorClient, PROCESS_ENV, removeDir, seedMeeting } from '../support/harness.js';
import { postgresTool, startTestDatabase, storedLog, type TestDatabase } from '../support/postgres.js';
import { serverUrl, spawnServer, type ServerProcess } from '../support/server-process.js';

const root = join(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;
let processes: ServerProcess[] = [];
let clients: MirrorClient[] = [];
let dirs: string[] = [];
let databases: TestDatabase[] = [];

afterEach(async () => {
  for (const client of clients) client.close();
  clients = [];
  for (const running of processes.filter((candidate) => candidate.running)) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  processes = [];
  for (const dir of dirs) removeDir(dir);
  dirs = [];
  for (const database of databases) await database.stop();
  databases = [];
});

function tempDir(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `openfloor-${name}-`));
  dirs.push(dir);
  return dir;
}

async function connect(url: string, token: string) {
  const client = new MirrorClient(url, token);
  clients.push(client);
  await client.ready();
  return client;
}

/** `npm run backup -- <file>` (server/backup.ts, from its sources here) with the server's settings. */
function backup(env: Record<string, string>, file: string) {
  return promisify(execFile)(process.execPath, ['--import', tsxLoader, join(root, 'server/backup.ts'), file], {
    cwd: root,
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
}

/**
 * The chair keeps changing the speaking time for the whole backup: what was acknowledged (seq ->
 * seconds), a wait for the count to reach a number, and a stop that answers the code of a
 * refusal that ended it early (null if none).
 */
function keepChairing(chair: MirrorClient) {
  const acked = new Map<number, number>();
  let writing = true;
  let seconds = 30;
  let onAck = () => {};
  const chairing = (async () => {
    while (writing) {
      const value = (seconds += 1);
      const ack = await chair.send('meeting:setSpeakingTime', { seconds: value });
      // The connection's own budget runs out at this pace: wait as told, as a client does.
      if (!ack.ok && ack.error.code === 'RATE_LIMITED') await new Promise((resolve) => setTimeout(resolve, ack.error.retryAfterMs));
      else if (!ack.ok) return ack.error.code;
      else {
        acked.set(ack.value.seq, value);
        onAck();
      }
    }
    return null;
  })();
  return {
    acked,
    afterAcks: (count: number) => new Promise<void>((resolve) => (onAck = () => acked.size >= count && resolve())),
    stop: () => {
      writing = false;
      return chairing;
    },
  };
}

/** A server started with `env`, a meeting on it, and its chair writing (keepChairing) past ten acknowledgements: those are `ackedBefore`. */
async function writingServer(env: Record<string, string>) {
  const server = spawnServer(env);
  processes.push(server);
  const url = await serverUrl(server);
  const meeting = await seedMeeting(url);
  const chairing = keepChairing(await connect(url, meeting.tokens.chair));
  await chairing.afterAcks(10);
  return { server, meeting, ...chairing, ackedBefore: new Map(chairing.acked) };
}

describe('online backup and restore', () => {
  it('a backup taken while the server runs and writes restores, on a fresh data directory, the meeting with every change acknowledged before it began', async () => {
    const env = { ...PROCESS_ENV, DATA_DIR: tempDir('live'), PORT: '0' };
    const { server, meeting, acked, afterAcks, stop, ackedBefore } = await writingServer(env);
    const file = join(tempDir('backups'), 'meeting.sqlite');
    const { stdout } = await backup(env, file);
    expect(stdout).toMatch(/backup of .* written to .*meeting\.sqlite/);
    const ackedDuring = acked.size - ackedBefore.size;
    // Still writing after the backup: the server was not held up by it.
    await afterAcks(acked.size + 3);
    expect(await stop(), 'a command was refused').toBeNull();

    // Restore, as the README says: the backup as DATA_DIR/openfloor.sqlite, then start.
    const restoredDir = tempDir('restored');
    copyFileSync(file, join(restoredDir, LOG_FILE));
    const restoredEnv = { ...env, DATA_DIR: restoredDir };
    const restored = spawnServer(restoredEnv);
    processes.push(restored);
    const chairAgain = await connect(await serverUrl(restored), meeting.tokens.chair);
    const lastBefore = Math.max(...ackedBefore.keys());
    expect(chairAgain.seq, `${ackedDuring} commands were acknowledged during the backup`).toBeGreaterThanOrEqual(lastBefore);
    restored.child.kill('SIGTERM');
    expect(await restored.exited).toEqual({ code: 0, signal: null });
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const read = async (dir: string) => {
      const store = new SqliteLogStore(dir);
      try {
        return (await store.read(`meeting:${meeting.meetingId}`)).map((raw) => LogEntry.parse(raw));
      } finally {
        await store.close();
      }
    };
    const restoredLog = await read(restoredDir);
    for (const [seq, value] of ackedBefore) expect(restoredLog[seq - 1]?.command, `command at seq ${seq}`).toEqual({ type: 'meeting:setSpeakingTime', seconds: value });
    // One state of the live log: its beginning, nothing else.
    expect(restoredLog).toEqual((await read(env.DATA_DIR)).slice(0, restoredLog.length));
  });

  it('a pg_dump taken while a node writes to PostgreSQL restores, into an empty database, the meeting with every change acknowledged before it began, as the README says', async () => {
    const live = await startTestDatabase();
    databases.push(live);
    const env = { ...PROCESS_ENV, DATA_DIR: tempDir('pg-live'), PORT: '0', DATABASE_URL: live.url };
    const { server, meeting, acked, afterAcks, stop, ackedBefore } = await writingServer(env);
    const file = join(tempDir('pg-backups'), 'openfloor.dump');
    // The README's commands, with the test database's address in place of the compose service.
    await promisify(execFile)(postgresTool('pg_dump'), ['--format=custom', `--file=${file}`, `--dbname=${live.url}`], { timeout: 60_000 });
    await afterAcks(acked.size + 3);
    expect(await stop(), 'a command was refused').toBeNull();

    const restoredDatabase = await startTestDatabase();
    databases.push(restoredDatabase);
    await promisify(execFile)(postgresTool('pg_restore'), ['--clean', '--if-exists', '--no-owner', `--dbname=${restoredDatabase.url}`, file], { timeout: 60_000 });
    const restored = spawnServer({ ...env, DATA_DIR: tempDir('pg-restored'), DATABASE_URL: restoredDatabase.url });
    processes.push(restored);
    const chairAgain = await connect(await serverUrl(restored), meeting.tokens.chair);
    expect(chairAgain.seq).toBeGreaterThanOrEqual(Math.max(...ackedBefore.keys()));
    restored.child.kill('SIGTERM');
    expect(await restored.exited).toEqual({ code: 0, signal: null });
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });

    const read = (databaseUrl: string) => storedLog(databaseUrl, `meeting:${meeting.meetingId}`, (raw) => LogEntry.parse(raw));
    const restoredLog = await read(restoredDatabase.url);
    for (const [seq, value] of ackedBefore) expect(restoredLog[seq - 1]?.command, `command at seq ${seq}`).toEqual({ type: 'meeting:setSpeakingTime', seconds: value });
    expect(restoredLog).toEqual((await read(live.url)).slice(0, restoredLog.length));
  }, 120_000);

  it('a backup never overwrites an existing file and leaves no partial file', async () => {
    const dataDir = tempDir('data');
    const store = new SqliteLogStore(dataDir);
    store.close();
    const backups = tempDir('backups');
    const file = join(backups, 'taken.sqlite');
    writeFileSync(file, 'an older backup');
    await expect(backupLog(dataDir, file)).rejects.toThrow(BackupError);
    await expect(backupLog(dataDir, file)).rejects.toThrow(/already exists/);
    expect(readdirSync(backups)).toEqual(['taken.sqlite']);
  });

  it('a data directory without a log is refused with a message naming it', async () => {
    const empty = tempDir('empty');
    mkdirSync(join(empty, 'nothing'));
    const file = join(tempDir('backups'), 'none.sqlite');
    await expect(backupLog(join(empty, 'nothing'), file)).rejects.toThrow(/there is no log to back up at .*nothing/);
    expect(existsSync(file)).toBe(false);
  });
});
