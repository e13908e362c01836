import { DescribeInstancesCommand, type Filter } from '@aws-sdk/client-ec2';
import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError } from '../errors/gateway-error';
import { AwsLimits } from '../loaders/limits';
import { mapInstance } from '../mappers/ec2.mapper';
import type { GatewayContext } from '../server/context';
import { instanceStateToAws } from '../schema/enums';
import { Image } from '../schema/image.type';
import { Instance, InstanceConnection, InstanceFilter } from '../schema/instance.type';
import { MacModificationTask } from '../schema/mac-task.type';
import { ManagedNode } from '../schema/managed-node.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { paginate } from './connection';

const MAX_FILTERS = 50;

/** GraphQL instance filter → EC2 filters; `null` when the filter can match nothing. */
export function instanceFilters(filter: InstanceFilter | undefined): Filter[] | null {
  if (!filter) return [];
  const filters: Filter[] = [];
  const add = (Name: string, Values: string[] | undefined, field: string) => {
    if (!Values) return;
    assertMaxValues(field, Values, AwsLimits.ec2FilterValues);
    filters.push({ Name, Values });
  };
  if (filter.instanceIds) assertIds('instance', 'filter.instanceIds', filter.instanceIds);
  add('instance-id', filter.instanceIds, 'filter.instanceIds');
  add('instance-state-name', filter.states?.map(instanceStateToAws), 'filter.states');
  add('image-id', filter.imageIds, 'filter.imageIds');
  if (filter.imageIds) assertIds('image', 'filter.imageIds', filter.imageIds);

  let types = filter.instanceTypes;
  if (filter.macOnly) {
    // EC2 filter values take wildcards; `mac*` covers every Mac family, present and future.
    types = types ? types.filter((t) => t.startsWith('mac')) : ['mac*'];
    if (types.length === 0) return null;
  }
  add('instance-type', types, 'filter.instanceTypes');

  for (const [i, tag] of (filter.tags ?? []).entries()) {
    if (!tag.key) throw new BadUserInputError('Tag filter keys must not be empty', [{ field: `filter.tags[${i}].key`, message: 'empty' }]);
    if (tag.values?.length) add(`tag:${tag.key}`, tag.values, `filter.tags[${i}].values`);
    else filters.push({ Name: 'tag-key', Values: [tag.key] });
  }
  if (filters.length > MAX_FILTERS) {
    throw new BadUserInputError(`At most ${MAX_FILTERS} filters per query (got ${filters.length})`, [{ field: 'filter', message: 'too many filters' }]);
  }
  return filters;
}

@Resolver(() => Instance)
export class InstanceResolver {
  @Authorized('viewer')
  @Query(() => Instance, { nullable: true, description: 'One instance by id; null when it does not exist.' })
  async instance(
    @Arg('instanceId') instanceId: string,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<Instance | null> {
    assertIds('instance', 'instanceId', [instanceId]);
    return ctx.loaders.region(ctx.region(region)).instance.load(instanceId);
  }

  @Authorized('viewer')
  @Query(() => InstanceConnection)
  async instances(
    @Arg('filter', () => InstanceFilter, { nullable: true }) filter: InstanceFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<InstanceConnection> {
    const r = ctx.region(region);
    const filters = instanceFilters(filter ?? undefined);
    const loaders = ctx.loaders.region(r);
    return paginate({ first, after, maxPageSize: ctx.config.aws.maxPageSize }, { min: 5, max: AwsLimits.ec2DescribeInstancesMaxResults }, async (NextToken, MaxResults) => {
      if (filters === null) return { items: [] };
      const out = await ctx.aws.read('ec2', r, new DescribeInstancesCommand({ Filters: filters.length ? filters : undefined, MaxResults, NextToken }));
      const items = (out.Reservations ?? []).flatMap((res) => (res.Instances ?? []).map((i) => mapInstance(i, r)));
      for (const i of items) loaders.instance.prime(i.id, i);
      return { items, nextToken: out.NextToken };
    });
  }

  @FieldResolver(() => Image, { nullable: true, description: 'Batched DescribeImages (200 ids a call); null if the AMI is gone or not visible.' })
  image(@Root() instance: Instance, @Ctx() ctx: GatewayContext): Promise<Image | null> {
    return ctx.loaders.region(instance.region).image.load(instance.imageId);
  }

  @FieldResolver(() => [MacModificationTask], { description: 'Batched by instance-id filter (200 a call); always empty for non-Mac instances.' })
  async macModificationTasks(@Root() instance: Instance, @Ctx() ctx: GatewayContext): Promise<MacModificationTask[]> {
    // Only Mac instances can have Mac modification tasks: asking AWS about the others is waste.
    if (!instance.isMac) return [];
    return ctx.loaders.region(instance.region).macTasksByInstance.load(instance.id);
  }

  @FieldResolver(() => ManagedNode, { nullable: true, description: 'Batched SSM DescribeInstanceInformation (50 a call); null when not managed by SSM.' })
  managedNode(@Root() instance: Instance, @Ctx() ctx: GatewayContext): Promise<ManagedNode | null> {
    return ctx.loaders.region(instance.region).managedNode.load(instance.id);
  }
}
