import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOCAL_LIVEKIT_BINARY } from '../../server/livekit/local-server.js';
import { removeDir } from '../support/harness.js';

const root = join(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

/**
 * Runs `server/main.ts` as `npm start` does (without the client build) until `until` matches;
 * `onOutput` sees the output as it grows (and may act on the running server meanwhile). A start
 * that neither prints `until` nor exits within `timeoutMs` is killed and fails the test, naming
 * what it waited for and what it printed (instead of a bare test timeout).
 */
function runMain(
  env: Record<string, string>,
  until: RegExp,
  onOutput: (output: string) => void = () => {},
  cwd = root,
  timeoutMs = 25_000,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'server/main.ts')], {
      cwd,
      env: { ...process.env, ...env },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      onOutput(output);
      if (until.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server/main.ts printed no ${until} and did not exit within ${timeoutMs} ms; it printed:\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('start-up', () => {
  it('a bad configuration value stops start-up with a message naming the variable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-config-'));
    const { code, output } = await runMain({ DATA_DIR: dataDir, PORT: 'eighty' }, /$^/);
    expect(code).toBe(1);
    expect(output).toMatch(/Invalid configuration[\s\S]*PORT/);
    removeDir(dataDir);
  });

  it('a first start creates an open demo meeting and prints one link per role; a restart reuses it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-start-'));
    const env = { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
    const first = await runMain(env, /setup: \S+/);
    for (const role of ['chair', 'participant', 'room screen', 'viewer', 'captioner', 'captioner ingest']) {
      expect(first.output).toMatch(new RegExp(`^${role}: http://127\\.0\\.0\\.1:\\d+/\\S+$`, 'm'));
    }
    // The secretariat's link carries the admin token on this first start only (see below).
    expect(first.output).toMatch(/^setup: http:\/\/127\.0\.0\.1:\d+\/setup#admin=\S+ \(shown this once: keep it\)$/m);
    expect(first.output).toMatch(/^chair: \S+\/m\/demo\/chair#token=\S+$/m);
    // A second room screen's link carries its caption language.
    expect(first.output).toMatch(/^room screen, Arabic captions: \S+\/m\/demo\/screen\?captions=ar#token=\S+$/m);
    expect(first.output).toMatch(/^interpreter, French booth: \S+\/m\/demo\/interpreter#token=\S+$/m);
    const second = await runMain(env, /setup: \S+/);
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
    const first = await runMain(env, /setup: \S+.*$/m);
    expect(first.output).toMatch(/^setup: \S+\/setup#admin=\S{24,} \(shown this once: keep it\)$/m);
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
    removeDir(parent);
  });

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
});
