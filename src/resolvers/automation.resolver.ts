import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { AwsLimits, PageLimits } from '../aws/limits';
import type { ExecutionDetail } from '../aws/ssm/mappers';
import { runbookKey } from '../loaders/ssm.loaders';
import type { GatewayContext } from '../server/context';
import {
  AutomationExecution,
  AutomationExecutionConnection,
  AutomationExecutionFilter,
  AutomationParameter,
  AutomationProgress,
  AutomationStep,
} from '../schema/automation.type';
import { automationStatusToAws } from '../schema/enums';
import { Instance } from '../schema/instance.type';
import { Runbook } from '../schema/runbook.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { connectionFromArray, paginate, primingPages } from './connection';
import { loadersOf } from './record-scope';

@Resolver(() => AutomationExecution)
export class AutomationResolver {
  @Authorized('viewer')
  @Query(() => AutomationExecution, { nullable: true })
  automationExecution(
    @Arg('executionId') executionId: string,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AutomationExecution | null> {
    assertIds('automationExecution', 'executionId', [executionId]);
    return ctx.loaders.scope(ctx.scope(region)).execution.load(executionId);
  }

  @Authorized('viewer')
  @Query(() => AutomationExecutionConnection)
  async automationExecutions(
    @Arg('filter', () => AutomationExecutionFilter, { nullable: true }) filter: AutomationExecutionFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
  ): Promise<AutomationExecutionConnection> {
    const scope = ctx.scope(region);
    const loaders = ctx.loaders.scope(scope);
    const page = { first, after, maxPageSize: ctx.config.aws.maxPageSize };
    if (filter?.executionIds) {
      // More than SSM's 10 values per filter: go through the loader, which batches by 10.
      assertIds('automationExecution', 'filter.executionIds', filter.executionIds);
      assertMaxValues('filter.executionIds', filter.executionIds, 200);
      const found = await loaders.execution.loadMany([...new Set(filter.executionIds)]);
      const firstError = found.find((e) => e instanceof Error);
      if (firstError) throw firstError;
      const rows = found.filter((e): e is AutomationExecution => e !== null && !(e instanceof Error));
      const wanted = filter.statuses ? new Set(filter.statuses) : null;
      return connectionFromArray(
        rows.filter((e) => (!wanted || wanted.has(e.status)) && (!filter.documentNamePrefix || e.documentName.startsWith(filter.documentNamePrefix))),
        page,
      );
    }
    if (filter?.statuses?.length) assertMaxValues('filter.statuses', filter.statuses, AwsLimits.ssmExecutionFilterValues);
    const query = { documentNamePrefix: filter?.documentNamePrefix, statuses: filter?.statuses?.map(automationStatusToAws) };
    const ssm = ctx.aws.ssm(scope);
    return paginate(page, PageLimits.executions, primingPages((p) => ssm.listExecutions(query, p), loaders.execution));
  }

  private detail(e: AutomationExecution, ctx: GatewayContext): Promise<ExecutionDetail | null> {
    return loadersOf(ctx, e).executionDetail.load(e.id);
  }

  @FieldResolver(() => [AutomationParameter], { description: 'Input parameters (GetAutomationExecution).' })
  async parameters(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationParameter[]> {
    return (await this.detail(e, ctx))?.parameters ?? [];
  }

  @FieldResolver(() => [AutomationStep], { description: 'Step executions in order (GetAutomationExecution, bounded concurrency).' })
  async steps(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationStep[]> {
    return (await this.detail(e, ctx))?.steps ?? [];
  }

  @FieldResolver(() => AutomationProgress)
  async progress(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationProgress> {
    const d = await this.detail(e, ctx);
    return d?.progress ?? { totalSteps: 0, completedSteps: 0, successSteps: 0, failedSteps: 0, cancelledSteps: 0, timedOutSteps: 0 };
  }

  @FieldResolver(() => Runbook, { nullable: true, description: 'The runbook at the version this execution ran.' })
  runbook(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<Runbook | null> {
    return loadersOf(ctx, e).runbook.load(runbookKey(e.documentName, e.documentVersion));
  }

  @FieldResolver(() => [Instance], { description: 'Instances named in the parameters or targets, through the batched instance loader.' })
  async targetInstances(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<Instance[]> {
    const d = await this.detail(e, ctx);
    if (!d) return [];
    const found = await loadersOf(ctx, e).instance.loadMany(d.targetInstanceIds);
    const firstError = found.find((i) => i instanceof Error);
    if (firstError) throw firstError;
    return found.filter((i): i is Instance => i !== null && !(i instanceof Error));
  }
}
