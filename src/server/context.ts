import type { AwsAccess } from '../aws/aws-access';
import type { Config } from '../config';
import { isRegionName } from '../config';
import { BadUserInputError } from '../errors/gateway-error';
import { createLoaders, type Loaders } from '../loaders';

/** What every resolver gets: per-operation loaders over the shared AWS access layer. */
export interface GatewayContext {
  requestId: string;
  aws: AwsAccess;
  loaders: Loaders;
  config: Config;
  /** The region a field asked for, validated, or the default one. */
  region(requested?: string | null): string;
  /** Tells the task watcher about tasks a mutation created or changed, so it polls them soon. */
  events?: TaskActivitySink;
}

export interface TaskActivitySink {
  taskCreated(task: { kind: 'mac' | 'automation'; id: string; region: string }): void;
}

export function createContext(aws: AwsAccess, config: Config, requestId: string): GatewayContext {
  return {
    requestId,
    aws,
    config,
    loaders: createLoaders(aws, { perItemConcurrency: config.perItemConcurrency }),
    region: (requested) => resolveRegion(config, requested),
  };
}

export function resolveRegion(config: Config, requested?: string | null): string {
  if (requested === undefined || requested === null) return config.defaultRegion;
  if (!isRegionName(requested)) {
    throw new BadUserInputError(`${JSON.stringify(requested)} is not an AWS region name`, [{ field: 'region', message: 'not a region name' }]);
  }
  if (config.allowedRegions.length && !config.allowedRegions.includes(requested)) {
    throw new BadUserInputError(`Region ${requested} is not enabled on this gateway (allowed: ${config.allowedRegions.join(', ')})`, [
      { field: 'region', message: 'region not enabled' },
    ]);
  }
  return requested;
}
