import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AwsCallEvent, AwsObserver, BatchEvent, BudgetEvent, SavedEvent } from '../aws';
import { THROTTLE_CODES } from '../aws/error-mapping';
import type { CacheStats } from '../aws/cache/response-cache';

/**
 * Metrics of the AWS access layer. Labels come from small fixed sets (services, actions, lookup
 * kinds, API classes) and from scopes (account, region); scopes are capped, because regions in
 * queries are chosen by clients.
 */
export interface AwsMetrics {
  /** From every AWS call; `attempts` (SDK $metadata.attempts) feeds aws_retries_total. */
  awsCall(e: AwsCallEvent): void;
  /** batch, saved and budget events (the call events go through awsCall). */
  readonly awsObserver: Required<Omit<AwsObserver, 'call'>>;
  /** Cache size and hit counts, read at each scrape. */
  observeAwsCache(stats: () => CacheStats): void;
}

/** AWS actions are PascalCase API names; anything else is folded so a label never carries odd text. */
const ACTION_RE = /^[A-Za-z0-9]{1,64}$/;
const KIND_RE = /^[A-Za-z]{1,40}$/;
const MAX_SCOPES = 64;

export function createAwsMetrics(registry: Registry, p: string): AwsMetrics {
  const registers = [registry];
  const awsCalls = new Counter({
    name: `${p}aws_calls_total`,
    help: 'AWS API calls by service, action and outcome (ok, error, cached = answered from the cache or by an identical call in flight).',
    labelNames: ['service', 'action', 'outcome'] as const,
    registers,
  });
  const awsThrottles = new Counter({ name: `${p}aws_throttles_total`, help: 'AWS calls that failed with a throttling error after the SDK retries.', labelNames: ['service', 'action'] as const, registers });
  const awsRetries = new Counter({ name: `${p}aws_retries_total`, help: 'Extra attempts the SDK made (throttling, 5xx, network), when the caller reports attempts.', labelNames: ['service', 'action'] as const, registers });
  const awsDuration = new Histogram({
    name: `${p}aws_call_duration_seconds`,
    help: 'Duration of AWS calls that went to AWS (not cached), including SDK retries, excluding budget waits.',
    labelNames: ['service', 'action', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const batchSize = new Histogram({
    name: `${p}aws_batch_size`,
    help: 'Distinct ids per cross-request batched AWS call, by lookup kind.',
    labelNames: ['service', 'kind'] as const,
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers,
  });
  const callsSaved = new Counter({
    name: `${p}aws_calls_saved_total`,
    help: 'AWS calls avoided, by reason: cache (answered from the cache), coalescing (joined an identical call in flight), batching (joined another request\'s batch).',
    labelNames: ['service', 'kind', 'reason'] as const,
    registers,
  });
  const budgetWait = new Histogram({
    name: `${p}aws_budget_wait_seconds`,
    help: 'Time calls queued for a token of the scope\'s client-side request budget.',
    labelNames: ['account_id', 'region', 'api_class'] as const,
    buckets: [0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers,
  });
  const budgetTokens = new Gauge({
    name: `${p}aws_budget_tokens`,
    help: 'Tokens left in the scope\'s bucket for an AWS action after the last call (below zero: calls queued).',
    labelNames: ['account_id', 'region', 'api_class', 'action'] as const,
    registers,
  });
  const budgetRejections = new Counter({
    name: `${p}aws_budget_rejections_total`,
    help: 'Calls refused with AWS_THROTTLED because their budget wait would pass the deadline.',
    labelNames: ['account_id', 'region', 'api_class'] as const,
    registers,
  });
  let cacheStats: () => CacheStats = () => ({ bytes: 0, entries: 0, hits: 0, misses: 0 });
  new Gauge({ name: `${p}aws_cache_bytes`, help: 'Estimated size of the cross-request AWS cache (bounded by FLEETGRAPH_CACHE_MAX_BYTES).', registers, collect() { this.set(cacheStats().bytes); } });
  new Gauge({ name: `${p}aws_cache_entries`, help: 'Entries in the cross-request AWS cache.', registers, collect() { this.set(cacheStats().entries); } });
  new Counter({
    name: `${p}aws_cache_lookups_total`,
    help: 'Cache lookups by result (hit, miss); hit ratio = hit / (hit + miss).',
    labelNames: ['result'] as const,
    registers,
    collect() {
      const s = cacheStats();
      this.reset();
      this.inc({ result: 'hit' }, s.hits);
      this.inc({ result: 'miss' }, s.misses);
    },
  });
  new Gauge({
    name: `${p}aws_cache_hit_ratio`,
    help: 'Share of cache lookups answered from the cache since start.',
    registers,
    collect() {
      const s = cacheStats();
      this.set(s.hits + s.misses ? s.hits / (s.hits + s.misses) : 0);
    },
  });

  const scopes = new Set<string>();
  const scopeLabels = (accountId: string, region: string) => {
    const key = `${accountId}/${region}`;
    if (!scopes.has(key) && scopes.size >= MAX_SCOPES) return { account_id: 'other', region: 'other' };
    scopes.add(key);
    return { account_id: accountId, region };
  };
  const kindLabel = (kind: string) => (KIND_RE.test(kind) ? kind : 'other');
  const actionOf = (bucket: string) => bucket.split(':')[1] ?? 'other';

  return {
    awsCall(e) {
      const action = ACTION_RE.test(e.action) ? e.action : 'other';
      const service = e.service === 'ec2' || e.service === 'ssm' || e.service === 'sts' ? e.service : 'other';
      awsCalls.inc({ service, action, outcome: e.outcome });
      if (e.outcome === 'cached') return;
      awsDuration.observe({ service, action, outcome: e.outcome }, e.durationMs / 1000);
      if (e.outcome === 'error' && e.errorCode && THROTTLE_CODES.has(e.errorCode)) awsThrottles.inc({ service, action });
      if (e.attempts !== undefined && e.attempts > 1) awsRetries.inc({ service, action }, e.attempts - 1);
    },
    awsObserver: {
      batch: (e: BatchEvent) => batchSize.observe({ service: e.service, kind: kindLabel(e.kind) }, e.ids),
      saved: (e: SavedEvent) => callsSaved.inc({ service: e.service, kind: kindLabel(e.kind), reason: e.reason }, e.calls),
      budget: (e: BudgetEvent) => {
        const scope = scopeLabels(e.scope.accountId, e.scope.region);
        const action = actionOf(e.bucket);
        budgetTokens.set({ ...scope, api_class: e.apiClass, action: ACTION_RE.test(action) ? action : 'other' }, e.tokensLeft);
        if (e.granted) budgetWait.observe({ ...scope, api_class: e.apiClass }, e.waitMs / 1000);
        else budgetRejections.inc({ ...scope, api_class: e.apiClass });
      },
    },
    observeAwsCache(stats) {
      cacheStats = stats;
    },
  };
}
