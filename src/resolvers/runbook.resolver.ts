import { ListDocumentsCommand, type DocumentKeyValuesFilter } from '@aws-sdk/client-ssm';
import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../errors/gateway-error';
import { AwsLimits } from '../loaders/limits';
import { runbookKey } from '../loaders/ssm.loaders';
import { mapRunbook } from '../mappers/ssm.mapper';
import type { GatewayContext } from '../server/context';
import { Runbook, RunbookConnection, RunbookFilter, RunbookParameter, RunbookStep } from '../schema/runbook.type';
import { paginate } from './connection';

const OWNERS = ['Amazon', 'Self', 'All', 'Public', 'Private'];

@Resolver(() => Runbook)
export class RunbookResolver {
  @Authorized('viewer')
  @Query(() => Runbook, { nullable: true, description: 'An Automation runbook; `version` defaults to the default version.' })
  runbook(
    @Arg('name') name: string,
    @Arg('version', () => String, { nullable: true }) version: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Runbook | null> {
    if (!name.trim()) throw new BadUserInputError('name must not be empty', [{ field: 'name', message: 'empty' }]);
    return ctx.loaders.region(ctx.region(region)).runbook.load(runbookKey(name, version));
  }

  @Authorized('viewer')
  @Query(() => RunbookConnection, { description: 'Automation runbooks (SSM documents of type Automation).' })
  runbooks(
    @Arg('filter', () => RunbookFilter, { nullable: true }) filter: RunbookFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<RunbookConnection> {
    const r = ctx.region(region);
    const filters: DocumentKeyValuesFilter[] = [{ Key: 'DocumentType', Values: ['Automation'] }];
    const owner = filter?.owner ?? 'All';
    if (!OWNERS.includes(owner)) throw new BadUserInputError(`owner must be one of ${OWNERS.join(', ')}`, [{ field: 'filter.owner', message: 'unknown owner' }]);
    if (owner !== 'All') filters.push({ Key: 'Owner', Values: [owner] });
    if (filter?.namePrefix) filters.push({ Key: 'Name', Values: [filter.namePrefix] });
    const loaders = ctx.loaders.region(r);
    return paginate({ first, after, maxPageSize: ctx.config.aws.maxPageSize }, { min: 1, max: AwsLimits.ssmListDocumentsMaxResults }, async (NextToken, MaxResults) => {
      const out = await ctx.aws.read('ssm', r, new ListDocumentsCommand({ Filters: filters, MaxResults, NextToken }));
      const items = (out.DocumentIdentifiers ?? []).map((d) => mapRunbook(d, r));
      for (const rb of items) loaders.runbook.prime(rb.name, rb);
      return { items, nextToken: out.NextToken };
    });
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
    return ctx.loaders.region(rb.region).runbookContent.load(runbookKey(rb.name, rb.documentVersion));
  }
}
