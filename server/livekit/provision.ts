import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const INSTALL_SCRIPT = fileURLToPath(new URL('../../infra/livekit/install.sh', import.meta.url));

export type Provisioned = { kind: 'ready'; binary: string } | { kind: 'missing'; reason: string };

export interface ProvisionOptions {
  /** Another install script of the same contract (the floor recorder's, infra/recorder/install.sh). */
  script?: string;
  env?: NodeJS.ProcessEnv;
  /** Called once when the binary is not there yet and a build starts, then every `progressMs`. */
  onBuilding?: (elapsedMs: number) => void;
  progressMs?: number;
}

/**
 * Makes sure a binary the project builds itself exists: by default the local livekit-server
 * (infra/livekit/install.sh), or the floor recorder when given its script; built with Go on the
 * first start, reused afterwards. The script prints the binary's path on stdout when it is
 * ready and explains on stderr why it cannot be.
 */
export function provisionBinary(options: ProvisionOptions = {}): Promise<Provisioned> {
  const script = options.script ?? INSTALL_SCRIPT;
  const started = Date.now();
  const child = spawn('bash', [script], {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let progress: NodeJS.Timeout | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    // The script says "Building …" only when there is nothing to reuse.
    if (!progress && /^Building /m.test(text)) {
      options.onBuilding?.(0);
      progress = setInterval(() => options.onBuilding?.(Date.now() - started), options.progressMs ?? 30_000).unref();
    }
    stderr = (stderr + text).slice(-4000);
  });
  return new Promise((resolve) => {
    const finish = (result: Provisioned) => {
      if (progress) clearInterval(progress);
      resolve(result);
    };
    child.once('error', (error) => finish({ kind: 'missing', reason: `bash could not run ${script}: ${error.message}` }));
    child.once('exit', (code) => {
      const binary = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && binary) return finish({ kind: 'ready', binary });
      const lastLines = stderr.trim().split('\n').filter((line) => !line.startsWith('go: downloading')).slice(-3).join(' ');
      finish({ kind: 'missing', reason: lastLines || `install script exited with ${code}` });
    });
  });
}
