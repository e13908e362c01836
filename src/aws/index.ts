import type { Redis } from 'ioredis';
import { createBudget, type ApiClass, type BucketSpec } from './budget';
import type { CacheOptions, CacheStats } from './cache/response-cache';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { RoleCredentials } from './accounts/role-credentials';
import { resolveServedAccounts, type ServedAccount } from './accounts/served-accounts';
import type { ScopeSettings } from './accounts/settings';
import { ClientPool, type StaticCredentials } from './clients';
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
export { REQUEST_GRACE_MS } from './cache/response-cache';
export { IdentityError, type Identity } from './identity';
export { ProbeError, type ProbeFailure } from './probe';
export { scopeKey, scopeOf, type Scope } from './scope';
export type { ReadTracker } from './core';
export { ScopeSetupError, type ServedAccount } from './accounts/served-accounts';
export type { AccountSpec, ScopeSettings } from './accounts/settings';
export type { Ec2Api } from './ec2/ec2-api';
export type { SsmApi } from './ssm/ssm-api';

/** Everything the access layer needs, in one documented object (built from the config by the server). */
export interface AwsOptions {
  /** The region of fields that name none; account-level calls (Organizations, DescribeRegions, AssumeRole) go there. */
  defaultRegion: string;
  /** The accounts and regions to serve (resolved at start); default: the caller's own account in the default region. */
  scopes?: ScopeSettings;
  /** The default credentials' account when known without STS (the embedded simulator's contract); unset = ask STS at start. */
  accountId?: string;
  /** Used when STS cannot answer (an emulator without STS): FLEETGRAPH_ACCOUNT_ID. Credential errors still stop the start. */
  fallbackAccountId?: string;
  /** Endpoint for every service (the simulator); unset = the SDK's resolution (AWS_ENDPOINT_URL_EC2 / _SSM / _STS honoured). */
  endpoint?: string;
  /** The gateway's own static credentials; unset = the default chain. Other accounts are reached by assuming a role with them. */
  credentials?: StaticCredentials;
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
  /**
   * AWS's clock in epoch ms, for decisions AWS makes by its own time (a Mac host's 24-hour minimum):
   * the embedded simulator's simulated time; unset = this machine's clock (real AWS).
   */
  clock?: () => number;
  /** Metrics and tests. */
  observer?: AwsObserver;
  /** Redis failed under the budget (the process uses its own buckets meanwhile). */
  onBudgetStoreError?: (err: unknown) => void;
  /** STS could not answer and FLEETGRAPH_ACCOUNT_ID was used instead. */
  onIdentityFallback?: (err: unknown) => void;
  /** Something about the scopes worth an operator's attention that does not stop the start. */
  onScopeWarning?: (facts: Record<string, unknown>, message: string) => void;
}

/** Who an account's credentials are, as STS GetCallerIdentity says. */
export interface CallerIdentity {
  accountId: string;
  arn?: string;
}

/**
 * The gateway's handle on AWS: facades per scope, the identity, readiness, cache control. Views
 * (`withObserver`, `fresh`) share every client, cache, budget and batcher with their parent.
 */
export interface Aws {
  /**
   * Establish the identity (STS GetCallerIdentity on real AWS) and the served accounts and regions
   * (Organizations ListAccounts, DescribeRegions, as configured); throws IdentityError with one
   * clear line, or ScopeSetupError with one line per problem.
   */
  start(): Promise<Identity>;
  readonly identity: Identity;
  /** The served accounts, each with its regions (each account × region is a scope), the home account first. */
  accounts(): readonly ServedAccount[];
  /** Every served scope, account by account. */
  scopes(): Scope[];
  /** The scope of `region` in `accountId` (default: the gateway's own account, then the default region). */
  scope(region?: string, accountId?: string): Scope;
  /** STS GetCallerIdentity with the scope's credentials (an assumed role for member accounts): can the account be reached? Cached like reads. */
  callerIdentity(scope: Scope): Promise<CallerIdentity>;
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
  /** "Now" as AWS sees it (epoch ms): see AwsOptions.clock. */
  now(): number;
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
  close(): void;
}

interface Shared {
  core: AwsCore;
  clients: ClientPool;
  roles: RoleCredentials;
  options: AwsOptions;
  identity?: Identity;
  accounts?: ServedAccount[];
}

class AwsHandle implements Aws {
  constructor(
    private readonly shared: Shared,
    private readonly view: View,
  ) {}

  async start(): Promise<Identity> {
    const { options, core, roles } = this.shared;
    const identity = await resolveIdentity(core, {
      region: options.defaultRegion,
      accountId: options.accountId,
      fallbackAccountId: options.fallbackAccountId,
      onFallback: options.onIdentityFallback,
    });
    this.shared.identity = identity;
    this.shared.accounts = await resolveServedAccounts(core, {
      settings: options.scopes ?? { accounts: { mode: 'self' }, regions: { mode: 'home' } },
      identity,
      defaultRegion: options.defaultRegion,
      registerRole: (accountId, access) => roles.register(accountId, access),
      warn: options.onScopeWarning ?? (() => {}),
    });
    this.shared.clients.reserve(this.scopes().length);
    return identity;
  }

  get identity(): Identity {
    if (!this.shared.identity) throw new Error('AWS access used before start()');
    return this.shared.identity;
  }

  accounts(): readonly ServedAccount[] {
    if (!this.shared.accounts) throw new Error('AWS access used before start()');
    return this.shared.accounts;
  }

  scopes(): Scope[] {
    return this.accounts().flatMap((a) => a.regions.map((r) => scopeOf(a.id, r)));
  }

  callerIdentity(scope: Scope): Promise<CallerIdentity> {
    return this.shared.core.read(this.view, scope, { service: 'sts', kind: 'callerIdentity', action: 'GetCallerIdentity' }, '', async (send) => {
      const out = await send(new GetCallerIdentityCommand({}));
      return { accountId: out.Account ?? scope.accountId, ...(out.Arn ? { arn: out.Arn } : {}) };
    });
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

  /** The home account's scopes (the gateway's own account, else the first served): a member account that refuses us is a failed scope, not an unready gateway. */
  probe(): Promise<void> {
    const home = this.accounts()[0];
    return probe(
      this.shared.core,
      this.identity,
      home.regions.map((r) => scopeOf(home.id, r)),
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

  now(): number {
    return this.shared.options.clock?.() ?? Date.now();
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

  close(): void {
    this.shared.clients.destroy();
  }
}

export function createAws(options: AwsOptions): Aws {
  const observer = options.observer ?? {};
  const roles = new RoleCredentials({ region: options.defaultRegion, endpoint: options.endpoint, baseCredentials: options.credentials, maxAttempts: options.maxAttempts });
  const clients = new ClientPool({
    endpoint: options.endpoint,
    credentials: options.credentials,
    credentialsFor: (accountId) => roles.providerFor(accountId),
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
    renewCredentials: (accountId, usedSince) => roles.invalidate(accountId, usedSince),
  });
  return new AwsHandle({ core, clients, roles, options }, { fresh: false, report: (e) => observer.call?.(e) });
}
