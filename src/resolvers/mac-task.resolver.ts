import { DescribeMacModificationTasksCommand, type Filter } from '@aws-sdk/client-ec2';
import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { AwsLimits } from '../loaders/limits';
import { mapMacTask } from '../mappers/ec2.mapper';
import type { GatewayContext } from '../server/context';
import { macEnumToAws } from '../schema/enums';
import { Instance } from '../schema/instance.type';
import { MacModificationTask, MacModificationTaskConnection, MacModificationTaskFilter } from '../schema/mac-task.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { connectionFromArray, paginate } from './connection';

function taskFilters(filter: MacModificationTaskFilter | undefined): Filter[] {
  const filters: Filter[] = [];
  if (filter?.instanceIds) {
    assertIds('instance', 'filter.instanceIds', filter.instanceIds);
    assertMaxValues('filter.instanceIds', filter.instanceIds, AwsLimits.ec2FilterValues);
    filters.push({ Name: 'instance-id', Values: filter.instanceIds });
  }
  if (filter?.states) filters.push({ Name: 'task-state', Values: filter.states.map(macEnumToAws) });
  if (filter?.taskTypes) filters.push({ Name: 'task-type', Values: filter.taskTypes.map(macEnumToAws) });
  return filters;
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
    return ctx.loaders.region(ctx.region(region)).macTask.load(taskId);
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
    const r = ctx.region(region);
    const loaders = ctx.loaders.region(r);
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
    const filters = taskFilters(filter ?? undefined);
    return paginate(page, { min: 5, max: AwsLimits.ec2DescribeMacTasksMaxResults }, async (NextToken, MaxResults) => {
      const out = await ctx.aws.read('ec2', r, new DescribeMacModificationTasksCommand({ Filters: filters.length ? filters : undefined, MaxResults, NextToken }));
      const items = (out.MacModificationTasks ?? []).map((t) => mapMacTask(t, r));
      for (const t of items) loaders.macTask.prime(t.id, t);
      return { items, nextToken: out.NextToken };
    });
  }

  @FieldResolver(() => Instance, { nullable: true, description: 'Batched through the instance loader.' })
  instance(@Root() task: MacModificationTask, @Ctx() ctx: GatewayContext): Promise<Instance | null> {
    return ctx.loaders.region(task.region).instance.load(task.instanceId);
  }
}
