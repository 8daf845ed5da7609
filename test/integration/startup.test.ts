import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LOCAL_LIVEKIT_BINARY } from '../../server/livekit/local-server.js';
import { LOG_FILE } from '../../server/storage/sqlite-log.js';
import { removeDir, seedMeeting, startServer } from '../support/harness.js';
import { spawnServer } from '../support/server-process.js';
import { startRedis } from '../support/redis.js';
import { mountSmallDisk } from '../support/small-disk.js';

/** A loopback port nothing listens on (taken, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Runs `server/main.ts` as `npm start` does (without the client build) until `until` matches;
 * `onOutput` sees the output as it grows (and may act on the running server meanwhile). A start
 * that neither prints `until` nor exits within `timeoutMs` is killed and fails the test, naming
 * what it waited for and what it printed (instead of a bare test timeout).
 */
async function runMain(
  env: Record<string, string>,
  until: RegExp,
  onOutput: (output: string) => void = () => {},
  cwd?: string,
  timeoutMs = 25_000,
): Promise<{ code: number | null; output: string; errors: string }> {
  const server = spawnServer(env, cwd);
  const watch = () => {
    onOutput(server.output());
    if (until.test(server.output())) server.child.kill('SIGTERM');
  };
  server.child.stdout!.on('data', watch);
  server.child.stderr!.on('data', watch);
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      server.child.kill('SIGKILL');
      reject(new Error(`server/main.ts printed no ${until} and did not exit within ${timeoutMs} ms; it printed:\n${server.output()}`));
    }, timeoutMs);
  });
  const { code } = await Promise.race([server.exited, stalled]).finally(() => clearTimeout(timer));
  return { code, output: server.output(), errors: server.errors() };
}

/** A start that must stop: exit code 1, one message on stderr, no stack trace. */
async function refusedStart(env: Record<string, string>, timeoutMs?: number): Promise<string> {
  const { code, errors } = await runMain({ PORT: '0', HOST: '127.0.0.1', LIVEKIT_LOCAL: 'off', DEMO: 'off', ...env }, /OpenFloor is running/, undefined, undefined, timeoutMs);
  expect(code, errors).toBe(1);
  expect(errors).not.toMatch(/^\s+at /m);
  return errors.trim();
}

/** A data folder with one open meeting in its log, written by a real server, then closed. */
async function dataWithMeeting(): Promise<{ dataDir: string; meetingId: string; db: () => Database.Database }> {
  const server = await startServer();
  const { meetingId } = await seedMeeting(server.url);
  await server.stop();
  return { dataDir: server.dataDir, meetingId, db: () => new Database(join(server.dataDir, LOG_FILE)) };
}

