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
  /** What a browser gets at GET /graphql: see ExplorerMode. */
  explorer: ExplorerMode;
}

/**
 * `graphiql`: GraphiQL bundled and served by the gateway (works offline); `sandbox`: Apollo
 * Sandbox (loaded from Apollo's CDN); `off`: no page. Production allows only `off` and defaults
 * to Apollo's production landing page (introspection is off there, so an explorer is useless).
 */
export type ExplorerMode = 'graphiql' | 'sandbox' | 'off' | 'production-landing-page';

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
    explorer: 'off',
  };
  // ---- browser explorer (FLEETGRAPH_EXPLORER) ----
  const explorerRaw = env.FLEETGRAPH_EXPLORER || (config.production ? 'production-landing-page' : 'graphiql');
  const explorerModes: ExplorerMode[] = config.production ? ['off', 'production-landing-page'] : ['graphiql', 'sandbox', 'off'];
  if ((explorerModes as string[]).includes(explorerRaw)) config.explorer = explorerRaw as ExplorerMode;
  else if (config.production && ['graphiql', 'sandbox'].includes(explorerRaw)) problems.push(`FLEETGRAPH_EXPLORER=${explorerRaw} is for development: production allows only "off"`);
  else problems.push(`FLEETGRAPH_EXPLORER=${JSON.stringify(explorerRaw)} must be "graphiql", "sandbox" or "off"`);

  if (config.watcher.maxIntervalMs < config.watcher.minIntervalMs) problems.push('FLEETGRAPH_POLL_MAX_MS must be ≥ FLEETGRAPH_POLL_MIN_MS');
  if (config.redisUrl && !/^rediss?:\/\//.test(config.redisUrl)) problems.push(`REDIS_URL must start with redis:// or rediss://`);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
