import type { GraphQLResolveInfo } from 'graphql';
import { isAwsError, type Scope } from '../aws';
import type { ScopeLoaders } from '../loaders';
import type { GatewayContext } from '../server/context';
import type { ScopeArgs } from '../server/scope-selector';

export interface Located<T> {
  value: T;
  scope: Scope;
}

/**
 * Find one resource by id in whichever selected scope holds it: every scope is asked at once,
 * through the operation's loaders (so several lookups in one operation share one batched call per
 * scope); the first scope, in the served order, that knows the id wins. When no scope knows it and
 * some could not answer, those are reported like a list's unavailable scopes and the answer is
 * null: the resource may be in one of them.
 */
export async function locate<T>(
  ctx: GatewayContext,
  info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>,
  where: ScopeArgs | Scope[],
  load: (loaders: ScopeLoaders, scope: Scope) => Promise<T | null | undefined>,
  /** Among the scopes that know the id, the first one this accepts wins (e.g. the AMI's owner); else the first. */
  prefer: (value: T, scope: Scope) => boolean = () => true,
): Promise<Located<T> | null> {
  const scopes = Array.isArray(where) ? where : ctx.scopes.select(where);
  const settled = await Promise.allSettled(scopes.map((scope) => load(ctx.loaders.scope(scope), scope)));
  const found = settled.flatMap((r, i) => (r.status === 'fulfilled' && r.value !== null && r.value !== undefined ? [{ value: r.value, scope: scopes[i] }] : []));
  if (found.length) return found.find((f) => prefer(f.value, f.scope)) ?? found[0];
  const failures = settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  const unexpected = failures.find((err) => !isAwsError(err));
  if (unexpected !== undefined) throw unexpected;
  for (const err of failures) if (isAwsError(err)) ctx.scopeFailures.add(info, err);
  return null;
}

/** `locate`, for callers that need the value only. */
export async function lookupAnywhere<T>(
  ctx: GatewayContext,
  info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>,
  where: ScopeArgs,
  load: (loaders: ScopeLoaders, scope: Scope) => Promise<T | null | undefined>,
): Promise<T | null> {
  return (await locate(ctx, info, where, load))?.value ?? null;
}
