import type { Principal } from '../auth';
import { scopeOf, type Aws, type Scope } from '../aws';
import type { AppConfig } from '../config';
import { createLoaders, type Loaders } from '../loaders';
import type { AutomationExecution } from '../schema/automation.type';
import type { MacHost } from '../schema/host.type';
import type { MacModificationTask } from '../schema/mac-task.type';
import type { SubscriptionServices } from '../subscriptions/services';
import type { TaskRef } from '../subscriptions/task-ref';
import { ScopeFailures } from './scope-failures';
import { createScopeSelector, type ScopeSelector } from './scope-selector';

/** What every resolver gets: per-operation loaders over the shared AWS access layer. */
export interface GatewayContext {
  requestId: string;
  aws: Aws;
  /** Per operation; a subscription swaps in the shared loaders of each event it resolves. */
  loaders: Loaders;
  /** Only the AWS section: resolvers never hold the auth secrets or the metrics token. */
  config: Pick<AppConfig, 'aws'>;
  subscriptions?: SubscriptionServices;
  /** The served accounts and the scopes a field's arguments select (validated). */
  scopes: ScopeSelector;
  /**
   * One scope: `region` (validated) or the default region, in `accountId` (a served account) or
   * the home account — for fields that must name exactly one place.
   */
  scope(requestedRegion?: string | null, accountId?: string | null): Scope;
  /** Scopes that failed while their field answered with the others' rows (added to the response's errors). */
  scopeFailures: ScopeFailures;
  /** Tells the task watcher about tasks a mutation created or changed, so it polls them soon. */
  events?: TaskActivitySink;
  /** Who is calling (set by authentication; mode `none` gives the anonymous principal). */
  principal?: Principal;
  /** AWS request id of this operation's last mutating call, for the audit log. */
  lastAwsRequestId(): string | undefined;
}

export interface TaskActivitySink {
  /** Fire-and-forget: a mutation must not fail because the watcher could not record it. */
  /** `created`: announce its first observation (a task created, a host scrub begun through this gateway). */
  taskChanged(ref: TaskRef, observed?: MacModificationTask | AutomationExecution | MacHost | null, options?: { created?: boolean }): void;
}

export function createContext(
  aws: Aws,
  config: Pick<AppConfig, 'aws' | 'scopes'>,
  requestId: string,
  extras: { events?: TaskActivitySink; subscriptions?: SubscriptionServices; principal?: Principal; arrivedAt?: number } = {},
): GatewayContext {
  let lastWrite: string | undefined;
  const { arrivedAt, ...rest } = extras;
  // This request's view of AWS: the shared clients and cache (as fresh as at its arrival), plus a
  // note of mutating calls.
  const requestAws = aws.forRequest(arrivedAt).withObserver((e) => {
    if (e.mutating && e.awsRequestId) lastWrite = e.awsRequestId;
  });
  const openRegions = config.scopes.regions.mode === 'home';
  const scopes = createScopeSelector(() => aws.accounts(), { openRegions });
  return {
    ...rest,
    requestId,
    aws: requestAws,
    lastAwsRequestId: () => lastWrite,
    config: { aws: config.aws },
    loaders: createLoaders(requestAws),
    scopes,
    scope: (region, accountId) => {
      if (region !== undefined && region !== null) return scopes.select({ accountId: accountId ?? aws.accounts()[0].id, region })[0];
      // No region: the default one where the account serves it, else the account's first.
      const inAccount = scopes.select({ accountId: accountId ?? aws.accounts()[0].id });
      return inAccount.find((s) => s.region === config.aws.defaultRegion) ?? (openRegions ? scopeOf(inAccount[0].accountId, config.aws.defaultRegion) : inAccount[0]);
    },
    scopeFailures: new ScopeFailures(),
  };
}
