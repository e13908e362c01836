import { MANAGEMENT_ACCOUNT_ID, MEMBER_ACCOUNT_IDS } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

/**
 * Mutations act in the scope that holds their resource (found across the organisation), or in the
 * account the input names; the role assumed in a member account (FleetGraphOperator) may write.
 */
const [MAC_CI, SANDBOX] = MEMBER_ACCOUNT_IDS;
const MAC_CI_WEST = { accountId: MAC_CI, region: 'us-west-2' };

const SIP = `mutation($input: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $input) { task { id accountId region state instanceId } } }`;
const PERMISSIONS = `mutation($input: ModifyImageLaunchPermissionsInput!) { modifyImageLaunchPermissions(input: $input) { image { id accountId region ownerId launchPermissions { userId } } } }`;
const START = `mutation($input: StartAutomationExecutionInput!) { startAutomationExecution(input: $input) { execution { id accountId region documentName status } } }`;
const STOP = `mutation($input: StopAutomationExecutionInput!) { stopAutomationExecution(input: $input) { execution { id accountId region status } } }`;

describe('mutations across the organisation', () => {
  let h: Harness;
  let world: any;
  beforeAll(async () => {
    h = await Harness.start({ organization: true });
    world = await h.world(MAC_CI_WEST);
  });
  afterAll(() => h.close());

  it('a SIP task on a member account\'s Mac: found there, created there (no accountId or region given)', async () => {
    const mac = world.demo.idleX86Mac;
    const { createMacSipModificationTask: created } = await h.data(SIP, { input: { instanceId: mac, status: 'DISABLED' } });
    expect(created.task).toEqual({ id: expect.stringMatching(/^macmodification-/), accountId: MAC_CI, region: 'us-west-2', state: 'PENDING', instanceId: mac });
    // The simulator holds it in that scope's world, and nowhere else.
    const there = await h.world(MAC_CI_WEST);
    expect(there.macTasks.byState.pending).toContain(created.task.id);
    const found = await h.data(`query($id: String!) { macModificationTask(taskId: $id) { accountId region } }`, { id: created.task.id });
    expect(found.macModificationTask).toEqual({ accountId: MAC_CI, region: 'us-west-2' });
  });

  it('the account named in the input is where the mutation goes: AWS answers for the id there', async () => {
    const res = await h.gql(SIP, { input: { instanceId: world.demo.idleX86Mac, status: 'DISABLED', accountId: SANDBOX, region: 'us-west-2', dryRun: true } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', awsCode: 'InvalidInstanceID.NotFound', accountId: SANDBOX, region: 'us-west-2' });
  });

  it('an id no served scope holds is NOT_FOUND, saying what to add', async () => {
    const res = await h.gql(SIP, { input: { instanceId: 'i-0123456789abcdef0', status: 'DISABLED' } });
    expect(res.errors?.[0]).toMatchObject({
      message: 'instance i-0123456789abcdef0 is in none of the 6 served scopes (3 accounts): give accountId and region',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('an image permission change in a member account: the AMI it owns', async () => {
    const ami = world.demo.ownedImage;
    const { modifyImageLaunchPermissions: changed } = await h.data(PERMISSIONS, { input: { imageId: ami, add: [{ userId: '123456789012' }] } });
    expect(changed.image).toMatchObject({ id: ami, accountId: MAC_CI, region: 'us-west-2', ownerId: MAC_CI });
    expect(changed.image.launchPermissions).toContainEqual({ userId: '123456789012' });
  });

  it('an automation start names its account when there are several; stop finds the execution by itself', async () => {
    const target = world.instances.linux.running[0];
    const input = { documentName: 'FleetGraph-RunInstanceHealthCheck', parameters: [{ name: 'InstanceIds', values: [target] }] };
    const ambiguous = await h.gql(START, { input });
    expect(ambiguous.errors?.[0]).toMatchObject({
      message: 'accountId is required: this gateway serves 3 accounts',
      extensions: { code: 'BAD_USER_INPUT', problems: [{ field: 'accountId', message: `required: one of ${MANAGEMENT_ACCOUNT_ID}, ${MAC_CI}, ${SANDBOX}` }] },
    });
    const { startAutomationExecution: started } = await h.data(START, { input: { ...input, accountId: MAC_CI, region: 'us-west-2' } });
    expect(started.execution).toMatchObject({ accountId: MAC_CI, region: 'us-west-2', documentName: 'FleetGraph-RunInstanceHealthCheck' });
    const { stopAutomationExecution: stopped } = await h.data(STOP, { input: { executionId: started.execution.id, type: 'CANCEL' } });
    expect(stopped.execution).toMatchObject({ id: started.execution.id, accountId: MAC_CI, region: 'us-west-2' });
    expect(['CANCELLING', 'CANCELLED']).toContain(stopped.execution.status);
  });
});

describe('subscriptions across the organisation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ organization: true, manualWatcher: true });
  });
  afterAll(() => h.close());

  it('follow a member account\'s Mac task to its end, found by its id alone', async () => {
    const world = await h.world(MAC_CI_WEST);
    const mac = world.idleRunningMac.macX86[0];
    const { createMacSipModificationTask: created } = await h.data(SIP, { input: { instanceId: mac, status: 'DISABLED' } });
    const sub = h.subscribe(`subscription($id: String!) { macModificationTaskUpdated(taskId: $id) { id accountId region state isTerminal instance { id accountId } } }`, {
      id: created.task.id,
    });
    await sub.waitFor(1);
    await h.simAdmin('clock/advance', { seconds: 90 });
    await h.poll();
    await sub.waitFor(2);
    await h.simAdmin('clock/advance', { seconds: 30 * 60 });
    await h.poll();
    await sub.done;
    expect(sub.errors).toEqual([]);
    const at = { accountId: MAC_CI, region: 'us-west-2' };
    expect(sub.events.map((e) => e.macModificationTaskUpdated)).toEqual(
      ['PENDING', 'IN_PROGRESS', 'SUCCESSFUL'].map((state) => ({ id: created.task.id, ...at, state, isTerminal: state === 'SUCCESSFUL', instance: { id: mac, accountId: MAC_CI } })),
    );
  });

  it('an id no served scope holds is NOT_FOUND', async () => {
    const sub = h.subscribe(`subscription { automationExecutionUpdated(executionId: "00000000-0000-4000-8000-000000000000") { id } }`);
    await sub.done;
    expect(sub.errors).toEqual([
      expect.objectContaining({
        message: 'Automation execution 00000000-0000-4000-8000-000000000000 is in none of the 6 served scopes (3 accounts): give accountId and region',
        extensions: expect.objectContaining({ code: 'NOT_FOUND' }),
      }),
    ]);
  });
});
