/**
 * The default world as the README promises it: well-known demo ids that exist with the right shape
 * whatever the world's size, every Mac type AWS sells, and no account id from AWS's documentation.
 */
import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeMacHostsCommand,
  DescribeMacModificationTasksCommand,
  EC2Client,
  Instance,
} from '@aws-sdk/client-ec2';
import { GetAutomationExecutionCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SIM_ACCOUNT_ID } from '../src/core/contract';
import { DEMO_IDS, SIM_DEMO_MIN_INSTANCES } from '../src/demo';
import { RunningSimulator, startSimulator } from '../src/front/server';
import { admin, ec2Client, ssmClient } from './support/sdk';

/** Account ids AWS's documentation uses in its examples. */
const DOC_EXAMPLE_ACCOUNTS = ['123456789012', '111122223333', '444455556666', '555555555555', '111111111111', '222222222222', '333333333333', '999999999999', '012345678901', '210987654321'];

test.each([SIM_DEMO_MIN_INSTANCES, 40, 600])('the demo ids are the same in a world of %i instances', async (instances) => {
  const sim = await startSimulator({ instances, timeScale: 0, throttling: false });
  expect((await admin(sim, 'world')).demo).toEqual(DEMO_IDS);
  await sim.close();
});

describe('the default world (40 instances)', () => {
  let sim: RunningSimulator;
  let ec2: EC2Client;
  let ssm: SSMClient;
  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 0, throttling: false });
    ec2 = ec2Client(sim);
    ssm = ssmClient(sim);
  });
  afterAll(async () => {
    ec2.destroy();
    ssm.destroy();
    await sim.close();
  });

  const instance = async (id: string): Promise<Instance> => (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0];
  const activeTasks = async (id: string) =>
    (await ec2.send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'instance-id', Values: [id] }, { Name: 'task-state', Values: ['pending', 'in-progress'] }] })))
      .MacModificationTasks ?? [];

  test('idle Macs of both architectures: running, and no active Mac modification task', async () => {
    expect(await instance(DEMO_IDS.idleX86Mac)).toMatchObject({ InstanceType: 'mac1.metal', Architecture: 'x86_64_mac', State: { Name: 'running' } });
    expect(await instance(DEMO_IDS.idleAppleSiliconMac)).toMatchObject({ InstanceType: 'mac2.metal', Architecture: 'arm64_mac', State: { Name: 'running' } });
    expect(await activeTasks(DEMO_IDS.idleX86Mac)).toEqual([]);
    expect(await activeTasks(DEMO_IDS.idleAppleSiliconMac)).toEqual([]);
  });

  test('an owned AMI and an owned public AMI', async () => {
    const images = (await ec2.send(new DescribeImagesCommand({ ImageIds: [DEMO_IDS.ownedImage, DEMO_IDS.ownedPublicImage] }))).Images!;
    expect(images.map((i) => [i.ImageId, i.OwnerId, i.Public])).toEqual([
      [DEMO_IDS.ownedImage, SIM_ACCOUNT_ID, false],
      [DEMO_IDS.ownedPublicImage, SIM_ACCOUNT_ID, true],
    ]);
    const perms = await ec2.send(new DescribeImageAttributeCommand({ ImageId: DEMO_IDS.ownedPublicImage, Attribute: 'launchPermission' }));
    expect(perms.LaunchPermissions).toEqual([{ Group: 'all' }]);
  });

  test('a completed Mac task on the idle x86 Mac', async () => {
    const [task] = (await ec2.send(new DescribeMacModificationTasksCommand({ MacModificationTaskIds: [DEMO_IDS.completedMacTask] }))).MacModificationTasks!;
    expect(task).toMatchObject({ InstanceId: DEMO_IDS.idleX86Mac, TaskState: 'successful', TaskType: 'sip-modification' });
  });

  test('an Automation run waiting for approval to reboot a running Mac', async () => {
    const run = (await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: DEMO_IDS.waitingApprovalExecution }))).AutomationExecution!;
    expect(run).toMatchObject({
      DocumentName: 'FleetGraph-ApprovedMacReboot',
      AutomationExecutionStatus: 'Waiting',
      CurrentStepName: 'ApproveReboot',
      Parameters: expect.objectContaining({ InstanceId: [DEMO_IDS.approvalTargetMac] }),
    });
    expect(await instance(DEMO_IDS.approvalTargetMac)).toMatchObject({ InstanceType: 'mac2-m2pro.metal', State: { Name: 'running' } });
  });

  test('every Mac instance type AWS sells, each on a dedicated host with its supported macOS versions', async () => {
    const macs = (await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-type', Values: ['mac*'] }] }))).Reservations!.flatMap((r) => r.Instances!);
    const types = [...new Set(macs.map((i) => i.InstanceType))].sort();
    expect(types).toEqual(['mac-m4.metal', 'mac-m4pro.metal', 'mac1.metal', 'mac2-m2.metal', 'mac2-m2pro.metal', 'mac2.metal']);
    expect(new Set(macs.map((i) => i.Architecture))).toEqual(new Set(['x86_64_mac', 'arm64_mac']));
    for (const type of types) {
      const host = macs.find((i) => i.InstanceType === type)!.Placement!.HostId!;
      const [mac] = (await ec2.send(new DescribeMacHostsCommand({ HostIds: [host] }))).MacHosts!;
      expect(mac.MacOSLatestSupportedVersions![0]).toBe(type === 'mac1.metal' ? '15.6' : '26.0');
    }
  });

  test('no account id is one from the AWS documentation (copied examples never hit the simulator’s own)', async () => {
    const images = (await ec2.send(new DescribeImagesCommand({}))).Images!;
    const owned = images.filter((i) => i.OwnerId === SIM_ACCOUNT_ID);
    const grantees: string[] = [];
    for (const im of owned) {
      const perms = await ec2.send(new DescribeImageAttributeCommand({ ImageId: im.ImageId, Attribute: 'launchPermission' }));
      grantees.push(...(perms.LaunchPermissions ?? []).flatMap((p) => (p.UserId ? [p.UserId] : [])));
    }
    const accounts = new Set([SIM_ACCOUNT_ID, ...images.map((i) => i.OwnerId!), ...grantees]);
    expect(grantees.length).toBeGreaterThan(0);
    for (const doc of DOC_EXAMPLE_ACCOUNTS) expect(accounts).not.toContain(doc);
  });
});

test('the README names every demo id verbatim', () => {
  const readme = readFileSync(resolve(__dirname, '../README.md'), 'utf8');
  for (const id of Object.values(DEMO_IDS)) expect(readme).toContain(id);
});
