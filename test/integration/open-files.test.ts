import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { OPEN_FILES_FOR_AN_ITU_MEETING } from '../../server/http/open-files.js';
import { removeDir } from '../support/harness.js';
import { serverUrl, spawnServer, type ServerProcess } from '../support/server-process.js';

/**
 * A node of an ITU meeting holds thousands of connections (300 in the room, 500 remote, 3,000
 * webcast viewers), each an open file. A systemd service or a login shell starts a process with
 * a soft limit of 1,024 open files; Node raises it to the hard limit as it starts, so the hard
 * limit is what counts, and a node whose hard limit is low must say so before the meeting does.
 */
const hardLimit = Number(execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim());

let server: ServerProcess | undefined;
const dirs: string[] = [];
afterEach(async () => {
  if (server?.running) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  server = undefined;
  for (const dir of dirs.splice(0)) removeDir(dir);
});

const start = (openFiles: { soft: number; hard?: number }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openfloor-files-'));
  dirs.push(dataDir);
  server = spawnServer({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LIVEKIT_LOCAL: 'off', DEMO: 'off', FLOOR_RECORDER: 'off', ARCHIVE_PDF: 'off', MAX_CONNECTIONS_PER_ADDRESS: '100000' }, undefined, { openFiles });
  return server;
};

/** How many of `count` WebSocket connections opened at once get Engine.IO's open packet. */
async function openedOf(url: string, count: number): Promise<number> {
  const sockets = Array.from({ length: count }, () => new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`));
  const opened = await Promise.all(
    sockets.map(
      (socket) =>
        new Promise<boolean>((resolve) => {
          socket.once('message', (data) => resolve(data.toString().startsWith('0')));
          socket.once('error', () => resolve(false));
          socket.once('close', () => resolve(false));
        }),
    ),
  );
  for (const socket of sockets) socket.terminate();
  return opened.filter(Boolean).length;
}

describe('open files', () => {
  it.skipIf(hardLimit < OPEN_FILES_FOR_AN_ITU_MEETING)('a node started with the soft limit a systemd service gives (1,024; 256 here) holds more connections than that, and says how many files it may open', async () => {
    const url = await serverUrl(start({ soft: 256 }));
    expect(server!.output()).toContain(`open files: up to ${hardLimit}\n`);
    expect(await openedOf(url, 600)).toBe(600);
  }, 60_000);

  it('a node whose hard limit is low starts, and warns naming the limit, about how many connections it leaves room for, and what to raise', async () => {
    const url = await serverUrl(start({ soft: 512, hard: 512 }));
    expect(server!.errors()).toMatch(/open files: at most 512, room for about 448 connections: raise the hard limit to 8192 or more \(LimitNOFILE=/);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  }, 60_000);
});
