import { API_CLASSES, type ApiClass, type BucketSpec } from '../aws/budget/api-classes';
import { ACCOUNT_ID_RE } from '../aws/accounts/settings';
import type { EnvReader } from './env';

/** The AWS access layer (src/aws): cross-request batching, request budgets, cache bounds. */
export interface AwsAccessConfig {
  /** FLEETGRAPH_ACCOUNT_ID: the account id when STS cannot tell it (an emulator without STS). */
  accountId?: string;
  /** FLEETGRAPH_AWS_BATCH_WINDOW_MS: the quiet period after which a batch of id lookups goes out (more ids keep joining until then). */
  batchWindowMs: number;
  /** FLEETGRAPH_AWS_BATCH_MAX_WAIT_MS: the longest an id lookup waits for a batch under a steady stream (at least the window). */
  batchMaxWaitMs: number;
  /** FLEETGRAPH_AWS_BUDGET_SHARE: share (0–1) of AWS's request buckets the gateway may use; 0 = no client-side budget. */
  budgetShare: number;
  /** FLEETGRAPH_AWS_BUDGET_DEADLINE_MS: longest a call queues for budget before failing with AWS_THROTTLED. */
  budgetDeadlineMs: number;
  /** FLEETGRAPH_AWS_BUDGETS: JSON `{"ec2-describe": {"capacity": 200, "refillPerSecond": 40}}` for raised account limits. */
  budgetOverrides: Partial<Record<ApiClass, BucketSpec>>;
  /** FLEETGRAPH_CACHE_MAX_BYTES / _MAX_ENTRIES: bounds of the cross-request cache. */
  cacheMaxBytes: number;
  cacheMaxEntries: number;
}

/** The describe cache's byte bound when FLEETGRAPH_CACHE_MAX_BYTES is unset. */
export const DEFAULT_CACHE_MAX_BYTES = 32 * 1024 * 1024;

export function readAwsAccessConfig(r: EnvReader): AwsAccessConfig {
  const accountId = r.str('FLEETGRAPH_ACCOUNT_ID');
  if (accountId !== undefined && !ACCOUNT_ID_RE.test(accountId)) r.problem('FLEETGRAPH_ACCOUNT_ID must be a 12-digit AWS account id');
  const batchWindowMs = r.int('FLEETGRAPH_AWS_BATCH_WINDOW_MS', 5, 0, 10000);
  return {
    ...(accountId !== undefined ? { accountId } : {}),
    batchWindowMs,
    batchMaxWaitMs: Math.max(batchWindowMs, r.int('FLEETGRAPH_AWS_BATCH_MAX_WAIT_MS', 100, 0, 60000)),
    budgetShare: r.num('FLEETGRAPH_AWS_BUDGET_SHARE', 0.5, 0, 1),
    budgetDeadlineMs: r.int('FLEETGRAPH_AWS_BUDGET_DEADLINE_MS', 5000, 0, 600000),
    budgetOverrides: readBudgetOverrides(r),
    cacheMaxBytes: r.int('FLEETGRAPH_CACHE_MAX_BYTES', DEFAULT_CACHE_MAX_BYTES, 0, 8 * 1024 * 1024 * 1024),
    cacheMaxEntries: r.int('FLEETGRAPH_CACHE_MAX_ENTRIES', 10000, 0, 1000000),
  };
}

function readBudgetOverrides(r: EnvReader): Partial<Record<ApiClass, BucketSpec>> {
  const raw = r.str('FLEETGRAPH_AWS_BUDGETS');
  if (raw === undefined) return {};
  const bad = (why: string) => {
    r.problem(`FLEETGRAPH_AWS_BUDGETS ${why}`);
    return {};
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return bad('must be JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return bad('must be a JSON object of API classes');
  const out: Partial<Record<ApiClass, BucketSpec>> = {};
  for (const [name, spec] of Object.entries(parsed as Record<string, unknown>)) {
    if (!(API_CLASSES as readonly string[]).includes(name)) return bad(`names unknown API class ${JSON.stringify(name)} (known: ${API_CLASSES.join(', ')})`);
    const { capacity, refillPerSecond } = (spec ?? {}) as Partial<BucketSpec>;
    const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
    if (!positive(capacity) || !positive(refillPerSecond)) return bad(`${name} needs positive numbers capacity and refillPerSecond`);
    out[name as ApiClass] = { capacity: capacity as number, refillPerSecond: refillPerSecond as number };
  }
  return out;
}
