import { Caller, ServiceContext, SharedInstanceView, SimError, SimService } from '../core/contract';
import { ActionEnv, ActionHandler } from './env';
import { describeImageAttribute, describeImages, modifyImageAttribute } from './images';
import { describeInstances, describeMacHosts } from './instances';
import { createDelegateMacVolumeOwnershipTask, createMacSipTask, describeMacModificationTasks } from './mac-tasks';
import { World, isMacKind, macTaskState } from './model';
import { isImageVisible, seedWorld } from './seed';
import { SIM_EPOCH_START } from '../core/clock';

const ACTIONS: Record<string, ActionHandler> = {
  DescribeInstances: describeInstances,
  DescribeImages: describeImages,
  DescribeImageAttribute: describeImageAttribute,
  DescribeMacModificationTasks: describeMacModificationTasks,
  DescribeMacHosts: describeMacHosts,
  CreateMacSystemIntegrityProtectionModificationTask: createMacSipTask,
  CreateDelegateMacVolumeOwnershipTask: createDelegateMacVolumeOwnershipTask,
  ModifyImageAttribute: modifyImageAttribute,
};

/** Actions that change state (mutating throttle class, write permission). */
export const EC2_MUTATING_ACTIONS = new Set([
  'CreateMacSystemIntegrityProtectionModificationTask',
  'CreateDelegateMacVolumeOwnershipTask',
  'ModifyImageAttribute',
]);

export function isEc2Action(action: string): boolean {
  return Object.prototype.hasOwnProperty.call(ACTIONS, action);
}

export type Ec2Service = SimService<Record<string, string>, string> & {
  sharedInstances(): SharedInstanceView[];
  worldSummary(): unknown;
};

export function createEc2Service(ctx: ServiceContext): Ec2Service {
  // Seeded relative to the fixed simulated epoch so the same seed gives the same world.
  const seedTime = SIM_EPOCH_START;
  let world: World = seedWorld({ instances: ctx.options.instances, seed: ctx.options.seed, accountId: ctx.accountId }, seedTime);

  return {
    name: 'ec2',
    handle(action: string, request: Record<string, string>, caller: Caller): string {
      const h = ACTIONS[action];
      if (!h) throw new SimError('InvalidAction', `The action ${action} is not valid for this web service.`);
      const env: ActionEnv = { world, ctx, caller, params: request, action };
      return h(env);
    },
    reset() {
      world = seedWorld({ instances: ctx.options.instances, seed: ctx.options.seed, accountId: ctx.accountId }, seedTime);
    },
    sharedInstances(): SharedInstanceView[] {
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
    worldSummary() {
      const now = ctx.clock.now();
      const group = (kind: string) => {
        const byState: Record<string, string[]> = {};
        for (const i of world.instances) {
          if (i.kind !== kind) continue;
          (byState[i.state] ??= []).push(i.instanceId);
        }
        return byState;
      };
      const visible = world.images.filter((im) => isImageVisible(im, ctx.accountId));
      const tasksByState: Record<string, string[]> = { pending: [], 'in-progress': [], successful: [], failed: [] };
      const tasksByType: Record<string, string[]> = { 'sip-modification': [], 'volume-ownership-delegation': [] };
      for (const t of world.macTasks) {
        tasksByState[macTaskState(t, now)].push(t.taskId);
        tasksByType[t.taskType].push(t.taskId);
      }
      const activeMac = new Set(
        world.macTasks.filter((t) => ['pending', 'in-progress'].includes(macTaskState(t, now))).map((t) => t.instanceId),
      );
      const idle = (kind: string) =>
        world.instances.filter((i) => i.kind === kind && i.state === 'running' && !activeMac.has(i.instanceId)).map((i) => i.instanceId);
      return {
        accountId: ctx.accountId,
        region: ctx.region,
        seed: ctx.options.seed,
        now: new Date(now).toISOString(),
        counts: {
          instances: world.instances.length,
          images: visible.length,
          distinctImagesInUse: new Set(world.instances.map((i) => i.imageId)).size,
          macModificationTasks: world.macTasks.length,
        },
        instances: {
          macX86: group('mac-x86'),
          macAppleSilicon: group('mac-arm'),
          linux: group('linux'),
          windows: group('windows'),
        },
        /** Running Mac instances without an active task (where a new task can be created). */
        idleRunningMac: { macX86: idle('mac-x86'), macAppleSilicon: idle('mac-arm') },
        macInstanceTypes: Object.fromEntries(world.instances.filter((i) => isMacKind(i.kind)).map((i) => [i.instanceId, i.instanceType])),
        images: {
          owned: visible.filter((im) => im.ownerId === ctx.accountId).map((im) => im.imageId),
          ownedPrivate: visible.filter((im) => im.ownerId === ctx.accountId && !im.launchPermissions.some((p) => p.group === 'all')).map((im) => im.imageId),
          ownedWithLaunchPermissions: visible.filter((im) => im.ownerId === ctx.accountId && im.launchPermissions.length > 0).map((im) => im.imageId),
          shared: visible.filter((im) => im.ownerId !== ctx.accountId && im.launchPermissions.some((p) => p.userId === ctx.accountId)).map((im) => im.imageId),
          public: visible.filter((im) => im.launchPermissions.some((p) => p.group === 'all')).map((im) => im.imageId),
          amazonMacOS: visible.filter((im) => im.ownerAlias === 'amazon' && im.architecture.endsWith('_mac')).map((im) => im.imageId),
          withProductCode: visible.filter((im) => im.productCodes.length > 0).map((im) => im.imageId),
          imdsV2: visible.filter((im) => im.imdsSupport === 'v2.0').map((im) => im.imageId),
          notVisible: world.images.filter((im) => !isImageVisible(im, ctx.accountId)).map((im) => im.imageId),
        },
        macTasks: { byState: tasksByState, byType: tasksByType },
      };
    },
  };
}
