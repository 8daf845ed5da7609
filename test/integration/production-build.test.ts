import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SHELF_VERSION } from '../../server/archive/shelf.js';
import { startLocalLiveKit } from '../../server/livekit/local-server.js';
import { ADMIN_TOKEN, http, PROCESS_ENV, removeDir, seedMeeting } from '../support/harness.js';
import { launchedCycle } from '../support/cycles.js';
import { BUILT_SERVER, serverUrl, spawnServer, type ServerProcess } from '../support/server-process.js';

const root = join(import.meta.dirname, '../..');
const BUILT_STAMP = join(root, 'dist/server/built');
let dataDir = '';
let cwd = '';
let server: ServerProcess | null = null;

beforeAll(async () => {
  // Once for the file: the server bundle from the sources under test, and the client only if
  // it is older than its sources (`npm test` has just built it; rebuilding it would empty
  // client/dist under the end-to-end tests running beside this one).
  const run = promisify(execFile);
  await run(process.execPath, ['infra/build-server.mjs'], { cwd: root, timeout: 120_000 });
  await run(process.execPath, ['infra/start.mjs', 'build'], { cwd: root, timeout: 240_000 });
}, 370_000);

afterEach(async () => {
  if (server?.running) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  server = null;
  removeDir(dataDir);
  removeDir(cwd);
});

async function start(from: 'built' | 'start', env: Record<string, string> = {}) {
  // Another working directory: the build finds the client and its own files wherever it is started from.
  cwd = mkdtempSync(join(tmpdir(), 'openfloor-cwd-'));
  // The data folder as npm start's default names it, relative to the working directory.
  dataDir = join(cwd, 'data');
  server = spawnServer({ ...PROCESS_ENV, DATA_DIR: './data', PORT: '0', ...env }, cwd, { from });
  return serverUrl(server);
}

describe('the production build', () => {
  it('is plain JavaScript for node: the bundle imports no tsx, typescript, vite or esbuild', () => {
    const bundle = readFileSync(BUILT_SERVER, 'utf8');
    const imported = [...bundle.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]!);
    expect(imported.length).toBeGreaterThan(5);
    expect(imported.filter((name) => /^(tsx|typescript|vite|esbuild)(\/|$)/.test(name))).toEqual([]);
    expect(imported.filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it("bundles React's production build into the client, even when the build ran under a test runner", () => {
    // Development React (what Vite bundles when NODE_ENV is not production, as under vitest)
    // runs every effect twice under StrictMode: each page would load its data twice.
    const assets = join(root, 'client/dist/assets');
    const scripts = readdirSync(assets).filter((name) => name.endsWith('.js'));
    const client = scripts.map((name) => readFileSync(join(assets, name), 'utf8')).join('\n');
    expect(client).toContain('react.dev/errors');
    expect(client).not.toContain('Rendered more hooks than during the previous render');
  });

  it('runs with plain node from another directory, serving the built client and /healthz', async () => {
    const url = await start('built');
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = html.match(/<script type="module" crossorigin src="([^"]+)"/)?.[1];
    expect(script, `no module script in the page:\n${html.slice(0, 400)}`).toMatch(/^\/assets\//);
    const asset = await fetch(`${url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
  });

  it('renders an archived meeting on the archive’s own thread, started from its bundled script, and serves its files from a data folder named relative to the working directory', async () => {
    const url = await start('built');
    const { meetingId } = await seedMeeting(url);
    for (const to of ['adjourned', 'archived']) {
      expect((await http(url, 'POST', `/meetings/${meetingId}/commands`, { type: 'meeting:transition', to })).status).toBe(200);
    }
    const page = await fetch(`${url}/archive/${meetingId}/record-en.html`);
    expect(page.status, server!.output()).toBe(200);
    expect(await page.text()).toContain('Open consultation on meaningful connectivity');
    const bundle = await fetch(`${url}/archive/${meetingId}/bundle.zip`);
    expect(bundle.status, server!.output()).toBe(200);
    expect(readdirSync(join(dataDir, 'archive-files', `v${SHELF_VERSION}`, meetingId))).toEqual(expect.arrayContaining(['record-en.html', 'bundle.zip']));
  });

  it('renders a consultation’s compilation report on that thread too, from the same bundled script', async () => {
    const url = await start('built');
    const cycleId = await launchedCycle(url, {}, { memberState: 'Peru', title: 'Open data for all' });
    const preview = await fetch(`${url}/api/cycles/${cycleId}/report/en`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(preview.status, server!.output()).toBe(200);
    expect(preview.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await preview.text()).toContain('Open data for all');
  });

  it('reads the LiveKit room on its own thread too, started from its bundled script', async () => {
    const liveKit = await startLocalLiveKit({ webhookUrl: 'http://127.0.0.1:9/api/livekit/webhook' });
    try {
      const { url: liveKitUrl, apiKey, apiSecret } = liveKit.settings;
      const url = await start('built', { LIVEKIT_URL: liveKitUrl, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret });
      // Once a meeting is open, the reconciliation (every 10 s) lists its LiveKit room.
      await seedMeeting(url);
      const listed = async () => {
        const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).text();
        return metrics.match(/^openfloor_livekit_calls_total\{operation="listParticipants",outcome="(ok|failed)"\} (\d+)$/gm) ?? [];
      };
      await expect.poll(async () => (await listed()).length, { timeout: 20_000, interval: 500 }).toBeGreaterThan(0);
      expect(await listed(), server!.output()).toEqual([expect.stringMatching(/outcome="ok"\} [1-9]\d*$/)]);
    } finally {
      await liveKit.stop();
    }
  }, 40_000);

  it('npm start runs the existing build without rebuilding it when no source is newer', async () => {
    const builtAt = statSync(BUILT_STAMP).mtimeMs;
    const url = await start('start');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(server!.output()).not.toMatch(/building OpenFloor/);
    expect(statSync(BUILT_STAMP).mtimeMs).toBe(builtAt);
  });
});
