import { API_CLASSES, type ApiClass, type BucketSpec } from './aws/budget/api-classes';
import { createEnvReader } from './env-reader';

/**
 * One typed, validated configuration object read from the environment. Every bad setting is
 * reported at once, each on its own line, so a misconfigured deployment fails fast and legibly.
 */
export type Backend = 'simulator' | 'aws';

export interface Config {
  port: number;
  host: string;
  backend: Backend;
  /** Region used when a query gives none. */
  defaultRegion: string;
  /** Regions a query may name; empty = any well-formed region name. */
  allowedRegions: string[];
  simulator: { port: number; instances: number; timeScale: number; throttling: boolean };
  /** Cross-request describe cache TTL; 0 keeps only in-flight coalescing. */
  cacheTtlMs: number;
  /** Upper bound for `first` on every connection. */
  maxPageSize: number;
  /** Concurrency bound for one-resource-per-call APIs (DescribeImageAttribute, GetAutomationExecution). */
  perItemConcurrency: number;
  /** SDK attempts per AWS call (retries on throttling and 5xx use the SDK's adaptive mode). */
  awsMaxAttempts: number;
  production: boolean;
  /** Redis for cross-replica PubSub and poll leases; unset = in-memory, one replica. */
  redisUrl?: string;
  watcher: { minIntervalMs: number; maxIntervalMs: number; discoveryIntervalMs: number; leaseMs: number };
  aws: AwsAccessConfig;
}

/** The AWS access layer (src/aws): cross-request batching, request budgets, cache bounds. */
export interface AwsAccessConfig {
  /** FLEETGRAPH_ACCOUNT_ID: the account id when STS cannot tell it (an emulator without STS). */
  accountId?: string;
  /** FLEETGRAPH_AWS_BATCH_WINDOW_MS: the quiet period after which a batch of id lookups goes out (more ids keep joining until then). */
  batchWindowMs: number;
  /** FLEETGRAPH_AWS_BATCH_MAX_WAIT_MS: the longest an id lookup waits for a batch under a steady stream. */
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

function parseBudgetOverrides(raw: string | undefined, problems: string[]): Partial<Record<ApiClass, BucketSpec>> {
  if (!raw) return {};
  const bad = (why: string) => {
    problems.push(`FLEETGRAPH_AWS_BUDGETS ${why}`);
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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const REGION_RE = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

export function isRegionName(value: string): boolean {
  return REGION_RE.test(value);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];

  const { int, num, bool } = createEnvReader(env, problems);

  const backendRaw = env.FLEETGRAPH_BACKEND ?? 'simulator';
  let backend: Backend = 'simulator';
  if (backendRaw === 'simulator' || backendRaw === 'aws') backend = backendRaw;
  else problems.push(`FLEETGRAPH_BACKEND=${JSON.stringify(backendRaw)} must be "simulator" or "aws"`);

  const defaultRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
  if (!isRegionName(defaultRegion)) problems.push(`AWS_REGION=${JSON.stringify(defaultRegion)} is not a region name`);

  const allowedRegions = (env.FLEETGRAPH_REGIONS ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  for (const r of allowedRegions) {
    if (!isRegionName(r)) problems.push(`FLEETGRAPH_REGIONS contains ${JSON.stringify(r)}, which is not a region name`);
  }

  const config: Config = {
    port: int('PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    backend,
    defaultRegion,
    allowedRegions,
    simulator: {
      port: int('FLEETGRAPH_SIMULATOR_PORT', 4599, 0, 65535),
      instances: int('SIM_INSTANCES', 40, 1, 100000),
      timeScale: num('SIM_TIME_SCALE', 60, 0, 100000),
      throttling: bool('SIM_THROTTLING', true),
    },
    cacheTtlMs: int('FLEETGRAPH_CACHE_TTL_MS', 2000, 0, 600000),
    maxPageSize: int('FLEETGRAPH_MAX_PAGE_SIZE', 1000, 1, 1000),
    perItemConcurrency: int('FLEETGRAPH_AWS_CONCURRENCY', 8, 1, 100),
    awsMaxAttempts: int('FLEETGRAPH_AWS_MAX_ATTEMPTS', 3, 1, 10),
    production: env.NODE_ENV === 'production',
    redisUrl: env.REDIS_URL || undefined,
    // Real Mac tasks run for up to ~90 minutes: poll AWS gently; the simulator's clock is fast.
    watcher: {
      minIntervalMs: int('FLEETGRAPH_POLL_MIN_MS', backend === 'aws' ? 5000 : 1000, 100, 600000),
      maxIntervalMs: int('FLEETGRAPH_POLL_MAX_MS', backend === 'aws' ? 60000 : 5000, 100, 3600000),
      discoveryIntervalMs: int('FLEETGRAPH_DISCOVERY_MS', backend === 'aws' ? 30000 : 5000, 100, 3600000),
      leaseMs: int('FLEETGRAPH_LEASE_MS', backend === 'aws' ? 180000 : 15000, 500, 3600000),
    },
    aws: {
      accountId: env.FLEETGRAPH_ACCOUNT_ID || undefined,
      batchWindowMs: int('FLEETGRAPH_AWS_BATCH_WINDOW_MS', 5, 0, 10000),
      batchMaxWaitMs: int('FLEETGRAPH_AWS_BATCH_MAX_WAIT_MS', 100, 0, 60000),
      budgetShare: num('FLEETGRAPH_AWS_BUDGET_SHARE', 0.5, 0, 1),
      budgetDeadlineMs: int('FLEETGRAPH_AWS_BUDGET_DEADLINE_MS', 5000, 0, 600000),
      budgetOverrides: parseBudgetOverrides(env.FLEETGRAPH_AWS_BUDGETS, problems),
      cacheMaxBytes: int('FLEETGRAPH_CACHE_MAX_BYTES', 32 * 1024 * 1024, 0, 8 * 1024 * 1024 * 1024),
      cacheMaxEntries: int('FLEETGRAPH_CACHE_MAX_ENTRIES', 10000, 0, 1000000),
    },
  };
  if (config.aws.batchMaxWaitMs < config.aws.batchWindowMs) config.aws.batchMaxWaitMs = config.aws.batchWindowMs;
  if (config.aws.accountId !== undefined && !/^\d{12}$/.test(config.aws.accountId)) problems.push(`FLEETGRAPH_ACCOUNT_ID must be a 12-digit AWS account id`);
  if (config.watcher.maxIntervalMs < config.watcher.minIntervalMs) problems.push('FLEETGRAPH_POLL_MAX_MS must be ≥ FLEETGRAPH_POLL_MIN_MS');
  if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) problems.push(`REDIS_URL must start with redis:// or rediss://`);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
