import { scopeOf, type Aws } from '../../../src/aws';
import { TaskEventKind } from '../../../src/schema/enums';
import { HostState, type MacHost } from '../../../src/schema/host.type';
import { KindRegistry } from '../../../src/subscriptions/kinds';
import { macHostKind } from '../../../src/subscriptions/kinds/mac-host';
import { TaskWatcher } from '../../../src/subscriptions/task-watcher';
import { ACCOUNT, FakeClock, LeasedCoordination, RecordingPubSub, REGION, ref, silentLogger } from './fakes';

const MIN = 1000;
const MAX = 5000;
const DISCOVERY = 4000;
const ALLOCATED = '2026-10-01T00:00:00.000Z';

function host(id: string, state: HostState, instanceIds: string[] = []): MacHost {
  return {
    id,
    region: REGION,
    accountId: ACCOUNT,
    availabilityZone: 'us-east-1a',
    instanceType: 'mac2.metal',
    instanceFamily: 'mac2',
    state,
    allocationTime: new Date(ALLOCATED),
    releasableAfter: new Date(Date.parse(ALLOCATED) + 24 * 3_600_000),
    releaseTime: null,
    availableCapacity: 0,
    isAppleSilicon: true,
    tags: [],
    instanceIds,
  };
}

/** EC2 as the kind reaches it: DescribeHosts by id (each call recorded) and the scan of changing hosts. */
class FakeHostsEc2 {
  readonly hosts = new Map<string, MacHost>();
  readonly describeHostsCalls: string[][] = [];
  scans = 0;
  set(h: MacHost): void {
    this.hosts.set(h.id, h);
  }
  aws(): Aws {
    const ec2 = {
      hostsByIds: async (ids: readonly string[]) => {
        this.describeHostsCalls.push([...ids]);
        return ids.map((id) => this.hosts.get(id) ?? null);
      },
      activeMacHosts: async () => {
        this.scans++;
        return [...this.hosts.values()].filter((h) => h.state === HostState.PENDING || h.state === HostState.UNDER_ASSESSMENT);
      },
    };
    return { ec2: () => ec2, ssm: () => ({}) } as unknown as Aws;
  }
}

