import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { PageLimits } from '../aws/limits';
import { BadUserInputError } from '../errors/gateway-error';
import { runbookKey } from '../loaders/ssm.loaders';
import type { GatewayContext } from '../server/context';
import { ScopedPageArgs } from '../schema/common.type';
import { Runbook, RunbookConnection, RunbookFilter, RunbookParameter, RunbookStep } from '../schema/runbook.type';
import { loadersOf } from './record-scope';
import { lookupAnywhere } from './scope-lookup';
import { listAcrossScopes } from './scoped-list';

const OWNERS = ['Amazon', 'Self', 'All', 'Public', 'Private'];

@Resolver(() => Runbook)
export class RunbookResolver {
  @Authorized('viewer')
  @Query(() => Runbook, {
    nullable: true,
    description: 'An Automation runbook; `version` defaults to the default version. From the first served scope that has it (or only `accountId` / `region`).',
  })
  runbook(
    @Arg('name') name: string,
    @Arg('version', () => String, { nullable: true }) version: string | null,
    @Arg('accountId', () => String, { nullable: true }) accountId: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Runbook | null> {
    if (!name.trim()) throw new BadUserInputError('name must not be empty', [{ field: 'name', message: 'empty' }]);
    return lookupAnywhere(ctx, info, { accountId, region }, (l) => l.runbook.load(runbookKey(name, version)));
  }

  @Authorized('viewer')
  @Query(() => RunbookConnection, { description: 'Automation runbooks (SSM documents of type Automation) of every selected scope.' })
  runbooks(
    @Arg('filter', () => RunbookFilter, { nullable: true }) filter: RunbookFilter | undefined,
    @Args(() => ScopedPageArgs) args: ScopedPageArgs,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<RunbookConnection> {
    const owner = filter?.owner ?? 'All';
    if (!OWNERS.includes(owner)) throw new BadUserInputError(`owner must be one of ${OWNERS.join(', ')}`, [{ field: 'filter.owner', message: 'unknown owner' }]);
    const query = { owner: owner === 'All' ? undefined : owner, namePrefix: filter?.namePrefix };
    return listAcrossScopes(ctx, info, args, PageLimits.runbooks, (scope) => (nextToken, maxResults) => ctx.aws.ssm(scope).listRunbooks(query, { maxResults, nextToken }));
  }

  @FieldResolver(() => String, { nullable: true, description: "The document's description (DescribeDocument, cached; listing rows carry none)." })
  async description(@Root() rb: Runbook, @Ctx() ctx: GatewayContext): Promise<string | null> {
    if (rb.description !== undefined) return rb.description;
    return (await loadersOf(ctx, rb).runbook.load(runbookKey(rb.name, rb.documentVersion)))?.description ?? null;
  }

  @FieldResolver(() => [RunbookParameter], { description: "Parsed from the document's content (GetDocument)." })
  async parameters(@Root() rb: Runbook, @Ctx() ctx: GatewayContext): Promise<RunbookParameter[]> {
    return (await this.content(rb, ctx))?.parameters ?? [];
  }

  @FieldResolver(() => [RunbookStep])
  async steps(@Root() rb: Runbook, @Ctx() ctx: GatewayContext): Promise<RunbookStep[]> {
    return (await this.content(rb, ctx))?.steps ?? [];
  }

  private content(rb: Runbook, ctx: GatewayContext) {
    return loadersOf(ctx, rb).runbookContent.load(runbookKey(rb.name, rb.documentVersion));
  }
}
