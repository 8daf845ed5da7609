/**
 * A benchmark's child process (a server or a load generator) on its own IPC channel, with its
 * limit on open files raised first; every child is killed when the orchestrator exits.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const here = import.meta.dirname;
const root = resolve(here, '..');
const STOP_TIMEOUT_MS = 10_000;

const running = new Set<ChildProcess>();

const BUNDLES = join(root, '.cache/bench');
const bundledScripts = new Set<string>();

/**
 * The child's script bundled as `npm start` bundles the server (infra/build-server.mjs) and run
 * by plain node, as production runs it: under tsx, esbuild's keepNames gives every named
 * function a `name` property, which puts each closure's properties in dictionary mode (about
 * 0.8 KB more heap per viewer, measured) and is not what a deployed node pays.
 */
function bundled(script: string): string {
  if (!bundledScripts.has(script)) {
    execFileSync(process.execPath, [join(root, 'infra/build-server.mjs'), `--out=${BUNDLES}`, join(here, script)], { cwd: root, stdio: 'inherit' });
    bundledScripts.add(script);
  }
  return join(BUNDLES, script.replace(/\.ts$/, '.js'));
}

/** A child on its own IPC channel; waits for messages by type, and fails if the child dies. */
export class Child<In, Out extends { type: string }> {
  private readonly inbox: Out[] = [];
  private waiter: (() => void) | null = null;
  private exited: string | null = null;
  readonly process: ChildProcess;

  constructor(
    readonly name: string,
    script: string,
    scriptArgs: string[],
    env: Record<string, string> = {},
    /** Run at nice -10 (root): on a machine shared with other work. */
    nice = false,
  ) {
    // Each viewer is an open file on both sides: lift the soft limit as far as allowed first.
    const raiseLimit =
      'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; ' +
      (nice ? 'renice -n -10 -p $$ >/dev/null || echo "bench: could not renice" >&2; ' : '') +
      'exec "$@"';
    this.process = spawn(
      '/bin/sh',
      ['-c', raiseLimit, 'sh', process.execPath, '--expose-gc', bundled(script), ...scriptArgs],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...env } },
    );
    running.add(this.process);
    this.process.on('message', (message: Out) => {
      this.inbox.push(message);
      this.waiter?.();
    });
    this.process.once('exit', (code, signal) => {
      running.delete(this.process);
      this.exited = `${name} exited (${signal ?? code})`;
      this.waiter?.();
    });
  }

  send(message: In): void {
    if (this.process.connected) this.process.send(message as object);
  }

  /** The next message of one of these types; a `failed` message or an exit rejects. */
  async next<T extends Out['type']>(types: T[], timeoutMs: number, what: string): Promise<Extract<Out, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex((message) => (types as string[]).includes(message.type) || message.type === 'failed');
      if (index >= 0) {
        const [message] = this.inbox.splice(index, 1) as [Out];
        if (message.type === 'failed' && !(types as string[]).includes('failed')) {
          throw new Error(`${this.name}: ${(message as unknown as { reason: string }).reason}`);
        }
        return message as Extract<Out, { type: T }>;
      }
      if (this.exited) throw new Error(`${this.exited} while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no ${what} within ${timeoutMs} ms`);
      await new Promise<void>((wake) => {
        const timer = setTimeout(wake, left);
        this.waiter = () => {
          clearTimeout(timer);
          this.waiter = null;
          wake();
        };
      });
    }
  }

  /** Asks the child to stop; kills it if it has not exited in time. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((done) => this.process.once('exit', () => done()));
    this.send({ type: 'stop' } as In);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}

function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}
process.once('SIGINT', () => {
  killAll();
  process.exit(130);
});
process.once('exit', killAll);

