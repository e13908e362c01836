import { createAws, type Aws, type AwsCallEvent, type BatchEvent } from '../aws';
import type { StaticCredentials } from '../aws/clients';
import type { AppConfig } from '../config';
import type { Logger } from '../observability/logger';
import type { Metrics } from '../observability/metrics';
import type { Messaging } from '../subscriptions/pubsub';

/** Where and how the gateway reaches AWS, beyond config: the embedded simulator and tests set these. */
export interface AwsConnectionOptions {
  /** Endpoint for every AWS service (the simulator); unset = SDK default resolution. */
  awsEndpoint?: string;
  credentials?: StaticCredentials;
  /** The credentials' account when known without STS (the embedded simulator's); unset = STS GetCallerIdentity at start. */
  accountId?: string;
  /** AWS's clock (epoch ms): the embedded simulator's simulated time; unset = this machine's clock. */
  awsClock?: () => number;
  /** Observe every AWS call (tests). */
  onAwsCall?: (e: AwsCallEvent) => void;
  /** Observe each cross-request batch as it goes out, before its call is answered (tests). */
  onAwsBatch?: (e: BatchEvent) => void;
}

export interface AwsAccessOptions extends AwsConnectionOptions {
  config: AppConfig;
  logger: Logger;
  metrics: Metrics;
  /** The shared budget's store (every replica draws from one budget); unset = this replica's own. */
  redis: Messaging['redis'];
}

/**
 * A warning that would repeat on every call during an outage (Redis down): said once a minute at most.
 */
export function throttledWarning(logger: Logger, message: string): (err: unknown) => void {
  let lastAt = 0;
  return (err) => {
    if (Date.now() - lastAt < 60_000) return;
    lastAt = Date.now();
    logger.warn({ err: { message: (err as Error)?.message } }, message);
  };
}

/**
 * The gateway's one door to AWS, built from config and started: the caller's identity found
 * (STS), the served accounts and regions resolved and logged, metrics observing every call,
 * batch and cache. A start that fails (credentials, a bad account setting) closes what it opened.
 */
export async function startAwsAccess(o: AwsAccessOptions): Promise<Aws> {
  const { config, logger, metrics } = o;
  const aws = createAws({
    defaultRegion: config.aws.defaultRegion,
    scopes: config.scopes,
    accountId: o.accountId,
    fallbackAccountId: config.aws.accountId,
    endpoint: o.awsEndpoint,
    credentials: o.credentials,
    maxAttempts: config.aws.maxAttempts,
    cache: { ttlMs: config.aws.cacheTtlMs, maxBytes: config.aws.cacheMaxBytes, maxEntries: config.aws.cacheMaxEntries },
    batch: { windowMs: config.aws.batchWindowMs, maxWaitMs: config.aws.batchMaxWaitMs },
    budget: { share: config.aws.budgetShare, deadlineMs: config.aws.budgetDeadlineMs, overrides: config.aws.budgetOverrides, redis: o.redis },
    perItemConcurrency: config.aws.perItemConcurrency,
    clock: o.awsClock,
    observer: {
      ...metrics.awsObserver,
      call: (e) => {
        metrics.awsCall(e);
        o.onAwsCall?.(e);
      },
      batch: (e) => {
        metrics.awsObserver.batch?.(e);
        o.onAwsBatch?.(e);
      },
    },
    onBudgetStoreError: throttledWarning(logger, "shared AWS budget unavailable in Redis; using this replica's own budget meanwhile"),
    onIdentityFallback: (err) => logger.warn({ err: { message: (err as Error)?.message } }, 'STS GetCallerIdentity failed; using FLEETGRAPH_ACCOUNT_ID'),
    onScopeWarning: (facts, message) => logger.warn(facts, message),
  });
  metrics.observeAwsCache(() => aws.cacheStats());
  try {
    const identity = await aws.start();
    logger.info({ accountId: identity.accountId, arn: identity.arn, source: identity.source }, 'AWS identity');
    const accounts = aws.accounts().map((a) => ({ id: a.id, name: a.name, regions: a.regions, role: a.role?.roleArn }));
    logger.info({ accounts, scopes: aws.scopes().length }, `serving ${accounts.length} account(s), ${aws.scopes().length} scope(s)`);
    return aws;
  } catch (err) {
    aws.close();
    throw err;
  }
}
