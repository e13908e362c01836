/**
 * The seeded, deterministic world of one account in one region. Same seed + size → same world,
 * byte for byte. Each part (images, instances, Mac tasks) draws from its own stream and starts
 * with fixed entries, so the fixed ids — the demo ids among them — never move with the world's size.
 *
 * Layout (so tests and demos can rely on it; /_sim/world lists the ids):
 *  - images: see seed-images.ts; about max(8, instances/25) + 14 in all.
 *  - instances: the first FIXED.length are fixed (every state, every Mac type AWS sells, idle Macs of
 *    both architectures); the rest are drawn (≈35% Mac, 45% Linux, 20% Windows; ≈75% running).
 *  - Mac modification tasks on Mac instances in every state and both types.
 *  - Dedicated Hosts (seed-hosts.ts) and AMI governance settings (seed-image-governance.ts).
 */
import { subStream, awsId } from '../core/rng';
import { InstanceKind, InstanceStateName, MAC_TASK_IN_PROGRESS_MS, MAC_INSTANCE_TYPES, SimImage, SimInstance, SimMacTask, Tag, World, WorldDemoIds, isMacKind } from './model';
import { seedHosts } from './seed-hosts';
import { FIXED_IMAGE_COUNT, OWNED_DEMO_IMAGE, OWNED_PUBLIC_DEMO_IMAGE, archOf, isImageVisible, seedImages } from './seed-images';
import { seedImageGovernance } from './seed-image-governance';

export { isImageVisible } from './seed-images';

const APPLE_SILICON_TYPES = MAC_INSTANCE_TYPES.filter((t) => t.kind === 'mac-arm').map((t) => t.type);
const LINUX_TYPES = ['t3.micro', 't3.small', 't3.medium', 'm5.large', 'm5.xlarge', 'c5.large', 'r5.large'];
const WINDOWS_TYPES = ['t3.large', 'm5.large', 'm5.xlarge', 'c5.xlarge'];
const TEAMS = ['ios-build', 'platform', 'data', 'web', 'qa'];
const ENVS = ['prod', 'staging', 'dev'];
const DAY = 86_400_000;

/** Availability zones of a region (us-east-1 has no "e" zone for most accounts). */
export function availabilityZones(region: string): string[] {
  return region === 'us-east-1' ? ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1f'] : ['a', 'b', 'c'].map((z) => `${region}${z}`);
}

interface FixedInstance {
  kind: InstanceKind;
  type: string;
  state: InstanceStateName;
}
/** The first instances of every world, in order (indexes are stable). */
export const FIXED: readonly FixedInstance[] = [
  { kind: 'mac-x86', type: 'mac1.metal', state: 'running' }, // 0: idle x86 Mac (demo)
  { kind: 'mac-arm', type: 'mac2.metal', state: 'running' }, // 1: idle Apple-silicon Mac (demo)
  { kind: 'mac-arm', type: 'mac2-m2.metal', state: 'running' }, // 2
  { kind: 'mac-arm', type: 'mac2-m2pro.metal', state: 'running' }, // 3: target of the waiting approval run (demo)
  { kind: 'mac-x86', type: 'mac1.metal', state: 'stopped' }, // 4
  { kind: 'mac-arm', type: 'mac2.metal', state: 'stopped' }, // 5
  { kind: 'linux', type: 't3.micro', state: 'pending' }, // 6
  { kind: 'linux', type: 'm5.large', state: 'shutting-down' }, // 7
  { kind: 'linux', type: 't3.small', state: 'terminated' }, // 8
  { kind: 'windows', type: 'm5.xlarge', state: 'stopping' }, // 9
  { kind: 'linux', type: 'c5.large', state: 'stopped' }, // 10
  { kind: 'windows', type: 't3.large', state: 'running' }, // 11
  { kind: 'mac-arm', type: 'mac2-m2pro.metal', state: 'running' }, // 12: pending SIP task
  { kind: 'mac-arm', type: 'mac2.metal', state: 'running' }, // 13: in-progress volume task
  { kind: 'mac-x86', type: 'mac1.metal', state: 'running' }, // 14: in-progress SIP task
  { kind: 'mac-arm', type: 'mac2-m2.metal', state: 'running' }, // 15: pending volume task
  { kind: 'mac-arm', type: 'mac-m4.metal', state: 'running' }, // 16
  { kind: 'mac-arm', type: 'mac-m4pro.metal', state: 'running' }, // 17
];

/** Fixed instances the demo ids name (indexes into FIXED). */
const DEMO_INSTANCE = { idleX86Mac: 0, idleAppleSiliconMac: 1, approvalTarget: 3 } as const;

