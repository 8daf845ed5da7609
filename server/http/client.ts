import express from 'express';
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { ContentEncoding, sendAsAccepted, SUFFIX } from './encodings.js';

/** The build names these after their content: a changed file is a new name, so they never go stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const HASHED = /^\/assets\//;
const OTHERWISE = 'public, max-age=3600';

const urlPathOf = (distDir: string, file: string) => `/${relative(distDir, file).split(sep).join('/')}`;

/** Each file of the build that has compressed copies (by its URL path), with their encodings. */
function precompressedFiles(distDir: string): Map<string, ContentEncoding[]> {
  const found = new Map<string, ContentEncoding[]>();
  if (!existsSync(distDir)) return found;
  const files = new Set(
    readdirSync(distDir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name)),
  );
  for (const file of files) {
    const encodings = ContentEncoding.options.filter((encoding) => files.has(file + SUFFIX[encoding]));
    if (encodings.length > 0) found.set(urlPathOf(distDir, file), encodings);
  }
  return found;
}

/**
 * Serves the built React client; every page path falls back to index.html. A browser that
 * accepts Brotli or gzip gets the copy the build compressed (infra/precompress.ts: a page's
 * scripts are 1.2 MB as built, 0.3 MB in Brotli, and at the start of a meeting a full hall and
 * its webcast load them at once), and the content-hashed assets are cached for good.
 */
export function serveClient(distDir: string): express.Router {
  const router = express.Router();
  const index = join(distDir, 'index.html');
  const precompressed = precompressedFiles(distDir);
  const cacheControl = (path: string) => (HASHED.test(path) ? IMMUTABLE : OTHERWISE);
  router.use((req, res, next) => {
    const encodings = req.method === 'GET' || req.method === 'HEAD' ? precompressed.get(req.path) : undefined;
    if (!encodings) return next();
    // The type of the file itself, not of its compressed copy's name.
    res.type(extname(req.path)).set('cache-control', cacheControl(req.path));
    sendAsAccepted(req, res, join(distDir, req.path), encodings, { cacheControl: false }, next);
  });
  router.use(express.static(distDir, { index: false, cacheControl: false, setHeaders: (res, path) => res.set('cache-control', cacheControl(urlPathOf(distDir, path))) }));
  router.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    if (existsSync(index)) return res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
    res.status(503).type('text/plain').send('The client is not built. Run `npm run build` (npm start does it).');
  });
  return router;
}
