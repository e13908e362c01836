import { Harness, type Subscription } from '../support/harness';

const CREATE_SIP = `mutation($input: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $input) { task { id } } }`;
const START = `mutation($input: StartAutomationExecutionInput!) { startAutomationExecution(input: $input) { execution { id } } }`;
const SIGNAL = `mutation($input: SendAutomationSignalInput!) { sendAutomationSignal(input: $input) { execution { id status } } }`;
const TASK_SUB = `subscription($id: String!) { macModificationTaskUpdated(taskId: $id) { id state isTerminal instance { id instanceType } } }`;
const EXEC_SUB = `subscription($id: String!) { automationExecutionUpdated(executionId: $id) { id status currentStepName isTerminal steps { name status } } }`;
const FLEET_SUB = `subscription($f: TaskEventFilter) { taskEvents(filter: $f) { kind taskId previousState state instanceId documentName isTerminal
  macModificationTask { id instance { instanceType } } automationExecution { id currentStepName } } }`;

/** Let in-flight WebSocket messages land before the next step. */
const settle = () => new Promise((r) => setTimeout(r, 50));

/** Resolves once `check` holds (bounded). */
async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('subscriptions over graphql-ws', () => {
  let h: Harness;
  let world: any;
  beforeAll(async () => {
    h = await Harness.start({ manualWatcher: true });
  });
  beforeEach(async () => {
    await h.reset();
    world = await h.world();
  });
  afterAll(() => h.close());

  const advance = (seconds: number) => h.simAdmin('clock/advance', { seconds });

  it('streams a SIP task created through the mutation: pending → in-progress → successful, then completes', async () => {
    const instanceId = world.idleRunningMac.macX86[0];
    const taskId = (await h.data(CREATE_SIP, { input: { instanceId, status: 'DISABLED' } })).createMacSipModificationTask.task.id;
    const sub = h.subscribe(TASK_SUB, { id: taskId });
    await sub.waitFor(1);
    await advance(90);
    await h.poll();
    await sub.waitFor(2);
    await h.poll(); // nothing changed: no event
    await advance(30 * 60);
    await h.poll();
    await sub.done;
    expect(sub.errors).toEqual([]);
    const type = world.macInstanceTypes[instanceId];
    expect(sub.events.map((e) => e.macModificationTaskUpdated)).toEqual([
      { id: taskId, state: 'PENDING', isTerminal: false, instance: { id: instanceId, instanceType: type } },
      { id: taskId, state: 'IN_PROGRESS', isTerminal: false, instance: { id: instanceId, instanceType: type } },
      { id: taskId, state: 'SUCCESSFUL', isTerminal: true, instance: { id: instanceId, instanceType: type } },
    ]);
  });

  it('sends the current state of a finished task and completes at once', async () => {
    const taskId = world.macTasks.byState.successful[0];
    const sub = h.subscribe(TASK_SUB, { id: taskId });
    await sub.done;
    expect(sub.events.map((e) => e.macModificationTaskUpdated.state)).toEqual(['SUCCESSFUL']);
  });

  it('an unknown task id is a NOT_FOUND error, not a silent hang', async () => {
    const sub = h.subscribe(TASK_SUB, { id: 'macmodification-0123456789abcdef0' });
    await sub.done;
    expect(sub.events).toEqual([]);
    expect(JSON.stringify(sub.errors)).toContain('NOT_FOUND');
    const bad = h.subscribe(TASK_SUB, { id: 'nope' });
    await bad.done;
    expect(JSON.stringify(bad.errors)).toContain('BAD_USER_INPUT');
  });

  it("streams an Automation run's steps through an approval to SUCCESS", async () => {
    const mac = world.instances.macAppleSilicon.running[0];
    const id = (await h.data(START, { input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }] } }))
      .startAutomationExecution.execution.id;
    const sub = h.subscribe(EXEC_SUB, { id });
    await sub.waitFor(1);
    for (let i = 0; i < 20; i++) {
      await advance(10);
      await h.poll();
      await settle();
      if (sub.events.at(-1)?.automationExecutionUpdated.status === 'WAITING') break;
    }
    expect(sub.events.at(-1).automationExecutionUpdated).toMatchObject({ status: 'WAITING', currentStepName: 'ApproveReboot' });
    await h.data(SIGNAL, { input: { executionId: id, signal: 'APPROVE' } });
    for (let i = 0; i < 30 && !sub.events.at(-1)?.automationExecutionUpdated.isTerminal; i++) {
      await advance(10);
      await h.poll();
      await settle();
    }
    await sub.done;
    const seen = sub.events.map((e) => e.automationExecutionUpdated);
    expect(seen.at(-1)).toMatchObject({ status: 'SUCCESS', isTerminal: true });
    expect(seen.at(-1).steps.every((s: any) => s.status === 'SUCCESS')).toBe(true);
    const steps = seen.map((e) => e.currentStepName).filter((s, i, all) => s && s !== all[i - 1]);
    expect(steps).toEqual(expect.arrayContaining(['ApproveReboot', 'RebootInstance']));
    expect(seen.map((e) => e.status)).toContain('IN_PROGRESS');
  });

  it('taskEvents with a filter receives exactly the matching events', async () => {
    const [a, b] = world.idleRunningMac.macX86;
    const onA = h.subscribe(FLEET_SUB, { f: { kinds: ['MAC_MODIFICATION_TASK'], instanceId: a } });
    const finals = h.subscribe(FLEET_SUB, { f: { states: ['SUCCESSFUL', 'FAILED'] } });
    const autos = h.subscribe(FLEET_SUB, { f: { kinds: ['AUTOMATION_EXECUTION'], documentName: 'FleetGraph-RestartSsmAgent' } });
    await settle();
    await h.poll(); // the fleet scan records the account's active tasks as baselines: no events
    const ta = (await h.data(CREATE_SIP, { input: { instanceId: a, status: 'DISABLED' } })).createMacSipModificationTask.task.id;
    const tb = (await h.data(CREATE_SIP, { input: { instanceId: b, status: 'ENABLED' } })).createMacSipModificationTask.task.id;
    await advance(90);
    await h.poll();
    await advance(30 * 60);
    await h.poll();
    await onA.waitFor(3);
    // Other tasks of the account finish too; wait for ours (each event's joins take a batch window).
    await until(() => [ta, tb].every((id) => finals.events.some((e) => e.taskEvents.taskId === id)));
    await settle();
    expect(onA.events.map((e) => e.taskEvents)).toEqual([
      expect.objectContaining({ kind: 'MAC_MODIFICATION_TASK', taskId: ta, previousState: null, state: 'PENDING', instanceId: a }),
      expect.objectContaining({ taskId: ta, previousState: 'PENDING', state: 'IN_PROGRESS' }),
      expect.objectContaining({ taskId: ta, previousState: 'IN_PROGRESS', state: 'SUCCESSFUL', isTerminal: true }),
    ]);
    expect(onA.events[0].taskEvents.macModificationTask.instance.instanceType).toBe(world.macInstanceTypes[a]);
    const finalIds = finals.events.map((e) => e.taskEvents.taskId);
    expect(finalIds).toEqual(expect.arrayContaining([ta, tb]));
    expect(finals.events.every((e) => ['SUCCESSFUL', 'FAILED'].includes(e.taskEvents.state))).toBe(true);
    expect(autos.events).toEqual([]);
    for (const s of [onA, finals, autos]) s.stop();
  });

  it('a retried mutation (same clientToken) neither duplicates events nor confuses subscribers', async () => {
    const instanceId = world.idleRunningMac.macX86[0];
    const input = { instanceId, status: 'DISABLED', clientToken: 'retry-me-1' };
    const fleet = h.subscribe(FLEET_SUB, { f: { instanceId } });
    await settle();
    const taskId = (await h.data(CREATE_SIP, { input })).createMacSipModificationTask.task.id;
    const sub = h.subscribe(TASK_SUB, { id: taskId });
    await sub.waitFor(1);
    await advance(90);
    await h.poll();
    await sub.waitFor(2);
    expect((await h.data(CREATE_SIP, { input })).createMacSipModificationTask.task.id).toBe(taskId);
    await advance(30 * 60);
    await h.poll();
    await sub.done;
    await settle();
    expect(sub.events.map((e) => e.macModificationTaskUpdated.state)).toEqual(['PENDING', 'IN_PROGRESS', 'SUCCESSFUL']);
    expect(fleet.events.map((e) => [e.taskEvents.previousState, e.taskEvents.state])).toEqual([
      [null, 'PENDING'],
      ['PENDING', 'IN_PROGRESS'],
      ['IN_PROGRESS', 'SUCCESSFUL'],
    ]);
    fleet.stop();
  });

  it('does not miss a change published while the first state is still being resolved', async () => {
    const instanceId = world.idleRunningMac.macX86[0];
    const taskId = (await h.data(CREATE_SIP, { input: { instanceId, status: 'DISABLED' } })).createMacSipModificationTask.task.id;
    // The first payload's `instance` join takes 400 ms; the task moves on meanwhile.
    await h.simAdmin('config', { faults: { latencyMs: 400, actions: ['DescribeInstances'] } });
    try {
      const sub = h.subscribe(TASK_SUB, { id: taskId });
      await new Promise((r) => setTimeout(r, 100));
      await advance(90);
      await h.poll();
      await sub.waitFor(2, 5000);
      expect(sub.events.map((e) => e.macModificationTaskUpdated.state)).toEqual(['PENDING', 'IN_PROGRESS']);
      sub.stop();
    } finally {
      await h.simAdmin('config', { faults: { latencyMs: 0 } });
    }
  });

  it('backs off while AWS fails, and catches up once it recovers', async () => {
    const instanceId = world.idleRunningMac.macX86[0];
    const taskId = (await h.data(CREATE_SIP, { input: { instanceId, status: 'DISABLED' } })).createMacSipModificationTask.task.id;
    const sub = h.subscribe(TASK_SUB, { id: taskId });
    await sub.waitFor(1);
    await h.simAdmin('config', { faults: { errorRate: 1, actions: ['DescribeMacModificationTasks'] } });
    await advance(90);
    // Drive the scheduler as its timer would for 3 s (every 50 ms): due tasks only.
    const calls = await h.callsDuring(async () => {
      for (let i = 0; i < 60; i++) {
        await h.gateway.watcher.tick();
        await new Promise((r) => setTimeout(r, 50));
      }
    });
    // Min interval 1 s, doubling after each failure: 2–3 polls in 3 s (each is up to 3 SDK
    // attempts), where polling every due tick would have made ~60.
    expect(calls['ec2:DescribeMacModificationTasks']).toBeGreaterThanOrEqual(3);
    expect(calls['ec2:DescribeMacModificationTasks']).toBeLessThanOrEqual(3 * 3);
    await h.simAdmin('config', { faults: { errorRate: 0 } });
    await h.poll();
    await sub.waitFor(2);
    expect(sub.events.map((e) => e.macModificationTaskUpdated.state)).toEqual(['PENDING', 'IN_PROGRESS']);
    sub.stop();
  });

  it('costs the same AWS calls with 1 and with 200 subscribers on one task', async () => {
    const scenario = async (subscribers: number) => {
      await h.reset();
      const w = await h.world();
      const instanceId = w.idleRunningMac.macX86[0];
      const taskId = (await h.data(CREATE_SIP, { input: { instanceId, status: 'DISABLED' } })).createMacSipModificationTask.task.id;
      const client = h.wsClient();
      let subs: Subscription[] = [];
      const calls = await h.callsDuring(async () => {
        subs = Array.from({ length: subscribers }, () => h.subscribe(TASK_SUB, { id: taskId }, client));
        await Promise.all(subs.map((s) => s.waitFor(1, 15000)));
        await advance(90);
        await h.poll();
        await Promise.all(subs.map((s) => s.waitFor(2, 15000)));
        await advance(30 * 60);
        await h.poll();
        await Promise.all(subs.map((s) => s.done));
      });
      for (const s of subs) expect(s.events.map((e) => e.macModificationTaskUpdated.state)).toEqual(['PENDING', 'IN_PROGRESS', 'SUCCESSFUL']);
      await client.dispose();
      return calls;
    };
    const one = await scenario(1);
    const many = await scenario(200);
    expect(many).toEqual(one);
    // 2 polls; the instance join once per event, shared by every subscriber.
    expect(one).toEqual({ 'ec2:DescribeMacModificationTasks': 2, 'ec2:DescribeInstances': 3 });
  }, 60000);
});
