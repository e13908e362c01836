import type { RequestHandler } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ObservabilityConfig } from '../../config';

/**
 * Who may read /metrics. With FLEETGRAPH_METRICS_TOKEN set: only `authorization: Bearer <token>`.
 * Without one, outside production: anyone (a developer's machine). In production without a
 * token the endpoint stays closed (403) unless FLEETGRAPH_METRICS_PUBLIC=true opens it on
 * purpose: metrics describe the fleet's activity and the gateway's load to whoever reads them.
 */
export function metricsAccess(config: Pick<ObservabilityConfig, 'metricsToken' | 'metricsPublic'>, production: boolean): RequestHandler {
  return (req, res, next) => {
    const { metricsToken } = config;
    if (metricsToken) {
      if (bearerMatches(req.header('authorization'), metricsToken)) return next();
      res.status(401).setHeader('www-authenticate', 'Bearer').end();
      return;
    }
    if (!production || config.metricsPublic) return next();
    res.status(403).type('text/plain').send('Metrics are closed in production: set FLEETGRAPH_METRICS_TOKEN (or FLEETGRAPH_METRICS_PUBLIC=true)\n');
  };
}

/** Constant-time comparison of a presented bearer token with the configured one. */
function bearerMatches(header: string | undefined, expected: string): boolean {
  const presented = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
