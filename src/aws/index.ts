import type { Redis } from 'ioredis';
import { createBudget, type ApiClass, type BucketSpec, type Budget } from './budget';
import type { CacheOptions, CacheStats } from './cache/response-cache';
import { ClientPool, type AccountCredentials, type StaticCredentials } from './clients';
import { AwsCore, type ReadTracker, type View } from './core';
import { Ec2Api } from './ec2/ec2-api';
import type { AwsCallEvent, AwsObserver } from './events';
import { resolveIdentity, type Identity } from './identity';
import { probe } from './probe';
import { scopeOf, type Scope } from './scope';
import { SsmApi } from './ssm/ssm-api';

export type { AwsCallEvent, AwsObserver, BatchEvent, SavedEvent } from './events';
export type { BudgetEvent } from './budget';
export { AwsError, isAwsError } from './errors';
export { IdentityError, type Identity } from './identity';
export { ProbeError, type ProbeFailure } from './probe';
export { scopeKey, scopeOf, type Scope } from './scope';
export type { ReadTracker } from './core';
export type { Ec2Api } from './ec2/ec2-api';
export type { SsmApi } from './ssm/ssm-api';

/** Everything the access layer needs, in one documented object (built from the config by the server). */
export interface AwsOptions {
  /** The region of fields that name none. */
  defaultRegion: string;
  /** Regions /readyz probes (the configured ones, or the default region). */
  probeRegions: readonly string[];
  /** The default credentials' account when known without STS (the embedded simulator's contract); unset = ask STS at start. */
  accountId?: string;
  /** Used when STS cannot answer (an emulator without STS): FLEETGRAPH_ACCOUNT_ID. Credential errors still stop the start. */
  fallbackAccountId?: string;
  /** Endpoint for every service (the simulator); unset = the SDK's resolution (AWS_ENDPOINT_URL_EC2 / _SSM / _STS honoured). */
  endpoint?: string;
  /** Static credentials for every account; unset = the default chain. */
  credentials?: StaticCredentials;
  /** Credentials per account (the multi-account seam: STS AssumeRole per member account). */
  credentialsFor?: (accountId: string) => AccountCredentials;
  /** SDK attempts per call. */
  maxAttempts: number;
  cache: CacheOptions;
  batch: {
    /** Quiet period that closes a batch of id lookups (FLEETGRAPH_AWS_BATCH_WINDOW_MS). */
    windowMs: number;
    /** Longest wait for a batch under a steady stream of lookups (FLEETGRAPH_AWS_BATCH_MAX_WAIT_MS). */
    maxWaitMs?: number;
    /** Calls per scope × lookup kind in flight before partial batches keep filling (default 1). */
    maxInFlight?: number;
  };
  budget: {
    /** Share of AWS's buckets this gateway may use; 0 = no client-side budget (FLEETGRAPH_AWS_BUDGET_SHARE). */
    share: number;
    /** Longest wait for a token before AWS_THROTTLED (FLEETGRAPH_AWS_BUDGET_DEADLINE_MS). */
    deadlineMs: number;
    /** Buckets other than AWS's defaults, per API class (FLEETGRAPH_AWS_BUDGETS). */
    overrides?: Partial<Record<ApiClass, BucketSpec>>;
    /** Shared by every replica when set (REDIS_URL). */
    redis?: Redis;
  };
  /** Concurrency bound per scope for one-resource-per-call APIs (FLEETGRAPH_AWS_CONCURRENCY). */
  perItemConcurrency: number;
  /** Metrics and tests. */
  observer?: AwsObserver;
  /** Redis failed under the budget (the process uses its own buckets meanwhile). */
  onBudgetStoreError?: (err: unknown) => void;
  /** STS could not answer and FLEETGRAPH_ACCOUNT_ID was used instead. */
  onIdentityFallback?: (err: unknown) => void;
}

/**
 * The gateway's handle on AWS: facades per scope, the identity, readiness, cache control. Views
 * (`withObserver`, `fresh`) share every client, cache, budget and batcher with their parent.
 */
