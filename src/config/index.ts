import { readFileSync } from 'node:fs';
import { readAuthConfig, type AuthConfig, type ReadFile } from './auth';
import { readAwsConfig, type AwsConfig } from './aws';
import { ConfigError, createEnvReader, type Env, type EnvReader } from './env';
import { readLimitsConfig, type LimitsConfig } from './limits';
import { readObservabilityConfig, type ObservabilityConfig } from './observability';
import { readScopesConfig, type ScopesConfig } from './scopes';
import { readServerConfig, type ServerConfig } from './server';
import { readSimulatorConfig, type SimulatorConfig } from './simulator';
import { readWatcherConfig, type WatcherConfig } from './watcher';

/**
 * The gateway's whole configuration, read from the environment in one pass. This module is the
 * only reader of `process.env` in the gateway (test/unit/config/process-env.test.ts enforces it):
 * every other module gets its settings from here.
 */
export interface AppConfig {
  server: ServerConfig;
  aws: AwsConfig;
  /** The accounts and regions served (account × region scopes). */
  scopes: ScopesConfig;
  auth: AuthConfig;
  limits: LimitsConfig;
  watcher: WatcherConfig;
  simulator: SimulatorConfig;
  /** Redis for cross-replica PubSub, poll leases and the shared budgets; unset = in-memory, one replica. */
  messaging: MessagingConfig;
  observability: ObservabilityConfig;
}

export interface MessagingConfig {
  redisUrl?: string;
}

export interface LoadConfigIo {
  /** Reads FLEETGRAPH_API_KEYS_FILE and FLEETGRAPH_ACCOUNTS=@file (injected by tests). */
  readFile?: ReadFile;
}

/**
 * Every section from one environment. Settings that shape other sections (NODE_ENV, the backend)
 * are read once, by their own section, and handed on. Throws one ConfigError listing every
 * problem, one line each.
 */
export function loadConfig(env: Env = process.env, io: LoadConfigIo = {}): AppConfig {
  const problems: string[] = [];
  const r = createEnvReader(env, problems);
  const server = readServerConfig(r);
  const aws = readAwsConfig(r, { production: server.production });
  const readFile = io.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const config: AppConfig = {
    server,
    aws,
    scopes: readScopesConfig(r, { backend: aws.backend, readFile }),
    auth: readAuthConfig(r, { backend: aws.backend, readFile }),
    limits: readLimitsConfig(r, { production: server.production }),
    watcher: readWatcherConfig(r, { backend: aws.backend }),
    simulator: readSimulatorConfig(r),
    messaging: readMessagingConfig(r),
    observability: readObservabilityConfig(r),
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

function readMessagingConfig(r: EnvReader): MessagingConfig {
  const redisUrl = r.str('REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) r.problem('REDIS_URL must start with redis:// or rediss://');
  return redisUrl !== undefined ? { redisUrl } : {};
}

export { ConfigError, createEnvReader, type Env, type EnvReader } from './env';
export { isRegionName, type AwsConfig, type Backend } from './aws';
export type { AwsAccessConfig } from './aws-access';
export type { AuthConfig, AuthMethod } from './auth';
export type { ScopesConfig } from './scopes';
export type { JwtConfig } from './jwt';
export type { LimitsConfig, QueryLimitsConfig, ExecutionLimitsConfig, BudgetConfig, WebSocketLimitsConfig } from './limits';
export { LOG_LEVELS, type LogLevel, type ObservabilityConfig } from './observability';
export type { ExplorerMode, ServerConfig } from './server';
export type { SimulatorConfig } from './simulator';
export type { WatcherConfig } from './watcher';
