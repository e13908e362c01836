import type { GraphQLResolveInfo } from 'graphql';
import type { Scope } from '../aws';
import type { ConnectionShape, ScopedPageArgs } from '../schema/common.type';
import type { GatewayContext } from '../server/context';
import type { ScopeLoaders } from '../loaders';
import { rowsInMemory, scopedConnection, type PageBounds, type PageFetch } from './connection';
import { loadedRows, type RowLoader } from './loaded-rows';

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

/**
 * A list query given ids: each selected scope looks them up (once each) through the operation's
 * batched loader, and keeps the rows `keep` accepts (the filter's other fields).
 */
export function listByIds<T>(
  ctx: GatewayContext,
  info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>,
  args: ScopedPageArgs,
  bounds: PageBounds,
  ids: readonly string[],
  loader: (loaders: ScopeLoaders) => RowLoader<T>,
  keep: (row: T) => boolean,
): Promise<ConnectionShape<T>> {
  const unique = [...new Set(ids)];
  return listAcrossScopes(ctx, info, args, bounds, (scope) => rowsInMemory(async () => (await loadedRows(loader(ctx.loaders.scope(scope)), unique)).filter(keep)));
}
