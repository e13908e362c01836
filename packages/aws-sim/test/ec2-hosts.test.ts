/**
 * Dedicated Hosts of Mac instances through the real SDK: DescribeHosts, DescribeMacHosts,
 * ReleaseHosts (HTTP 200 with Unsuccessful items, as AWS answers), and the scrubbing lifecycle.
 */
import { DescribeHostsCommand, DescribeInstancesCommand, DescribeMacHostsCommand, Host, ReleaseHostsCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { SIM_ACCESS_KEYS, SIM_ACCOUNT_ID } from '../src/core/contract';
import { SIM_EPOCH_START } from '../src/core/clock';
import { DEMO_IDS } from '../src/demo';
import { admin, ec2Client, failure } from './support/sdk';
import { suiteSimulator } from './support/suite';

const t = suiteSimulator({ timeScale: 0, throttling: false });
const HOUR = 3_600_000;

const host = async (id: string): Promise<Host> => (await t.ec2.send(new DescribeHostsCommand({ HostIds: [id] }))).Hosts![0];
const advance = (ms: number) => admin(t.sim, 'clock/advance', { ms });
const instance = async (id: string) => (await t.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0];

describe('DescribeHosts', () => {
  test('every Mac instance sits on its host: state, AZ, type, capacity, the instance, allocation time', async () => {
    const mac = await instance(DEMO_IDS.idleX86Mac);
    const h = await host(mac.Placement!.HostId!);
    expect(h).toMatchObject({
      HostId: mac.Placement!.HostId,
      State: 'available',
      AvailabilityZone: mac.Placement!.AvailabilityZone,
      AutoPlacement: 'off',
      HostProperties: { InstanceType: 'mac1.metal', Cores: 6, Sockets: 1, TotalVCpus: 12 },
      Instances: [{ InstanceId: DEMO_IDS.idleX86Mac, InstanceType: 'mac1.metal', OwnerId: SIM_ACCOUNT_ID }],
      AvailableCapacity: { AvailableInstanceCapacity: [{ AvailableCapacity: 0, InstanceType: 'mac1.metal', TotalCapacity: 1 }], AvailableVCpus: 0 },
      OwnerId: SIM_ACCOUNT_ID,
    });
    expect(h.AllocationTime!.getTime()).toBeLessThanOrEqual(mac.LaunchTime!.getTime());
  });

  test('the demo hosts: a young free host, an old releasable one, one scrubbing, one released (still listed)', async () => {
    const young = await host(DEMO_IDS.youngMacHost);
    expect(young).toMatchObject({ State: 'available', Instances: [], HostProperties: { InstanceType: 'mac2.metal' } });
    expect(young.AllocationTime).toEqual(new Date(SIM_EPOCH_START - 3 * HOUR));
    expect(young.AvailableCapacity!.AvailableInstanceCapacity![0].AvailableCapacity).toBe(1);
    expect(await host(DEMO_IDS.releasableMacHost)).toMatchObject({ State: 'available', HostProperties: { InstanceType: 'mac1.metal' } });
    expect(await host(DEMO_IDS.scrubbingMacHost)).toMatchObject({ State: 'pending', HostProperties: { InstanceType: 'mac-m4.metal' } });
    const released = (await t.ec2.send(new DescribeHostsCommand({ Filter: [{ Name: 'state', Values: ['released'] }] }))).Hosts!;
    expect(released).toHaveLength(1);
    expect(released[0].ReleaseTime).toEqual(new Date(SIM_EPOCH_START - 48 * HOUR));
  });

  test('filters (state, instance-type with wildcards, tag) and pages of 5–500', async () => {
    const all = (await t.ec2.send(new DescribeHostsCommand({}))).Hosts!;
    expect(all.length).toBe((t.sim.world() as { counts: { hosts: number } }).counts.hosts);
    const pending = (await t.ec2.send(new DescribeHostsCommand({ Filter: [{ Name: 'state', Values: ['pending'] }] }))).Hosts!;
    expect(pending.map((h) => h.HostId).sort()).toEqual([DEMO_IDS.scrubbingMacHost, (await instance(stoppedAppleSiliconMac())).Placement!.HostId].sort());
    const m2 = (await t.ec2.send(new DescribeHostsCommand({ Filter: [{ Name: 'instance-type', Values: ['mac2*'] }] }))).Hosts!;
    expect(m2.length).toBeGreaterThan(0);
    expect(m2.every((h) => h.HostProperties!.InstanceType!.startsWith('mac2'))).toBe(true);
    expect((await t.ec2.send(new DescribeHostsCommand({ Filter: [{ Name: 'tag:team', Values: ['ios-build'] }] }))).Hosts!.length).toBe(4);
    const page1 = await t.ec2.send(new DescribeHostsCommand({ MaxResults: 5 }));
    expect(page1.Hosts).toHaveLength(5);
    const page2 = await t.ec2.send(new DescribeHostsCommand({ MaxResults: 5, NextToken: page1.NextToken }));
    expect(page2.Hosts![0].HostId).toBe(all[5].HostId);
  });

  test("AWS's errors: unknown and malformed ids, no host-id filter, MaxResults with ids or out of range", async () => {
    expect(await failure(t.ec2.send(new DescribeHostsCommand({ HostIds: [DEMO_IDS.youngMacHost, 'h-0123456789abcdef0'] })))).toMatchObject({
      name: 'InvalidHostID.NotFound',
      status: 400,
      message: "The host ID 'h-0123456789abcdef0' does not exist",
    });
    expect(await failure(t.ec2.send(new DescribeHostsCommand({ HostIds: ['host-1'] })))).toMatchObject({ name: 'InvalidHostID.Malformed' });
    expect(await failure(t.ec2.send(new DescribeHostsCommand({ Filter: [{ Name: 'host-id', Values: [DEMO_IDS.youngMacHost] }] })))).toMatchObject({
      name: 'InvalidParameterValue',
    });
    expect(await failure(t.ec2.send(new DescribeHostsCommand({ HostIds: [DEMO_IDS.youngMacHost], MaxResults: 5 })))).toMatchObject({ name: 'InvalidParameterCombination' });
    expect(await failure(t.ec2.send(new DescribeHostsCommand({ MaxResults: 501 })))).toMatchObject({ name: 'InvalidParameterValue' });
  });
});

/** The fixed mac2.metal stopped 20 minutes before the epoch: its host still scrubs. */
function stoppedAppleSiliconMac(): string {
  return (t.sim.world() as { instances: { macAppleSilicon: { stopped: string[] } } }).instances.macAppleSilicon.stopped[0];
}

test('DescribeMacHosts: latest supported macOS per host, by id or filter, pages of 5–500', async () => {
  const [x86] = (await t.ec2.send(new DescribeMacHostsCommand({ HostIds: [DEMO_IDS.releasableMacHost] }))).MacHosts!;
  expect(x86).toEqual({ HostId: DEMO_IDS.releasableMacHost, MacOSLatestSupportedVersions: ['15.6', '14.7'] });
  const m4 = (await t.ec2.send(new DescribeMacHostsCommand({ Filters: [{ Name: 'instance-type', Values: ['mac-m4.metal'] }] }))).MacHosts!;
  expect(m4.map((h) => h.HostId)).toContain(DEMO_IDS.scrubbingMacHost);
  expect(m4.every((h) => h.MacOSLatestSupportedVersions![0] === '26.0')).toBe(true);
  expect((await t.ec2.send(new DescribeMacHostsCommand({ MaxResults: 5 }))).MacHosts).toHaveLength(5);
  expect(await failure(t.ec2.send(new DescribeMacHostsCommand({ MaxResults: 4 })))).toMatchObject({ name: 'InvalidParameterValue' });
  expect(await failure(t.ec2.send(new DescribeMacHostsCommand({ HostIds: ['h-0123456789abcdef0'] })))).toMatchObject({ name: 'InvalidHostID.NotFound' });
});

describe('ReleaseHosts', () => {
  test('a host younger than 24 h: HTTP 200 with an Unsuccessful item naming when it becomes releasable', async () => {
    const out = await t.ec2.send(new ReleaseHostsCommand({ HostIds: [DEMO_IDS.youngMacHost] }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.Successful).toEqual([]);
    expect(out.Unsuccessful).toEqual([
      {
        ResourceId: DEMO_IDS.youngMacHost,
        Error: {
          Code: 'Client.HostMinAllocationPeriodUnexpired',
          Message:
            `Unable to release Dedicated Host ${DEMO_IDS.youngMacHost}. mac2.metal hosts must be allocated to your AWS account for at least 24 hour(s). ` +
            `You can release this host any time after ${new Date(SIM_EPOCH_START + 21 * HOUR).toISOString()}.`,
        },
      },
    ]);
    await advance(21 * HOUR);
    const later = await t.ec2.send(new ReleaseHostsCommand({ HostIds: [DEMO_IDS.youngMacHost] }));
    expect(later.Successful).toEqual([DEMO_IDS.youngMacHost]);
  });

  test('an occupied host (a Mac on it, or scrubbing) is refused; an old free one is released and stays listed', async () => {
    const occupied = (await instance(DEMO_IDS.idleX86Mac)).Placement!.HostId!;
    const out = await t.ec2.send(new ReleaseHostsCommand({ HostIds: [occupied, DEMO_IDS.scrubbingMacHost, DEMO_IDS.releasableMacHost, 'h-0123456789abcdef0'] }));
    expect(out.Successful).toEqual([DEMO_IDS.releasableMacHost]);
    expect(out.Unsuccessful!.map((u) => [u.ResourceId, u.Error!.Code])).toEqual([
      [occupied, 'Client.InvalidHost.Occupied'],
      [DEMO_IDS.scrubbingMacHost, 'Client.InvalidHost.Occupied'],
      ['h-0123456789abcdef0', 'Client.InvalidHostID.NotFound'],
    ]);
    expect(out.Unsuccessful![0].Error!.Message).toBe(`Dedicated host '${occupied}' cannot be released as it is occupied.`);
    expect(await host(DEMO_IDS.releasableMacHost)).toMatchObject({ State: 'released', ReleaseTime: new Date(SIM_EPOCH_START) });
  });

  test('the read-only key is refused (UnauthorizedOperation); ReleaseHosts has no DryRun', async () => {
    const ro = ec2Client(t.sim, SIM_ACCESS_KEYS.readOnly);
    expect(await failure(ro.send(new ReleaseHostsCommand({ HostIds: [DEMO_IDS.releasableMacHost] })))).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
    ro.destroy();
    expect(await host(DEMO_IDS.releasableMacHost)).toMatchObject({ State: 'available' });
  });
});

test('stopping a Mac puts its host in pending for a scrubbing time within AWS’s range, then available', async () => {
  const mac = await instance(DEMO_IDS.idleAppleSiliconMac);
  const hostId = mac.Placement!.HostId!;
  await t.ec2.send(new StopInstancesCommand({ InstanceIds: [DEMO_IDS.idleAppleSiliconMac] }));
  expect((await host(hostId)).State).toBe('pending');
  // Apple silicon: stopping ~15 min, then up to 4.5 h of scrubbing; at least an hour here.
  await advance(HOUR + 14 * 60_000);
  expect((await host(hostId)).State).toBe('pending');
  expect((await instance(DEMO_IDS.idleAppleSiliconMac)).State!.Name).toBe('stopped');
  await advance(3.5 * HOUR);
  expect(await host(hostId)).toMatchObject({ State: 'available', Instances: [] });
});
