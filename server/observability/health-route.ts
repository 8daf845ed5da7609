import { noteAccess } from './log.js';
import express from 'express';
import { appError } from '../../shared/errors.js';
import type { Cluster } from '../realtime/cluster.js';
import type { StorageHealth } from '../storage/health.js';
import type { Readiness } from './readiness.js';

/**
 * `/healthz`: the process answers (liveness: restart it if not). `/readyz`: it can take changes
 * now; 503 with the reason while the disk refuses writes, so a load balancer or an operator's
 * probe sees a full disk before the chair does. The meetings still run read-only meanwhile, so
 * a liveness probe must not restart the process for it. Also 503 while the node drains for a
 * shutdown (a proxy sends its connections to the other nodes), while a service it depends on
 * (LiveKit, when configured) does not answer, and with REDIS_URL but no shared log while Redis
 * is away: this node's broadcasts then reach only its own connections, so a load balancer should
 * send new ones elsewhere. With a shared log each node tells its own pages what it reads from
 * the log, so a Redis outage (every node shares it) only delays LiveKit presence between nodes:
 * it is reported, and the nodes stay ready rather than all leave the balancer at once.
 * Public, like any health check: they say nothing about any meeting.
 */
export function createHealthRoutes(
  storage: StorageHealth,
  readiness: Readiness,
  cluster?: Pick<Cluster, 'problem'>,
  { logShared = false }: { logShared?: boolean } = {},
): express.Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.set('cache-control', 'no-store').json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.set('cache-control', 'no-store');
    const drainingSince = readiness.draining;
    if (drainingSince !== null) return res.status(503).json({ status: 'draining', since: new Date(drainingSince).toISOString() });
    const redisProblem = cluster?.problem() ?? null;
    const redis = cluster
      ? { redis: redisProblem ? { reachable: false, reason: redisProblem.reason, since: new Date(redisProblem.since).toISOString() } : { reachable: true } }
      : {};
    const problem = storage.problem;
    if (problem) {
      noteAccess(res, { errorCode: 'STORAGE_UNAVAILABLE' });
      return res.status(503).json({
        status: 'unavailable',
        error: appError('STORAGE_UNAVAILABLE', `${problem.operation}: ${problem.reason}`),
        since: new Date(problem.since).toISOString(),
        ...redis,
      });
    }
    const failing = await readiness.failing();
    if (failing.length === 0 && (!redisProblem || logShared)) return res.json({ status: 'ready', ...redis });
    if (failing.length > 0) noteAccess(res, { errorCode: failing[0]!.code });
    res.status(503).json({
      status: 'unavailable',
      ...(failing.length > 0
        ? {
            error: appError(failing[0]!.code, failing.map(({ reason }) => reason).join('; ')),
            failing: failing.map(({ name, reason }) => ({ name, reason })),
          }
        : {}),
      ...redis,
    });
  });
  return router;
}
