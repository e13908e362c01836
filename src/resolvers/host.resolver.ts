import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Cost } from '../schema/field-cost';
import { isMacInstanceType } from '../aws/ec2/mac-families';
import type { HostQuery } from '../aws/ec2/queries';
import { AwsLimits, PageLimits } from '../aws/limits';
import { BadUserInputError } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { ScopedPageArgs } from '../schema/common.type';
import { macEnumToAws } from '../schema/enums';
import { MacHost, MacHostConnection, MacHostFilter } from '../schema/host.type';
import { Instance } from '../schema/instance.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { primingPages } from './connection';
import { loadedRows } from './loaded-rows';
import { loadersOf } from './record-scope';
import { lookupAnywhere } from './scope-lookup';
import { listAcrossScopes, listByIds } from './scoped-list';

/** GraphQL host filter → the facade's query, validated first: only Mac types (this is `macHosts`). */
function hostQuery(filter: MacHostFilter | undefined): HostQuery {
  for (const [field, values] of [
    ['filter.states', filter?.states],
    ['filter.instanceTypes', filter?.instanceTypes],
    ['filter.availabilityZones', filter?.availabilityZones],
  ] as const) {
    assertMaxValues(field, values, AwsLimits.ec2FilterValues);
  }
  const notMac = (filter?.instanceTypes ?? []).findIndex((t) => !isMacInstanceType(t));
  if (notMac >= 0) throw new BadUserInputError('filter.instanceTypes: Mac hosts have Mac instance types (mac…)', [{ field: `filter.instanceTypes[${notMac}]`, message: 'not a Mac instance type' }]);
  return { states: filter?.states?.map(macEnumToAws), instanceTypes: filter?.instanceTypes, availabilityZones: filter?.availabilityZones };
}

/** Client-side filtering for hosts fetched by id (DescribeHosts cannot page through ids). */
function matches(h: MacHost, f: MacHostFilter): boolean {
  return (
    (!f.states || f.states.includes(h.state)) &&
    (!f.instanceTypes || (h.instanceType !== null && h.instanceType !== undefined && f.instanceTypes.includes(h.instanceType))) &&
    (!f.availabilityZones || f.availabilityZones.includes(h.availabilityZone))
  );
}

@Resolver(() => MacHost)
export class MacHostResolver {
  @Authorized('viewer')
  @Query(() => MacHost, { nullable: true, description: 'One Mac Dedicated Host by id, from whichever served scope holds it (or only `accountId` / `region`); null when none does.' })
  @Cost({ awsCalls: 1 })
  macHost(
    @Arg('hostId') hostId: string,
    @Arg('accountId', () => String, { nullable: true }) accountId: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MacHost | null> {
    assertIds('host', 'hostId', [hostId]);
    return lookupAnywhere(ctx, info, { accountId, region }, (l) => l.host.load(hostId));
  }

  @Authorized('viewer')
  @Query(() => MacHostConnection, { description: 'Dedicated Hosts of Mac instance types (DescribeHosts) of every selected scope, released ones included while AWS lists them.' })
  @Cost({ awsCalls: 1, pageSize: AwsLimits.ec2DescribeHostsMaxResults })
  async macHosts(
    @Arg('filter', () => MacHostFilter, { nullable: true }) filter: MacHostFilter | undefined,
    @Args(() => ScopedPageArgs) args: ScopedPageArgs,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MacHostConnection> {
    const query = hostQuery(filter ?? undefined);
    if (filter?.hostIds) {
      assertIds('host', 'filter.hostIds', filter.hostIds);
      return listByIds(ctx, info, args, PageLimits.hosts, filter.hostIds, (l) => l.host, (h) => isMacInstanceType(h.instanceType ?? '') && matches(h, filter));
    }
    return listAcrossScopes(ctx, info, args, PageLimits.hosts, (scope) =>
      primingPages((p) => ctx.aws.ec2(scope).listHosts(query, p), ctx.loaders.scope(scope).host),
    );
  }

  @FieldResolver(() => [Instance], { nullable: true, description: 'The instances on the host (a Mac host holds one), through the batched instance loader.' })
  @Cost({ awsCalls: 1, batch: AwsLimits.ec2FilterValues, assumedSize: 1 })
  instances(@Root() host: MacHost, @Ctx() ctx: GatewayContext): Promise<Instance[]> {
    return loadedRows(loadersOf(ctx, host).instance, host.instanceIds);
  }

  @FieldResolver(() => [String], { nullable: true, description: 'Latest macOS versions the host supports (DescribeMacHosts, batched 200 hosts a call).' })
  @Cost({ awsCalls: 1, batch: AwsLimits.ec2HostIds })
  macOsLatestSupportedVersions(@Root() host: MacHost, @Ctx() ctx: GatewayContext): Promise<string[] | null> {
    return loadersOf(ctx, host).macOsVersions.load(host.id);
  }
}
