/** The simulated EC2 service: one action table, one seeded world, no HTTP. */
import { ActionTable, findAction } from '../core/actions';
import { SIM_EPOCH_START } from '../core/clock';
import { Caller, ServiceContext, SharedInstanceView, SimError, SimService, ThrottleClass } from '../core/contract';
import { ActionEnv, ActionHandler } from './env';
import { describeHosts, describeMacHosts, releaseHosts } from './hosts';
import {
  disableImageBlockPublicAccess,
  disableImageDeprecation,
  disableImageDeregistrationProtection,
  enableImageBlockPublicAccess,
  enableImageDeprecation,
  enableImageDeregistrationProtection,
  getImageBlockPublicAccessState,
} from './image-governance';
import { modifyImageAttribute } from './image-modify';
import { describeImageAttribute, describeImages } from './images';
import { describeInstances } from './instances';
import { rebootInstances, settleTransitions, startInstances, stopInstances } from './power';
import { describeRegions } from './regions';
import { createDelegateMacVolumeOwnershipTask, createMacSipTask, describeMacModificationTasks } from './mac-tasks';
import { World, WorldDemoIds, isMacKind } from './model';
import { seedWorld } from './seed';
import { ec2WorldSummary, Ec2WorldSummary } from './summary';

const ACTIONS: ActionTable<ActionHandler> = {
  DescribeInstances: { run: describeInstances, mutating: false },
  DescribeImages: { run: describeImages, mutating: false },
  DescribeImageAttribute: { run: describeImageAttribute, mutating: false },
  DescribeMacModificationTasks: { run: describeMacModificationTasks, mutating: false },
  DescribeMacHosts: { run: describeMacHosts, mutating: false },
  DescribeHosts: { run: describeHosts, mutating: false },
  DescribeRegions: { run: describeRegions, mutating: false },
  GetImageBlockPublicAccessState: { run: getImageBlockPublicAccessState, mutating: false },
  CreateMacSystemIntegrityProtectionModificationTask: { run: createMacSipTask, mutating: true },
  CreateDelegateMacVolumeOwnershipTask: { run: createDelegateMacVolumeOwnershipTask, mutating: true },
  ModifyImageAttribute: { run: modifyImageAttribute, mutating: true },
  StartInstances: { run: startInstances, mutating: true },
  StopInstances: { run: stopInstances, mutating: true },
  RebootInstances: { run: rebootInstances, mutating: true },
  ReleaseHosts: { run: releaseHosts, mutating: true },
  EnableImageBlockPublicAccess: { run: enableImageBlockPublicAccess, mutating: true },
  DisableImageBlockPublicAccess: { run: disableImageBlockPublicAccess, mutating: true },
  EnableImageDeregistrationProtection: { run: enableImageDeregistrationProtection, mutating: true },
  DisableImageDeregistrationProtection: { run: disableImageDeregistrationProtection, mutating: true },
  EnableImageDeprecation: { run: enableImageDeprecation, mutating: true },
  DisableImageDeprecation: { run: disableImageDeprecation, mutating: true },
};

/**
 * EC2's request-rate classes (ARCHITECTURE §4a): mutating calls; DescribeInstances that is both
 * unfiltered AND unpaginated (a call with MaxResults or NextToken counts as paginated); every other
 * Describe*. One bucket per action within its class.
 */
function throttleClass(action: string, params: Record<string, string>): ThrottleClass {
  if (findAction(ACTIONS, action)?.mutating) return { bucket: 'mutating', key: action };
  if (action === 'DescribeInstances') {
    const narrowed = Object.keys(params).some((k) => k.startsWith('Filter.') || k.startsWith('InstanceId.') || k === 'MaxResults' || k === 'NextToken');
    if (!narrowed) return { bucket: 'unfilteredDescribeInstances', key: 'DescribeInstances:unfiltered' };
  }
  return { bucket: 'describe', key: action };
}

export type Ec2Service = SimService<Record<string, string>, string> & {
  sharedInstances(): SharedInstanceView[];
  worldSummary(): Ec2WorldSummary;
  demoIds(): WorldDemoIds;
};

export function createEc2Service(ctx: ServiceContext): Ec2Service {
  // Seeded relative to the fixed simulated epoch so the same seed gives the same world.
  const seed = () => seedWorld({ instances: ctx.options.instances, seed: ctx.options.seed, accountId: ctx.accountId, region: ctx.region }, SIM_EPOCH_START);
  let world: World = seed();

  return {
    name: 'ec2',
    actions: ACTIONS,
    throttleClass,
    handle(action: string, request: Record<string, string>, caller: Caller): string {
      const spec = findAction(ACTIONS, action);
      if (!spec) throw new SimError('InvalidAction', `The action ${action} is not valid for this web service.`);
      // State machines advance on the simulated clock before the call sees the world.
      settleTransitions(world, ctx.clock.now());
      const env: ActionEnv = { world, ctx, caller, params: request, action };
      return spec.run(env);
    },
    reset() {
      world = seed();
    },
    sharedInstances(): SharedInstanceView[] {
      settleTransitions(world, ctx.clock.now());
      return world.instances.map((i) => ({
        instanceId: i.instanceId,
        instanceType: i.instanceType,
        platform: isMacKind(i.kind) ? 'macOS' : i.platformDetails,
        state: i.state,
        name: i.tags.find((t) => t.key === 'Name')?.value,
        privateIpAddress: i.privateIpAddress,
        launchTime: i.launchTime,
      }));
    },
    worldSummary: () => {
      settleTransitions(world, ctx.clock.now());
      return ec2WorldSummary(world, ctx);
    },
    demoIds: () => ({ ...world.demo }),
  };
}
