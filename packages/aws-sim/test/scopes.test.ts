/**
 * The organisation's worlds: one per ACTIVE account × enabled region, each seeded on its own,
 * chosen by the credentials (account) and the SigV4 credential scope (region); regions the
 * account has not enabled refused as AWS refuses them; throttling and counters per scope.
 */
import { DescribeInstancesCommand, DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { SCOPE_INSTANCES } from '../src/front/scopes';
import { startSimulator } from '../src/front/server';
import { MANAGEMENT_ACCOUNT_ID, MEMBER_ACCOUNT_IDS, SUSPENDED_ACCOUNT_ID } from '../src/org/ids';
import { SIM_ROLES } from '../src/org/roles';
import { admin, ec2Client, failure, ssmClient } from './support/sdk';
import { assume, roleArn, stsClient } from './support/org';
import { suiteSimulator } from './support/suite';

const [MAC_CI, SANDBOX] = MEMBER_ACCOUNT_IDS;
const ids = (r: { Reservations?: { Instances?: { InstanceId?: string }[] }[] }) => (r.Reservations ?? []).flatMap((x) => (x.Instances ?? []).map((i) => i.InstanceId!));

describe('scopes (3 accounts × us-east-1, us-west-2)', () => {
  const t = suiteSimulator({ timeScale: 0, throttling: false });

  test('GET /_sim/world lists the accounts, regions, roles and six scopes; one scope in full with ?accountId&region', async () => {
    const world = await admin(t.sim, 'world');
    expect(world.accounts.map((a: { id: string; state: string; regions: string[] }) => [a.id, a.state, a.regions])).toEqual([
      [MANAGEMENT_ACCOUNT_ID, 'ACTIVE', ['us-east-1', 'us-west-2']],
      [MAC_CI, 'ACTIVE', ['us-east-1', 'us-west-2']],
      [SANDBOX, 'ACTIVE', ['us-east-1', 'us-west-2']],
      [SUSPENDED_ACCOUNT_ID, 'SUSPENDED', []],
    ]);
    expect(world.regions).toEqual({
      enabled: ['us-east-1', 'us-west-2'],
      all: [
        { name: 'us-east-1', optInStatus: 'opt-in-not-required' },
        { name: 'us-west-2', optInStatus: 'opt-in-not-required' },
        { name: 'ap-east-1', optInStatus: 'not-opted-in' },
      ],
    });
    expect(world.roles).toEqual([
      { name: 'OrganizationAccountAccessRole', canWrite: true, accounts: [MAC_CI, SANDBOX] },
      { name: 'FleetGraphReadOnly', canWrite: false, accounts: [MANAGEMENT_ACCOUNT_ID, MAC_CI, SANDBOX] },
      { name: 'FleetGraphOperator', canWrite: true, externalId: SIM_ROLES.operator.externalId, accounts: [MANAGEMENT_ACCOUNT_ID, MAC_CI, SANDBOX] },
    ]);
    expect(world.scopes.map((s: { accountId: string; region: string; instances: number }) => [s.accountId, s.region, s.instances])).toEqual([
      [MANAGEMENT_ACCOUNT_ID, 'us-east-1', 40],
      [MANAGEMENT_ACCOUNT_ID, 'us-west-2', SCOPE_INSTANCES],
      [MAC_CI, 'us-east-1', SCOPE_INSTANCES],
      [MAC_CI, 'us-west-2', SCOPE_INSTANCES],
      [SANDBOX, 'us-east-1', SCOPE_INSTANCES],
      [SANDBOX, 'us-west-2', SCOPE_INSTANCES],
    ]);
    // The top level is the first scope's world (where the demo ids live), as before the organisation.
    expect(world).toMatchObject({ accountId: MANAGEMENT_ACCOUNT_ID, region: 'us-east-1', counts: { instances: 40 } });
    const west = await admin(t.sim, `world?accountId=${MAC_CI}&region=us-west-2`);
    expect(west).toMatchObject({ accountId: MAC_CI, region: 'us-west-2', counts: { instances: SCOPE_INSTANCES } });
    // Every scope has a few Macs, Mac tasks, executions, managed nodes and its own account runbooks.
    expect(Object.keys(west.macInstanceTypes).length).toBeGreaterThanOrEqual(10);
    expect(west.counts.macModificationTasks).toBeGreaterThan(0);
    expect(west.ssm.executions).toBeGreaterThan(0);
    expect(west.ssm.managedNodes).toBeGreaterThan(0);
    expect(west.ssm.runbooks.filter((r: { owner: string }) => r.owner === 'Self')).toHaveLength(3);
    expect((await fetch(`${t.sim.url}/_sim/world?accountId=${SUSPENDED_ACCOUNT_ID}&region=us-east-1`)).status).toBe(404);
  });

  test('the signed region selects the world: us-west-2 holds other instances, in us-west-2 zones', async () => {
    const west = ec2Client(t.sim, undefined, 'us-west-2');
    const w = await west.send(new DescribeInstancesCommand({ MaxResults: 1000 }));
    const e = await t.ec2.send(new DescribeInstancesCommand({ MaxResults: 1000 }));
    expect(ids(w)).toHaveLength(SCOPE_INSTANCES);
    expect(ids(e)).toHaveLength(40);
    expect(ids(w).filter((id) => ids(e).includes(id))).toEqual([]);
    const zones = new Set(w.Reservations!.flatMap((r) => r.Instances!.map((i) => i.Placement!.AvailabilityZone)));
    expect([...zones].every((z) => /^us-west-2[a-c]$/.test(z!))).toBe(true);
    west.destroy();
  });

  test('every scope’s world is deterministic: the same seed gives the same ids on another start', async () => {
    const other = await startSimulator({ timeScale: 0, throttling: false });
    for (const [account, region] of [[MAC_CI, 'us-west-2'], [SANDBOX, 'us-east-1']]) {
      const a = await admin(t.sim, `world?accountId=${account}&region=${region}`);
      const b = await admin(other, `world?accountId=${account}&region=${region}`);
      expect(b.instances).toEqual(a.instances);
      expect(b.images).toEqual(a.images);
    }
    await other.close();
  });

  test('DescribeRegions: the enabled regions; AllRegions adds the opt-in region not opted in; filters', async () => {
    const enabled = (await t.ec2.send(new DescribeRegionsCommand({}))).Regions!;
    expect(enabled.map((r) => [r.RegionName, r.Endpoint, r.OptInStatus])).toEqual([
      ['us-east-1', 'ec2.us-east-1.amazonaws.com', 'opt-in-not-required'],
      ['us-west-2', 'ec2.us-west-2.amazonaws.com', 'opt-in-not-required'],
    ]);
    const all = (await t.ec2.send(new DescribeRegionsCommand({ AllRegions: true }))).Regions!;
    expect(all.map((r) => r.RegionName)).toEqual(['us-east-1', 'us-west-2', 'ap-east-1']);
    const notOptedIn = await t.ec2.send(new DescribeRegionsCommand({ AllRegions: true, Filters: [{ Name: 'opt-in-status', Values: ['not-opted-in'] }] }));
    expect(notOptedIn.Regions!.map((r) => r.RegionName)).toEqual(['ap-east-1']);
    expect(await failure(t.ec2.send(new DescribeRegionsCommand({ RegionNames: ['mars-north-1'] })))).toMatchObject({ name: 'InvalidParameterValue' });
  });

  test('a region the account has not enabled refuses the credentials: EC2 AuthFailure (401), SSM UnrecognizedClientException, STS InvalidClientTokenId (403)', async () => {
    expect(await failure(ec2Client(t.sim, undefined, 'ap-east-1').send(new DescribeInstancesCommand({})))).toMatchObject({
      name: 'AuthFailure',
      status: 401,
      message: 'AWS was not able to validate the provided access credentials',
    });
    expect(await failure(ssmClient(t.sim, undefined, 'ap-east-1').send(new DescribeInstanceInformationCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    expect(await failure(stsClient(t.sim, undefined, 'ap-east-1').send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'InvalidClientTokenId', status: 403 });
    // The simulated accounts have exactly SIM_REGIONS: any other region is refused the same way.
    expect(await failure(ec2Client(t.sim, undefined, 'eu-west-1').send(new DescribeInstancesCommand({})))).toMatchObject({ name: 'AuthFailure' });
    // STS itself answers in the enabled and the default regions.
    expect((await stsClient(t.sim, undefined, 'us-west-2').send(new GetCallerIdentityCommand({}))).Account).toBe(MANAGEMENT_ACCOUNT_ID);
  });

  test('throttling and counters are per scope: one scope’s empty bucket does not slow another; totals stay', async () => {
    await admin(t.sim, 'config', { throttling: true, buckets: { describe: { burst: 2, refillPerSecond: 0.0001 } } });
    const call = () => t.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    await call();
    await call();
    expect(await failure(call())).toMatchObject({ name: 'RequestLimitExceeded' });
    const member = await assume(t.sim, { RoleArn: roleArn(MAC_CI, SIM_ROLES.readOnly.name) });
    const memberEc2 = ec2Client(t.sim, member);
    await memberEc2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    await memberEc2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const west = ec2Client(t.sim, undefined, 'us-west-2');
    await west.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const stats = await admin(t.sim, 'stats');
    expect(stats.calls).toEqual({ 'ec2:DescribeInstances': 6, 'sts:AssumeRole': 1 });
    expect(stats.throttled).toEqual({ 'ec2:DescribeInstances': 1 });
    expect(stats.scopes).toEqual({
      [`${MANAGEMENT_ACCOUNT_ID}/us-east-1`]: { calls: { 'ec2:DescribeInstances': 3, 'sts:AssumeRole': 1 }, throttled: { 'ec2:DescribeInstances': 1 } },
      [`${MAC_CI}/us-east-1`]: { calls: { 'ec2:DescribeInstances': 2 }, throttled: {} },
      [`${MANAGEMENT_ACCOUNT_ID}/us-west-2`]: { calls: { 'ec2:DescribeInstances': 1 }, throttled: {} },
    });
    memberEc2.destroy();
    west.destroy();
  });
});

test('SIM_ACCOUNTS and SIM_REGIONS shape the organisation: an opted-in opt-in region, one account', async () => {
  const sim = await startSimulator({ timeScale: 0, throttling: false, accounts: 1, regions: ['eu-central-1', 'ap-east-1'], instances: 18 });
  const world = await admin(sim, 'world');
  expect(world.accounts.map((a: { id: string }) => a.id)).toEqual([MANAGEMENT_ACCOUNT_ID, SUSPENDED_ACCOUNT_ID]);
  expect(world.scopes.map((s: { region: string }) => s.region)).toEqual(['eu-central-1', 'ap-east-1']);
  const ec2 = ec2Client(sim, undefined, 'ap-east-1');
  const regions = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  expect(regions.Regions!.map((r) => [r.RegionName, r.OptInStatus])).toEqual([
    ['eu-central-1', 'opt-in-not-required'],
    ['ap-east-1', 'opted-in'],
    ['me-south-1', 'not-opted-in'],
  ]);
  expect(ids(await ec2.send(new DescribeInstancesCommand({ MaxResults: 1000 })))).toHaveLength(SCOPE_INSTANCES);
  ec2.destroy();
  await sim.close();
  await expect(startSimulator({ accounts: 0 })).rejects.toThrow('accounts must be an integer >= 1');
  await expect(startSimulator({ regions: ['us-east-1', 'us-east-1'] })).rejects.toThrow('regions are listed twice');
});
