import { Authorized, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { isAwsError, scopeOf } from '../aws';
import { Account, ScopeError } from '../schema/account.type';
import type { GatewayContext } from '../server/context';

/** Per operation: one reachability check per account, however many fields ask. */
const checks = new WeakMap<object, Map<string, Promise<ScopeError | null>>>();

/**
 * Can the account be reached? STS GetCallerIdentity with its credentials — for a member account,
 * that is AssumeRole (trust policy, ExternalId) and the session working — in its first region.
 * Cached like any read; the answer is the error, or null when reachable.
 */
function reachability(ctx: GatewayContext, account: Account): Promise<ScopeError | null> {
  let byAccount = checks.get(ctx.loaders);
  if (!byAccount) checks.set(ctx.loaders, (byAccount = new Map()));
  let check = byAccount.get(account.id);
  if (!check) {
    check = ctx.aws.callerIdentity(scopeOf(account.id, account.regions[0])).then(
      () => null,
      (err: unknown) => {
        if (!isAwsError(err)) throw err;
        return { accountId: account.id, region: null, code: err.code, message: err.message };
      },
    );
    byAccount.set(account.id, check);
  }
  return check;
}

@Resolver(() => Account)
export class AccountResolver {
  @Authorized('viewer')
  @Query(() => [Account], { description: 'The accounts this gateway serves (FLEETGRAPH_ACCOUNTS, the organisation, or its own), the home account first.' })
  accounts(@Ctx() ctx: GatewayContext): Account[] {
    return ctx.scopes.accounts().map((a) => ({ id: a.id, name: a.name ?? null, status: a.status ?? null, regions: [...a.regions] }));
  }

  @FieldResolver(() => Boolean, { description: 'Its credentials work: the role could be assumed (trust policy, ExternalId) and STS answers with them.' })
  async reachable(@Root() account: Account, @Ctx() ctx: GatewayContext): Promise<boolean> {
    return (await reachability(ctx, account)) === null;
  }

  @FieldResolver(() => ScopeError, { nullable: true, description: 'Why it cannot be reached (region null: the account as a whole).' })
  error(@Root() account: Account, @Ctx() ctx: GatewayContext): Promise<ScopeError | null> {
    return reachability(ctx, account);
  }
}
