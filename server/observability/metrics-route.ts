import express from 'express';
import { appError } from '../../shared/errors.js';
import { sameSecret, sendError } from '../http/api.js';
import type { PrometheusMetrics } from './metrics.js';

/**
 * GET /metrics in Prometheus's text format, for a bearer of METRICS_TOKEN or the admin token:
 * the counts say who is connected and how busy a meeting is, which is not for everyone.
 */
export function createMetricsRoute(metrics: PrometheusMetrics, tokens: readonly string[]): express.Router {
  const router = express.Router();
  router.get('/metrics', async (req, res) => {
    const given = req.get('authorization')?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? '';
    if (!tokens.some((token) => sameSecret(given, token))) {
      res.set('www-authenticate', 'Bearer');
      return sendError(res, appError('UNAUTHORIZED', 'metrics token required'));
    }
    res.set('cache-control', 'no-store').type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}
