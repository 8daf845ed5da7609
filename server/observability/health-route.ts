import express from 'express';
import { appError } from '../../shared/errors.js';
import type { StorageHealth } from '../storage/health.js';

/**
 * `/healthz`: the process answers (liveness: restart it if not). `/readyz`: it can take changes
 * now; 503 with the reason while the disk refuses writes, so a load balancer or an operator's
 * probe sees a full disk before the chair does. The meetings still run read-only meanwhile, so
 * a liveness probe must not restart the process for it. Public, like any health check: they
 * say nothing about any meeting.
 */
export function createHealthRoutes(storage: StorageHealth): express.Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    res.set('cache-control', 'no-store');
    const problem = storage.problem;
    if (!problem) return res.json({ status: 'ready' });
    res.locals.errorCode = 'STORAGE_UNAVAILABLE';
    res.status(503).json({
      status: 'unavailable',
      error: appError('STORAGE_UNAVAILABLE', `${problem.operation}: ${problem.reason}`),
      since: new Date(problem.since).toISOString(),
    });
  });
  return router;
}
