// Bundles the server's TypeScript into dist/server/*.js for plain `node`: no tsx at runtime.
// Packages stay external (node_modules as installed): better-sqlite3 is native, pg and ws load
// optional packages, and realtime/fan-out.ts checks the internals of the ws and engine.io it runs
// on, which must be the installed modules, not copies inside a bundle.
import { builtinModules } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUILT_STAMP = join(root, 'dist/server/built');
// `node infra/build-server.mjs --out=DIR script.ts ...` bundles other scripts the same way (the
// benchmarks' servers, measured as production runs them): no manifest check, no stamp.
const args = process.argv.slice(2);
const outArg = args.find((arg) => arg.startsWith('--out='));
const scripts = args.filter((arg) => !arg.startsWith('--'));
const outdir = outArg ? resolve(root, outArg.slice('--out='.length)) : join(root, 'dist/server');
const entryPoints = scripts.length
  ? scripts.map((script) => ({ in: script, out: basename(script).replace(/\.ts$/, '') }))
  : [
    ...['main', 'backup'].map((entry) => ({ in: `server/${entry}.ts`, out: entry })),
    // Worker threads' scripts of their own (server/archive/renderer.ts and server/livekit/bridge.ts start them).
    { in: 'server/archive/render-worker.ts', out: 'archive-render-worker' },
    { in: 'server/livekit/room-list-worker.ts', out: 'livekit-room-list-worker' },
  ];

/**
 * Each source file's `import.meta.url` stays its own place in the tree: the server finds the
 * client build, infra/ scripts and .cache/ relative to its sources, and a bundle has one URL.
 */
const sourceUrls = {
  name: 'source-urls',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (!source.includes('import.meta.url') && !source.includes('import.meta.dirname')) return undefined;
      const fromBundle = relative(outdir, path).split('\\').join('/');
      const url = `new URL(${JSON.stringify(fromBundle)}, import.meta.url)`;
      const contents = source
        .replaceAll('import.meta.url', `${url}.href`)
        .replaceAll('import.meta.dirname', `decodeURIComponent(new URL('.', ${url}).pathname).replace(/\\/$/, '')`);
      return { contents, loader: 'ts' };
    });
  },
};

const result = await build({
  absWorkingDir: root,
  entryPoints,
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [sourceUrls],
  // Tells code that starts a worker thread to start its bundled script (server/worker-thread.ts).
  define: { __OPENFLOOR_BUNDLE__: 'true' },
});

if (scripts.length) process.exit(0);

// A production install (`npm ci --omit=dev`) has only `dependencies`: an import of anything
// else would fail at runtime, on a server that built and tested fine.
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const builtins = new Set(builtinModules);
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
const missing = new Set();
for (const output of Object.values(result.metafile.outputs)) {
  for (const { path, external } of output.imports) {
    if (!external || path.startsWith('node:') || builtins.has(path)) continue;
    if (!manifest.dependencies[packageOf(path)]) missing.add(packageOf(path));
  }
}
if (missing.size > 0) {
  console.error(`the server imports ${[...missing].join(', ')}, not in package.json "dependencies": a production install would lack it`);
  process.exit(1);
}
writeFileSync(BUILT_STAMP, `${new Date().toISOString()}\n`);
console.log(`server built into ${relative(root, dirname(BUILT_STAMP))}/ (${entryPoints.map((entry) => `${entry.out}.js`).join(', ')})`);
