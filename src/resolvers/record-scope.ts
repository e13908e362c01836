import { scopeOf } from '../aws';
import type { ScopeLoaders } from '../loaders';
import type { GatewayContext } from '../server/context';

/** The operation's loaders for the scope a record lives in (its account and region). */
export function loadersOf(ctx: GatewayContext, record: { accountId: string; region: string }): ScopeLoaders {
  return ctx.loaders.scope(scopeOf(record.accountId, record.region));
}
