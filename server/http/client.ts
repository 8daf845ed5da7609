import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Serves the built React client; every page path falls back to index.html. */
export function serveClient(distDir: string): express.Router {
  const router = express.Router();
  const index = join(distDir, 'index.html');
  router.use(express.static(distDir, { index: false, maxAge: '1h' }));
  router.get(/^\/(?!api\/|socket\.io\/).*/, (_req, res) => {
    if (existsSync(index)) return res.sendFile(index, { headers: { 'cache-control': 'no-cache' } });
    res.status(503).type('text/plain').send('The client is not built. Run `npm run build` (npm start does it).');
  });
  return router;
}
