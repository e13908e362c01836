import type { GraphQLResolveInfo } from 'graphql';
import { Authorized, Arg, Ctx, Extensions, Info, Mutation, Resolver } from 'type-graphql';
import { BadUserInputError, NotFoundError, PreconditionFailedError, type FieldProblem } from '../errors/gateway-error';
import type { GatewayContext } from '../server/context';
import { TaskEventKind } from '../schema/enums';
import { HostState, type MacHost } from '../schema/host.type';
import { MacHostPayload, ReleaseMacHostInput } from '../schema/host-mutation.type';
import type { DryRunResult } from '../schema/mutation.type';
import { taskRef } from '../subscriptions/task-ref';
import { idProblems } from '../validation/ids';
import { scopeHolding } from './resource-scope';

/**
 * What a dry run can tell without AWS (ReleaseHosts has no DryRun): occupied or scrubbing hosts are
 * refused by AWS as `Client.InvalidHost.Occupied`.
 */
function releaseDryRun(host: MacHost): DryRunResult {
  if (host.instanceIds.length || host.state === HostState.PENDING) {
    return {
      wouldSucceed: false,
      code: 'Client.InvalidHost.Occupied',
      message: host.instanceIds.length ? `instance ${host.instanceIds.join(', ')} is on the host: stop or terminate it first` : 'the host is still scrubbing (PENDING) after its Mac stopped',
    };
  }
  return { wouldSucceed: true, code: 'DryRunOperation', message: 'ReleaseHosts has no DryRun: the gateway checked the host (past releasableAfter, no instance, not scrubbing)' };
}

@Resolver()
export class MacHostMutations {
  @Authorized('operator')
  @Mutation(() => MacHostPayload, {
    description:
      'Release a Mac Dedicated Host (needs confirmRelease: true). Refused before AWS is asked while the host is younger than 24 hours (see MacHost.releasableAfter).',
  })
  @Extensions({ cost: { awsCalls: 2 } })
  async releaseMacHost(
    @Arg('input', () => ReleaseMacHostInput) input: ReleaseMacHostInput,
    @Ctx() ctx: GatewayContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<MacHostPayload> {
    const problems: FieldProblem[] = idProblems('host', 'hostId', [input.hostId]);
    if (input.confirmRelease !== true) problems.push({ field: 'confirmRelease', message: 'releasing gives the host back to AWS for good: set confirmRelease: true to do it' });
    if (problems.length) throw new BadUserInputError('Invalid releaseMacHost input', problems);
    const scope = await scopeHolding(ctx, info, input, { label: `Dedicated Host ${input.hostId}`, load: (l) => l.host.load(input.hostId) });

    // The host as AWS has it now (not a cached answer): the checks below are AWS's own, made first.
    const aws = ctx.aws.fresh();
    const [found] = await aws.ec2(scope).hostsByIds([input.hostId]);
    if (found instanceof Error) throw found;
    if (!found) throw new NotFoundError(`No such Dedicated Host: ${input.hostId}`, { hostId: input.hostId });
    if (found.state === HostState.RELEASED) throw new PreconditionFailedError(`Mac host ${found.id} is already released`, { hostId: found.id });
    const releasableAfter = found.releasableAfter;
    if (releasableAfter && aws.now() < releasableAfter.getTime()) {
      throw new PreconditionFailedError(
        `Mac host ${found.id} cannot be released before ${releasableAfter.toISOString()}: AWS keeps a Mac host allocated for at least 24 hours (allocated ${found.allocationTime?.toISOString()})`,
        { hostId: found.id, releasableAfter: releasableAfter.toISOString() },
      );
    }
    if (input.dryRun) return { host: null, dryRun: releaseDryRun(found) };

    await ctx.aws.ec2(scope).releaseHost(found.id);
    const loaders = ctx.loaders.scope(scope);
    loaders.host.clear(found.id);
    const host = await loaders.host.load(found.id);
    ctx.events?.taskChanged(taskRef(TaskEventKind.MAC_HOST, scope, found.id), host, { created: true });
    return { host, dryRun: null };
  }
}
