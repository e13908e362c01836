import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Cost } from '../schema/field-cost';
import { AwsLimits, PageLimits } from '../aws/limits';
import { instanceFilterCount, type InstanceQuery } from '../aws/ec2/queries';
import { BadUserInputError } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { instanceStateToAws } from '../schema/enums';
import { ScopedPageArgs } from '../schema/common.type';
import { MacHost } from '../schema/host.type';
import { Image } from '../schema/image.type';
import { Instance, InstanceConnection, InstanceFilter } from '../schema/instance.type';
import { MacModificationTask } from '../schema/mac-task.type';
import { ManagedNode } from '../schema/managed-node.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { primingPages } from './connection';
import { loadersOf } from './record-scope';
import { lookupAnywhere } from './scope-lookup';
import { listAcrossScopes } from './scoped-list';

/** GraphQL instance filter → the facade's query, validated against EC2's limits first. */
export function instanceQuery(filter: InstanceFilter | undefined): InstanceQuery {
  if (!filter) return {};
  // assertIds also refuses more values than an EC2 filter takes.
  if (filter.instanceIds) assertIds('instance', 'filter.instanceIds', filter.instanceIds);
  if (filter.imageIds) assertIds('image', 'filter.imageIds', filter.imageIds);
  for (const [field, values] of [
    ['filter.states', filter.states],
    ['filter.instanceTypes', filter.instanceTypes],
  ] as const) {
    assertMaxValues(field, values, AwsLimits.ec2FilterValues);
  }
  for (const [i, tag] of (filter.tags ?? []).entries()) {
    if (!tag.key) throw new BadUserInputError('Tag filter keys must not be empty', [{ field: `filter.tags[${i}].key`, message: 'empty' }]);
    if (tag.values?.length) assertMaxValues(`filter.tags[${i}].values`, tag.values, AwsLimits.ec2FilterValues);
  }
  const query: InstanceQuery = {
    instanceIds: filter.instanceIds,
    states: filter.states?.map(instanceStateToAws),
    instanceTypes: filter.instanceTypes,
    macOnly: filter.macOnly ?? undefined,
    imageIds: filter.imageIds,
    tags: filter.tags?.map((t) => ({ key: t.key, values: t.values })),
  };
  const count = instanceFilterCount(query);
  if (count > AwsLimits.ec2Filters) {
    throw new BadUserInputError(`At most ${AwsLimits.ec2Filters} filters per query (got ${count})`, [{ field: 'filter', message: 'too many filters' }]);
  }
  return query;
}

@Resolver(() => Instance)
export class InstanceResolver {
  @Authorized('viewer')
  @Query(() => Instance, { nullable: true, description: 'One instance by id, from whichever served scope holds it (or only `accountId` / `region`); null when none does.' })
  @Cost({ awsCalls: 1 })
  async instance(
    @Arg('instanceId') instanceId: string,
    @Arg('accountId', () => String, { nullable: true }) accountId: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Instance | null> {
    assertIds('instance', 'instanceId', [instanceId]);
    return lookupAnywhere(ctx, info, { accountId, region }, (l) => l.instance.load(instanceId));
  }

  @Authorized('viewer')
  @Query(() => InstanceConnection, { description: 'Instances of every selected scope (every served account × region by default).' })
  @Cost({ awsCalls: 1, pageSize: AwsLimits.ec2DescribeInstancesMaxResults })
  async instances(
    @Arg('filter', () => InstanceFilter, { nullable: true }) filter: InstanceFilter | undefined,
    @Args(() => ScopedPageArgs) args: ScopedPageArgs,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<InstanceConnection> {
    const query = instanceQuery(filter ?? undefined);
    return listAcrossScopes(ctx, info, args, PageLimits.instances, (scope) =>
      primingPages((p) => ctx.aws.ec2(scope).listInstances(query, p), ctx.loaders.scope(scope).instance),
    );
  }

  @FieldResolver(() => Image, { nullable: true, description: 'Batched DescribeImages (200 ids a call, across requests); null if the AMI is gone or not visible.' })
  @Cost({ awsCalls: 1, batch: AwsLimits.ec2FilterValues })
  image(@Root() instance: Instance, @Ctx() ctx: GatewayContext): Promise<Image | null> {
    return loadersOf(ctx, instance).image.load(instance.imageId);
  }

  @FieldResolver(() => [MacModificationTask], { nullable: true, description: 'Batched by instance-id filter (200 a call); always empty for non-Mac instances; null when the call fails (the error is at this path).' })
  @Cost({ awsCalls: 1, batch: AwsLimits.ec2FilterValues, assumedSize: 5 })
  async macModificationTasks(@Root() instance: Instance, @Ctx() ctx: GatewayContext): Promise<MacModificationTask[] | null> {
    // Only Mac instances can have Mac modification tasks: asking AWS about the others is waste.
    if (!instance.isMac) return [];
    return loadersOf(ctx, instance).macTasksByInstance.load(instance.id);
  }

  @FieldResolver(() => MacHost, { nullable: true, description: 'The Dedicated Host it runs on (every Mac has one): batched DescribeHosts, 200 hosts a call; null without a host.' })
  @Cost({ awsCalls: 1, batch: AwsLimits.ec2HostIds })
  host(@Root() instance: Instance, @Ctx() ctx: GatewayContext): Promise<MacHost | null> | null {
    return instance.hostId ? loadersOf(ctx, instance).host.load(instance.hostId) : null;
  }

  @FieldResolver(() => ManagedNode, { nullable: true, description: 'Batched SSM DescribeInstanceInformation (50 a call); null when not managed by SSM.' })
  @Cost({ awsCalls: 1, batch: AwsLimits.ssmInstanceInfoValues })
  managedNode(@Root() instance: Instance, @Ctx() ctx: GatewayContext): Promise<ManagedNode | null> {
    return loadersOf(ctx, instance).managedNode.load(instance.id);
  }
}
