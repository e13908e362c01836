import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import type { Scope } from '../aws';
import type { ScopeLoaders } from '../loaders';
import type { AutomationSignalType } from '../aws/ssm/ssm-api';
import { BadUserInputError } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { taskRef } from '../subscriptions/task-ref';
import { AutomationSignal, StopType, TaskEventKind } from '../schema/enums';
import {
  type AutomationParameterInput,
  AutomationExecutionPayload,
  SendAutomationSignalInput,
  StartAutomationExecutionInput,
  StopAutomationExecutionInput,
} from '../schema/mutation.type';
import type { AutomationExecution } from '../schema/automation.type';
import { idProblems } from '../validation/ids';
import { checkStartInput } from './automation-start-checks';
import { creationScope, scopeHolding } from './resource-scope';

const onExecution = (executionId: string) => ({ label: `automation execution ${executionId}`, load: (l: ScopeLoaders) => l.execution.load(executionId) });

const SIGNAL: Record<AutomationSignal, AutomationSignalType> = {
  APPROVE: 'Approve',
  REJECT: 'Reject',
  RESUME: 'Resume',
  START_STEP: 'StartStep',
  STOP_STEP: 'StopStep',
};

export const toMap = (params: AutomationParameterInput[] | undefined) =>
  params?.length ? Object.fromEntries(params.map((p) => [p.name, p.values])) : undefined;

@Resolver()
export class AutomationMutations {
  @Authorized('operator')
  @Mutation(() => AutomationExecutionPayload, {
    description: "Start a runbook. Parameters are checked against the runbook's declaration first; every problem is reported at once.",
  })
  async startAutomationExecution(
    @Arg('input', () => StartAutomationExecutionInput) input: StartAutomationExecutionInput,
    @Ctx() ctx: GatewayContext,
  ): Promise<AutomationExecutionPayload> {
    const scope = creationScope(ctx, input);
    const { clientToken } = await checkStartInput(ctx, scope, input, 'startAutomationExecution');

    const id = await ctx.aws.ssm(scope).startExecution({
      documentName: input.documentName,
      documentVersion: input.documentVersion,
      parameters: toMap(input.parameters),
      mode: input.mode === 'INTERACTIVE' ? 'Interactive' : input.mode === 'AUTO' ? 'Auto' : undefined,
      targetParameterName: input.targetParameterName,
      targets: input.targets,
      maxConcurrency: input.maxConcurrency,
      maxErrors: input.maxErrors,
      tags: input.tags,
      clientToken,
    });
    const execution = await this.reload(ctx, scope, id);
    ctx.events?.taskChanged(taskRef(TaskEventKind.AUTOMATION_EXECUTION, scope, id), execution, { created: true });
    return { execution, clientToken };
  }

  @Authorized('operator')
  @Mutation(() => AutomationExecutionPayload, { description: 'COMPLETE lets the current step finish; CANCEL stops at once.' })
  async stopAutomationExecution(
    @Arg('input', () => StopAutomationExecutionInput) input: StopAutomationExecutionInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AutomationExecutionPayload> {
    const problems = idProblems('automationExecution', 'executionId', [input.executionId]);
    if (problems.length) throw new BadUserInputError('Invalid stopAutomationExecution input', problems);
    const scope = await scopeHolding(ctx, info, input, onExecution(input.executionId));
    await ctx.aws.ssm(scope).stopExecution(input.executionId, input.type === StopType.CANCEL ? 'Cancel' : 'Complete');
    return { execution: await this.reloadAndAnnounce(ctx, scope, input.executionId), clientToken: null };
  }

  @Authorized('operator')
  @Mutation(() => AutomationExecutionPayload, { description: 'APPROVE/REJECT an approval step, RESUME, or START_STEP/STOP_STEP (payload StepName) in interactive mode.' })
  async sendAutomationSignal(
    @Arg('input', () => SendAutomationSignalInput) input: SendAutomationSignalInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<AutomationExecutionPayload> {
    const problems = idProblems('automationExecution', 'executionId', [input.executionId]);
    const needsStep = input.signal === AutomationSignal.START_STEP || input.signal === AutomationSignal.STOP_STEP;
    if (needsStep && !input.payload?.some((p) => p.name === 'StepName' && p.values.length === 1)) {
      problems.push({ field: 'payload', message: `${input.signal} needs payload StepName with one value` });
    }
    if (problems.length) throw new BadUserInputError('Invalid sendAutomationSignal input', problems);
    const scope = await scopeHolding(ctx, info, input, onExecution(input.executionId));
    await ctx.aws.ssm(scope).sendSignal(input.executionId, SIGNAL[input.signal], toMap(input.payload));
    return { execution: await this.reloadAndAnnounce(ctx, scope, input.executionId), clientToken: null };
  }

  private async reloadAndAnnounce(ctx: GatewayContext, scope: Scope, id: string): Promise<AutomationExecution | null> {
    const execution = await this.reload(ctx, scope, id);
    ctx.events?.taskChanged(taskRef(TaskEventKind.AUTOMATION_EXECUTION, scope, id), execution);
    return execution;
  }

  /** The execution as it is now: this operation's loader entries are dropped first. */
  private reload(ctx: GatewayContext, scope: Scope, id: string): Promise<AutomationExecution | null> {
    const loaders = ctx.loaders.scope(scope);
    loaders.execution.clear(id);
    loaders.executionDetail.clear(id);
    return loaders.execution.load(id);
  }
}
