import type { GraphQLResolveInfo } from 'graphql';
import type { Scope } from '../aws';
import { BadUserInputError, NotFoundError } from '../errors/gateway-error';
import type { ScopeLoaders } from '../loaders';
import type { GatewayContext } from '../server/context';
import { locate } from './scope-lookup';

/** Where a field may look or act: its optional account and region arguments. */
export interface ResourceWhere {
  accountId?: string | null;
  region?: string | null;
}

/** The resource a mutation acts on (or a subscription follows), and how to find it in a scope. */
export interface ResourceTarget<T> {
  /** e.g. `instance i-0123…`, for the error when no scope holds it. */
  label: string;
  load(loaders: ScopeLoaders, scope: Scope): Promise<T | null | undefined>;
  /** Among several scopes that see it, the one to act in (e.g. the AMI's owner). */
  prefer?(value: T, scope: Scope): boolean;
}

/**
 * The scope a mutation acts in, or a per-task subscription follows (contract §3a): the one its
 * arguments name; else the served scope that
 * holds the resource (every candidate asked at once, through the operation's loaders — which the
 * payload then reuses); else, with a single served account, that account (AWS answers whether the
 * resource exists). Several accounts and no holder is NOT_FOUND, naming what to add.
 */
export async function scopeHolding<T>(ctx: GatewayContext, info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>, where: ResourceWhere, target: ResourceTarget<T>): Promise<Scope> {
  if (where.accountId && where.region) return ctx.scope(where.region, where.accountId);
  const candidates = ctx.scopes.select(where);
  if (candidates.length === 1) return candidates[0];
  const found = await locate(ctx, info, candidates, (l, s) => target.load(l, s), target.prefer);
  if (found) return found.scope;
  const accounts = new Set(candidates.map((s) => s.accountId));
  if (accounts.size === 1) return ctx.scope(where.region, candidates[0].accountId);
  throw new NotFoundError(`${target.label} is in none of the ${candidates.length} served scopes (${accounts.size} accounts): give accountId and region`);
}

/** A mutation that creates something from nothing (a runbook start): the named account, else the only one. */
export function creationScope(ctx: GatewayContext, where: ResourceWhere): Scope {
  const accounts = ctx.scopes.accounts();
  if (!where.accountId && accounts.length > 1) {
    throw new BadUserInputError(`accountId is required: this gateway serves ${accounts.length} accounts`, [{ field: 'accountId', message: `required: one of ${accounts.map((a) => a.id).join(', ')}` }]);
  }
  return ctx.scope(where.region, where.accountId);
}
