import { SIM_ACCOUNT_ID } from '../core/contract';
import { Prng, awsId } from '../core/rng';
import {
  InstanceKind,
  InstanceStateName,
  MAC_TASK_IN_PROGRESS_MS,
  SimImage,
  SimInstance,
  SimMacTask,
  Tag,
  World,
  isMacKind,
} from './model';

/**
 * The seeded, deterministic demo account. Same seed + size → same world, byte for byte.
 *
 * Layout (so tests can rely on it; /_sim/world lists the ids):
 *  - images: Amazon public macOS/Linux/Windows AMIs, owned private AMIs (some shared to other
 *    accounts / an organization / an OU), one owned AMI with a marketplace product code, AMIs shared
 *    with us by a partner account, one partner AMI we cannot see; plus owned "golden" images so that
 *    there are about max(8, instances/25) + 13 in all.
 *  - instances: the first 16 are fixed (see FIXED below: every state, every Mac family); the rest are
 *    drawn (≈35% Mac, 45% Linux, 20% Windows; ≈75% running).
 *  - Mac modification tasks on Mac instances in every state and both types.
 */
export const PARTNER_ACCOUNT_ID = '210987654321';
export const AMAZON_MACOS_OWNER = '100343932686';
export const AMAZON_LINUX_OWNER = '137112412989';
export const AMAZON_WINDOWS_OWNER = '801119661308';
export const GRANTEE_ACCOUNTS = ['111122223333', '444455556666'];
export const ORG_ARN = 'arn:aws:organizations::123456789012:organization/o-fleetgraph01';
export const OU_ARN = 'arn:aws:organizations::123456789012:ou/o-fleetgraph01/ou-ab12-cdefgh34';
export const MARKETPLACE_PRODUCT_CODE = '8fgjzy0crv7xkwx9uqd1mp3l2';

export const MAC_TYPES = {
  'mac-x86': ['mac1.metal'],
  'mac-arm': ['mac2.metal', 'mac2-m2.metal', 'mac2-m2pro.metal'],
} as const;
const LINUX_TYPES = ['t3.micro', 't3.small', 't3.medium', 'm5.large', 'm5.xlarge', 'c5.large', 'r5.large'];
const WINDOWS_TYPES = ['t3.large', 'm5.large', 'm5.xlarge', 'c5.xlarge'];
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1f'];
const TEAMS = ['ios-build', 'platform', 'data', 'web', 'qa'];
const ENVS = ['prod', 'staging', 'dev'];
const DAY = 86_400_000;

interface FixedInstance {
  kind: InstanceKind;
  type: string;
  state: InstanceStateName;
}
/** The first instances of every world, in order (indexes are stable). */
export const FIXED: FixedInstance[] = [
  { kind: 'mac-x86', type: 'mac1.metal', state: 'running' }, // 0
  { kind: 'mac-arm', type: 'mac2.metal', state: 'running' }, // 1
  { kind: 'mac-arm', type: 'mac2-m2.metal', state: 'running' }, // 2
  { kind: 'mac-arm', type: 'mac2-m2pro.metal', state: 'running' }, // 3
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
];

function archOf(kind: InstanceKind): SimImage['architecture'] {
  return kind === 'mac-x86' ? 'x86_64_mac' : kind === 'mac-arm' ? 'arm64_mac' : 'x86_64';
}

