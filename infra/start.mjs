// `npm start` (and `npm run backup`): runs the built server with plain node, building it first
// only when dist/ is missing or older than the sources, so `npm install && npm start` works on a
// fresh clone and later starts do not rebuild the client. A production image has no sources
// beside its build and never builds. `node infra/start.mjs build` only brings the build up to date.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILT_STAMP = join(root, 'dist/server/built');
const CLIENT_BUILD = join(root, 'client/dist/index.html');
const SOURCES = ['server', 'shared', 'client', 'package.json', 'vite.config.ts', 'infra/precompress.ts', 'infra/build-server.mjs'];
const SKIPPED = new Set([join(root, 'client/dist'), join(root, 'server/recorder/go')]);

/** The newest modification time under `path`, 0 if it does not exist. */
function newest(path) {
  if (SKIPPED.has(path) || !existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function builtAt() {
  if (!existsSync(BUILT_STAMP) || !existsSync(CLIENT_BUILD)) return 0;
  return Math.min(statSync(BUILT_STAMP).mtimeMs, statSync(CLIENT_BUILD).mtimeMs);
}

const [entry = 'main', ...args] = process.argv.slice(2);
const sourcesAt = Math.max(...SOURCES.map((source) => newest(join(root, source))));
if (builtAt() === 0 || builtAt() < sourcesAt) {
  console.log(builtAt() === 0 ? 'building OpenFloor (first start)...' : 'the sources changed since the last build: building OpenFloor...');
  // Always a production build, whoever starts it: under a test runner (NODE_ENV=test) Vite
  // would bundle React's development build, whose StrictMode runs every effect twice.
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
if (entry === 'build') process.exit(0);
// The built entry reads its arguments as if it had been started itself.
process.argv = [process.argv[0], join(root, `dist/server/${entry}.js`), ...args];
await import(pathToFileURL(process.argv[1]).href);
