import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeMacHostsCommand,
  DescribeMacModificationTasksCommand,
  EC2Client,
  Filter,
  Instance,
} from '@aws-sdk/client-ec2';
import { SIM_ACCESS_KEYS, SIM_ACCOUNT_ID } from '../src/core/contract';
import { RunningSimulator, startSimulator } from '../src/front/server';
import { WorldSummary, ec2Client as client, failure } from './support/sdk';

const flat = (r: { Reservations?: { Instances?: Instance[] }[] }): Instance[] => (r.Reservations ?? []).flatMap((x) => x.Instances ?? []);

let sim: RunningSimulator;
let ec2: EC2Client;
let world: WorldSummary;

beforeAll(async () => {
  sim = await startSimulator({ timeScale: 0, throttling: false, instances: 40, seed: 42 });
  ec2 = client(sim);
  world = sim.world() as WorldSummary;
});
afterAll(async () => {
  ec2.destroy();
  await sim.close();
});

describe('DescribeInstances', () => {
  test('returns the whole seeded fleet with AWS-shaped fields', async () => {
    const all = flat(await ec2.send(new DescribeInstancesCommand({})));
    expect(all).toHaveLength(40);
    const states = new Set(all.map((i) => i.State?.Name));
    expect([...states].sort()).toEqual(['pending', 'running', 'shutting-down', 'stopped', 'stopping', 'terminated']);
    expect(all.filter((i) => i.State?.Name === 'running').length).toBeGreaterThan(20);
    const mac = all.find((i) => i.InstanceId === world.instances.macX86.running[0])!;
    expect(mac.InstanceType).toBe('mac1.metal');
    expect(mac.Architecture).toBe('x86_64_mac');
    expect(mac.PlatformDetails).toBe('Linux/UNIX');
    expect(mac.Placement?.Tenancy).toBe('host');
    expect(mac.Placement?.HostId).toMatch(/^h-[0-9a-f]{17}$/);
    expect(mac.State).toEqual({ Code: 16, Name: 'running' });
    expect(mac.LaunchTime).toBeInstanceOf(Date);
    expect(mac.Tags?.find((t) => t.Key === 'Name')?.Value).toMatch(/^mac-/);
    const arm = all.find((i) => i.InstanceId === world.instances.macAppleSilicon.running[0])!;
    expect(arm.Architecture).toBe('arm64_mac');
    expect(arm.InstanceType).toMatch(/^mac2/);
    const win = all.find((i) => i.InstanceId === world.instances.windows.running[0])!;
    expect(win.PlatformDetails).toBe('Windows');
    expect(win.Platform).toBe('windows');
    expect(win.Placement?.HostId).toBeUndefined();
  });

  test('instance-id filter tolerates unknown ids (batch-friendly)', async () => {
    const ids = [world.instances.macX86.running[0], world.instances.linux.running[0], 'i-0123456789abcdef0'];
    const out = flat(await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-id', Values: ids }] })));
    expect(out.map((i) => i.InstanceId).sort()).toEqual(ids.slice(0, 2).sort());
  });

  test('InstanceIds: unknown fails the whole call, malformed is Malformed', async () => {
    const ok = flat(await ec2.send(new DescribeInstancesCommand({ InstanceIds: [world.instances.linux.running[0]] })));
    expect(ok).toHaveLength(1);
    const nf = await failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: [world.instances.linux.running[0], 'i-0123456789abcdef0'] })));
    expect(nf).toMatchObject({ name: 'InvalidInstanceID.NotFound', status: 400 });
    expect(nf.message).toContain('i-0123456789abcdef0');
    expect(nf.requestId).toBeTruthy();
    const bad = await failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-xyz'] })));
    expect(bad).toMatchObject({ name: 'InvalidInstanceID.Malformed', status: 400 });
  });

  test('MaxResults bounds and the InstanceIds combination', async () => {
    expect(await failure(ec2.send(new DescribeInstancesCommand({ MaxResults: 4 })))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(await failure(ec2.send(new DescribeInstancesCommand({ MaxResults: 1001 })))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(
      await failure(ec2.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: [world.instances.linux.running[0]] }))),
    ).toMatchObject({ name: 'InvalidParameterCombination', status: 400 });
  });

  test('paginates to the last page; tokens are opaque and checked', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await ec2.send(new DescribeInstancesCommand({ MaxResults: 7, NextToken: token, Filters: [{ Name: 'instance-state-name', Values: ['running', 'stopped'] }] }));
      const page = flat(r);
      expect(page.length).toBeLessThanOrEqual(7);
      seen.push(...page.map((i) => i.InstanceId!));
      token = r.NextToken;
      pages++;
    } while (token);
    const expected = flat(await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running', 'stopped'] }] })));
    expect(seen).toEqual(expected.map((i) => i.InstanceId));
    expect(pages).toBe(Math.ceil(expected.length / 7));
    expect(await failure(ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: 'garbage' })))).toMatchObject({ name: 'InvalidParameterValue' });
    const first = await ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    // A token from another query is rejected.
    expect(
      await failure(ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: first.NextToken, Filters: [{ Name: 'instance-type', Values: ['mac1.metal'] }] }))),
    ).toMatchObject({ name: 'InvalidParameterValue' });
  });

  test('filters: wildcards, tags, types, states, AZ; unknown names and limits', async () => {
    const q = async (Filters: Filter[]) => flat(await ec2.send(new DescribeInstancesCommand({ Filters })));
    const macs = await q([{ Name: 'tag:Name', Values: ['mac-*'] }]);
    const macIds = [...Object.values(world.instances.macX86), ...Object.values(world.instances.macAppleSilicon)].flat();
    expect(macs.map((i) => i.InstanceId).sort()).toEqual(macIds.sort());
    const arm = await q([{ Name: 'instance-type', Values: ['mac2*', 'mac-m4*'] }, { Name: 'instance-state-name', Values: ['running'] }]);
    expect(arm.map((i) => i.InstanceId).sort()).toEqual([...world.instances.macAppleSilicon.running].sort());
    expect(await q([{ Name: 'instance-type', Values: ['mac1.me?al'] }])).toHaveLength(Object.values(world.instances.macX86).flat().length);
    const cc = await q([{ Name: 'tag-key', Values: ['CostCenter'] }]);
    expect(cc.every((i) => i.Tags?.some((t) => t.Key === 'CostCenter'))).toBe(true);
    const az = await q([{ Name: 'availability-zone', Values: ['us-east-1a'] }]);
    expect(az.every((i) => i.Placement?.AvailabilityZone === 'us-east-1a')).toBe(true);
    const img = await q([{ Name: 'image-id', Values: [az[0]?.ImageId ?? 'ami-00000000'] }]);
    expect(img.length).toBeGreaterThan(0);
    expect(await failure(q([{ Name: 'no-such-filter', Values: ['x'] }]))).toMatchObject({ name: 'InvalidParameterValue' });
    const many = Array.from({ length: 51 }, () => ({ Name: 'instance-type', Values: ['t3.micro'] }));
    expect(await failure(q(many))).toMatchObject({ name: 'FilterLimitExceeded' });
    const values = Array.from({ length: 201 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    expect(await failure(q([{ Name: 'instance-id', Values: values }]))).toMatchObject({ name: 'FilterLimitExceeded' });
    expect(await q([{ Name: 'instance-id', Values: values.slice(0, 200) }])).toHaveLength(0);
  });

  test('DryRun on a describe: DryRunOperation for any known key', async () => {
    expect(await failure(ec2.send(new DescribeInstancesCommand({ DryRun: true })))).toMatchObject({ name: 'DryRunOperation', status: 412 });
    const ro = client(sim, SIM_ACCESS_KEYS.readOnly);
    expect(await failure(ro.send(new DescribeInstancesCommand({ DryRun: true })))).toMatchObject({ name: 'DryRunOperation' });
    expect(flat(await ro.send(new DescribeInstancesCommand({ MaxResults: 5 })))).toHaveLength(5);
    ro.destroy();
  });
});

