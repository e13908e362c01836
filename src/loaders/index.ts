import type { Aws, Ec2Api, Scope, SsmApi } from '../aws';
import { scopeKey } from '../aws';
import { ec2Loaders, type Ec2Loaders } from './ec2.loaders';
import { ssmLoaders, type SsmLoaders } from './ssm.loaders';

export type ScopeLoaders = Ec2Loaders & SsmLoaders;

/**
 * Loaders for one GraphQL operation (a request, or one subscription event): they de-duplicate
 * within the operation and hand each tick's ids to the AWS facades, which batch them with other
 * requests' ids. Each scope gets its own set on first use, because calls cannot span scopes.
 */
export interface Loaders {
  scope(scope: Scope): ScopeLoaders;
}

/**
 * One scope's loaders, each DataLoader made when first used: an operation uses two or three of
 * the ten, and every request builds its own set (a single-id lookup would otherwise pay for ten).
 * The getters live on the prototype, defined once; an instance holds only what it made.
 */
class LazyScopeLoaders {
  private readonly made: Partial<Record<string, unknown>> = {};
  private ec2Api?: Ec2Api;
  private ssmApi?: SsmApi;

  constructor(
    private readonly aws: Aws,
    private readonly scope: Scope,
  ) {}

  ec2(): Ec2Api {
    return (this.ec2Api ??= this.aws.ec2(this.scope));
  }

  ssm(): SsmApi {
    return (this.ssmApi ??= this.aws.ssm(this.scope));
  }

  static {
    const define = <A>(factories: Record<string, (api: A) => unknown>, api: (self: LazyScopeLoaders) => A) => {
      for (const [name, make] of Object.entries(factories)) {
        Object.defineProperty(LazyScopeLoaders.prototype, name, {
          get(this: LazyScopeLoaders) {
            return (this.made[name] ??= make(api(this)));
          },
        });
      }
    };
    define(ec2Loaders, (self) => self.ec2());
    define(ssmLoaders, (self) => self.ssm());
  }
}

export function createLoaders(aws: Aws): Loaders {
  const byScope = new Map<string, ScopeLoaders>();
  return {
    scope(scope) {
      const key = scopeKey(scope);
      let loaders = byScope.get(key);
      if (!loaders) {
        loaders = new LazyScopeLoaders(aws, scope) as unknown as ScopeLoaders;
        byScope.set(key, loaders);
      }
      return loaders;
    },
  };
}
