import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { createAwsMetrics, type AwsMetrics } from './aws-metrics';

/**
 * Prometheus metrics on a registry of our own (not prom-client's global one, so tests and several
 * gateways in one process do not collide). Labels take values from small fixed sets only — AWS
 * service/action names, operation types, outcomes — never argument values, ids or names a client
 * chose: those would leak data and explode cardinality.
 */
export type OperationType = 'query' | 'mutation' | 'subscription' | 'unknown';
/** `rejected`: refused before execution (parse, validation, limits); `error`: ran, with errors. */
export type OperationOutcome = 'success' | 'error' | 'rejected';
export type Transport = 'http' | 'ws';
/** Why a WebSocket operation or connection was refused by its limits. */
export type WebSocketRefusal = 'operations_per_socket' | 'sockets_per_principal';
/** Why a running operation was stopped. */
export type OperationAbort = 'response_too_large' | 'timeout';
/** How the whole-response cache answered a query: kept answer, an identical execution in flight, or executed. */
export type ResponseCacheResult = 'hit' | 'coalesced' | 'miss';

export interface Metrics extends AwsMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  operation(transport: Transport, type: OperationType, outcome: OperationOutcome, durationSeconds: number): void;
  webSocketOpened(): void;
  webSocketClosed(): void;
  webSocketRefused(reason: WebSocketRefusal): void;
  operationAborted(reason: OperationAbort): void;
  subscriptionOpened(): void;
  subscriptionClosed(): void;
  setWatchedTasks(n: number): void;
  pollLag(seconds: number): void;
  rateLimited(): void;
  responseCacheLookup(result: ResponseCacheResult): void;
  observeResponseCache(stats: () => { bytes: number; entries: number }): void;
  /** The exposition text for GET /metrics. */
  render(): Promise<string>;
}

export interface MetricsOptions {
  /** Process metrics (CPU, memory, event loop lag, …); on by default. */
  defaultMetrics?: boolean;
  prefix?: string;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const p = options.prefix ?? '';
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: p });

  const aws = createAwsMetrics(registry, p);
  const operations = new Counter({
    name: `${p}graphql_operations_total`,
    help: 'GraphQL operations by transport (http, ws), type and outcome.',
    labelNames: ['transport', 'operation_type', 'outcome'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: `${p}graphql_operation_duration_seconds`,
    help: 'GraphQL operation latency, from request start to response (to completion for subscriptions).',
    labelNames: ['transport', 'operation_type', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const activeSubscriptions = new Gauge({ name: `${p}graphql_active_subscriptions`, help: 'Subscriptions currently open.', registers: [registry] });
  const watchedTasks = new Gauge({ name: `${p}task_watcher_watched_tasks`, help: 'Tasks (Mac modification, automation) the watcher polls.', registers: [registry] });
  const pollLag = new Histogram({
    name: `${p}task_watcher_poll_lag_seconds`,
    help: 'How late each task-watcher poll ran compared with when it was due.',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120],
    registers: [registry],
  });
  const rateLimited = new Counter({ name: `${p}rate_limited_total`, help: 'Operations refused by the per-principal budget.', registers: [registry] });
  const webSockets = new Gauge({ name: `${p}websocket_connections`, help: 'WebSocket connections open and authenticated.', registers: [registry] });
  const webSocketRefusals = new Counter({
    name: `${p}websocket_refusals_total`,
    help: 'WebSocket operations or connections refused by their limits.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const aborted = new Counter({
    name: `${p}graphql_operations_aborted_total`,
    help: 'Operations stopped while running: response too large, or over their time.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });

  const responseCacheLookups = new Counter({
    name: `${p}graphql_response_cache_lookups_total`,
    help: 'Queries by how the whole-response cache answered: hit (a kept answer), coalesced (an identical execution in flight), miss (executed).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  let responseCacheStats = () => ({ bytes: 0, entries: 0 });
  new Gauge({ name: `${p}graphql_response_cache_bytes`, help: 'Estimated size of the whole-response cache.', registers: [registry], collect() { this.set(responseCacheStats().bytes); } });
  new Gauge({ name: `${p}graphql_response_cache_entries`, help: 'Answers in the whole-response cache.', registers: [registry], collect() { this.set(responseCacheStats().entries); } });

  return {
    registry,
    contentType: registry.contentType,
    ...aws,
    operation(transport, type, outcome, durationSeconds) {
      operations.inc({ transport, operation_type: type, outcome });
      operationDuration.observe({ transport, operation_type: type, outcome }, durationSeconds);
    },
    webSocketOpened: () => webSockets.inc(),
    webSocketClosed: () => webSockets.dec(),
    webSocketRefused: (reason) => webSocketRefusals.inc({ reason }),
    operationAborted: (reason) => aborted.inc({ reason }),
    subscriptionOpened: () => activeSubscriptions.inc(),
    subscriptionClosed: () => activeSubscriptions.dec(),
    setWatchedTasks: (n) => watchedTasks.set(n),
    pollLag: (seconds) => pollLag.observe(Math.max(0, seconds)),
    rateLimited: () => rateLimited.inc(),
    responseCacheLookup: (result) => responseCacheLookups.inc({ result }),
    observeResponseCache: (stats) => {
      responseCacheStats = stats;
    },
    render: () => registry.metrics(),
  };
}
