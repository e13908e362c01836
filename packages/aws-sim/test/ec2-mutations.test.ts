import {
  CreateDelegateMacVolumeOwnershipTaskCommand,
  CreateMacSystemIntegrityProtectionModificationTaskCommand,
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DescribeMacModificationTasksCommand,
  EC2Client,
  ModifyImageAttributeCommand,
} from '@aws-sdk/client-ec2';
import { SIM_ACCESS_KEYS, SIM_MAC_CREDENTIALS } from '../src/core/contract';
import { RunningSimulator, startSimulator } from '../src/front/server';
import { WorldSummary, ec2Client as client, failure } from './support/sdk';

const GOOD_CREDS = JSON.stringify(SIM_MAC_CREDENTIALS);
const BAD_CREDS = JSON.stringify({ ...SIM_MAC_CREDENTIALS, rootVolumePassword: 'wrong-password-xyz' });

async function advance(sim: RunningSimulator, body: Record<string, number>): Promise<void> {
  const r = await fetch(`${sim.url}/_sim/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(r.status).toBe(200);
}

let sim: RunningSimulator;
let ec2: EC2Client;
let ro: EC2Client;
let world: WorldSummary;
const logLines: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ timeScale: 0, throttling: false, log: (l) => logLines.push(l) });
  ec2 = client(sim);
  ro = client(sim, SIM_ACCESS_KEYS.readOnly);
});
beforeEach(() => {
  sim.reset();
  world = sim.world() as WorldSummary;
});
afterAll(async () => {
  ec2.destroy();
  ro.destroy();
  await sim.close();
});

const taskState = async (id: string) =>
  (await ec2.send(new DescribeMacModificationTasksCommand({ MacModificationTaskIds: [id] }))).MacModificationTasks![0].TaskState;

describe('CreateMacSystemIntegrityProtectionModificationTask', () => {
  test('x86 Mac: pending → in-progress (60 s) → successful (20 min), config and tags echoed', async () => {
    const instanceId = world.idleRunningMac.macX86[0];
    const out = await ec2.send(
      new CreateMacSystemIntegrityProtectionModificationTaskCommand({
        InstanceId: instanceId,
        MacSystemIntegrityProtectionStatus: 'disabled',
        MacSystemIntegrityProtectionConfiguration: { KextSigning: 'enabled', NvramProtections: 'disabled' },
        TagSpecifications: [{ ResourceType: 'mac-modification-task', Tags: [{ Key: 'ticket', Value: 'OPS-1' }] }],
      }),
    );
    const t = out.MacModificationTask!;
    expect(t).toMatchObject({
      InstanceId: instanceId,
      TaskState: 'pending',
      TaskType: 'sip-modification',
      MacSystemIntegrityProtectionConfig: { Status: 'disabled', KextSigning: 'enabled', NvramProtections: 'disabled' },
      Tags: [{ Key: 'ticket', Value: 'OPS-1' }],
    });
    expect(t.MacModificationTaskId).toMatch(/^macmodification-[0-9a-f]{17}$/);
    expect(t.StartTime!.toISOString()).toBe(new Date(sim.clock.now()).toISOString());
    await advance(sim, { seconds: 59 });
    expect(await taskState(t.MacModificationTaskId!)).toBe('pending');
    await advance(sim, { seconds: 2 });
    expect(await taskState(t.MacModificationTaskId!)).toBe('in-progress');
    await advance(sim, { ms: 20 * 60_000 });
    expect(await taskState(t.MacModificationTaskId!)).toBe('successful');
  });

  test('Apple silicon needs MacCredentials; wrong ones make the task fail; never logged', async () => {
    const [a, b] = world.idleRunningMac.macAppleSilicon;
    expect(
      await failure(ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand({ InstanceId: a, MacSystemIntegrityProtectionStatus: 'enabled' }))),
    ).toMatchObject({ name: 'MissingParameter', status: 400 });
    const good = await ec2.send(
      new CreateMacSystemIntegrityProtectionModificationTaskCommand({ InstanceId: a, MacSystemIntegrityProtectionStatus: 'enabled', MacCredentials: GOOD_CREDS }),
    );
    const bad = await ec2.send(
      new CreateMacSystemIntegrityProtectionModificationTaskCommand({ InstanceId: b, MacSystemIntegrityProtectionStatus: 'enabled', MacCredentials: BAD_CREDS }),
    );
    await advance(sim, { minutes: 30 });
    expect(await taskState(good.MacModificationTask!.MacModificationTaskId!)).toBe('successful');
    expect(await taskState(bad.MacModificationTask!.MacModificationTaskId!)).toBe('failed');
    const notJson = await failure(
      ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand({ InstanceId: a, MacSystemIntegrityProtectionStatus: 'enabled', MacCredentials: 'hunter2-secret' })),
    );
    expect(notJson.name).toBe('InvalidParameterValue');
    expect(notJson.message).not.toContain('hunter2');
    const all = logLines.join('\n');
    expect(all).not.toContain('fleetgraph-demo');
    expect(all).not.toContain('wrong-password-xyz');
    expect(all).not.toContain('hunter2');
  });

  test('refusals: non-Mac, stopped, unknown/malformed id, active task, bad values, tag resource type', async () => {
    const send = (InstanceId: string, extra: Record<string, unknown> = {}) =>
      ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand({ InstanceId, MacSystemIntegrityProtectionStatus: 'enabled', MacCredentials: GOOD_CREDS, ...extra }));
    expect(await failure(send(world.instances.linux.running[0]))).toMatchObject({ name: 'UnsupportedOperation', status: 400 });
    expect(await failure(send(world.instances.windows.running[0]))).toMatchObject({ name: 'UnsupportedOperation' });
    expect(await failure(send(world.instances.macX86.stopped[0]))).toMatchObject({ name: 'IncorrectInstanceState' });
    expect(await failure(send('i-0123456789abcdef0'))).toMatchObject({ name: 'InvalidInstanceID.NotFound' });
    expect(await failure(send('i-nope'))).toMatchObject({ name: 'InvalidInstanceID.Malformed' });
    const busy = world.macTasks.byState.pending[0];
    const busyInstance = (await ec2.send(new DescribeMacModificationTasksCommand({ MacModificationTaskIds: [busy] }))).MacModificationTasks![0].InstanceId!;
    expect(await failure(send(busyInstance))).toMatchObject({ name: 'IncorrectState' });
    const x86 = world.idleRunningMac.macX86[0];
    await send(x86);
    expect(await failure(send(x86))).toMatchObject({ name: 'IncorrectState' });
    expect(await failure(send(world.idleRunningMac.macX86[1], { MacSystemIntegrityProtectionStatus: 'maybe' }))).toMatchObject({ name: 'InvalidParameterValue' });
    expect(
      await failure(send(world.idleRunningMac.macX86[1], { TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'a', Value: 'b' }] }] })),
    ).toMatchObject({ name: 'InvalidParameterValue' });
  });

  test('DryRun: admin → DryRunOperation 412, read-only → UnauthorizedOperation 403; validation comes first', async () => {
    const args = { InstanceId: world.idleRunningMac.macX86[0], MacSystemIntegrityProtectionStatus: 'enabled' as const, DryRun: true };
    expect(await failure(ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand(args)))).toMatchObject({ name: 'DryRunOperation', status: 412 });
    expect(await failure(ro.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand(args)))).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
    expect(
      await failure(ro.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand({ ...args, DryRun: false }))),
    ).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
    expect(
      await failure(ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand({ ...args, InstanceId: world.instances.linux.running[0] }))),
    ).toMatchObject({ name: 'UnsupportedOperation' });
    // No task was created by any of that.
    const tasks = (await ec2.send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'instance-id', Values: [args.InstanceId] }] }))).MacModificationTasks!;
    expect(tasks.every((t) => t.TaskState === 'successful' || t.TaskState === 'failed')).toBe(true);
  });

  test('ClientToken idempotency: same params → same task, changed params → IdempotentParameterMismatch', async () => {
    const base = { InstanceId: world.idleRunningMac.macAppleSilicon[0], MacSystemIntegrityProtectionStatus: 'disabled' as const, MacCredentials: GOOD_CREDS, ClientToken: 'token-1' };
    const first = await ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand(base));
    const again = await ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand(base));
    expect(again.MacModificationTask!.MacModificationTaskId).toBe(first.MacModificationTask!.MacModificationTaskId);
    const count = (await ec2.send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'instance-id', Values: [base.InstanceId] }] }))).MacModificationTasks!.length;
    expect(
      await failure(ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand({ ...base, MacSystemIntegrityProtectionStatus: 'enabled' }))),
    ).toMatchObject({ name: 'IdempotentParameterMismatch', status: 400 });
    // Only the credentials differ: still a mismatch (they are part of the hash).
    expect(await failure(ec2.send(new CreateMacSystemIntegrityProtectionModificationTaskCommand({ ...base, MacCredentials: BAD_CREDS })))).toMatchObject({
      name: 'IdempotentParameterMismatch',
    });
    const after = (await ec2.send(new DescribeMacModificationTasksCommand({ Filters: [{ Name: 'instance-id', Values: [base.InstanceId] }] }))).MacModificationTasks!.length;
    expect(after).toBe(count);
  });
});

describe('CreateDelegateMacVolumeOwnershipTask', () => {
  test('Apple silicon with credentials; refused on x86 and non-Mac; credentials required', async () => {
    const a = world.idleRunningMac.macAppleSilicon[0];
    const out = await ec2.send(
      new CreateDelegateMacVolumeOwnershipTaskCommand({
        InstanceId: a,
        MacCredentials: GOOD_CREDS,
        TagSpecifications: [{ ResourceType: 'mac-modification-task', Tags: [{ Key: 'who', Value: 'test' }] }],
      }),
    );
    expect(out.MacModificationTask).toMatchObject({ InstanceId: a, TaskType: 'volume-ownership-delegation', TaskState: 'pending', Tags: [{ Key: 'who', Value: 'test' }] });
    expect(out.MacModificationTask!.MacSystemIntegrityProtectionConfig).toBeUndefined();
    expect(
      await failure(ec2.send(new CreateDelegateMacVolumeOwnershipTaskCommand({ InstanceId: world.idleRunningMac.macX86[0], MacCredentials: GOOD_CREDS }))),
    ).toMatchObject({ name: 'UnsupportedOperation' });
    expect(
      await failure(ec2.send(new CreateDelegateMacVolumeOwnershipTaskCommand({ InstanceId: world.instances.linux.running[0], MacCredentials: GOOD_CREDS }))),
    ).toMatchObject({ name: 'UnsupportedOperation' });
    expect(
      await failure(ec2.send(new CreateDelegateMacVolumeOwnershipTaskCommand({ InstanceId: world.idleRunningMac.macAppleSilicon[1] } as never))),
    ).toMatchObject({ name: 'MissingParameter' });
    expect(
      await failure(ec2.send(new CreateDelegateMacVolumeOwnershipTaskCommand({ InstanceId: world.idleRunningMac.macAppleSilicon[1], MacCredentials: GOOD_CREDS, DryRun: true }))),
    ).toMatchObject({ name: 'DryRunOperation', status: 412 });
    expect(
      await failure(ro.send(new CreateDelegateMacVolumeOwnershipTaskCommand({ InstanceId: world.idleRunningMac.macAppleSilicon[1], MacCredentials: GOOD_CREDS }))),
    ).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
  });
});

describe('ModifyImageAttribute', () => {
  const perms = async (ImageId: string) =>
    (await ec2.send(new DescribeImageAttributeCommand({ ImageId, Attribute: 'launchPermission' }))).LaunchPermissions ?? [];
  const privateImage = () => world.images.ownedPrivate.find((id) => !world.images.withProductCode.includes(id) && !world.images.ownedWithLaunchPermissions.includes(id))!;

  test('LaunchPermission.Add/Remove with UserId, Group, OrganizationArn, OrganizationalUnitArn', async () => {
    const id = privateImage();
    const org = 'arn:aws:organizations::123456789012:organization/o-abcdefghij';
    const ou = 'arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefgh34';
    const out = await ec2.send(
      new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: '111122223333' }, { OrganizationArn: org }, { OrganizationalUnitArn: ou }] } }),
    );
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(await perms(id)).toEqual([{ UserId: '111122223333' }, { OrganizationArn: org }, { OrganizationalUnitArn: ou }]);
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Remove: [{ OrganizationArn: org }], Add: [{ Group: 'all' }] } }));
    expect(await perms(id)).toEqual([{ UserId: '111122223333' }, { OrganizationalUnitArn: ou }, { Group: 'all' }]);
    expect((await ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0].Public).toBe(true);
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Remove: [{ Group: 'all' }] } }));
    expect((await ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0].Public).toBe(false);
  });

  test('legacy form: Attribute=launchPermission + OperationType + UserIds/UserGroups', async () => {
    const id = privateImage();
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: id, Attribute: 'launchPermission', OperationType: 'add', UserIds: ['444455556666', '111122223333'] }));
    expect(await perms(id)).toEqual([{ UserId: '444455556666' }, { UserId: '111122223333' }]);
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: id, Attribute: 'launchPermission', OperationType: 'remove', UserIds: ['444455556666'] }));
    expect(await perms(id)).toEqual([{ UserId: '111122223333' }]);
    expect(
      await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: id, Attribute: 'launchPermission', UserIds: ['444455556666'] }))),
    ).toMatchObject({ name: 'MissingParameter' });
  });

  test('description and imdsSupport (both forms); imdsSupport only v2.0', async () => {
    const id = privateImage();
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: id, Description: { Value: 'new <desc> & more' } }));
    expect((await ec2.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: 'description' }))).Description?.Value).toBe('new <desc> & more');
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: id, Attribute: 'description', Value: 'via Value' }));
    expect((await ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0].Description).toBe('via Value');
    expect(await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: id, ImdsSupport: { Value: 'v1.0' } })))).toMatchObject({ name: 'InvalidParameterValue' });
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: id, ImdsSupport: { Value: 'v2.0' } }));
    expect((await ec2.send(new DescribeImageAttributeCommand({ ImageId: id, Attribute: 'imdsSupport' }))).ImdsSupport?.Value).toBe('v2.0');
    await ec2.send(new ModifyImageAttributeCommand({ ImageId: id, Attribute: 'imdsSupport', Value: 'v2.0' }));
    expect(
      await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: id, Description: { Value: 'x' }, ImdsSupport: { Value: 'v2.0' } }))),
    ).toMatchObject({ name: 'InvalidParameterCombination' });
  });

  test('refusals: product code public, bad values, not owner, unknown image, read-only, DryRun', async () => {
    expect(
      await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: world.images.withProductCode[0], LaunchPermission: { Add: [{ Group: 'all' }] } }))),
    ).toMatchObject({ name: 'OperationNotPermitted', status: 400, message: 'Images with marketplace product codes may not be made public.' });
    // Nothing changed.
    expect(((await ec2.send(new DescribeImagesCommand({ ImageIds: [world.images.withProductCode[0]] }))).Images![0]).Public).toBe(false);
    const id = privateImage();
    expect(await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ UserId: '1234' }] } })))).toMatchObject({
      name: 'InvalidAMIAttributeItemValue',
    });
    expect(
      await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: id, LaunchPermission: { Add: [{ Group: 'everyone' as 'all' }] } }))),
    ).toMatchObject({ name: 'InvalidAMIAttributeItemValue' });
    expect(
      await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: world.images.amazonMacOS[0], Description: { Value: 'mine now' } }))),
    ).toMatchObject({ name: 'AuthFailure' });
    expect(
      await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: world.images.shared[0], LaunchPermission: { Add: [{ UserId: '111122223333' }] } }))),
    ).toMatchObject({ name: 'AuthFailure' });
    expect(await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: 'ami-0123456789abcdef0', Description: { Value: 'x' } })))).toMatchObject({
      name: 'InvalidAMIID.NotFound',
    });
    expect(await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: id })))).toMatchObject({ name: 'MissingParameter' });
    expect(await failure(ro.send(new ModifyImageAttributeCommand({ ImageId: id, Description: { Value: 'x' } })))).toMatchObject({
      name: 'UnauthorizedOperation',
      status: 403,
    });
    expect(await failure(ec2.send(new ModifyImageAttributeCommand({ ImageId: id, Description: { Value: 'dry' }, DryRun: true })))).toMatchObject({
      name: 'DryRunOperation',
      status: 412,
    });
    expect(await failure(ro.send(new ModifyImageAttributeCommand({ ImageId: id, Description: { Value: 'dry' }, DryRun: true })))).toMatchObject({
      name: 'UnauthorizedOperation',
    });
    expect((await ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0].Description).not.toBe('dry');
  });
});
