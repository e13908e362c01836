import { DescribeAutomationExecutionsCommand, type AutomationExecution as SsmExecution, type AutomationExecutionFilter as SsmFilter } from '@aws-sdk/client-ssm';
import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { AwsLimits } from '../loaders/limits';
import { runbookKey } from '../loaders/ssm.loaders';
import { mapExecution, mapParameterMap, mapProgress, mapStep } from '../mappers/ssm.mapper';
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
import { assertIds, assertMaxValues, IdPattern } from '../validation/ids';
import { connectionFromArray, paginate } from './connection';

/** Instance ids an execution acts on: in its parameters, its targets and its resolved targets. */
export function targetInstanceIds(e: SsmExecution): string[] {
  const values = [
    ...Object.values(e.Parameters ?? {}).flat(),
    ...(e.Targets ?? []).filter((t) => t.Key === 'ParameterValues' || t.Key === 'InstanceIds').flatMap((t) => t.Values ?? []),
    ...(e.ResolvedTargets?.ParameterValues ?? []),
  ];
  // Parameter values may be comma-separated lists (StringList passed as one string).
  const ids = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  return [...new Set(ids.filter((v) => IdPattern.instance.test(v)))];
}

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
    return ctx.loaders.region(ctx.region(region)).execution.load(executionId);
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
    const r = ctx.region(region);
    const loaders = ctx.loaders.region(r);
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
    const filters: SsmFilter[] = [];
    if (filter?.documentNamePrefix) filters.push({ Key: 'DocumentNamePrefix', Values: [filter.documentNamePrefix] });
    if (filter?.statuses?.length) {
      assertMaxValues('filter.statuses', filter.statuses, AwsLimits.ssmExecutionFilterValues);
      filters.push({ Key: 'ExecutionStatus', Values: filter.statuses.map(automationStatusToAws) });
    }
    return paginate(page, { min: 1, max: AwsLimits.ssmExecutionsMaxResults }, async (NextToken, MaxResults) => {
      const out = await ctx.aws.read('ssm', r, new DescribeAutomationExecutionsCommand({ Filters: filters.length ? filters : undefined, MaxResults, NextToken }));
      const items = (out.AutomationExecutionMetadataList ?? []).map((e) => mapExecution(e, r));
      for (const e of items) loaders.execution.prime(e.id, e);
      return { items, nextToken: out.NextToken };
    });
  }

  private async detail(e: AutomationExecution, ctx: GatewayContext): Promise<SsmExecution | null> {
    return ctx.loaders.region(e.region).executionDetail.load(e.id);
  }

  @FieldResolver(() => [AutomationParameter], { description: 'Input parameters (GetAutomationExecution).' })
  async parameters(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationParameter[]> {
    return mapParameterMap((await this.detail(e, ctx))?.Parameters);
  }

  @FieldResolver(() => [AutomationStep], { description: 'Step executions in order (GetAutomationExecution, bounded concurrency).' })
  async steps(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationStep[]> {
    return ((await this.detail(e, ctx))?.StepExecutions ?? []).map(mapStep);
  }

  @FieldResolver(() => AutomationProgress)
  async progress(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationProgress> {
    const d = await this.detail(e, ctx);
    return d ? mapProgress(d) : { totalSteps: 0, completedSteps: 0, successSteps: 0, failedSteps: 0, cancelledSteps: 0, timedOutSteps: 0 };
  }

  @FieldResolver(() => Runbook, { nullable: true, description: 'The runbook at the version this execution ran.' })
  runbook(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<Runbook | null> {
    return ctx.loaders.region(e.region).runbook.load(runbookKey(e.documentName, e.documentVersion));
  }

  @FieldResolver(() => [Instance], { description: 'Instances named in the parameters or targets, through the batched instance loader.' })
  async targetInstances(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<Instance[]> {
    const d = await this.detail(e, ctx);
    if (!d) return [];
    const found = await ctx.loaders.region(e.region).instance.loadMany(targetInstanceIds(d));
    const firstError = found.find((i) => i instanceof Error);
    if (firstError) throw firstError;
    return found.filter((i): i is Instance => i !== null && !(i instanceof Error));
  }
}
