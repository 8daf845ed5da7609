import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

/** The server in a process of its own: `server/main.ts` through tsx, or the production build. */
export interface ServerProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** What it printed to stderr only. */
  errors(): string;
  /** Resolves with the first match of `pattern` in the output; fails after `timeoutMs` naming `what`, or if the process exits first. */
  waitFor(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Settles when the process has exited: its exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly running: boolean;
}

/** What `npm run build` writes and `npm start` runs with plain node. */
export const BUILT_SERVER = join(root, 'dist/server/main.js');

const commands = {
  /** `server/main.ts` through tsx, from the sources. */
  sources: ['--import', tsxLoader, join(root, 'server/main.ts')],
  /** The production build with plain node (`npm run build` first). */
  built: [BUILT_SERVER],
  /** What `npm start` runs: the build, made first if it is missing or older than the sources. */
  start: [join(root, 'infra/start.mjs')],
};

export interface SpawnOptions {
  from?: keyof typeof commands;
  /**
   * The limits of open files the process starts with (util-linux's prlimit runs it): a systemd
   * service or a login shell gives a soft limit of 1,024 whatever the hard limit. The hard
   * limit is left as it is unless given.
   */
  openFiles?: { soft: number; hard?: number };
}

export function spawnServer(env: Record<string, string>, cwd = root, { from = 'sources', openFiles }: SpawnOptions = {}): ServerProcess {
  const args = commands[from];
  const [command, commandArgs] = openFiles === undefined ? [process.execPath, args] : ['prlimit', [`--nofile=${openFiles.soft}:${openFiles.hard ?? ''}`, process.execPath, ...args]];
  const child = spawn(command, commandArgs, { cwd, env: { ...process.env, ...env } });
  let output = '';
  let errors = '';
  let running = true;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    notify();
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
    notify();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      running = false;
      notify();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    output: () => output,
    errors: () => errors,
    exited,
    get running() {
      return running;
    },
    waitFor(pattern, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (!match && running) return;
          waiters.delete(check);
          clearTimeout(timer);
          if (match) resolve(match);
          else reject(new Error(`the server exited before ${what}; it printed:\n${output}`));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the server printed:\n${output}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** Waits until the spawned server listens; its base URL. */
export async function serverUrl(server: ServerProcess, timeoutMs = 60_000): Promise<string> {
  return (await server.waitFor(/OpenFloor is running at (http:\/\/\S+)/, 'the server to listen', timeoutMs))[1]!;
}

/** A loopback port free now, for a server restarted on the same address. */
export { freeTcpPort as freePort } from '../../server/livekit/local-server.js';