describe('DescribeImages', () => {
  test('visible images: owned + public + shared with us; never the partner-private one', async () => {
    const all = (await ec2.send(new DescribeImagesCommand({}))).Images!;
    const ids = all.map((i) => i.ImageId!);
    expect(ids.length).toBe(world.counts.images);
    for (const id of [...world.images.owned, ...world.images.public, ...world.images.shared]) expect(ids).toContain(id);
    for (const id of world.images.notVisible) expect(ids).not.toContain(id);
    const amazonMac = all.find((i) => i.ImageId === world.images.amazonMacOS[0])!;
    expect(amazonMac).toMatchObject({ ImageOwnerAlias: 'amazon', Public: true, State: 'available', PlatformDetails: 'Linux/UNIX' });
    expect(amazonMac.Architecture).toMatch(/_mac$/);
    const pc = all.find((i) => i.ImageId === world.images.withProductCode[0])!;
    expect(pc.ProductCodes).toEqual([{ ProductCodeId: expect.any(String), ProductCodeType: 'marketplace' }]);
    expect(all.find((i) => i.ImageId === world.images.imdsV2[0])!.ImdsSupport).toBe('v2.0');
    expect(all.filter((i) => i.ImdsSupport === undefined).length).toBeGreaterThan(all.length / 2);
  });

  test('Owners, ExecutableUsers and filters', async () => {
    const self = (await ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!;
    expect(self.map((i) => i.ImageId).sort()).toEqual([...world.images.owned].sort());
    expect(self.every((i) => i.OwnerId === SIM_ACCOUNT_ID)).toBe(true);
    const amazon = (await ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images!;
    expect(amazon.length).toBeGreaterThan(0);
    expect(amazon.every((i) => i.ImageOwnerAlias === 'amazon' && i.Public)).toBe(true);
    const execSelf = (await ec2.send(new DescribeImagesCommand({ ExecutableUsers: ['self'] }))).Images!.map((i) => i.ImageId);
    for (const id of world.images.shared) expect(execSelf).toContain(id);
    const named = (await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'name', Values: ['amzn-ec2-macos-*'] }] }))).Images!;
    expect(named.map((i) => i.ImageId).sort()).toEqual([...world.images.amazonMacOS].sort());
    const pub = (await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'is-public', Values: ['false'] }, { Name: 'owner-id', Values: [SIM_ACCOUNT_ID] }] }))).Images!;
    expect(pub.map((i) => i.ImageId).sort()).toEqual([...world.images.ownedPrivate].sort());
    const arm = (await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'architecture', Values: ['arm64_mac'] }, { Name: 'tag:team', Values: ['ios-build'] }] }))).Images!;
    expect(arm.every((i) => i.Architecture === 'arm64_mac')).toBe(true);
    expect(await failure(ec2.send(new DescribeImagesCommand({ Owners: ['not-an-owner'] })))).toMatchObject({ name: 'InvalidUserID.Malformed' });
  });

  test('ImageIds: NotFound for the whole call (invisible counts as unknown), Malformed', async () => {
    const ok = (await ec2.send(new DescribeImagesCommand({ ImageIds: [world.images.shared[0]] }))).Images!;
    expect(ok).toHaveLength(1);
    expect(await failure(ec2.send(new DescribeImagesCommand({ ImageIds: [world.images.owned[0], world.images.notVisible[0]] })))).toMatchObject({
      name: 'InvalidAMIID.NotFound',
      status: 400,
    });
    expect(await failure(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-zz'] })))).toMatchObject({ name: 'InvalidAMIID.Malformed' });
    const byFilter = (await ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: [world.images.owned[0], world.images.notVisible[0]] }] }))).Images!;
    expect(byFilter.map((i) => i.ImageId)).toEqual([world.images.owned[0]]);
  });

  test('pagination and MaxResults bounds', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const r = await ec2.send(new DescribeImagesCommand({ MaxResults: 6, NextToken: token }));
      seen.push(...r.Images!.map((i) => i.ImageId!));
      token = r.NextToken;
    } while (token);
    expect(new Set(seen).size).toBe(world.counts.images);
    expect(await failure(ec2.send(new DescribeImagesCommand({ MaxResults: 2 })))).toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('DescribeImageAttribute', () => {
  test('launchPermission, description, imdsSupport, productCodes of owned images', async () => {
    const lp = await ec2.send(new DescribeImageAttributeCommand({ ImageId: world.images.ownedWithLaunchPermissions[0], Attribute: 'launchPermission' }));
    expect(lp.ImageId).toBe(world.images.ownedWithLaunchPermissions[0]);
    expect(lp.LaunchPermissions!.length).toBeGreaterThan(0);
    const priv = world.images.ownedPrivate.find((id) => !world.images.ownedWithLaunchPermissions.includes(id))!;
    expect((await ec2.send(new DescribeImageAttributeCommand({ ImageId: priv, Attribute: 'launchPermission' }))).LaunchPermissions ?? []).toEqual([]);
    const d = await ec2.send(new DescribeImageAttributeCommand({ ImageId: world.images.owned[0], Attribute: 'description' }));
    expect(typeof d.Description?.Value).toBe('string');
    const imds = await ec2.send(new DescribeImageAttributeCommand({ ImageId: world.images.imdsV2.find((i) => world.images.owned.includes(i))!, Attribute: 'imdsSupport' }));
    expect(imds.ImdsSupport?.Value).toBe('v2.0');
    const pc = await ec2.send(new DescribeImageAttributeCommand({ ImageId: world.images.withProductCode[0], Attribute: 'productCodes' }));
    expect(pc.ProductCodes).toEqual([{ ProductCodeId: expect.any(String), ProductCodeType: 'marketplace' }]);
  });

  test('errors: not owner, unknown image, unknown attribute', async () => {
    // AWS's answer for an AMI the caller does not own: the launch permissions are unknowable, not empty.
    for (const notOwned of [world.images.amazonMacOS[0], world.images.shared[0]]) {
      expect(await failure(ec2.send(new DescribeImageAttributeCommand({ ImageId: notOwned, Attribute: 'launchPermission' })))).toMatchObject({
        name: 'AuthFailure',
        status: 400,
        message: `Not authorized for image:${notOwned}`,
      });
    }
    // Public attributes of a public image stay readable.
    const d = await ec2.send(new DescribeImageAttributeCommand({ ImageId: world.images.amazonMacOS[0], Attribute: 'description' }));
    expect(d.Description?.Value).toMatch(/macOS/);
    expect(await failure(ec2.send(new DescribeImageAttributeCommand({ ImageId: 'ami-0123456789abcdef0', Attribute: 'description' })))).toMatchObject({
      name: 'InvalidAMIID.NotFound',
    });
    expect(
      await failure(ec2.send(new DescribeImageAttributeCommand({ ImageId: world.images.owned[0], Attribute: 'bogus' as 'description' }))),
    ).toMatchObject({ name: 'InvalidParameterValue' });
  });
});

