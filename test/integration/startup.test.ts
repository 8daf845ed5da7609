import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeDir } from '../support/harness.js';

const root = join(import.meta.dirname, '../..');

/** Runs `server/main.ts` as `npm start` does (without the client build) until `until` matches. */
function runMain(env: Record<string, string>, until: RegExp): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('exit', (code) => resolve({ code, output }));
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
    for (const role of ['chair', 'participant', 'room screen', 'viewer', 'captioner', 'captioner ingest', 'setup']) {
      expect(first.output).toMatch(new RegExp(`^${role}: http://127\\.0\\.0\\.1:\\d+/\\S+$`, 'm'));
    }
    expect(first.output).toMatch(/^chair: \S+\/m\/demo\/chair#token=\S+$/m);
    // A second room screen's link carries its caption language.
    expect(first.output).toMatch(/^room screen, Arabic captions: \S+\/m\/demo\/screen\?captions=ar#token=\S+$/m);
    const second = await runMain(env, /setup: \S+/);
    const chairLink = (output: string) => output.match(/^chair: \S+#token=(\S+)$/m)?.[1];
    expect(chairLink(second.output)).toBe(chairLink(first.output));
    removeDir(dataDir);
  });
});
