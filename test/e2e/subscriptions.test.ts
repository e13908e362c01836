import type { TickReport } from '../../src/subscriptions/task-watcher';
import { SIM_ACCOUNT_ID } from '@fleetgraph/aws-sim';
import { Harness, type Subscription } from '../support/harness';

const CREATE_SIP = `mutation($input: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $input) { task { id } } }`;
const START = `mutation($input: StartAutomationExecutionInput!) { startAutomationExecution(input: $input) { execution { id } } }`;
const SIGNAL = `mutation($input: SendAutomationSignalInput!) { sendAutomationSignal(input: $input) { execution { id status } } }`;
const TASK_SUB = `subscription($id: String!) { macModificationTaskUpdated(taskId: $id) { id state isTerminal instance { id instanceType } } }`;
const EXEC_SUB = `subscription($id: String!) { automationExecutionUpdated(executionId: $id) { id status currentStepName isTerminal steps { name status } } }`;
const FLEET_SUB = `subscription($f: TaskEventFilter) { taskEvents(filter: $f) { kind taskId previousState state instanceId documentName isTerminal
  macModificationTask { id instance { instanceType } } automationExecution { id currentStepName } } }`;

/** Events of a watcher pass about one task. */
const about = (report: TickReport, taskId: string) => report.published.filter((e) => e.taskId === taskId);

