import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveKitReachable } from '../../server/observability/readiness.js';
import { PROCESS_ENV, removeDir, startServer, stopServer, type RunningServer } from '../support/harness.js';
import { freePort, serverUrl, spawnServer, type ServerProcess } from '../support/server-process.js';

let httpServers: Server[] = [];
let running: RunningServer | undefined;
let process_: ServerProcess | null = null;
let dataDir = '';

afterEach(async () => {
  for (const server of httpServers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  httpServers = [];
  await stopServer(running);
  running = undefined;
  if (process_?.running) {
    process_.child.kill('SIGKILL');
    await process_.exited;
  }
  process_ = null;
  removeDir(dataDir);
});

/** A loopback HTTP server that answers as `handle` does; its ws:// address, as LIVEKIT_URL is written. */
async function fakeLiveKit(handle: (respond: () => void) => void): Promise<string> {
  const server = createServer((_req, res) => handle(() => res.end('OK')));
  httpServers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('LiveKit reachability in /readyz', () => {
  it('LiveKit answering HTTP on its address is reachable', async () => {
    const url = await fakeLiveKit((respond) => respond());
    expect(await liveKitReachable(url).probe()).toBeNull();
  });

  it('a LiveKit address that refuses connections is unreachable, with the reason', async () => {
    const url = `ws://127.0.0.1:${await freePort()}`;
    expect(await liveKitReachable(url).probe()).toBe(`LiveKit at ${url} is unreachable (ECONNREFUSED)`);
  });

  it('a LiveKit that accepts but does not answer within the timeout is unreachable', async () => {
    const url = await fakeLiveKit(() => {});
    expect(await liveKitReachable(url, 200).probe()).toBe(`LiveKit at ${url} is unreachable (no answer within 200 ms)`);
  });

  it('a server configured with an unreachable LIVEKIT_URL is alive (/healthz 200) but not ready (/readyz 503 naming LiveKit)', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'openfloor-readyz-'));
    const liveKitUrl = `ws://127.0.0.1:${await freePort()}`;
    process_ = spawnServer({
      ...PROCESS_ENV,
      DATA_DIR: dataDir,
      PORT: '0',
      LIVEKIT_URL: liveKitUrl,
      LIVEKIT_API_KEY: 'devkey',
      LIVEKIT_API_SECRET: 'a-livekit-secret-of-at-least-32-characters',
    });
    const url = await serverUrl(process_);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({
      status: 'unavailable',
      error: { code: 'MEDIA_UNAVAILABLE' },
      failing: [{ name: 'livekit', reason: `LiveKit at ${liveKitUrl} is unreachable (ECONNREFUSED)` }],
    });
  });
});

describe('/readyz while draining', () => {
  it('a draining node answers /readyz 503 so a proxy stops sending it connections, and /healthz still 200', async () => {
    running = await startServer();
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    running.app.readiness.drain(Date.parse('2026-12-02T10:00:00Z'));
    const ready = await fetch(`${running.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'draining', since: '2026-12-02T10:00:00.000Z' });
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });
});
