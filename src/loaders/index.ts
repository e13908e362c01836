import type { Aws, Scope } from '../aws';
import { scopeKey } from '../aws';
import { createEc2Loaders, type Ec2Loaders } from './ec2.loaders';
import { createSsmLoaders, type SsmLoaders } from './ssm.loaders';

export type ScopeLoaders = Ec2Loaders & SsmLoaders;

/**
 * Loaders for one GraphQL operation (a request, or one subscription event): they de-duplicate
 * within the operation and hand each tick's ids to the AWS facades, which batch them with other
 * requests' ids. Each scope gets its own set on first use, because calls cannot span scopes.
 */
export interface Loaders {
  scope(scope: Scope): ScopeLoaders;
}

export function createLoaders(aws: Aws): Loaders {
  const byScope = new Map<string, ScopeLoaders>();
  return {
    scope(scope) {
      const key = scopeKey(scope);
      let loaders = byScope.get(key);
      if (!loaders) {
        loaders = { ...createEc2Loaders(aws.ec2(scope)), ...createSsmLoaders(aws.ssm(scope)) };
        byScope.set(key, loaders);
      }
      return loaders;
    },
  };
}
