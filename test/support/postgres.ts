import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PostgresLogStore } from '../../server/storage/postgres-log.js';
import { removeDir } from './harness.js';
import { freePort } from './server-process.js';

/**
 * PostgreSQL for the tests: Debian's binaries (infra/install-test-deps.sh installs them) on a
 * free loopback port with its data and socket in a temp folder, or the server of DATABASE_URL
 * when it is set. Either way each caller gets a database of its own, dropped on `stop`.
 */
export interface TestDatabase {
  /** A fresh, empty database. */
  url: string;
  /** Stops the server (the data stays), as a crash or a restart of the database would. */
  pause(): Promise<void>;
  /** Starts it again on the same data folder and port. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => join(root, version, 'bin')).find((dir) => existsSync(join(dir, 'postgres')));
  if (!found) throw new Error('No PostgreSQL found under /usr/lib/postgresql: run infra/install-test-deps.sh, or set DATABASE_URL');
  return found;
}

/** A client program of the same PostgreSQL as the tests' servers (pg_dump, pg_restore). */
export const postgresTool = (name: string) => join(binDir(), name);

/**
 * PostgreSQL refuses to run as root: as root, the server runs as Debian's `postgres` user.
 * setpriv executes it in place, so the child is postgres itself and gets our signals.
 */
function asServerUser(command: string, args: string[]): [string, string[]] {
  if (process.getuid?.() !== 0) return [command, args];
  return ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args]];
}

async function waitForServer(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${log()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within ${START_TIMEOUT_MS} ms: ${log()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const databaseName = () => `openfloor_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database on the server of DATABASE_URL (its user needs CREATEDB). */
async function onGivenServer(given: string): Promise<TestDatabase> {
  const name = databaseName();
  await admin(given, `CREATE DATABASE ${name}`);
  const refuse = () => Promise.reject(new Error('a DATABASE_URL server is not stopped by the tests'));
  return {
    url: withDatabase(given, name),
    pause: refuse,
    resume: refuse,
    stop: () => admin(given, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** Its own server, in a temp folder, removed on `stop`. */
async function ownServer(): Promise<TestDatabase> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'openfloor-pg-'));
  const data = join(dir, 'data');
  if (process.getuid?.() === 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
  const password = join(dir, 'password');
  writeFileSync(password, 'openfloor\n');
  if (process.getuid?.() === 0) chownSync(password, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), 0);
  const [initdb, initArgs] = asServerUser(join(bin, 'initdb'), ['-D', data, '-U', 'openfloor', '--pwfile', password, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const url = `postgres://openfloor:openfloor@127.0.0.1:${port}/postgres`;
  let child: ChildProcess | null = null;
  let output = '';
  const start = async () => {
    output = '';
    const [postgres, args] = asServerUser(join(bin, 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=on', '-c', 'max_connections=100']);
    const started = spawn(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    started.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child = started;
    await waitForServer(url, started, () => output.slice(-2000));
  };
  const halt = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    // Fast shutdown: open transactions are rolled back and clients disconnected, as a restart does.
    running.kill('SIGINT');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  const name = databaseName();
  await admin(url, `CREATE DATABASE ${name}`);
  return {
    url: withDatabase(url, name),
    pause: halt,
    resume: start,
    stop: async () => {
      await halt();
      removeDir(dir);
    },
  };
}

/** `own`: always a server of the test's own, for a test that stops and restarts it. */
export function startTestDatabase(options: { own?: boolean } = {}): Promise<TestDatabase> {
  const given = process.env.DATABASE_URL;
  return given && !options.own ? onGivenServer(given) : ownServer();
}

/** A stream as the database holds it, read apart from every node under test. */
export async function storedLog<T>(databaseUrl: string, stream: string, parse: (raw: unknown) => T): Promise<T[]> {
  const reader = await PostgresLogStore.open({ connectionString: databaseUrl, max: 1 });
  try {
    return (await reader.read(stream)).map(parse);
  } finally {
    await reader.close();
  }
}