describe('start-up', () => {
  it('a bad configuration value stops start-up with a message naming the variable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-config-'));
    const { code, output } = await runMain({ DATA_DIR: dataDir, PORT: 'eighty' }, /$^/);
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid configuration[\s\S]*PORT/);
    removeDir(dataDir);
  });

  it('REDIS_URL names a Redis that does not answer: start-up stops with a message naming it, without its password', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-redis-'));
    const port = await closedPort();
    // Start-up waits 10 s for Redis (it may be starting beside the node) before it gives up.
    const message = await refusedStart({ DATA_DIR: dataDir, REDIS_URL: `redis://openfloor:pa55word@127.0.0.1:${port}` }, 45_000);
    expect(message).toMatch(new RegExp(`^REDIS_URL: .*redis://openfloor:\\*\\*\\*@127\\.0\\.0\\.1:${port}`));
    expect(message).not.toContain('pa55word');
    removeDir(dataDir);
  });

  it('with REDIS_URL and a running Redis, the node starts saying it shares its broadcasts there', async () => {
    const redis = await startRedis();
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-redis-'));
    try {
      const { output } = await runMain({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LIVEKIT_LOCAL: 'off', DEMO: 'off', REDIS_URL: redis.url }, /OpenFloor is running/);
      expect(output).toContain(`cluster: broadcasts shared with the other nodes through Redis at ${redis.url}`);
    } finally {
      await redis.stop();
      removeDir(dataDir);
    }
  });

  it('a first start creates an open demo meeting and prints one link per role; a restart reuses it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-start-'));
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
    const first = await runMain(env, /consultation page \(demo\): \S+/);
    for (const role of ['chair', 'participant', 'room screen', 'viewer', 'captioner', 'captioner ingest']) {
      expect(first.output).toMatch(new RegExp(`^${role}: http://127\\.0\\.0\\.1:\\d+/\\S+$`, 'm'));
    }
    // The secretariat's link carries the admin token on this first start only (see below).
    expect(first.output).toMatch(/^setup: http:\/\/127\.0\.0\.1:\d+\/setup#admin=\S+ \(shown this once: keep it\)$/m);
    expect(first.output).toMatch(/^chair: \S+\/m\/demo\/chair#token=\S+$/m);
    // A second room screen's link carries its caption language.
    expect(first.output).toMatch(/^room screen, Arabic captions: \S+\/m\/demo\/screen\?captions=ar#token=\S+$/m);
    expect(first.output).toMatch(/^interpreter, French booth: \S+\/m\/demo\/interpreter#token=\S+$/m);
    // The demo meeting's consultation cycle, its public page open for responses.
    expect(first.output).toMatch(/^consultation page \(demo\): http:\/\/127\.0\.0\.1:\d+\/consult\/demo$/m);
    const second = await runMain(env, /consultation page \(demo\): \S+/);
    expect(second.output).toMatch(/^consultation page \(demo\): \S+\/consult\/demo$/m);
    const chairLink = (output: string) => output.match(/^chair: \S+#token=(\S+)$/m)?.[1];
    expect(chairLink(second.output)).toBe(chairLink(first.output));
    removeDir(dataDir);
  });

  it('a first start builds the local livekit-server while the meeting already runs, and audio/video starts once it is built', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-provision-'));
    // `go install` itself is exercised by infra/install-test-deps.sh (minutes on two cores);
    // here a stand-in for `go` takes a few seconds and puts the real binary where Go would.
    const fakeBin = join(dataDir, 'bin');
    mkdirSync(fakeBin);
    writeFileSync(join(fakeBin, 'go'), `#!/bin/sh\nsleep 4\ncp '${LOCAL_LIVEKIT_BINARY}' "$GOBIN/server"\n`);
    chmodSync(join(fakeBin, 'go'), 0o755);
    const env = {
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LIVEKIT_CACHE_DIR: join(dataDir, 'livekit-cache'),
      PATH: `${fakeBin}:${process.env.PATH}`,
    };
    let duringBuild: Promise<{ status: number; code: unknown }> | null = null;
    const tokenAnswer = async (base: string, token: string) => {
      const response = await fetch(`${base}/api/media/token`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { error?: { code?: string } };
      return { status: response.status, code: body.error?.code ?? null };
    };
    const chairOf = (output: string) => output.match(/^chair: (http:\/\/[^/\s]+)\S*#token=(\S+)$/m);
    const { output } = await runMain(env, /audio\/video: (local livekit-server at|unavailable)/, (soFar) => {
      const chair = chairOf(soFar);
      if (!duringBuild && chair && /building livekit-server/.test(soFar)) duringBuild = tokenAnswer(chair[1]!, chair[2]!);
    });
    expect(output).toMatch(/audio\/video: building livekit-server with Go/);
    expect(output).toMatch(/audio\/video: local livekit-server at ws:\/\/127\.0\.0\.1:\d+/);
    // The links are printed while the build runs, not after it.
    expect(output.indexOf('setup: ')).toBeLessThan(output.indexOf('audio/video: local livekit-server'));
    expect(duringBuild, 'a media token was asked for while livekit-server was being built').not.toBeNull();
    expect(await duringBuild).toEqual({ status: 503, code: 'MEDIA_PREPARING' });
    // The second start reuses what the first one built: no build message.
    const second = await runMain(env, /audio\/video: (local livekit-server at|unavailable)/);
    expect(second.output).not.toMatch(/building livekit-server/);
    expect(second.output).toMatch(/audio\/video: local livekit-server at/);
    removeDir(dataDir);
  });

  it('when the local livekit-server cannot be provisioned, start-up says why and the meeting runs without audio/video', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-noprovision-'));
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LIVEKIT_CACHE_DIR: '/proc/openfloor-cannot-write-here' };
    const { output } = await runMain(env, /audio\/video: (local livekit-server at|unavailable)/);
    expect(output).toMatch(/^audio\/video: unavailable: .*openfloor-cannot-write-here.* \(or set LIVEKIT_URL\)$/m);
    expect(output).toMatch(/^chair: \S+#token=\S+$/m);
    removeDir(dataDir);
  });

  it('the admin token is printed once, on the start that made it, and never when ADMIN_TOKEN sets it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-admin-'));
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LIVEKIT_LOCAL: 'off', DEMO: 'off' };
    const first = await runMain(env, /consultation cycles: \S+.*$/m);
    expect(first.output).toMatch(/^setup: \S+\/setup#admin=\S{24,} \(shown this once: keep it\)$/m);
    // DEMO=off: no demo meeting, and no demo consultation either.
    expect(first.output).not.toMatch(/^chair: /m);
    expect(first.output).not.toMatch(/consultation page \(demo\)/);
    const second = await runMain(env, /setup: \S+.*$/m);
    expect(second.output).toMatch(/^setup: http:\/\/127\.0\.0\.1:\d+\/setup \(sign in with the admin token/m);
    expect(second.output).not.toMatch(/#admin=/);
    const given = mkdtempSync(join(tmpdir(), 'openfloor-admin-given-'));
    const configured = await runMain({ ...env, DATA_DIR: given, ADMIN_TOKEN: 'operator-chosen-admin-token-0123456789' }, /setup: \S+.*$/m);
    expect(configured.output).not.toContain('operator-chosen-admin-token');
    expect(configured.output).not.toMatch(/#admin=/);
    removeDir(dataDir);
    removeDir(given);
  });

  it('the data directory and everything in it are readable by the server user only', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'openfloor-modes-'));
    const dataDir = join(parent, 'data');
    await runMain({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LIVEKIT_LOCAL: 'off' }, /setup: \S+/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dataDir);
    expect(files).toEqual(expect.arrayContaining(['secrets.json', 'openfloor.sqlite']));
    for (const file of files) expect(statSync(join(dataDir, file)).mode & 0o077, file).toBe(0);
    // A folder an older version left readable by all is narrowed at the next start.
    chmodSync(dataDir, 0o755);
    for (const file of files) chmodSync(join(dataDir, file), 0o644);
    await runMain({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LIVEKIT_LOCAL: 'off' }, /setup: \S+/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    for (const file of readdirSync(dataDir)) expect(statSync(join(dataDir, file)).mode & 0o077, file).toBe(0);
    removeDir(parent);
  }, 60_000);

  it('a damaged secrets file stops start-up with a message naming the file, not a stack trace', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-secrets-'));
    writeFileSync(join(dataDir, 'secrets.json'), '{"adminToken": "abc", "linkSe');
    const { code, output } = await runMain({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LIVEKIT_LOCAL: 'off' }, /$^/);
    expect(code).toBe(1);
    expect(output).toContain(`${join(dataDir, 'secrets.json')} cannot be read`);
    expect(output).not.toMatch(/^\s+at /m);
    removeDir(dataDir);
  });

  it('settings are read from .env in the working directory; the environment itself wins', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'openfloor-dotenv-'));
    const dataDir = join(cwd, 'from-dotenv');
    writeFileSync(join(cwd, '.env'), `DATA_DIR=${dataDir}\nPORT=eighty\nLIVEKIT_LOCAL=off\n`);
    const wrong = await runMain({ HOST: '127.0.0.1' }, /$^/, () => {}, cwd);
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/Invalid configuration[\s\S]*PORT/);
    const right = await runMain({ HOST: '127.0.0.1', PORT: '0' }, /setup: \S+/, () => {}, cwd);
    expect(right.output).toMatch(/^setup: /m);
    expect(readdirSync(dataDir)).toContain('secrets.json');
    removeDir(cwd);
  });
  it('a data directory that is a file stops start-up naming it and what to do', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'openfloor-dirfile-'));
    const dataDir = join(parent, 'data');
    writeFileSync(dataDir, 'not a folder');
    expect(await refusedStart({ DATA_DIR: dataDir })).toBe(
      `DATA_DIR ${dataDir} cannot be used: a file of that name is in the way (EEXIST). Create it as a folder the server's user can write (or set DATA_DIR to one), then start again.`,
    );
    removeDir(parent);
  });

  it('a data directory the server cannot write (a read-only file system) stops start-up naming it', async () => {
    const disk = mountSmallDisk(1024 * 1024, true);
    try {
      expect(await refusedStart({ DATA_DIR: disk.dir })).toMatch(new RegExp(`^DATA_DIR ${disk.dir} cannot be used: it is on a read-only file system \\(EROFS\\)\\. `));
    } finally {
      disk.unmount();
    }
  });

  it('an empty secrets file stops start-up naming the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-secrets-empty-'));
    writeFileSync(join(dataDir, 'secrets.json'), '');
    expect(await refusedStart({ DATA_DIR: dataDir })).toMatch(new RegExp(`^${join(dataDir, 'secrets.json')} cannot be read \\(.+\\)\\. Restore it from a backup`));
    removeDir(dataDir);
  });

  it('a log file that is not a database stops start-up naming the file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-notdb-'));
    writeFileSync(join(dataDir, LOG_FILE), 'this is not SQLite '.repeat(300));
    expect(await refusedStart({ DATA_DIR: dataDir })).toMatch(
      new RegExp(`^${join(dataDir, LOG_FILE)} cannot be opened as OpenFloor's log \\(SQLITE_NOTADB: .+\\)\\. Restore it from a backup`),
    );
    removeDir(dataDir);
  });

  it('a deleted log row stops start-up with a message naming the file, the stream and the seq', async () => {
    const { dataDir, meetingId, db } = await dataWithMeeting();
    const file = db();
    // The snapshot written at the stop covers the row: the gap is found all the same.
    file.prepare('DELETE FROM event_log WHERE stream = ? AND seq = 3').run(`meeting:${meetingId}`);
    file.close();
    expect(await refusedStart({ DATA_DIR: dataDir })).toBe(
      `${join(dataDir, LOG_FILE)} is damaged: log meeting:${meetingId}, entry 3: missing (the snapshot covers entries up to ${await lastSeq(dataDir, meetingId)}). ` +
        'OpenFloor does not start on a damaged log, so that no meeting is rebuilt without one of its entries: restore the file (with its -wal file) from a backup, then start again.',
    );
    removeDir(dataDir);
  });

  it('a log row that no longer parses stops start-up naming the stream and the seq', async () => {
    const { dataDir, meetingId, db } = await dataWithMeeting();
    const file = db();
    // Without a snapshot (as after a kill -9), and with the checksum made to match: the entry itself is checked.
    file.prepare('DELETE FROM snapshot').run();
    const stream = `meeting:${meetingId}`;
    const { createHash } = await import('node:crypto');
    const text = '{"seq":2,"at":1,"actor":{"kind":"secretariat"},"command":{"type":"no:such"}}';
    const checksum = createHash('sha256').update(`${stream}\n2\n${text}`).digest('hex');
    file.prepare('UPDATE event_log SET entry = ?, checksum = ? WHERE stream = ? AND seq = 2').run(text, checksum, stream);
    file.close();
    expect(await refusedStart({ DATA_DIR: dataDir })).toMatch(
      new RegExp(`^${join(dataDir, LOG_FILE)} is damaged: log ${stream}, entry 2: the entry does not have the expected form \\(command\\.type\\)\\. OpenFloor does not start`),
    );
    removeDir(dataDir);
  });
});

async function lastSeq(dataDir: string, meetingId: string): Promise<number> {
  const file = new Database(join(dataDir, LOG_FILE), { readonly: true });
  const { seq } = file.prepare('SELECT seq FROM stream_head WHERE stream = ?').get(`meeting:${meetingId}`) as { seq: number };
  file.close();
  return seq;
}