function seedImages(rng: Prng, count: number, t0: number): SimImage[] {
  let idx = 0;
  const img = (p: Partial<SimImage> & Pick<SimImage, 'name' | 'ownerId' | 'kind'>): SimImage => ({
    imageId: awsId('ami', rng, idx++),
    description: undefined,
    architecture: archOf(p.kind),
    platformDetails: p.kind === 'windows' ? 'Windows' : 'Linux/UNIX',
    creationDate: t0 - rng.int(5, 400) * DAY - rng.int(0, DAY - 1),
    productCodes: [],
    launchPermissions: [],
    tags: [],
    rootDeviceName: p.kind === 'windows' ? '/dev/sda1' : '/dev/xvda',
    ...p,
  });
  const pub = [{ group: 'all' as const }];
  const images: SimImage[] = [
    img({ name: 'amzn-ec2-macos-15.6-20260918-x86_64_mac', description: 'macOS Sequoia 15.6 (x86_64_mac)', ownerId: AMAZON_MACOS_OWNER, ownerAlias: 'amazon', kind: 'mac-x86', launchPermissions: pub }),
    img({ name: 'amzn-ec2-macos-15.6-20260918-arm64_mac', description: 'macOS Sequoia 15.6 (arm64_mac)', ownerId: AMAZON_MACOS_OWNER, ownerAlias: 'amazon', kind: 'mac-arm', launchPermissions: pub }),
    img({ name: 'amzn-ec2-macos-14.7-20260801-arm64_mac', description: 'macOS Sonoma 14.7 (arm64_mac)', ownerId: AMAZON_MACOS_OWNER, ownerAlias: 'amazon', kind: 'mac-arm', launchPermissions: pub, imdsSupport: 'v2.0' }),
    img({ name: 'al2023-ami-2023.9.20260920.0-kernel-6.1-x86_64', description: 'Amazon Linux 2023 AMI 2023.9.20260920.0 x86_64 HVM kernel-6.1', ownerId: AMAZON_LINUX_OWNER, ownerAlias: 'amazon', kind: 'linux', launchPermissions: pub, imdsSupport: 'v2.0' }),
    img({ name: 'Windows_Server-2022-English-Full-Base-2026.10.15', description: 'Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon', ownerId: AMAZON_WINDOWS_OWNER, ownerAlias: 'amazon', kind: 'windows', launchPermissions: pub }),
    img({ name: 'fleetgraph-macos-15-xcode-16-arm64', description: 'macOS 15 with Xcode 16 for the iOS build fleet', ownerId: SIM_ACCOUNT_ID, kind: 'mac-arm',
      launchPermissions: [{ userId: GRANTEE_ACCOUNTS[0] }, { organizationArn: ORG_ARN }], tags: [{ key: 'team', value: 'ios-build' }, { key: 'env', value: 'prod' }] }),
    img({ name: 'fleetgraph-macos-15-build-x86', description: 'macOS 15 build image (Intel)', ownerId: SIM_ACCOUNT_ID, kind: 'mac-x86', tags: [{ key: 'team', value: 'ios-build' }] }),
    img({ name: 'fleetgraph-api-2026.10', description: 'API server image', ownerId: SIM_ACCOUNT_ID, kind: 'linux', imdsSupport: 'v2.0',
      launchPermissions: [{ organizationalUnitArn: OU_ARN }], tags: [{ key: 'team', value: 'platform' }, { key: 'env', value: 'prod' }] }),
    img({ name: 'fleetgraph-marketplace-agent-1.4', description: 'Marketplace monitoring agent (has a product code)', ownerId: SIM_ACCOUNT_ID, kind: 'linux',
      productCodes: [{ productCode: MARKETPLACE_PRODUCT_CODE, type: 'marketplace' }], tags: [{ key: 'team', value: 'platform' }] }),
    img({ name: 'partner-macos-ci-runner-arm64', description: 'CI runner image shared by our partner', ownerId: PARTNER_ACCOUNT_ID, kind: 'mac-arm', launchPermissions: [{ userId: SIM_ACCOUNT_ID }] }),
    img({ name: 'partner-hardened-al2023', description: 'Hardened Amazon Linux 2023 shared by our partner', ownerId: PARTNER_ACCOUNT_ID, kind: 'linux', launchPermissions: [{ userId: SIM_ACCOUNT_ID }, { userId: GRANTEE_ACCOUNTS[1] }] }),
    img({ name: 'fleetgraph-windows-build-2026.09', description: 'Windows build agents', ownerId: SIM_ACCOUNT_ID, kind: 'windows', tags: [{ key: 'team', value: 'web' }, { key: 'env', value: 'staging' }] }),
    // Not visible to the account (partner-private): DescribeImages says NotFound.
    img({ name: 'partner-internal-only', description: 'Not shared with anyone', ownerId: PARTNER_ACCOUNT_ID, kind: 'linux' }),
  ];
  const kinds: InstanceKind[] = ['mac-arm', 'mac-x86', 'linux', 'windows'];
  for (let n = 0; images.length < count; n++) {
    const kind = kinds[n % kinds.length];
    const shared = n % 7 === 6;
    const team = rng.pick(TEAMS);
    const slug = kind === 'mac-arm' ? 'macos-arm64' : kind === 'mac-x86' ? 'macos-x86' : kind;
    const perms: SimImage['launchPermissions'] = shared
      ? [{ userId: SIM_ACCOUNT_ID }]
      : rng.next() < 0.2
        ? [{ userId: rng.pick(GRANTEE_ACCOUNTS) }]
        : [];
    images.push(
      img({
        name: `${shared ? 'partner' : 'fleetgraph'}-${slug}-golden-${String(n + 1).padStart(4, '0')}`,
        description: `${team} golden image #${n + 1}`,
        ownerId: shared ? PARTNER_ACCOUNT_ID : SIM_ACCOUNT_ID,
        kind,
        imdsSupport: rng.next() < 0.25 ? 'v2.0' : undefined,
        launchPermissions: perms,
        tags: shared ? [] : [{ key: 'team', value: team }, { key: 'env', value: rng.pick(ENVS) }],
      }),
    );
  }
  return images;
}

