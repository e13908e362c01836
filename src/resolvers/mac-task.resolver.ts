import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Cost } from '../schema/field-cost';
import type { MacTaskQuery } from '../aws/ec2/queries';
import { AwsLimits, PageLimits } from '../aws/limits';
import type { GatewayContext } from '../server/context';
import { macEnumToAws } from '../schema/enums';
import { ScopedPageArgs } from '../schema/common.type';
import { Instance } from '../schema/instance.type';
import { MacModificationTask, MacModificationTaskConnection, MacModificationTaskFilter } from '../schema/mac-task.type';
import { assertIds } from '../validation/ids';
import { primingPages } from './connection';
import { loadersOf } from './record-scope';
import { lookupAnywhere } from './scope-lookup';
import { listAcrossScopes, listByIds } from './scoped-list';

function taskQuery(filter: MacModificationTaskFilter | undefined): MacTaskQuery {
  // assertIds also refuses more values than an EC2 filter takes.
  if (filter?.instanceIds) assertIds('instance', 'filter.instanceIds', filter.instanceIds);
  return { instanceIds: filter?.instanceIds, states: filter?.states?.map(macEnumToAws), taskTypes: filter?.taskTypes?.map(macEnumToAws) };
}

/** Client-side filtering for tasks fetched by id (the id list cannot be combined with paging). */
function matches(task: MacModificationTask, filter: MacModificationTaskFilter): boolean {
  return (
    (!filter.instanceIds || filter.instanceIds.includes(task.instanceId)) &&
    (!filter.states || filter.states.includes(task.state)) &&
    (!filter.taskTypes || filter.taskTypes.includes(task.taskType))
  );
}

@Resolver(() => MacModificationTask)
export class MacTaskResolver {
  @Authorized('viewer')
  @Query(() => MacModificationTask, { nullable: true, description: 'One Mac modification task by id, from whichever served scope holds it (or only `accountId` / `region`).' })
  @Cost({ awsCalls: 1 })
  macModificationTask(
    @Arg('taskId') taskId: string,
    @Arg('accountId', () => String, { nullable: true }) accountId: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MacModificationTask | null> {
    assertIds('macTask', 'taskId', [taskId]);
    return lookupAnywhere(ctx, info, { accountId, region }, (l) => l.macTask.load(taskId));
  }

  @Authorized('viewer')
  @Query(() => MacModificationTaskConnection, { description: 'Mac modification tasks of every selected scope (every served account × region by default).' })
  @Cost({ awsCalls: 1, pageSize: AwsLimits.ec2DescribeMacTasksMaxResults })
  async macModificationTasks(
    @Arg('filter', () => MacModificationTaskFilter, { nullable: true }) filter: MacModificationTaskFilter | undefined,
    @Args(() => ScopedPageArgs) args: ScopedPageArgs,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MacModificationTaskConnection> {
    if (filter?.taskIds) {
      assertIds('macTask', 'filter.taskIds', filter.taskIds);
      return listByIds(ctx, info, args, PageLimits.macTasks, filter.taskIds, (l) => l.macTask, (t) => matches(t, filter));
    }
    const query = taskQuery(filter ?? undefined);
    return listAcrossScopes(ctx, info, args, PageLimits.macTasks, (scope) =>
      primingPages((p) => ctx.aws.ec2(scope).listMacTasks(query, p), ctx.loaders.scope(scope).macTask),
    );
  }

  @FieldResolver(() => Instance, { nullable: true, description: 'Batched through the instance loader.' })
  @Cost({ awsCalls: 1, batch: AwsLimits.ec2FilterValues })
  instance(@Root() task: MacModificationTask, @Ctx() ctx: GatewayContext): Promise<Instance | null> {
    return loadersOf(ctx, task).instance.load(task.instanceId);
  }
}
