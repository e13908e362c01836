import { SIM_ACCESS_KEYS } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

const SIP = `mutation($input: CreateMacSipModificationTaskInput!) {
  createMacSipModificationTask(input: $input) {
    clientToken
    dryRun { wouldSucceed code message }
    task { id instanceId taskType state isTerminal tags { key value } sipConfiguration { status nvramProtections kextSigning appleInternal } }
  }
}`;
const VOD = `mutation($input: CreateMacVolumeOwnershipDelegationTaskInput!) {
  createMacVolumeOwnershipDelegationTask(input: $input) { clientToken dryRun { wouldSucceed code } task { id instanceId taskType state } }
}`;
const GOOD_CREDS = { rootVolumeUsername: 'ec2-user', rootVolumePassword: 'fleetgraph-demo', internalDiskPassword: 'fleetgraph-demo' };

describe('Mac modification task mutations', () => {
  let h: Harness;
  let world: any;
  let x86: string[];
  let arm: string[];
  const taskState = async (id: string) => (await h.data(`{ macModificationTask(taskId: "${id}") { state } }`)).macModificationTask.state;

  beforeAll(async () => {
    h = await Harness.start();
  });
  beforeEach(async () => {
    await h.reset();
    world = await h.world();
    x86 = world.idleRunningMac.macX86;
    arm = world.idleRunningMac.macAppleSilicon;
  });
  afterAll(() => h.close());

  it('creates a SIP task with per-setting overrides winning over the status, and runs it to SUCCESSFUL', async () => {
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await h.data(SIP, {
        input: { instanceId: x86[0], status: 'ENABLED', configuration: { nvramProtections: 'DISABLED' }, tags: [{ key: 'ticket', value: 'OPS-1' }] },
      });
    });
    const p = res.createMacSipModificationTask;
    expect(p.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.dryRun).toBeNull();
    expect(p.task).toMatchObject({
      instanceId: x86[0],
      taskType: 'SIP_MODIFICATION',
      state: 'PENDING',
      isTerminal: false,
      tags: [{ key: 'ticket', value: 'OPS-1' }],
      sipConfiguration: { status: 'ENABLED', nvramProtections: 'DISABLED', kextSigning: null },
    });
    expect(calls).toEqual({ 'ec2:CreateMacSystemIntegrityProtectionModificationTask': 1 });

    await h.simAdmin('clock/advance', { seconds: 90 });
    expect(await taskState(p.task.id)).toBe('IN_PROGRESS');
    await h.simAdmin('clock/advance', { seconds: 30 * 60 });
    expect(await taskState(p.task.id)).toBe('SUCCESSFUL');
  });

  it('replays a client token to the same task, and refuses the same token with other parameters (CONFLICT)', async () => {
    const input = { instanceId: x86[0], status: 'DISABLED', clientToken: 'replay-token-1' };
    const first = (await h.data(SIP, { input })).createMacSipModificationTask;
    const again = (await h.data(SIP, { input })).createMacSipModificationTask;
    expect(again.task.id).toBe(first.task.id);
    expect(again.clientToken).toBe('replay-token-1');
    const tasks = await h.data(`{ macModificationTasks(filter: { instanceIds: ["${x86[0]}"], states: [PENDING] }) { nodes { id } } }`);
    expect(tasks.macModificationTasks.nodes).toEqual([{ id: first.task.id }]);

    const mismatch = await h.gql(SIP, { input: { ...input, status: 'ENABLED' } });
    expect(mismatch.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', awsCode: 'IdempotentParameterMismatch' });
  });

  it('dry runs: DryRunOperation → wouldSucceed, UnauthorizedOperation (read-only key) → not; nothing is created', async () => {
    const res = (await h.data(SIP, { input: { instanceId: x86[0], status: 'DISABLED', dryRun: true } })).createMacSipModificationTask;
    expect(res.task).toBeNull();
    expect(res.dryRun).toMatchObject({ wouldSucceed: true, code: 'DryRunOperation' });
    const tasks = await h.data(`{ macModificationTasks(filter: { instanceIds: ["${x86[0]}"], states: [PENDING, IN_PROGRESS] }) { nodes { id } } }`);
    expect(tasks.macModificationTasks.nodes).toEqual([]);

    const ro = await Harness.start({ accessKeyId: SIM_ACCESS_KEYS.readOnly });
    try {
      const denied = (await ro.data(SIP, { input: { instanceId: x86[0], status: 'DISABLED', dryRun: true } })).createMacSipModificationTask;
      expect(denied.dryRun).toMatchObject({ wouldSucceed: false, code: 'UnauthorizedOperation' });
      const real = await ro.gql(SIP, { input: { instanceId: x86[0], status: 'DISABLED' } });
      expect(real.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', awsCode: 'UnauthorizedOperation' });
    } finally {
      await ro.close();
    }
  });

  it('refuses SIP changes on non-Mac instances with AWS’s error', async () => {
    const linux = world.instances.linux.running[0];
    const res = await h.gql(SIP, { input: { instanceId: linux, status: 'DISABLED' } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', awsCode: 'UnsupportedOperation' });
    expect(res.errors?.[0].extensions?.requestId).toBeTruthy();
  });

  it('requires MacCredentials on Apple silicon, and fails the task on a wrong password', async () => {
    const missing = await h.gql(SIP, { input: { instanceId: arm[0], status: 'DISABLED' } });
    expect(missing.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', awsCode: 'MissingParameter' });

    const wrong = (await h.data(SIP, { input: { instanceId: arm[0], status: 'DISABLED', macCredentials: { ...GOOD_CREDS, rootVolumePassword: 'nope' } } }))
      .createMacSipModificationTask;
    await h.simAdmin('clock/advance', { seconds: 3600 });
    expect(await taskState(wrong.task.id)).toBe('FAILED');

    const ok = (await h.data(SIP, { input: { instanceId: arm[1], status: 'DISABLED', macCredentials: GOOD_CREDS } })).createMacSipModificationTask;
    await h.simAdmin('clock/advance', { seconds: 3600 });
    expect(await taskState(ok.task.id)).toBe('SUCCESSFUL');
  });

  it('allows one active task per instance', async () => {
    await h.data(SIP, { input: { instanceId: x86[0], status: 'DISABLED' } });
    const second = await h.gql(SIP, { input: { instanceId: x86[0], status: 'ENABLED' } });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', awsCode: 'IncorrectState' });
  });

  it('validates ids, tags and client tokens before calling AWS, reporting every problem at once', async () => {
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await h.gql(SIP, {
        input: {
          instanceId: 'mac-1',
          status: 'DISABLED',
          clientToken: 'x'.repeat(65),
          tags: [
            { key: 'aws:owner', value: 'me' },
            { key: 'k'.repeat(128), value: 'v' },
            { key: 'big', value: 'v'.repeat(256) },
          ],
        },
      });
    });
    expect(calls).toEqual({});
    expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].extensions.problems.map((p: any) => p.field)).toEqual(['instanceId', 'tags[0].key', 'tags[1].key', 'tags[2].value', 'clientToken']);
  });

  it('delegates volume ownership on Apple silicon; x86 Macs are refused', async () => {
    const res = (await h.data(VOD, { input: { instanceId: arm[0], macCredentials: GOOD_CREDS } })).createMacVolumeOwnershipDelegationTask;
    expect(res.task).toMatchObject({ instanceId: arm[0], taskType: 'VOLUME_OWNERSHIP_DELEGATION', state: 'PENDING' });
    const dry = (await h.data(VOD, { input: { instanceId: arm[1], macCredentials: GOOD_CREDS, dryRun: true } })).createMacVolumeOwnershipDelegationTask;
    expect(dry).toMatchObject({ task: null, dryRun: { wouldSucceed: true, code: 'DryRunOperation' } });
    const onX86 = await h.gql(VOD, { input: { instanceId: x86[0], macCredentials: GOOD_CREDS } });
    expect(onX86.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', awsCode: 'UnsupportedOperation' });
    const empty = await h.gql(VOD, { input: { instanceId: arm[1], macCredentials: {} } });
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(empty.errors?.[0].extensions?.problems[0].field).toBe('macCredentials');
  });

  it('shows a created task on its instance right away', async () => {
    const created = (await h.data(SIP, { input: { instanceId: x86[1], status: 'DISABLED' } })).createMacSipModificationTask.task;
    const data = await h.data(`{ instance(instanceId: "${x86[1]}") { macModificationTasks { id state } } }`);
    expect(data.instance.macModificationTasks).toContainEqual({ id: created.id, state: 'PENDING' });
  });
});
