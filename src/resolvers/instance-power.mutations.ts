import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { RequiresRole } from '../auth';
import { Cost } from '../schema/field-cost';
import type { Scope } from '../aws';
import type { PowerAction } from '../aws/ec2/instance-power';
import { AwsLimits } from '../aws/limits';
import { BadUserInputError, NotFoundError, type FieldProblem } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { InstanceState, TaskEventKind } from '../schema/enums';
import { MacHost } from '../schema/host.type';
import { InstancesPayload, InstancesPowerInput, MacHostScrub, type InstanceStateChange } from '../schema/host-mutation.type';
import { Instance } from '../schema/instance.type';
import { taskRef } from '../subscriptions/task-ref';
import { idProblems } from '../validation/ids';
import { loadedRows } from './loaded-rows';
import { loadersOf } from './record-scope';
import { scopeHolding } from './resource-scope';

/** What AWS documents for the scrubbing workflow, per architecture (EC2 User Guide, stopping a Mac). */
function scrubMessage(instance: Instance, hostId: string): string {
  const duration = instance.isAppleSilicon ? 'up to 4.5 hours on Apple silicon' : 'up to about 50 minutes on x86 (up to 3 hours when its firmware is updated)';
  return `Dedicated Host ${hostId} of ${instance.id} will be PENDING while AWS scrubs it (${duration}), then AVAILABLE; the Mac cannot start again before that.`;
}

/** Ids mentioned once each, after their shape and count are checked (AWS fails the whole call for one bad id). */
function powerInputProblems(input: InstancesPowerInput): FieldProblem[] {
  if (input.instanceIds.length === 0) return [{ field: 'instanceIds', message: 'give at least one instance id' }];
  return idProblems('instance', 'instanceIds', input.instanceIds);
}

@Resolver(() => InstancesPayload)
export class InstancePowerMutations {
  @RequiresRole('operator')
  @Mutation(() => InstancesPayload, { description: 'StartInstances: stopped → pending → running (a Mac only once its host has finished scrubbing).' })
  @Cost({ awsCalls: 2 })
  startInstances(@Arg('input', () => InstancesPowerInput) input: InstancesPowerInput, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<InstancesPayload> {
    return this.power(ctx, info, input, 'start');
  }

  @RequiresRole('operator')
  @Mutation(() => InstancesPayload, {
    description: 'StopInstances: running → stopping → stopped (a Mac about 15 minutes). A stopped Mac’s Dedicated Host scrubs (PENDING) before it can run a Mac again: see macHostsScrubbing.',
  })
  @Cost({ awsCalls: 2 })
  stopInstances(@Arg('input', () => InstancesPowerInput) input: InstancesPowerInput, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<InstancesPayload> {
    return this.power(ctx, info, input, 'stop');
  }

  @RequiresRole('operator')
  @Mutation(() => InstancesPayload, { description: 'RebootInstances: AWS queues the reboot (a Mac’s host does not scrub); the state stays RUNNING.' })
  @Cost({ awsCalls: 2 })
  rebootInstances(@Arg('input', () => InstancesPowerInput) input: InstancesPowerInput, @Ctx() ctx: GatewayContext, @Info() info: GraphQLResolveInfo): Promise<InstancesPayload> {
    return this.power(ctx, info, input, 'reboot');
  }

  @FieldResolver(() => [Instance], { nullable: true, description: 'The instances as they are after the call (one batched DescribeInstances); null on a dry run.' })
  @Cost({ awsCalls: 1 })
  async instances(@Root() payload: InstancesPayload, @Ctx() ctx: GatewayContext): Promise<Instance[] | null> {
    if (payload.dryRun) return null;
    return loadedRows(loadersOf(ctx, payload).instance, payload.instanceIds);
  }

  private async power(ctx: GatewayContext, info: GraphQLResolveInfo, input: InstancesPowerInput, action: PowerAction): Promise<InstancesPayload> {
    const problems = powerInputProblems(input);
    if (problems.length) throw new BadUserInputError(`Invalid ${action}Instances input`, problems);
    const ids = [...new Set(input.instanceIds)];
    // One call acts in one scope (AWS's own rule): the scope that holds the first instance.
    const scope = await scopeHolding(ctx, info, input, { label: `instance ${ids[0]}`, load: (l) => l.instance.load(ids[0]) });
    // Before the call: which are Macs, on which host (the payload says whose host will scrub).
    const loaders = ctx.loaders.scope(scope);
    const before = await loadedRows(loaders.instance, ids);
    const missing = ids.filter((id) => !before.some((i) => i.id === id));
    if (missing.length) throw new NotFoundError(`No such instance: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);

    const { changes, dryRun } = await ctx.aws.ec2(scope).powerInstances(action, ids, { dryRun: input.dryRun });
    // The call changed them: this operation reads them afresh from here on.
    for (const id of ids) loaders.instance.clear(id);
    const macHostsScrubbing = dryRun ? [] : scrubs(scope, before, changes);
    // AWS sends no event for hosts: the watcher polls each scrubbing host soon and announces it.
    for (const scrub of macHostsScrubbing) ctx.events?.taskChanged(taskRef(TaskEventKind.MAC_HOST, scope, scrub.hostId), null, { created: true });
    return { changes, dryRun, macHostsScrubbing, instanceIds: dryRun ? [] : ids, region: scope.region, accountId: scope.accountId };
  }
}

/** Macs this call took from RUNNING to STOPPING: their hosts start scrubbing. */
function scrubs(scope: Scope, before: Instance[], changes: InstanceStateChange[]): MacHostScrub[] {
  return changes.flatMap((c) => {
    const instance = before.find((i) => i.id === c.instanceId);
    if (!instance?.isMac || !instance.hostId || c.previousState !== InstanceState.RUNNING || c.currentState !== InstanceState.STOPPING) return [];
    return [{ hostId: instance.hostId, instanceId: instance.id, message: scrubMessage(instance, instance.hostId), region: scope.region, accountId: scope.accountId }];
  });
}

@Resolver(() => MacHostScrub)
export class MacHostScrubResolver {
  @FieldResolver(() => MacHost, { nullable: true, description: 'The host now (PENDING once the scrub has begun): batched DescribeHosts.' })
  @Cost({ awsCalls: 1, batch: AwsLimits.ec2HostIds })
  host(@Root() scrub: MacHostScrub, @Ctx() ctx: GatewayContext): Promise<MacHost | null> {
    return loadersOf(ctx, scrub).host.load(scrub.hostId);
  }
}
