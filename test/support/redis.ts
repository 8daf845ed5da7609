import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server-process.js';

/** A Redis for the tests: REDIS_URL when given, else Debian's redis-server started here. */
export interface TestRedis {
  url: string;
  /**
   * Kills the server (as a crash would) and starts it again on the same port, running
   * `whileDown` in between (only for one started here).
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  /**
   * Pauses the server (SIGSTOP: its connections stay open, nothing answers, as with a hung
   * process or a network that drops packets) while `whilePaused` runs (only for one started here).
   */
  pause(whilePaused: () => Promise<void>): Promise<void>;
  /** Stops the server (for one started here) and removes its folder. */
  stop(): Promise<void>;
}

const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

/** Resolves once the server answers PING on `port`; fails after `timeoutMs` with its output. */
async function answering(port: number, output: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pong = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('error', () => resolve(false));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString().startsWith('+PONG'));
      });
      socket.once('connect', () => socket.write('PING\r\n'));
    });
    if (pong) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * REDIS_URL if set (restart then refuses: the tests that need it cannot run against a shared
 * Redis); otherwise redis-server on a free loopback port, in a temp folder, saving nothing.
 * `infra/install-test-deps.sh` installs Debian's redis-server.
 */
export async function startRedis(): Promise<TestRedis> {
  const given = process.env.REDIS_URL;
  if (given) {
    return {
      url: given,
      restart: () => Promise.reject(new Error('cannot restart the Redis given by REDIS_URL')),
      pause: () => Promise.reject(new Error('cannot pause the Redis given by REDIS_URL')),
      stop: async () => {},
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'openfloor-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    output = '';
    child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const failed = new Promise<never>((_, reject) => {
      child!.once('error', (error) => reject(new Error(`${REDIS_SERVER} did not start (run infra/install-test-deps.sh): ${error.message}`)));
      child!.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${output}`)));
    });
    failed.catch(() => {});
    await Promise.race([answering(port, () => output), failed]);
  };
  const halt = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(whileDown) {
      await halt();
      try {
        await whileDown?.();
      } finally {
        await start();
      }
    },
    async pause(whilePaused) {
      const running = child;
      if (!running) throw new Error('redis-server is not running');
      running.kill('SIGSTOP');
      try {
        await whilePaused();
      } finally {
        running.kill('SIGCONT');
      }
    },
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
