import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LiveKitSettings } from './bridge.js';
import { logger } from '../observability/log.js';
import { settledWithin } from '../timers.js';

const LOOPBACK_CONFIG = fileURLToPath(new URL('../../infra/livekit/livekit.loopback.yaml', import.meta.url));

/** Where infra/livekit/install.sh puts the binary it builds. */
export const LOCAL_LIVEKIT_BINARY = fileURLToPath(
  new URL('../../.cache/livekit/v1.13.5/livekit-server', import.meta.url),
);

/** A loopback TCP port free now, as the kernel hands them out. */
export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/**
 * Runs the server ($0 = binary, $1 = config) and ends it when this shell's stdin closes, which
 * happens when the Node process closes the pipe in `stop()` or exits in any way, even killed:
 * a test run or `npm start` never leaves a livekit-server behind. (Background jobs of a
 * non-interactive shell read /dev/null, hence the copy of stdin on descriptor 3.)
 */
const WATCHDOG = `
exec 3<&0
"$0" --config "$1" &
server=$!
( read -r _ <&3; kill "$server" 2>/dev/null; sleep 5; kill -9 "$server" 2>/dev/null ) &
wait "$server"
`;

export interface LocalLiveKit {
  settings: LiveKitSettings;
  stop(): Promise<void>;
  /** Stops the server and starts it again on the same ports with the same keys. */
  restart(): Promise<void>;
}

interface StartOptions {
  webhookUrl: string;
  binary?: string;
  departureTimeoutSec?: number;
}

/**
 * Starts livekit-server on loopback only, on free ports, with webhooks to the app. A port found
 * free can be taken by another process before the server binds it (tests start several servers
 * at once): one more attempt, on new ports, before giving up.
 */
export async function startLocalLiveKit(options: StartOptions): Promise<LocalLiveKit> {
  try {
    return await startOnce(options);
  } catch (error) {
    logger.warn({ err: error }, 'local livekit-server did not come up; trying again on other ports');
    return startOnce(options);
  }
}

async function startOnce(options: StartOptions): Promise<LocalLiveKit> {
  const binary = options.binary ?? LOCAL_LIVEKIT_BINARY;
  const [port, udpPort] = [await freeTcpPort(), await freeUdpPort()];
  const apiKey = 'openfloor';
  const apiSecret = randomBytes(32).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'openfloor-livekit-'));
  const configFile = join(dir, 'livekit.yaml');
  const values: Record<string, string | number> = {
    port,
    udpPort,
    apiKey,
    apiSecret,
    webhookUrl: options.webhookUrl,
    departureTimeoutSec: options.departureTimeoutSec ?? 5,
  };
  const config = readFileSync(LOOPBACK_CONFIG, 'utf8').replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`${LOOPBACK_CONFIG}: unknown placeholder ${name}`);
    return String(values[name]);
  });
  writeFileSync(configFile, config, { mode: 0o600 });
  let server = await runServer(binary, configFile, port);
  const stop = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  if (!server.ready) {
    await stop();
    throw new Error(`livekit-server did not start: ${server.stderr().trim() || 'no output'}`);
  }
  const settings = { url: `ws://127.0.0.1:${port}`, apiKey, apiSecret };
  // The same server again, same ports and keys: what an operator's restart looks like to clients.
  const restart = async () => {
    await server.stop();
    server = await runServer(binary, configFile, port);
    if (!server.ready) throw new Error(`livekit-server did not restart: ${server.stderr().trim() || 'no output'}`);
  };
  return { settings, stop, restart };
}

/** Runs the server with its watchdog and waits until it answers (or gives up after 30 s). */
async function runServer(binary: string, configFile: string, port: number) {
  const child: ChildProcess = spawn('/bin/sh', ['-c', WATCHDOG, binary, configFile], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    child.stdin?.end();
    await settledWithin(exited, 10_000);
  };
  // The root path answers 200 once the server is ready (406 before).
  const deadline = Date.now() + 30_000;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    ready = await fetch(`http://127.0.0.1:${port}/`).then((response) => response.ok, () => false);
    if (!ready) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { ready, stop, stderr: () => stderr };
}