export function isImageVisible(img: SimImage, accountId: string): boolean {
  return (
    img.ownerId === accountId ||
    img.launchPermissions.some((p) => p.group === 'all' || p.userId === accountId)
  );
}

export function seedWorld(opts: { instances: number; seed: number; accountId?: string }, t0: number): World {
  const accountId = opts.accountId ?? SIM_ACCOUNT_ID;
  const n = Math.max(0, Math.floor(opts.instances));
  const rng = new Prng(opts.seed);
  const images = seedImages(rng, Math.max(8, Math.ceil(n / 25)) + 13, t0);
  const visibleByKind = new Map<InstanceKind, SimImage[]>();
  for (const im of images) {
    if (!isImageVisible(im, accountId)) continue;
    const arr = visibleByKind.get(im.kind) ?? [];
    arr.push(im);
    visibleByKind.set(im.kind, arr);
  }

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
        kind === 'mac-x86' ? 'mac1.metal' : kind === 'mac-arm' ? rng.pick(MAC_TYPES['mac-arm']) : kind === 'linux' ? rng.pick(LINUX_TYPES) : rng.pick(WINDOWS_TYPES);
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
    const image = rng.pick(visibleByKind.get(kind)!);
    const live = state !== 'terminated';
    const hasPublic = state === 'running' && rng.next() < 0.6;
    const launchTime = state === 'pending' ? t0 - rng.int(5, 50) * 1000 : t0 - rng.int(3600, 400 * 86400) * 1000;
    const subnetN = rng.int(0, AZS.length - 1);
    instances.push({
      instanceId: awsId('i', rng, i),
      reservationId,
      kind,
      instanceType: type,
      imageId: image.imageId,
      state,
      launchTime,
      availabilityZone: AZS[subnetN],
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
  let taskIdx = 0;
  const task = (i: number, taskType: SimMacTask['taskType'], ageMs: number, outcome: SimMacTask['outcome'], sip?: SimMacTask['sip']) => {
    const inst = instances[i];
    if (!inst) return;
    macTasks.push({
      taskId: awsId('macmodification', rng, taskIdx++),
      instanceId: inst.instanceId,
      taskType,
      startTime: t0 - ageMs,
      outcome,
      sip: taskType === 'sip-modification' ? sip ?? { status: 'disabled', overrides: {} } : undefined,
      tags: [{ key: 'requested-by', value: rng.pick(['alice', 'bob', 'ci-bot']) }, { key: 'ticket', value: `OPS-${rng.int(1000, 9999)}` }],
    });
  };
  // Terminal history on the fixed Mac instances (not active: new tasks may be created there).
  task(0, 'sip-modification', 2 * DAY, 'successful', { status: 'disabled', overrides: { KextSigning: 'enabled' } });
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
    if (!isMacKind(inst.kind) || rng.next() >= 0.3) continue;
    const vod = inst.kind === 'mac-arm' && rng.next() < 0.4;
    task(i, vod ? 'volume-ownership-delegation' : 'sip-modification', MAC_TASK_IN_PROGRESS_MS * 2 + rng.int(1, 60) * DAY, rng.next() < 0.8 ? 'successful' : 'failed',
      vod ? undefined : { status: rng.next() < 0.5 ? 'enabled' : 'disabled', overrides: {} });
  }

  return {
    instances,
    instanceById: new Map(instances.map((x) => [x.instanceId, x])),
    images,
    imageById: new Map(images.map((x) => [x.imageId, x])),
    macTasks,
    macTaskById: new Map(macTasks.map((x) => [x.taskId, x])),
    idempotency: new Map(),
    nextSerial: 0x100000,
  };
}