export interface Aws {
  /** Establish the identity (STS GetCallerIdentity on real AWS); throws IdentityError with one clear line. */
  start(): Promise<Identity>;
  readonly identity: Identity;
  /** The scope of `region` in `accountId` (default: the gateway's own account, then the default region). */
  scope(region?: string, accountId?: string): Scope;
  ec2(scope: Scope): Ec2Api;
  ssm(scope: Scope): SsmApi;
  /** Readiness: throws ProbeError naming why AWS is not usable. */
  probe(): Promise<void>;
  /** Drop the scope's cached reads (mutations do this themselves). */
  invalidate(scope: Scope): void;
  /** `listener` hears of every invalidation of a scope's cached reads (a mutation there); returns its removal. */
  onInvalidate(listener: (scope: Scope) => void): () => void;
  /** The same access, telling `tracker` which scopes it uses and how old the cached answers it uses are. */
  tracked(tracker: ReadTracker): Aws;
  /** The same access, with one more observer of its calls (e.g. one request's audit trail). */
  withObserver(observer: (e: AwsCallEvent) => void): Aws;
  /**
   * The same access for one request that arrived at `arrivedAt` (epoch ms; default now): cached
   * answers that were fresh when it arrived stay good for it, so requests queued behind each other
   * on a busy process share them instead of each asking AWS again.
   */
  forRequest(arrivedAt?: number): Aws;
  /** The same access, never answering from the cache (in-flight calls are still shared). */
  fresh(): Aws;
  cacheStats(): CacheStats;
  /** The effective bucket of an API class, after share and safety margin. */
  budgetSpec(apiClass: ApiClass): BucketSpec;
  close(): void;
}

interface Shared {
  core: AwsCore;
  clients: ClientPool;
  budget: Budget;
  options: AwsOptions;
  identity?: Identity;
}

class AwsHandle implements Aws {
  constructor(
    private readonly shared: Shared,
    private readonly view: View,
  ) {}

  async start(): Promise<Identity> {
    const { options, core } = this.shared;
    this.shared.identity = await resolveIdentity(core, {
      region: options.defaultRegion,
      accountId: options.accountId,
      fallbackAccountId: options.fallbackAccountId,
      onFallback: options.onIdentityFallback,
    });
    return this.shared.identity;
  }

  get identity(): Identity {
    if (!this.shared.identity) throw new Error('AWS access used before start()');
    return this.shared.identity;
  }

  scope(region?: string, accountId?: string): Scope {
    return scopeOf(accountId ?? this.identity.accountId, region ?? this.shared.options.defaultRegion);
  }

  ec2(scope: Scope): Ec2Api {
    this.view.tracker?.scope(scope);
    return new Ec2Api(this.shared.core, this.view, scope);
  }

  ssm(scope: Scope): SsmApi {
    this.view.tracker?.scope(scope);
    return new SsmApi(this.shared.core, this.view, scope);
  }

  probe(): Promise<void> {
    return probe(
      this.shared.core,
      this.identity,
      this.shared.options.probeRegions.map((r) => this.scope(r)),
    );
  }

  invalidate(scope: Scope): void {
    this.shared.core.invalidate(scope);
  }

  onInvalidate(listener: (scope: Scope) => void): () => void {
    return this.shared.core.onInvalidate(listener);
  }

  tracked(tracker: ReadTracker): Aws {
    return new AwsHandle(this.shared, { ...this.view, tracker });
  }

  withObserver(observer: (e: AwsCallEvent) => void): Aws {
    const parent = this.view.report;
    return new AwsHandle(this.shared, {
      ...this.view,
      report: (e) => {
        parent(e);
        observer(e);
      },
    });
  }

  fresh(): Aws {
    return new AwsHandle(this.shared, { ...this.view, fresh: true });
  }

  forRequest(arrivedAt?: number): Aws {
    return new AwsHandle(this.shared, { ...this.view, since: arrivedAt ?? this.shared.core.cache.now() });
  }

  cacheStats(): CacheStats {
    return this.shared.core.cache.stats();
  }

  budgetSpec(apiClass: ApiClass): BucketSpec {
    return this.shared.budget.spec(apiClass);
  }

  close(): void {
    this.shared.clients.destroy();
  }
}

export function createAws(options: AwsOptions): Aws {
  const observer = options.observer ?? {};
  const clients = new ClientPool({
    endpoint: options.endpoint,
    credentials: options.credentials,
    credentialsFor: options.credentialsFor,
    maxAttempts: options.maxAttempts,
  });
  const budget = createBudget({
    ...options.budget,
    onReserve: (e) => observer.budget?.(e),
    onStoreError: options.onBudgetStoreError,
  });
  const core = new AwsCore({
    clients,
    budget,
    cache: options.cache,
    batchWindowMs: options.batch.windowMs,
    batchMaxWaitMs: options.batch.maxWaitMs,
    batchMaxInFlight: options.batch.maxInFlight ?? 1,
    perItemConcurrency: options.perItemConcurrency,
    observer,
  });
  return new AwsHandle({ core, clients, budget, options }, { fresh: false, report: (e) => observer.call?.(e) });
}
