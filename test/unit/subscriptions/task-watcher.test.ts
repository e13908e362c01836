import { scopeOf } from '../../../src/aws';
import { TaskEventKind } from '../../../src/schema/enums';
import { KindRegistry } from '../../../src/subscriptions/kinds';
import { TaskWatcher } from '../../../src/subscriptions/task-watcher';
import { ACCOUNT, FakeClock, FakeKind, LeasedCoordination, RecordingPubSub, REGION, ref, silentLogger, unusedAws } from './fakes';

const MIN = 1000;
const MAX = 5000;
const DISCOVERY = 4000;

describe('task watcher (the parts together, on a clock the test moves)', () => {
  let clock: FakeClock;
  let leases: LeasedCoordination;
  let pubsub: RecordingPubSub;
  let tasks: FakeKind;
  let watcher: TaskWatcher;
  let watchedGauge: number[];
  const a = ref('macmodification-0000000000000000a');
  const b = ref('macmodification-0000000000000000b');

  const build = (kinds: FakeKind[]) => {
    watcher = new TaskWatcher(
      { aws: unusedAws, pubsub, coordination: leases, logger: silentLogger, kinds: new KindRegistry(kinds), clock, random: () => 0.5, observer: { watchedTasks: (n) => watchedGauge.push(n) } },
      { minIntervalMs: MIN, maxIntervalMs: MAX, discoveryIntervalMs: DISCOVERY, scopes: () => [scopeOf(ACCOUNT, REGION)] },
    );
  };
  beforeEach(() => {
    clock = new FakeClock();
    leases = new LeasedCoordination();
    pubsub = new RecordingPubSub();
    watchedGauge = [];
    tasks = new FakeKind().set({ id: a.id, state: 'PENDING' }).set({ id: b.id, state: 'PENDING' });
    build([tasks]);
  });

  /** Move the clock in 100 ms ticks for `ms`, as the timer would; the times (from start) of each poll of `id`. */
  async function runFor(ms: number, id = a.id): Promise<number[]> {
    const start = clock.now();
    const polls: number[] = [];
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100);
      const before = tasks.fetches.length;
      await watcher.tick();
      if (tasks.fetches.slice(before).some((ids) => ids.includes(id))) polls.push(clock.now() - start);
    }
    return polls;
  }

  it('backs off ×1.5 while a watched task does not change, up to the maximum interval', async () => {
    watcher.addListener(a);
    await watcher.snapshot(a);
    // 1000 after the first sight, then 1500, 2250, 3375 (rounded up to the 100 ms tick), then 5000 each.
    expect(await runFor(20_000)).toEqual([1000, 2500, 4800, 8200, 13200, 18200]);
  });

  it('speeds up to the minimum interval after a change, then backs off again', async () => {
    watcher.addListener(a);
    await watcher.snapshot(a);
    await runFor(8200); // polled at 1000, 2500, 4800, 8200: the interval is now 5000
    tasks.set({ id: a.id, state: 'IN_PROGRESS' });
    expect(await runFor(12_000)).toEqual([5000, 6000, 7500, 9800]);
    expect(pubsub.fleetEvents()).toEqual([[a.id, 'PENDING', 'IN_PROGRESS', 1]]);
  });

  it('a mutation makes the task due soon and announces the state it returned', async () => {
    watcher.addListener(a);
    await watcher.snapshot(a);
    await runFor(8200);
    tasks.set({ id: a.id, state: 'IN_PROGRESS' });
    await watcher.taskActivity(a, { id: a.id, state: 'IN_PROGRESS' });
    expect(pubsub.fleetEvents()).toEqual([[a.id, 'PENDING', 'IN_PROGRESS', 1]]);
    expect(await runFor(3000)).toEqual([1000, 2500]);
  });

  it('announces a task created through the gateway from its first state, and stops watching it once it ends', async () => {
    await watcher.taskActivity(a, { id: a.id, state: 'PENDING' }, { created: true });
    tasks.set({ id: a.id, state: 'IN_PROGRESS' });
    await runFor(1000);
    tasks.set({ id: a.id, state: 'SUCCESSFUL', terminal: true });
    await runFor(1000);
    expect(pubsub.fleetEvents()).toEqual([
      [a.id, null, 'PENDING', 1],
      [a.id, 'PENDING', 'IN_PROGRESS', 2],
      [a.id, 'IN_PROGRESS', 'SUCCESSFUL', 3],
    ]);
    expect(watcher.watching.size).toBe(0);
    expect(await runFor(10_000)).toEqual([]);
    expect(watchedGauge).toEqual([1, 0]);
    expect(leases.released).toEqual([`MAC_MODIFICATION_TASK:${ACCOUNT}:${REGION}:${a.id}`]);
  });

  it('costs the same fetches with 1 and with 200 listeners on a task', async () => {
    const fetchesWith = async (listeners: number, task = ref(`macmodification-${String(listeners).padStart(17, '0')}`)) => {
      tasks.set({ id: task.id, state: 'PENDING' });
      tasks.fetches.length = 0;
      const stops = Array.from({ length: listeners }, () => watcher.addListener(task));
      await Promise.all(stops.map(() => watcher.snapshot(task)));
      await runFor(5000, task.id);
      for (const stop of stops) stop();
      return tasks.fetches.map((ids) => ids.length);
    };
    const one = await fetchesWith(1);
    const many = await fetchesWith(200);
    expect(one).toEqual([1, 1, 1, 1]); // the first state, then polls at 1000, 2500 and 4800
    expect(many).toEqual(one);
  });

  it('polls due tasks of one kind and scope in one batch', async () => {
    watcher.addListener(a);
    watcher.addListener(b);
    await watcher.tick(true);
    expect(tasks.fetches).toEqual([[a.id, b.id]]);
  });

  it('backs off with jitter while AWS fails, and catches up once it answers', async () => {
    watcher.addListener(a);
    await watcher.snapshot(a);
    tasks.tasks.set(a.id, new Error('RequestLimitExceeded'));
    // Failures: the first poll at 1000, then waits of 2000, 4000, 8000 (jitter 0.5 = ×1).
    expect(await runFor(16_000)).toEqual([1000, 3000, 7000, 15000]);
    tasks.set({ id: a.id, state: 'IN_PROGRESS' });
    // The next wait is 16000 (from 15000): AWS answers then, and the change brings back the minimum.
    expect(await runFor(17_000)).toEqual([15000, 16000]);
    expect(pubsub.fleetEvents()).toEqual([[a.id, 'PENDING', 'IN_PROGRESS', 1]]);
  });

  it('gives up on a task AWS keeps not finding unless someone listens to it', async () => {
    await watcher.taskActivity(ref('macmodification-000000000000000ff'));
    const stop = watcher.addListener(ref('macmodification-000000000000000fe'));
    await runFor(10_000, 'macmodification-000000000000000ff');
    expect(watcher.watching.refs().map((r) => r.id)).toEqual(['macmodification-000000000000000fe']);
    stop();
  });

  it('watches the fleet only while a fleet listener exists; discovered tasks are baselines, their changes events', async () => {
    const stop = watcher.addFleetListener();
    await watcher.tick();
    expect(tasks.scans).toEqual([`${ACCOUNT}/${REGION}`]);
    expect(watcher.watching.size).toBe(2);
    tasks.set({ id: b.id, state: 'FAILED', terminal: true });
    await runFor(1000, b.id);
    expect(pubsub.fleetEvents()).toEqual([[b.id, 'PENDING', 'FAILED', 1]]);
    stop();
    expect(watcher.watching.size).toBe(0);
    await runFor(10_000);
    expect(tasks.scans).toHaveLength(1);
  });

  it('a snapshot is read once however many ask at once, and from the store while it is current', async () => {
    watcher.addListener(a);
    const answers = await Promise.all([watcher.snapshot(a), watcher.snapshot(a), watcher.snapshot(a)]);
    expect(answers.map((s) => s?.state)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    await watcher.snapshot(a);
    expect(tasks.fetches).toEqual([[a.id]]);
    expect(await watcher.snapshot(ref('macmodification-0000000000000dead'))).toBeNull();
  });

  it('takes one more kind (e.g. Mac hosts) from the registry alone, polled alongside the others', async () => {
    const hosts = new FakeKind('MAC_HOST' as TaskEventKind, 'Mac host').set({ id: 'h-0123456789abcdef0', state: 'PENDING' });
    build([tasks, hosts]);
    const host = ref('h-0123456789abcdef0', 'MAC_HOST' as TaskEventKind);
    watcher.addListener(a);
    watcher.addListener(host);
    await watcher.tick(true);
    hosts.set({ id: host.id, state: 'AVAILABLE' });
    await watcher.tick(true);
    expect([tasks.fetches, hosts.fetches]).toEqual([[[a.id], [a.id]], [[host.id], [host.id]]]);
    expect(pubsub.fleetEvents()).toEqual([[host.id, 'PENDING', 'AVAILABLE', 1]]);
    expect(watcher.labelOf(host.kind)).toBe('Mac host');
  });
});
