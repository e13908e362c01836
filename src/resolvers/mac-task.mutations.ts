import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Arg, Ctx, Info, Mutation, Resolver } from 'type-graphql';
import type { Scope } from '../aws';
import type { ScopeLoaders } from '../loaders';
import type { MacTaskWrite } from '../aws/ec2/ec2-api';
import { BadUserInputError, type FieldProblem } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { taskRef } from '../subscriptions/task-ref';
import { TaskEventKind } from '../schema/enums';
import { CreateMacSipModificationTaskInput, CreateMacVolumeOwnershipDelegationTaskInput, type MacCredentialsInput, MacModificationTaskPayload } from '../schema/mutation.type';
import { idProblems } from '../validation/ids';
import { ec2ClientToken, TagLimits, tagProblems } from '../validation/inputs';
import { scopeHolding } from './resource-scope';

/** A Mac task acts on an instance: the scope that holds it. */
const onInstance = (instanceId: string) => ({ label: `instance ${instanceId}`, load: (l: ScopeLoaders) => l.instance.load(instanceId) });

/**
 * MacCredentials travel to AWS as one JSON string built by the facade (the SDK marks it
 * sensitive); here they are only checked. They are never kept, logged or returned.
 */
function macCredentialsProblems(c: MacCredentialsInput | undefined, required: boolean): FieldProblem[] {
  const fields = c ? Object.entries(c).filter(([, v]) => v !== undefined && v !== null) : [];
  if (!fields.length) {
    return required ? [{ field: 'macCredentials', message: 'required: give rootVolumeUsername and rootVolumePassword (and internalDiskPassword on Apple silicon)' }] : [];
  }
  return fields
    .filter(([, v]) => typeof v !== 'string' || v.length === 0 || v.length > 256)
    .map(([k]) => ({ field: `macCredentials.${k}`, message: 'must be 1–256 characters' }));
}

@Resolver()
export class MacTaskMutations {
  @Authorized('operator')
  @Mutation(() => MacModificationTaskPayload, {
    description: 'Configure System Integrity Protection on a Mac instance (all settings via `status`, exceptions via `configuration`).',
  })
  async createMacSipModificationTask(
    @Arg('input', () => CreateMacSipModificationTaskInput) input: CreateMacSipModificationTaskInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MacModificationTaskPayload> {
    const problems: FieldProblem[] = [...idProblems('instance', 'instanceId', [input.instanceId]), ...tagProblems(input.tags, TagLimits.ec2)];
    const clientToken = ec2ClientToken(input.clientToken, problems);
    problems.push(...macCredentialsProblems(input.macCredentials, false));
    if (problems.length) throw new BadUserInputError('Invalid createMacSipModificationTask input', problems);
    const scope = await scopeHolding(ctx, info, input, onInstance(input.instanceId));
    const write = await ctx.aws.ec2(scope).createSipTask(
      { instanceId: input.instanceId, status: input.status, configuration: input.configuration, macCredentials: input.macCredentials, tags: input.tags, clientToken },
      { dryRun: input.dryRun },
    );
    return this.created(ctx, scope, clientToken, write);
  }

  @Authorized('operator')
  @Mutation(() => MacModificationTaskPayload, { description: 'Delegate ownership of the Apple silicon Mac\'s internal volume to an administrative user.' })
  async createMacVolumeOwnershipDelegationTask(
    @Arg('input', () => CreateMacVolumeOwnershipDelegationTaskInput) input: CreateMacVolumeOwnershipDelegationTaskInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MacModificationTaskPayload> {
    const problems: FieldProblem[] = [...idProblems('instance', 'instanceId', [input.instanceId]), ...tagProblems(input.tags, TagLimits.ec2)];
    const clientToken = ec2ClientToken(input.clientToken, problems);
    problems.push(...macCredentialsProblems(input.macCredentials, true));
    if (problems.length) throw new BadUserInputError('Invalid createMacVolumeOwnershipDelegationTask input', problems);
    const scope = await scopeHolding(ctx, info, input, onInstance(input.instanceId));
    const write = await ctx.aws.ec2(scope).createVolumeOwnershipTask(
      { instanceId: input.instanceId, macCredentials: input.macCredentials, tags: input.tags, clientToken },
      { dryRun: input.dryRun },
    );
    return this.created(ctx, scope, clientToken, write);
  }

  /** The new task is this operation's truth from now on, and the watcher hears of it at once. */
  private created(ctx: GatewayContext, scope: Scope, clientToken: string, { task, dryRun }: MacTaskWrite): MacModificationTaskPayload {
    if (!task) return { task: null, clientToken, dryRun };
    const loaders = ctx.loaders.scope(scope);
    loaders.macTask.clear(task.id).prime(task.id, task);
    loaders.macTasksByInstance.clear(task.instanceId);
    ctx.events?.taskChanged(taskRef(TaskEventKind.MAC_MODIFICATION_TASK, scope, task.id), task, { created: true });
    return { task, clientToken, dryRun: null };
  }
}
