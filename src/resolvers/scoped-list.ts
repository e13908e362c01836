import type { GraphQLResolveInfo } from 'graphql';
import type { Scope } from '../aws';
import type { ConnectionShape, ScopedPageArgs } from '../schema/common.type';
import type { GatewayContext } from '../server/context';
import { scopedConnection, type PageBounds, type PageFetch } from './connection';

/** A list query over the scopes its arguments select (every served scope by default). */
export function listAcrossScopes<T>(
  ctx: GatewayContext,
  info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>,
  args: ScopedPageArgs,
  bounds: PageBounds,
  source: (scope: Scope) => PageFetch<T>,
): Promise<ConnectionShape<T>> {
  return scopedConnection({
    info,
    failures: ctx.scopeFailures,
    scopes: ctx.scopes.select(args),
    page: { first: args.first, after: args.after, maxPageSize: ctx.config.aws.maxPageSize },
    bounds,
    source,
  });
}