describe('DescribeMacModificationTasks', () => {
  test('seeded tasks in every state and both types, with tags and SIP config', async () => {
    const all = (await ec2.send(new DescribeMacModificationTasksCommand({}))).MacModificationTasks!;
    expect(new Set(all.map((t) => t.TaskState))).toEqual(new Set(['pending', 'in-progress', 'successful', 'failed']));
    expect(new Set(all.map((t) => t.TaskType))).toEqual(new Set(['sip-modification', 'volume-ownership-delegation']));
    const sip = all.find((t) => t.TaskType === 'sip-modification')!;
    expect(sip.MacSystemIntegrityProtectionConfig?.Status).toMatch(/^(enabled|disabled)$/);
    expect(sip.Tags!.length).toBeGreaterThan(0);
    expect(sip.StartTime).toBeInstanceOf(Date);
    expect(all.find((t) => t.TaskType === 'volume-ownership-delegation')!.MacSystemIntegrityProtectionConfig).toBeUndefined();
    for (const [state, ids] of Object.entries(world.macTasks.byState)) {
      for (const id of ids) expect(all.find((t) => t.MacModificationTaskId === id)!.TaskState).toBe(state);
    }
  });

  test('by id, by filters, pagination and errors', async () => {
    const id = world.macTasks.byState['in-progress'][0];
    const one = (await ec2.send(new DescribeMacModificationTasksCommand({ MacModificationTaskIds: [id] }))).MacModificationTasks!;
    expect(one.map((t) => t.MacModificationTaskId)).toEqual([id]);
    const pending = (await ec2.send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'task-state', Values: ['pending'] }] }))).MacModificationTasks!;
    expect(pending.map((t) => t.MacModificationTaskId).sort()).toEqual([...world.macTasks.byState.pending].sort());
    const vod = (await ec2.send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'task-type', Values: ['volume-ownership-delegation'] }] }))).MacModificationTasks!;
    expect(vod.every((t) => t.TaskType === 'volume-ownership-delegation')).toBe(true);
    const inst = one[0].InstanceId!;
    const byInst = (await ec2.send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'instance-id', Values: [inst] }] }))).MacModificationTasks!;
    expect(byInst.every((t) => t.InstanceId === inst)).toBe(true);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const r = await ec2.send(new DescribeMacModificationTasksCommand({ MaxResults: 5, NextToken: token }));
      seen.push(...r.MacModificationTasks!.map((t) => t.MacModificationTaskId!));
      token = r.NextToken;
    } while (token);
    expect(seen).toHaveLength(world.counts.macModificationTasks);
    expect(
      await failure(ec2.send(new DescribeMacModificationTasksCommand({ MacModificationTaskIds: ['macmodification-0123456789abcdef0'] }))),
    ).toMatchObject({ name: 'InvalidMacModificationTaskId.NotFound', status: 400 });
    expect(await failure(ec2.send(new DescribeMacModificationTasksCommand({ MacModificationTaskIds: ['task-1'] })))).toMatchObject({
      name: 'InvalidMacModificationTaskId.Malformed',
    });
    expect(await failure(ec2.send(new DescribeMacModificationTasksCommand({ MaxResults: 501 })))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(
      await failure(ec2.send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'state', Values: ['pending'] }] }))),
    ).toMatchObject({ name: 'InvalidParameterValue' });
  });
});

