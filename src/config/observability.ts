import type { EnvReader } from './env';

/** pino's levels; `silent` turns logging off. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ObservabilityConfig {
  logLevel: LogLevel;
  /** When set, GET /metrics needs `authorization: Bearer <token>` (scrapers outside the trusted network). */
  metricsToken?: string;
  /** Production without a token: /metrics stays closed unless this opens it on purpose. */
  metricsPublic: boolean;
}

export function readObservabilityConfig(r: EnvReader): ObservabilityConfig {
  const level = r.str('LOG_LEVEL') ?? 'info';
  const metricsToken = r.str('FLEETGRAPH_METRICS_TOKEN');
  const metricsPublic = r.bool('FLEETGRAPH_METRICS_PUBLIC', false);
  const isLevel = (LOG_LEVELS as readonly string[]).includes(level);
  if (!isLevel) r.problem(`LOG_LEVEL=${JSON.stringify(level)} must be one of ${LOG_LEVELS.join(', ')}`);
  // The token's length is named, never its value.
  if (metricsToken !== undefined && metricsToken.length < 16) r.problem('FLEETGRAPH_METRICS_TOKEN must be at least 16 characters');
  if (metricsToken !== undefined && metricsPublic) r.problem('set FLEETGRAPH_METRICS_TOKEN or FLEETGRAPH_METRICS_PUBLIC=true, not both');
  return { logLevel: isLevel ? (level as LogLevel) : 'info', metricsPublic, ...(metricsToken !== undefined ? { metricsToken } : {}) };
}
