import type { GraphQLResolveInfo } from 'graphql';
import { Args, Authorized, Arg, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import { Cost } from '../schema/field-cost';
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
import { ScopedPageArgs } from '../schema/common.type';
import { automationStatusToAws } from '../schema/enums';
import { Instance } from '../schema/instance.type';
import { Runbook } from '../schema/runbook.type';
import { assertIds, assertMaxValues } from '../validation/ids';
import { primingPages } from './connection';
import { loadedRows } from './loaded-rows';
import { loadersOf } from './record-scope';
import { lookupAnywhere } from './scope-lookup';
import { listAcrossScopes, listByIds } from './scoped-list';

@Resolver(() => AutomationExecution)
export class AutomationResolver {
  @Authorized('viewer')
  @Query(() => AutomationExecution, { nullable: true, description: 'One Automation execution by id, from whichever served scope holds it (or only `accountId` / `region`).' })
  @Cost({ awsCalls: 1 })
  automationExecution(
    @Arg('executionId') executionId: string,
    @Arg('accountId', () => String, { nullable: true }) accountId: string | null,
    @Arg('region', () => String, { nullable: true }) region: string | null,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AutomationExecution | null> {
    assertIds('automationExecution', 'executionId', [executionId]);
    return lookupAnywhere(ctx, info, { accountId, region }, (l) => l.execution.load(executionId));
  }

  @Authorized('viewer')
  @Query(() => AutomationExecutionConnection, { description: 'Automation executions of every selected scope (every served account × region by default).' })
  @Cost({ awsCalls: 1, pageSize: AwsLimits.ssmExecutionsMaxResults })
  async automationExecutions(
    @Arg('filter', () => AutomationExecutionFilter, { nullable: true }) filter: AutomationExecutionFilter | undefined,
    @Args(() => ScopedPageArgs) args: ScopedPageArgs,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AutomationExecutionConnection> {
    if (filter?.executionIds) {
      // More than SSM's 10 values per filter: go through the loader, which batches by 10.
      assertIds('automationExecution', 'filter.executionIds', filter.executionIds);
      const wanted = filter.statuses ? new Set(filter.statuses) : null;
      const keep = (e: AutomationExecution) => (!wanted || wanted.has(e.status)) && (!filter.documentNamePrefix || e.documentName.startsWith(filter.documentNamePrefix));
      return listByIds(ctx, info, args, PageLimits.executions, filter.executionIds, (l) => l.execution, keep);
    }
    if (filter?.statuses?.length) assertMaxValues('filter.statuses', filter.statuses, AwsLimits.ssmExecutionFilterValues);
    const query = { documentNamePrefix: filter?.documentNamePrefix, statuses: filter?.statuses?.map(automationStatusToAws) };
    return listAcrossScopes(ctx, info, args, PageLimits.executions, (scope) =>
      primingPages((p) => ctx.aws.ssm(scope).listExecutions(query, p), ctx.loaders.scope(scope).execution),
    );
  }

  private detail(e: AutomationExecution, ctx: GatewayContext): Promise<ExecutionDetail | null> {
    return loadersOf(ctx, e).executionDetail.load(e.id);
  }

  @FieldResolver(() => [AutomationParameter], { nullable: true, description: 'Input parameters (GetAutomationExecution); null when that call fails.' })
  @Cost({ awsCalls: 1, assumedSize: 10 })
  async parameters(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationParameter[] | null> {
    return (await this.detail(e, ctx))?.parameters ?? [];
  }

  @FieldResolver(() => [AutomationStep], { nullable: true, description: 'Step executions in order (GetAutomationExecution, bounded concurrency); null when that call fails.' })
  @Cost({ awsCalls: 1, assumedSize: 20 })
  async steps(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationStep[] | null> {
    return (await this.detail(e, ctx))?.steps ?? [];
  }

  @FieldResolver(() => AutomationProgress, { nullable: true, description: 'Step counts (GetAutomationExecution); null when that call fails.' })
  @Cost({ awsCalls: 1 })
  async progress(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<AutomationProgress | null> {
    const d = await this.detail(e, ctx);
    return d?.progress ?? { totalSteps: 0, completedSteps: 0, successSteps: 0, failedSteps: 0, cancelledSteps: 0, timedOutSteps: 0 };
  }

  @FieldResolver(() => Runbook, { nullable: true, description: 'The runbook at the version this execution ran.' })
  @Cost({ awsCalls: 1 })
  runbook(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<Runbook | null> {
    return loadersOf(ctx, e).runbook.load(runbookKey(e.documentName, e.documentVersion));
  }

  @FieldResolver(() => [Instance], { nullable: true, description: 'Instances named in the parameters or targets, through the batched instance loader; null when a call fails.' })
  @Cost({ awsCalls: 1, assumedSize: 10 })
  async targetInstances(@Root() e: AutomationExecution, @Ctx() ctx: GatewayContext): Promise<Instance[] | null> {
    const d = await this.detail(e, ctx);
    if (!d) return [];
    return loadedRows(loadersOf(ctx, e).instance, d.targetInstanceIds);
  }
}
