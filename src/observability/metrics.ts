import type { ApolloServerPlugin } from '@apollo/server';
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

export interface Metrics extends AwsMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  operation(type: OperationType, outcome: OperationOutcome, durationSeconds: number): void;
  subscriptionOpened(): void;
  subscriptionClosed(): void;
  setWatchedTasks(n: number): void;
  pollLag(seconds: number): void;
  rateLimited(): void;
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
    help: 'GraphQL operations by type and outcome.',
    labelNames: ['operation_type', 'outcome'] as const,
    registers: [registry],
  });
  const operationDuration = new Histogram({
    name: `${p}graphql_operation_duration_seconds`,
    help: 'GraphQL operation latency, from request start to response.',
    labelNames: ['operation_type', 'outcome'] as const,
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
  const rateLimited = new Counter({ name: `${p}rate_limited_total`, help: 'Requests refused by the per-principal rate limit.', registers: [registry] });

  return {
    registry,
    contentType: registry.contentType,
    ...aws,
    operation(type, outcome, durationSeconds) {
      operations.inc({ operation_type: type, outcome });
      operationDuration.observe({ operation_type: type, outcome }, durationSeconds);
    },
    subscriptionOpened: () => activeSubscriptions.inc(),
    subscriptionClosed: () => activeSubscriptions.dec(),
    setWatchedTasks: (n) => watchedTasks.set(n),
    pollLag: (seconds) => pollLag.observe(Math.max(0, seconds)),
    rateLimited: () => rateLimited.inc(),
    render: () => registry.metrics(),
  };
}

/**
 * Apollo plugin: counts every HTTP GraphQL operation by type and outcome and times it. Operation
 * names are not used: clients choose them, so they are neither bounded nor trustworthy.
 */
export function metricsPlugin(metrics: Pick<Metrics, 'operation'>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      let executed = false;
      let failed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async didEncounterErrors() {
          failed = true;
        },
        async willSendResponse({ operation }) {
          const type: OperationType = operation?.operation ?? 'unknown';
          const outcome: OperationOutcome = !failed ? 'success' : executed ? 'error' : 'rejected';
          metrics.operation(type, outcome, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