export interface SeedOptions {
  instances: number;
  seed: number;
  accountId: string;
  region: string;
}

export function seedWorld(opts: SeedOptions, t0: number): World {
  const { accountId, region } = opts;
  const n = Math.max(0, Math.floor(opts.instances));
  const images = seedImages(subStream(opts.seed, 'images'), Math.max(8, Math.ceil(n / 25)) + FIXED_IMAGE_COUNT, t0, accountId);
  const visibleByKind = new Map<InstanceKind, SimImage[]>();
  const fixedByKind = new Map<InstanceKind, SimImage[]>();
  images.forEach((im, idx) => {
    if (!isImageVisible(im, accountId)) return;
    for (const [map, on] of [[visibleByKind, true], [fixedByKind, idx < FIXED_IMAGE_COUNT]] as const) {
      if (!on) continue;
      const arr = map.get(im.kind) ?? [];
      arr.push(im);
      map.set(im.kind, arr);
    }
  });
  const azs = availabilityZones(region);
  const rng = subStream(opts.seed, 'instances');

  const instances: SimInstance[] = [];
  let reservationId = '';
  let reservationLeft = 0;
  let reservationCount = 0;
  for (let i = 0; i < n; i++) {
    let kind: InstanceKind;
    let type: string;
    let state: InstanceStateName;
    const fixed = FIXED[i];
    if (fixed) {
      ({ kind, type, state } = fixed);
    } else {
      kind = rng.weighted<InstanceKind>([['mac-arm', 25], ['mac-x86', 10], ['linux', 45], ['windows', 20]]);
      type =
        kind === 'mac-x86' ? 'mac1.metal' : kind === 'mac-arm' ? rng.pick(APPLE_SILICON_TYPES) : kind === 'linux' ? rng.pick(LINUX_TYPES) : rng.pick(WINDOWS_TYPES);
      state = rng.weighted<InstanceStateName>([
        ['running', 75], ['stopped', 12], ['pending', 3], ['stopping', 3], ['shutting-down', 2], ['terminated', 5],
      ]);
    }
    if (reservationLeft <= 0) {
      reservationId = awsId('r', rng, reservationCount++);
      reservationLeft = fixed ? 1 : rng.int(1, 3);
    }
    reservationLeft--;
    const mac = isMacKind(kind);
    const team = mac ? rng.pick(['ios-build', 'ios-build', 'qa']) : rng.pick(TEAMS);
    const env = rng.pick(ENVS);
    const slug = mac ? 'mac' : kind === 'windows' ? 'win' : 'lnx';
    const tags: Tag[] = [
      { key: 'Name', value: `${slug}-${team}-${String(i + 1).padStart(4, '0')}` },
      { key: 'team', value: team },
      { key: 'env', value: env },
    ];
    if (rng.next() < 0.3) tags.push({ key: 'CostCenter', value: `cc-${rng.int(100, 120)}` });
    // Fixed instances run fixed images, so their ids and images never depend on the world's size.
    const image = rng.pick((fixed ? fixedByKind : visibleByKind).get(kind)!);
    const live = state !== 'terminated';
    const hasPublic = state === 'running' && rng.next() < 0.6;
    const launchTime = state === 'pending' ? t0 - rng.int(5, 50) * 1000 : t0 - rng.int(3600, 400 * 86400) * 1000;
    const subnetN = rng.int(0, azs.length - 1);
    instances.push({
      instanceId: awsId('i', rng, i),
      reservationId,
      kind,
      instanceType: type,
      imageId: image.imageId,
      state,
      launchTime,
      availabilityZone: azs[subnetN],
      hostId: mac ? awsId('h', rng, i) : undefined,
      privateIpAddress: live ? `10.20.${Math.floor(i / 250) % 256}.${(i % 250) + 4}` : undefined,
      publicIpAddress: hasPublic ? `54.${160 + (i % 80)}.${Math.floor(i / 200) % 256}.${(i % 200) + 10}` : undefined,
      subnetId: `subnet-0f1ee70000000000${subnetN}`,
      vpcId: 'vpc-0f1ee7a9a9b9c9d90',
      keyName: mac ? 'ios-build-key' : 'fleet-key',
      architecture: archOf(kind),
      platformDetails: kind === 'windows' ? 'Windows' : 'Linux/UNIX',
      tags,
    });
  }

  const macTasks: SimMacTask[] = [];
  const taskRng = subStream(opts.seed, 'mac-tasks');
  let taskIdx = 0;
  const task = (i: number, taskType: SimMacTask['taskType'], ageMs: number, outcome: SimMacTask['outcome'], sip?: SimMacTask['sip']) => {
    const inst = instances[i];
    if (!inst) return;
    macTasks.push({
      taskId: awsId('macmodification', taskRng, taskIdx++),
      instanceId: inst.instanceId,
      taskType,
      startTime: t0 - ageMs,
      outcome,
      sip: taskType === 'sip-modification' ? sip ?? { status: 'disabled', overrides: {} } : undefined,
      tags: [{ key: 'requested-by', value: taskRng.pick(['alice', 'bob', 'ci-bot']) }, { key: 'ticket', value: `OPS-${taskRng.int(1000, 9999)}` }],
    });
  };
  // Terminal history on the fixed Mac instances (not active: new tasks may be created there).
  task(0, 'sip-modification', 2 * DAY, 'successful', { status: 'disabled', overrides: { KextSigning: 'enabled' } });
  const completedDemoTask = macTasks[0]?.taskId;
  task(1, 'volume-ownership-delegation', 3 * DAY, 'successful');
  task(1, 'sip-modification', 1 * DAY, 'failed', { status: 'enabled', overrides: {} });
  task(2, 'sip-modification', 5 * DAY, 'successful', { status: 'enabled', overrides: { NvramProtections: 'disabled', DTraceRestrictions: 'disabled' } });
  task(5, 'volume-ownership-delegation', 4 * DAY, 'failed');
  // Active ones (one per instance).
  task(12, 'sip-modification', 10_000, 'successful', { status: 'disabled', overrides: {} });
  task(13, 'volume-ownership-delegation', 5 * 60_000, 'successful');
  task(14, 'sip-modification', 8 * 60_000, 'failed', { status: 'enabled', overrides: { BaseSystem: 'disabled' } });
  task(15, 'volume-ownership-delegation', 20_000, 'successful');
  // History on the drawn Mac instances.
  for (let i = FIXED.length; i < instances.length; i++) {
    const inst = instances[i];
    if (!isMacKind(inst.kind) || !taskRng.chance(0.3)) continue;
    const vod = inst.kind === 'mac-arm' && taskRng.chance(0.4);
    task(i, vod ? 'volume-ownership-delegation' : 'sip-modification', MAC_TASK_IN_PROGRESS_MS * 2 + taskRng.int(1, 60) * DAY, taskRng.chance(0.8) ? 'successful' : 'failed',
      vod ? undefined : { status: taskRng.chance(0.5) ? 'enabled' : 'disabled', overrides: {} });
  }

  const hosts = seedHosts(opts.seed, instances, azs, t0);
  const instancesByHost = new Map<string, SimInstance[]>();
  for (const inst of instances) if (inst.hostId) instancesByHost.set(inst.hostId, [...(instancesByHost.get(inst.hostId) ?? []), inst]);
  seedImageGovernance(images, instances, accountId, t0);

  const byName = (name: string) => images.find((im) => im.name === name)?.imageId;
  const fixedInstance = (i: number) => (i < n ? instances[i].instanceId : undefined);
  const demo: WorldDemoIds = {
    idleX86Mac: fixedInstance(DEMO_INSTANCE.idleX86Mac),
    idleAppleSiliconMac: fixedInstance(DEMO_INSTANCE.idleAppleSiliconMac),
    approvalTargetMac: fixedInstance(DEMO_INSTANCE.approvalTarget),
    ownedImage: byName(OWNED_DEMO_IMAGE),
    ownedPublicImage: byName(OWNED_PUBLIC_DEMO_IMAGE),
    completedMacTask: completedDemoTask,
    youngMacHost: hosts.youngMacHost,
    releasableMacHost: hosts.releasableMacHost,
    scrubbingMacHost: hosts.scrubbingMacHost,
  };
  return {
    demo,
    instances,
    instanceById: new Map(instances.map((x) => [x.instanceId, x])),
    images,
    imageById: new Map(images.map((x) => [x.imageId, x])),
    macTasks,
    macTaskById: new Map(macTasks.map((x) => [x.taskId, x])),
    hosts: hosts.hosts,
    hostById: new Map(hosts.hosts.map((h) => [h.hostId, h])),
    instancesByHost,
    transitions: new Set(instances.filter((i) => i.transition)),
    // AWS's default for an account that has public AMIs (every seeded account owns one): unblocked.
    imageBlockPublicAccess: { state: 'unblocked' },
    idempotency: new Map(),
    nextSerial: 0x100000,
  };
}
