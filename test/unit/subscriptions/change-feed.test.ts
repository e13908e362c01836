import { TaskEventKind } from '../../../src/schema/enums';
import { ChangeFeed } from '../../../src/subscriptions/change-feed';
import { MemoryCoordination } from '../../../src/subscriptions/coordination/coordination';
import type { TaskReading } from '../../../src/subscriptions/task-event';
import { taskKey, Topics } from '../../../src/subscriptions/task-ref';
import { ACCOUNT, FakeClock, RecordingPubSub, REGION, ref } from './fakes';

const STARTED = '2026-01-01T00:00:00.000Z';
const reading = (state: string, over: Partial<TaskReading> = {}): TaskReading => ({
  state,
  isTerminal: ['SUCCESSFUL', 'FAILED', 'SUCCESS'].includes(state),
  startedAt: STARTED,
  currentStepName: null,
  instanceId: 'i-0a1b2c3d4e5f60001',
  documentName: null,
  payloads: {},
  ...over,
});

describe('what changed', () => {
  let clock: FakeClock;
  let store: MemoryCoordination;
  let pubsub: RecordingPubSub;
  let feed: ChangeFeed;
  const task = ref('macmodification-0000000000000000a');
  beforeEach(() => {
    clock = new FakeClock();
    store = new MemoryCoordination();
    pubsub = new RecordingPubSub();
    feed = new ChangeFeed(store, pubsub, clock);
  });

  it("records the first sight of someone else's task as a baseline (seq 0), not an event", async () => {
    expect(await feed.observe(task, reading('PENDING'))).toEqual({ changed: true, published: null });
    expect(pubsub.published).toEqual([]);
    expect(await store.getSnapshot(taskKey(task))).toMatchObject({ seq: 0, state: 'PENDING', previousState: null });
  });

  it('announces the first state of a task created through the gateway (previousState null, seq 1)', async () => {
    feed.expectCreation(task);
    const { published } = await feed.observe(task, reading('PENDING'));
    expect(published).toEqual({
      kind: TaskEventKind.MAC_MODIFICATION_TASK,
      taskId: task.id,
      accountId: ACCOUNT,
      region: REGION,
      seq: 1,
      state: 'PENDING',
      previousState: null,
      currentStepName: null,
      at: new Date(clock.now()).toISOString(),
      startedAt: STARTED,
      isTerminal: false,
      instanceId: 'i-0a1b2c3d4e5f60001',
      documentName: null,
      macModificationTask: null,
      automationExecution: null,
      macHost: null,
    });
    expect(pubsub.published.map((p) => p.topic)).toEqual([Topics.task(task), Topics.fleet]);
  });

  it('numbers each change one higher, publishes it on the task and fleet topics, and stays quiet when nothing changed', async () => {
    await feed.observe(task, reading('PENDING'));
    await feed.observe(task, reading('PENDING'));
    await feed.observe(task, reading('IN_PROGRESS'));
    expect(await feed.observe(task, reading('IN_PROGRESS'))).toEqual({ changed: false, published: null });
    await feed.observe(task, reading('SUCCESSFUL'));
    expect(pubsub.fleetEvents()).toEqual([
      [task.id, 'PENDING', 'IN_PROGRESS', 1],
      [task.id, 'IN_PROGRESS', 'SUCCESSFUL', 2],
    ]);
    expect(pubsub.published.filter((p) => p.topic === Topics.task(task)).map((p) => p.payload.seq)).toEqual([1, 2]);
  });

  it('counts a change of automation step as a change', async () => {
    const run = ref('0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', TaskEventKind.AUTOMATION_EXECUTION);
    await feed.observe(run, reading('IN_PROGRESS', { currentStepName: 'Stop' }));
    await feed.observe(run, reading('IN_PROGRESS', { currentStepName: 'Start' }));
    expect(pubsub.published.filter((p) => p.topic === Topics.fleet).map((p) => [p.payload.previousState, p.payload.state, p.payload.currentStepName])).toEqual([
      ['IN_PROGRESS', 'IN_PROGRESS', 'Start'],
    ]);
  });

  it('treats a reused id (another start time) as a new task, never lowering seq', async () => {
    feed.expectCreation(task);
    await feed.observe(task, reading('PENDING'));
    await feed.observe(task, reading('SUCCESSFUL'));
    // The same id, started later: its first sight is a baseline with the seq kept.
    await feed.observe(task, reading('PENDING', { startedAt: '2026-01-02T00:00:00.000Z' }));
    await feed.observe(task, reading('IN_PROGRESS', { startedAt: '2026-01-02T00:00:00.000Z' }));
    expect(pubsub.fleetEvents()).toEqual([
      [task.id, null, 'PENDING', 1],
      [task.id, 'PENDING', 'SUCCESSFUL', 2],
      [task.id, 'PENDING', 'IN_PROGRESS', 3],
    ]);
  });

  it('never goes back from a terminal state to an active one under the same start', async () => {
    await feed.observe(task, reading('SUCCESSFUL'));
    await feed.observe(task, reading('IN_PROGRESS'));
    expect(pubsub.published).toEqual([]);
    expect(await store.getSnapshot(taskKey(task))).toMatchObject({ seq: 0, state: 'IN_PROGRESS', previousState: null });
  });

  it('runs observations of one task one at a time, so two at once get seq 1 and 2', async () => {
    feed.expectCreation(task);
    await Promise.all([feed.observe(task, reading('PENDING')), feed.observe(task, reading('IN_PROGRESS'))]);
    expect(pubsub.fleetEvents()).toEqual([
      [task.id, null, 'PENDING', 1],
      [task.id, 'PENDING', 'IN_PROGRESS', 2],
    ]);
  });

  it('a baseline never overwrites a stored snapshot', async () => {
    feed.expectCreation(task);
    await feed.observe(task, reading('IN_PROGRESS'));
    await feed.baseline(task, reading('PENDING'));
    expect(await store.getSnapshot(taskKey(task))).toMatchObject({ seq: 1, state: 'IN_PROGRESS' });
    const other = ref('macmodification-0000000000000000b');
    await feed.baseline(other, reading('PENDING'));
    expect(await store.getSnapshot(taskKey(other))).toMatchObject({ seq: 0, state: 'PENDING' });
    expect(pubsub.fleetEvents()).toEqual([[task.id, null, 'IN_PROGRESS', 1]]);
  });

  it('forgets an expected creation when the task stops being watched', async () => {
    feed.expectCreation(task);
    feed.forget(task);
    await feed.observe(task, reading('PENDING'));
    expect(pubsub.published).toEqual([]);
  });

  it('keys snapshots by account as well as region', async () => {
    const elsewhere = ref(task.id, task.kind, REGION, '123456789012');
    await feed.observe(task, reading('PENDING'));
    await feed.observe(elsewhere, reading('IN_PROGRESS'));
    expect(await store.getSnapshot(taskKey(task))).toMatchObject({ accountId: ACCOUNT, state: 'PENDING' });
    expect(await store.getSnapshot(taskKey(elsewhere))).toMatchObject({ accountId: '123456789012', state: 'IN_PROGRESS' });
  });
});
