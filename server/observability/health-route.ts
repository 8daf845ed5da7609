import express from 'express';
import { appError } from '../../shared/errors.js';
import type { StorageHealth } from '../storage/health.js';
import type { Cluster } from '../realtime/cluster.js';

/**
 * `/healthz`: the process answers (liveness: restart it if not). `/readyz`: it can take changes
 * now; 503 with the reason while the disk refuses writes, so a load balancer or an operator's
 * probe sees a full disk before the chair does. The meetings still run read-only meanwhile, so
 * a liveness probe must not restart the process for it. With REDIS_URL, also 503 while Redis is
 * away: this node's broadcasts then reach only its own connections, so a load balancer should
 * send new ones elsewhere. Public, like any health check: they say nothing about any meeting.
 */
export function createHealthRoutes(storage: StorageHealth, cluster?: Pick<Cluster, 'problem'>): express.Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', (_req, res) => {
    res.set('cache-control', 'no-store');
    const problem = storage.problem;
    const redisProblem = cluster?.problem() ?? null;
    const redis = cluster
      ? { redis: redisProblem ? { reachable: false, reason: redisProblem.reason, since: new Date(redisProblem.since).toISOString() } : { reachable: true } }
      : {};
    if (!problem && !redisProblem) return res.json({ status: 'ready', ...redis });
    if (problem) res.locals.errorCode = 'STORAGE_UNAVAILABLE';
    res.status(503).json({
      status: 'unavailable',
      ...(problem
        ? { error: appError('STORAGE_UNAVAILABLE', `${problem.operation}: ${problem.reason}`), since: new Date(problem.since).toISOString() }
        : {}),
      ...redis,
    });
  });
  return router;
}
