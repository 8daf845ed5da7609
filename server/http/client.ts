import express, { type NextFunction, type Request, type Response } from 'express';
import { appError } from '../../shared/errors.js';
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

/**
 * The last handler for pages: an error no route answered gets a plain coded message, never
 * Express's own page, which prints the stack trace unless NODE_ENV is production.
 */
export function pageErrors(error: { status?: number }, req: Request, res: Response, _next: NextFunction): void {
  const code = error.status && error.status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
  if (code === 'INTERNAL') req.log.error({ err: error }, 'request failed');
  res.locals.errorCode = code;
  res.status(code === 'INTERNAL' ? 500 : error.status!).type('text/plain; charset=utf-8').send(appError(code).message);
}