describe('subscriptions over graphql-ws', () => {
  let h: Harness;
  let world: any;
  // The watcher's time moves only when a test moves it; jitter is fixed at its middle (×1).
  let watcherNow = Date.UTC(2026, 0, 1);
  beforeAll(async () => {
    // Fan-out is measured with 200 subscriptions on one socket (the default allows 20 per socket).
    h = await Harness.start({ manualWatcher: true, env: { FLEETGRAPH_WS_MAX_OPERATIONS: '250' }, watcherTime: { clock: { now: () => watcherNow }, random: () => 0.5 } });
  });
  beforeEach(async () => {
    await h.reset();
    world = await h.world();
  });
  afterAll(() => h.close());

  const advance = (seconds: number) => h.simAdmin('clock/advance', { seconds });

  /** Move the simulated world on, poll once, and wait until `sub` has every event the poll published for `taskId`. */
  async function step(sub: Subscription, taskId: string, seconds: number): Promise<void> {
    await advance(seconds);
    const had = sub.events.length;
    await sub.waitFor(had + about(await h.poll(), taskId).length);
  }

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
    const codes = (s: Subscription) => s.errors.flat().map((e: any) => [e.path, e.extensions?.code]);
    expect(codes(sub)).toEqual([[['macModificationTaskUpdated'], 'NOT_FOUND']]);
    expect((sub.errors.flat()[0] as any).message).toBe('Mac modification task macmodification-0123456789abcdef0 not found in us-east-1');
    const bad = h.subscribe(TASK_SUB, { id: 'nope' });
    await bad.done;
    expect(bad.events).toEqual([]);
    expect(codes(bad)).toEqual([[['macModificationTaskUpdated'], 'BAD_USER_INPUT']]);
  });

  it("streams an Automation run's steps through an approval to SUCCESS", async () => {
    const mac = world.instances.macAppleSilicon.running[0];
    const id = (await h.data(START, { input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }] } }))
      .startAutomationExecution.execution.id;
    const sub = h.subscribe(EXEC_SUB, { id });
    await sub.waitFor(1);
    for (let i = 0; i < 20 && sub.events.at(-1).automationExecutionUpdated.status !== 'WAITING'; i++) await step(sub, id, 10);
    expect(sub.events.at(-1).automationExecutionUpdated).toMatchObject({ status: 'WAITING', currentStepName: 'ApproveReboot' });
    await h.data(SIGNAL, { input: { executionId: id, signal: 'APPROVE' } });
    // The approval's own observation may add an event at any time; completion says every event arrived.
    for (let i = 0; i < 30 && !sub.events.at(-1).automationExecutionUpdated.isTerminal; i++) await step(sub, id, 10);
    await sub.done;
    const seen = sub.events.map((e) => e.automationExecutionUpdated);
    expect(seen.map((e) => [e.status, e.currentStepName, e.isTerminal])).toEqual([
      ['PENDING', null, false],
      ['IN_PROGRESS', 'DescribeMacInstance', false],
      ['WAITING', 'ApproveReboot', false],
      ['IN_PROGRESS', 'RebootInstance', false],
      ['IN_PROGRESS', 'WaitForInstanceStatusOk', false],
      ['SUCCESS', null, true],
    ]);
    expect(seen.at(-1).steps).toEqual(['DescribeMacInstance', 'ApproveReboot', 'RebootInstance', 'WaitForInstanceStatusOk'].map((name) => ({ name, status: 'SUCCESS' })));
  });

  it('taskEvents with a filter receives exactly the matching events', async () => {
    const [a, b] = world.idleRunningMac.macX86;
    const onA = h.subscribe(FLEET_SUB, { f: { kinds: ['MAC_MODIFICATION_TASK'], instanceId: a } });
    const finals = h.subscribe(FLEET_SUB, { f: { states: ['SUCCESSFUL', 'FAILED'] } });
    const autos = h.subscribe(FLEET_SUB, { f: { kinds: ['AUTOMATION_EXECUTION'], documentName: 'FleetGraph-RestartSsmAgent' } });
    await h.whenWatcher((r) => r.fleetListeners === 3, 'three taskEvents listeners');
    // The fleet scan records the account's active tasks as baselines: no events.
    expect((await h.poll()).published).toEqual([]);
    const ta = (await h.data(CREATE_SIP, { input: { instanceId: a, status: 'DISABLED' } })).createMacSipModificationTask.task.id;
    const tb = (await h.data(CREATE_SIP, { input: { instanceId: b, status: 'ENABLED' } })).createMacSipModificationTask.task.id;
    await advance(90);
    const published = (await h.poll()).published;
    await advance(30 * 60);
    published.push(...(await h.poll()).published);
    // Other tasks of the account finish too: every final state the polls published reaches `finals`.
    const finalIds = published.filter((e) => ['SUCCESSFUL', 'FAILED'].includes(e.state)).map((e) => e.taskId);
    expect(finalIds).toEqual(expect.arrayContaining([ta, tb]));
    await onA.waitFor(3);
    await finals.waitFor(finalIds.length);
    expect(onA.events.map((e) => e.taskEvents)).toEqual([
      expect.objectContaining({ kind: 'MAC_MODIFICATION_TASK', taskId: ta, previousState: null, state: 'PENDING', instanceId: a }),
      expect.objectContaining({ taskId: ta, previousState: 'PENDING', state: 'IN_PROGRESS' }),
      expect.objectContaining({ taskId: ta, previousState: 'IN_PROGRESS', state: 'SUCCESSFUL', isTerminal: true }),
    ]);
    expect(onA.events[0].taskEvents.macModificationTask.instance.instanceType).toBe(world.macInstanceTypes[a]);
    expect(finals.events.map((e) => e.taskEvents.taskId).sort()).toEqual([...finalIds].sort());
    expect(finals.events.filter((e) => !['SUCCESSFUL', 'FAILED'].includes(e.taskEvents.state))).toEqual([]);
    // No run of that runbook changed, so its subscriber heard nothing.
    expect(published.filter((e) => e.documentName === 'FleetGraph-RestartSsmAgent')).toEqual([]);
    expect(autos.events).toEqual([]);
    for (const s of [onA, finals, autos]) s.stop();
  });

  it("takes the README's filter as written (states are enum values) and names each event's account and region", async () => {
    const instanceId = world.idleRunningMac.macX86[0];
    const readme = h.subscribe(`subscription { taskEvents(filter: { kinds: [MAC_MODIFICATION_TASK], states: [SUCCESSFUL, FAILED] }) {
      kind taskId accountId region previousState state } }`);
    await h.whenWatcher((r) => r.fleetListeners === 1, 'the taskEvents listener');
    const bogus = h.subscribe(`subscription { taskEvents(filter: { states: [DONE] }) { taskId } }`);
    await bogus.done;
    expect(bogus.errors.flat().map((e: any) => e.message)).toEqual(['Invalid value at "filter.states": expected TaskEventState!']);
    await h.poll();
    const taskId = (await h.data(CREATE_SIP, { input: { instanceId, status: 'DISABLED' } })).createMacSipModificationTask.task.id;
    await advance(90);
    await h.poll();
    await advance(30 * 60);
    const published = (await h.poll()).published.filter((e) => e.kind === 'MAC_MODIFICATION_TASK' && ['SUCCESSFUL', 'FAILED'].includes(e.state));
    await readme.waitFor(published.length);
    expect(readme.events.map((e) => e.taskEvents).find((e) => e.taskId === taskId)).toEqual({
      kind: 'MAC_MODIFICATION_TASK',
      taskId,
      accountId: SIM_ACCOUNT_ID,
      region: 'us-east-1',
      previousState: 'IN_PROGRESS',
      state: 'SUCCESSFUL',
    });
    readme.stop();
  });

  it('a retried mutation (same clientToken) neither duplicates events nor confuses subscribers', async () => {
    const instanceId = world.idleRunningMac.macX86[0];
    const input = { instanceId, status: 'DISABLED', clientToken: 'retry-me-1' };
    const fleet = h.subscribe(FLEET_SUB, { f: { instanceId } });
    await h.whenWatcher((r) => r.fleetListeners === 1, 'the taskEvents listener');
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
    await fleet.waitFor(3);
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
      // Its listener is in: the topic is subscribed and the first state is read (it is being resolved).
      await h.whenWatcher((r) => r.refs().some((t) => t.id === taskId && r.listenersOf(t) === 1), 'the subscription');
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
    // Drive the scheduler as its timer would for 3 s of watcher time (a tick every 50 ms): due tasks only.
    const calls = await h.callsDuring(async () => {
      for (let i = 0; i < 60; i++) {
        watcherNow += 50;
        await h.gateway.watcher.tick();
      }
    });
    // Min interval 1 s after the mutation: the first poll at 1 s fails, the next waits 2 s (doubled,
    // jitter ×1) and fails at 3 s; each poll is 3 SDK attempts. Polling every due tick would be 60.
    expect(calls).toEqual({ 'ec2:DescribeMacModificationTasks': 2 * 3 });
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