describe('the MAC_HOST kind', () => {
  const h1 = ref('h-0123456789abcdef0', TaskEventKind.MAC_HOST);
  const h2 = ref('h-0123456789abcdef1', TaskEventKind.MAC_HOST);
  const h3 = ref('h-0123456789abcdef2', TaskEventKind.MAC_HOST);
  const mac = 'i-0123456789abcdef0';
  let clock: FakeClock;
  let pubsub: RecordingPubSub;
  let ec2: FakeHostsEc2;
  let watcher: TaskWatcher;

  beforeEach(() => {
    clock = new FakeClock();
    pubsub = new RecordingPubSub();
    ec2 = new FakeHostsEc2();
    ec2.set(host(h1.id, HostState.AVAILABLE, [mac]));
    watcher = new TaskWatcher(
      { aws: ec2.aws(), pubsub, coordination: new LeasedCoordination(), logger: silentLogger, kinds: new KindRegistry([macHostKind]), clock, random: () => 0.5 },
      { minIntervalMs: MIN, maxIntervalMs: MAX, discoveryIntervalMs: DISCOVERY, scopes: () => [scopeOf(ACCOUNT, REGION)] },
    );
  });

  /** Move the clock in 100 ms ticks for `ms`, as the timer would. */
  async function runFor(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 100) {
      clock.advance(100);
      await watcher.tick();
    }
  }

  /** A Mac on the host is stopped: AWS scrubs the host (its Mac is no longer listed once stopped). */
  const scrub = (r = h1) => ec2.set(host(r.id, HostState.PENDING, [mac]));
  const scrubbed = (r = h1) => ec2.set(host(r.id, HostState.AVAILABLE));
  const fleet = () => pubsub.fleetEvents();

  it('reads a host: moving while PENDING or UNDER_ASSESSMENT, at rest otherwise, final only once released', () => {
    const read = (state: HostState) => {
      const r = macHostKind.read(host(h1.id, state, [mac]));
      return [state, r.isTerminal, r.canReopen];
    };
    expect(Object.values(HostState).map(read)).toEqual([
      ['AVAILABLE', true, true],
      ['UNDER_ASSESSMENT', false, false],
      ['PERMANENT_FAILURE', true, true],
      ['RELEASED', true, false],
      ['RELEASED_PERMANENT_FAILURE', true, false],
      ['PENDING', false, false],
    ]);
    const reading = macHostKind.read(host(h1.id, HostState.PENDING, [mac]));
    expect(reading).toMatchObject({ state: 'PENDING', startedAt: new Date(ALLOCATED), instanceId: mac, currentStepName: null, documentName: null });
    expect(reading.payloads.macHost?.id).toBe(h1.id);
    expect(macHostKind.read(host(h1.id, HostState.AVAILABLE)).instanceId).toBeNull();
  });

  it('a scrub begun through the gateway is announced from its first poll, then followed to AVAILABLE, where the watch ends', async () => {
    scrub();
    await watcher.taskActivity(h1, null, { created: true });
    await runFor(MIN);
    expect(fleet()).toEqual([[h1.id, null, 'PENDING', 1]]);
    await runFor(3 * MAX);
    scrubbed();
    await runFor(MAX);
    expect(fleet()).toEqual([
      [h1.id, null, 'PENDING', 1],
      [h1.id, 'PENDING', 'AVAILABLE', 2],
    ]);
    expect(pubsub.published.at(-1)?.payload).toMatchObject({ kind: 'MAC_HOST', isTerminal: true, canReopen: true, instanceId: null, macHost: { id: h1.id, state: 'AVAILABLE' } });
    expect(watcher.watching.size).toBe(0);
    const calls = ec2.describeHostsCalls.length;
    await runFor(10 * MAX);
    expect(ec2.describeHostsCalls).toHaveLength(calls);
  });

  it("the host's next scrub continues its history: previousState AVAILABLE, the same seq line", async () => {
    scrub();
    await watcher.taskActivity(h1, null, { created: true });
    await runFor(MIN);
    scrubbed();
    await runFor(MIN);
    // Hours later its Mac is started and stopped again.
    clock.advance(6 * 3_600_000);
    scrub();
    await watcher.taskActivity(h1, null, { created: true });
    await runFor(MIN);
    scrubbed();
    await runFor(MIN);
    expect(fleet()).toEqual([
      [h1.id, null, 'PENDING', 1],
      [h1.id, 'PENDING', 'AVAILABLE', 2],
      [h1.id, 'AVAILABLE', 'PENDING', 3],
      [h1.id, 'PENDING', 'AVAILABLE', 4],
    ]);
  });

  it('an old resting state is asked of AWS again, not served as current; a released host is final and served from the store', async () => {
    scrub();
    await watcher.taskActivity(h1, null, { created: true });
    await runFor(MIN);
    scrubbed();
    await runFor(MIN);
    clock.advance(3_600_000);
    // Stopped again elsewhere (the console): a subscriber's first state is what AWS says now.
    scrub();
    watcher.addListener(h1);
    const calls = ec2.describeHostsCalls.length;
    expect((await watcher.snapshot(h1))?.state).toBe('PENDING');
    expect(ec2.describeHostsCalls).toHaveLength(calls + 1);
    expect(fleet().at(-1)).toEqual([h1.id, 'AVAILABLE', 'PENDING', 3]);

    ec2.set(host(h1.id, HostState.RELEASED));
    await watcher.taskActivity(h1, host(h1.id, HostState.RELEASED));
    expect(fleet().at(-1)).toEqual([h1.id, 'PENDING', 'RELEASED', 4]);
    clock.advance(3_600_000);
    const before = ec2.describeHostsCalls.length;
    expect((await watcher.snapshot(h1))?.state).toBe('RELEASED');
    expect(ec2.describeHostsCalls).toHaveLength(before);
  });

  it('fleet discovery baselines scrubbing hosts, reports their end, and does not swallow a scrub the gateway began', async () => {
    ec2.set(host(h2.id, HostState.PENDING));
    const stop = watcher.addFleetListener();
    await watcher.tick();
    expect(ec2.scans).toBe(1);
    expect(fleet()).toEqual([]);
    // A stop through the gateway, then the next scan runs before the host's first poll.
    scrub();
    await watcher.taskActivity(h1, null, { created: true });
    clock.advance(DISCOVERY);
    await watcher.tick();
    expect(ec2.scans).toBe(2);
    expect(fleet()).toEqual([[h1.id, null, 'PENDING', 1]]);
    scrubbed(h2);
    await runFor(MAX);
    expect(fleet()).toEqual([
      [h1.id, null, 'PENDING', 1],
      [h2.id, 'PENDING', 'AVAILABLE', 1],
    ]);
    stop();
  });

  it('polls every due host of a scope in one DescribeHosts, whatever the listeners', async () => {
    for (const r of [h1, h2, h3]) scrub(r);
    const stops = [h1, h2, h3].flatMap((r) => Array.from({ length: 50 }, () => watcher.addListener(r)));
    await watcher.tick(true);
    expect(ec2.describeHostsCalls).toEqual([[h1.id, h2.id, h3.id]]);
    for (const stop of stops) stop();
    expect(watcher.watching.size).toBe(0);
  });

  it('an unknown host has no snapshot (the subscription answers NOT_FOUND)', async () => {
    expect(await watcher.snapshot(ref('h-0fffffffffffffff0', TaskEventKind.MAC_HOST))).toBeNull();
    expect(watcher.labelOf(TaskEventKind.MAC_HOST)).toBe('Mac host');
  });
});
