import type { AwsAccess } from '../aws/aws-access';
import { createEc2Loaders, type Ec2Loaders } from './ec2.loaders';
import { createSsmLoaders, type SsmLoaders } from './ssm.loaders';

export type RegionLoaders = Ec2Loaders & SsmLoaders;

/**
 * Loaders for one GraphQL operation (a request, or one subscription event). Each region gets its
 * own set on first use, because batches cannot span regions.
 */
export interface Loaders {
  region(region: string): RegionLoaders;
}

export function createLoaders(aws: AwsAccess, options: { perItemConcurrency: number }): Loaders {
  const byRegion = new Map<string, RegionLoaders>();
  return {
    region(region) {
      let loaders = byRegion.get(region);
      if (!loaders) {
        loaders = {
          ...createEc2Loaders(aws, region, options.perItemConcurrency),
          ...createSsmLoaders(aws, region, options.perItemConcurrency),
        };
        byRegion.set(region, loaders);
      }
      return loaders;
    },
  };
}
