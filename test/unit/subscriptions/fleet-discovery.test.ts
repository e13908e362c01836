import { scopeOf } from '../../../src/aws';
import { TaskEventKind } from '../../../src/schema/enums';
import { ChangeFeed } from '../../../src/subscriptions/change-feed';
import { FleetDiscovery } from '../../../src/subscriptions/fleet-discovery';
import { KindRegistry } from '../../../src/subscriptions/kinds';
import { taskKey } from '../../../src/subscriptions/task-ref';
import { WatchReasons } from '../../../src/subscriptions/watch-reasons';
import { ACCOUNT, FakeClock, FakeKind, LeasedCoordination, RecordingPubSub, ref, silentLogger, unusedAws } from './fakes';

const INTERVAL = 5000;
const EAST = scopeOf(ACCOUNT, 'us-east-1');
const WEST = scopeOf(ACCOUNT, 'us-west-2');

describe('fleet discovery', () => {
  let clock: FakeClock;
  let leases: LeasedCoordination;
  let pubsub: RecordingPubSub;
  let reasons: WatchReasons;
  let tasks: FakeKind;
  let runs: FakeKind;
  let discovery: FleetDiscovery;
  beforeEach(() => {
    clock = new FakeClock();
    leases = new LeasedCoordination();
    pubsub = new RecordingPubSub();
    reasons = new WatchReasons({ watched: () => undefined, unwatched: () => undefined });
    tasks = new FakeKind(TaskEventKind.MAC_MODIFICATION_TASK).set({ id: 'macmodification-0000000000000000a', state: 'IN_PROGRESS' }).set({ id: 'macmodification-0000000000000000b', state: 'SUCCESSFUL', terminal: true });
    runs = new FakeKind(TaskEventKind.AUTOMATION_EXECUTION).set({ id: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0', state: 'WAITING', step: 'Approve' });
    discovery = new FleetDiscovery(unusedAws, new KindRegistry([tasks, runs]), reasons, new ChangeFeed(leases, pubsub, clock), leases, clock, silentLogger, {
      intervalMs: INTERVAL,
      scopes: () => [EAST, WEST],
    });
  });

  it('does not scan while nobody listens to the fleet', async () => {
    await discovery.runIfDue(true);
    expect([tasks.scans, runs.scans]).toEqual([[], []]);
  });

  it("scans every kind in every scope, once per interval, leased per scope; each active task's first sight is a baseline", async () => {
    reasons.addFleetListener();
    await discovery.runIfDue();
    expect([tasks.scans, runs.scans]).toEqual([
      [`${ACCOUNT}/us-east-1`, `${ACCOUNT}/us-west-2`],
      [`${ACCOUNT}/us-east-1`, `${ACCOUNT}/us-west-2`],
    ]);
    expect(leases.acquired).toEqual([`discovery:${ACCOUNT}/us-east-1`, `discovery:${ACCOUNT}/us-west-2`]);
    const found = ref('macmodification-0000000000000000a', TaskEventKind.MAC_MODIFICATION_TASK, 'us-east-1');
    expect([...reasons.reasonsFor(found)]).toEqual(['discovered']);
    expect(reasons.size).toBe(4); // the active task and the run, in both scopes; not the finished task
    expect(await leases.getSnapshot(taskKey(found))).toMatchObject({ seq: 0, state: 'IN_PROGRESS' });
    expect(pubsub.published).toEqual([]);

    clock.advance(INTERVAL - 1);
    await discovery.runIfDue();
    expect(tasks.scans).toHaveLength(2);
    clock.advance(1);
    await discovery.runIfDue();
    expect(tasks.scans).toHaveLength(4);
  });

  it('skips a scope another replica scans, and a failing scope does not stop the others', async () => {
    reasons.addFleetListener();
    leases.heldElsewhere.add(`discovery:${ACCOUNT}/us-east-1`);
    runs.failingScans.add(`${ACCOUNT}/us-west-2`);
    await discovery.runIfDue();
    expect([tasks.scans, runs.scans]).toEqual([[`${ACCOUNT}/us-west-2`], [`${ACCOUNT}/us-west-2`]]);
    expect(reasons.refs().map((r) => `${r.kind} ${r.region}`)).toEqual(['MAC_MODIFICATION_TASK us-west-2']);
  });

  it('scans at once when a first fleet listener arrives (dueNow)', async () => {
    const stop = reasons.addFleetListener();
    await discovery.runIfDue();
    stop();
    reasons.addFleetListener();
    clock.advance(1);
    await discovery.runIfDue();
    expect(tasks.scans).toHaveLength(2); // not due yet
    discovery.dueNow();
    await discovery.runIfDue();
    expect(tasks.scans).toHaveLength(4);
  });
});
