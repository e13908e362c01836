import type { Principal } from '../auth';
import type { Aws, Scope } from '../aws';
import { isRegionName, type AppConfig, type AwsConfig } from '../config';
import { BadUserInputError } from '../errors/gateway-error';
import { isKnownRegion } from '../validation/regions';
import { createLoaders, type Loaders } from '../loaders';
import type { AutomationExecution } from '../schema/automation.type';
import type { MacHost } from '../schema/host.type';
import type { MacModificationTask } from '../schema/mac-task.type';
import type { SubscriptionServices } from '../subscriptions/services';
import type { TaskRef } from '../subscriptions/task-ref';

/** What every resolver gets: per-operation loaders over the shared AWS access layer. */
export interface GatewayContext {
  requestId: string;
  aws: Aws;
  /** Per operation; a subscription swaps in the shared loaders of each event it resolves. */
  loaders: Loaders;
  /** Only the AWS section: resolvers never hold the auth secrets or the metrics token. */
  config: Pick<AppConfig, 'aws'>;
  subscriptions?: SubscriptionServices;
  /** The scope a field asked for (its region, validated, or the default one; the gateway's account). */
  scope(requestedRegion?: string | null): Scope;
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
  config: AppConfig,
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
  return {
    ...rest,
    requestId,
    aws: requestAws,
    lastAwsRequestId: () => lastWrite,
    config: { aws: config.aws },
    loaders: createLoaders(requestAws),
    scope: (requested) => requestAws.scope(resolveRegion(config.aws, requested)),
  };
}

export function resolveRegion(config: Pick<AwsConfig, 'defaultRegion' | 'allowedRegions'>, requested?: string | null): string {
  if (requested === undefined || requested === null) return config.defaultRegion;
  // Without FLEETGRAPH_REGIONS, only the regions of AWS's partitions; the value is never repeated.
  if (!isRegionName(requested) || (!config.allowedRegions.length && !isKnownRegion(requested))) {
    throw new BadUserInputError('region: not an AWS region (FLEETGRAPH_REGIONS lists the ones this gateway serves)', [{ field: 'region', message: 'not an AWS region' }]);
  }
  if (config.allowedRegions.length && !config.allowedRegions.includes(requested)) {
    throw new BadUserInputError(`Region ${requested} is not enabled on this gateway (allowed: ${config.allowedRegions.join(', ')})`, [
      { field: 'region', message: 'region not enabled' },
    ]);
  }
  return requested;
}
