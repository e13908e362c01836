import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { MacTaskQuery } from '../aws/ec2/queries';
import { AwsLimits, PageLimits } from '../aws/limits';
import type { GatewayContext } from '../server/context';
import { macEnumToAws } from '../schema/enums';
import { Instance } from '../schema/instance.type';
import { MacModificationTask, MacModificationTaskConnection, MacModificationTaskFilter } from '../schema/mac-task.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { connectionFromArray, paginate, primingPages } from './connection';
import { loadersOf } from './record-scope';

function taskQuery(filter: MacModificationTaskFilter | undefined): MacTaskQuery {
  if (filter?.instanceIds) {
    assertIds('instance', 'filter.instanceIds', filter.instanceIds);
    assertMaxValues('filter.instanceIds', filter.instanceIds, AwsLimits.ec2FilterValues);
  }
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
  @Query(() => MacModificationTask, { nullable: true })
  macModificationTask(
    @Arg('taskId') taskId: string,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<MacModificationTask | null> {
    assertIds('macTask', 'taskId', [taskId]);
    return ctx.loaders.scope(ctx.scope(region)).macTask.load(taskId);
  }

  @Authorized('viewer')
  @Query(() => MacModificationTaskConnection)
  async macModificationTasks(
    @Arg('filter', () => MacModificationTaskFilter, { nullable: true }) filter: MacModificationTaskFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<MacModificationTaskConnection> {
    const scope = ctx.scope(region);
    const loaders = ctx.loaders.scope(scope);
    const page = { first, after, maxPageSize: ctx.config.aws.maxPageSize };
    if (filter?.taskIds) {
      assertIds('macTask', 'filter.taskIds', filter.taskIds);
      assertMaxValues('filter.taskIds', filter.taskIds, AwsLimits.ec2FilterValues);
      const found = await loaders.macTask.loadMany([...new Set(filter.taskIds)]);
      const tasks = found.filter((t): t is MacModificationTask => t !== null && !(t instanceof Error));
      const firstError = found.find((t) => t instanceof Error);
      if (firstError) throw firstError;
      return connectionFromArray(tasks.filter((t) => matches(t, filter)), page);
    }
    const query = taskQuery(filter ?? undefined);
    const ec2 = ctx.aws.ec2(scope);
    return paginate(page, PageLimits.macTasks, primingPages((p) => ec2.listMacTasks(query, p), loaders.macTask));
  }

  @FieldResolver(() => Instance, { nullable: true, description: 'Batched through the instance loader.' })
  instance(@Root() task: MacModificationTask, @Ctx() ctx: GatewayContext): Promise<Instance | null> {
    return loadersOf(ctx, task).instance.load(task.instanceId);
  }
}
