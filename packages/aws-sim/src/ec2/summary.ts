/** What GET /_sim/world shows of one EC2 world: ids grouped the way tests and demos look for them. */
import { ServiceContext } from '../core/contract';
import { MIN_ALLOCATION_MS, hostState } from './host-model';
import { World, isMacKind, macTaskState } from './model';
import { blockPublicAccessState } from './image-governance';
import { isImageVisible } from './seed';

export type Ec2WorldSummary = ReturnType<typeof ec2WorldSummary>;

export function ec2WorldSummary(world: World, ctx: ServiceContext) {
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
      hosts: world.hosts.length,
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
    hosts: hostSummary(world, now),
    imageBlockPublicAccess: blockPublicAccessState(world, now),
  };
}

/** Hosts by state, and which ones ReleaseHosts would refuse for their age or could release now. */
function hostSummary(world: World, now: number) {
  const byState: Record<string, string[]> = { available: [], pending: [], released: [] };
  for (const h of world.hosts) (byState[hostState(h, now)] ??= []).push(h.hostId);
  const free = (id: string) => !(world.instancesByHost.get(id) ?? []).some((i) => i.state !== 'stopped' && i.state !== 'terminated');
  const available = world.hosts.filter((h) => hostState(h, now) === 'available');
  return {
    byState,
    young: world.hosts.filter((h) => hostState(h, now) !== 'released' && now - h.allocationTime < MIN_ALLOCATION_MS).map((h) => h.hostId),
    releasableNow: available.filter((h) => free(h.hostId) && now - h.allocationTime >= MIN_ALLOCATION_MS).map((h) => h.hostId),
  };
}
