import express from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** The compressed copies the build writes beside each text file (infra/precompress.ts), best first. */
const ENCODINGS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
type Encoding = (typeof ENCODINGS)[number]['encoding'];

/** The build names these after their content: a changed file is a new name, so they never go stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED = /^\/assets\//;
const OTHERWISE = 'public, max-age=3600';

/**
 * The best of the copies `offered` that an Accept-Encoding header takes, or null for the file
 * itself. Listing order is no preference (RFC 9110 §12.5.3): at equal weights the server's
 * order decides, so Chromium's "gzip, deflate, br, zstd" gets Brotli.
 */
function chooseEncoding(header: string | undefined, offered: readonly Encoding[]): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [coding = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (coding) weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  let best: Encoding | null = null;
  let bestWeight = 0;
  for (const encoding of offered) {
    const weight = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (weight > bestWeight) [best, bestWeight] = [encoding, weight];
  }
  return best;
}

/** Each file of the build that has compressed copies (by its URL path), with their encodings. */
function precompressedFiles(distDir: string): Map<string, Encoding[]> {
  const found = new Map<string, Encoding[]>();
  if (!existsSync(distDir)) return found;
  const files = new Set(
    readdirSync(distDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  for (const file of files) {
    const encodings = ENCODINGS.filter(({ suffix }) => files.has(file + suffix)).map(({ encoding }) => encoding);
    if (encodings.length > 0) found.set(`/${relative(distDir, file).split(sep).join('/')}`, encodings);
  }
  return found;
}

/**
 * Serves the built React client; every page path falls back to index.html. A browser that
 * accepts Brotli or gzip gets the copy the build compressed (a page's scripts are 1.2 MB as
 * built, 0.3 MB in Brotli: at the start of a meeting a full hall and its webcast load them at
 * once), and the content-hashed assets are cached for good.
 */
export function serveClient(distDir: string): express.Router {
  const router = express.Router();
  const index = join(distDir, 'index.html');
  const precompressed = precompressedFiles(distDir);
  const cacheControl = (path: string) => (HASHED.test(path) ? IMMUTABLE : OTHERWISE);
  router.use((req, res, next) => {
    const encodings = req.method === 'GET' || req.method === 'HEAD' ? precompressed.get(req.path) : undefined;
    if (!encodings) return next();
    res.vary('Accept-Encoding');
    const chosen = chooseEncoding(req.get('accept-encoding'), encodings);
    if (!chosen) return next();
    const { suffix } = ENCODINGS.find(({ encoding }) => encoding === chosen)!;
    // The type of the file itself, not of its compressed copy's name.
    res.type(extname(req.path)).set({ 'content-encoding': chosen, 'cache-control': cacheControl(req.path) });
    res.sendFile(join(distDir, req.path + suffix), { cacheControl: false }, (error) => error && next(error));
  });
  router.use(express.static(distDir, { index: false, cacheControl: false, setHeaders: (res, path) => res.set('cache-control', cacheControl(`/${relative(distDir, path).split(sep).join('/')}`)) }));
  router.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    if (existsSync(index)) return res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
    res.status(503).type('text/plain').send('The client is not built. Run `npm run build` (npm start does it).');
  });
  return router;
}