test('DescribeMacHosts lists every Mac host: one per Mac instance, and the free ones', async () => {
  const hosts = (await ec2.send(new DescribeMacHostsCommand({}))).MacHosts!;
  const macCount = [...Object.values(world.instances.macX86), ...Object.values(world.instances.macAppleSilicon)].flat().length;
  expect(hosts).toHaveLength((sim.world() as { counts: { hosts: number } }).counts.hosts);
  expect(hosts.length).toBe(macCount + 4);
  expect(hosts[0].HostId).toMatch(/^h-/);
  expect(hosts[0].MacOSLatestSupportedVersions!.length).toBeGreaterThan(0);
});

test('same seed, same world; a 5000-instance world has > 200 distinct images and pages 1000 at a time', async () => {
  const again = await startSimulator({ timeScale: 0, throttling: false, instances: 40, seed: 42 });
  expect(again.world()).toEqual(sim.world());
  await again.close();
  const big = await startSimulator({ timeScale: 0, throttling: false, instances: 5000 });
  const c = client(big);
  const w = big.world() as WorldSummary;
  expect(w.counts.instances).toBe(5000);
  expect(w.counts.distinctImagesInUse).toBeGreaterThan(200);
  const page = await c.send(new DescribeInstancesCommand({ MaxResults: 1000, Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
  expect(flat(page)).toHaveLength(1000);
  c.destroy();
  await big.close();
});
