import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_IDS, MEMBER_ACCOUNT_IDS } from '@fleetgraph/aws-sim';
import { Harness, type Subscription } from '../support/harness';

const STOP = `mutation($ids: [String!]!) { stopInstances(input: { instanceIds: $ids }) { macHostsScrubbing { hostId } } }`;
const START = `mutation($ids: [String!]!) { startInstances(input: { instanceIds: $ids }) { changes { currentState } } }`;
const HOST_EVENTS = `subscription { taskEvents(filter: { kinds: [MAC_HOST] }) { kind taskId previousState state isTerminal macHost { id state } } }`;
const HOST_SUB = `subscription($id: String!) { macHostUpdated(hostId: $id) { id state instances { id } } }`;
/** A scrub, whatever the demo Mac: AWS documents up to 4.5 hours on Apple silicon, plus the Mac's stop. */
const SCRUB_SECONDS = 5 * 3600;

/** The Mac host subscriptions the README's Subscriptions section shows, as written. */
function readmeHostSubscriptions(): string[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const start = readme.indexOf('## Subscriptions');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('subscription') && /macHostUpdated|MAC_HOST/.test(line));
}

/**
 * Mac hosts through the watcher: AWS sends no event when a host scrubs, so the gateway polls the
 * hosts a stop began scrubbing (and, for `taskEvents`, every host scrubbing in the account) and
 * streams their state like tasks'.
 */
describe('Mac host state through the watcher', () => {
  let h: Harness;
  // The watcher's time moves only when a test moves it; jitter is fixed at its middle (×1).
  let watcherNow = Date.UTC(2026, 0, 1);
  beforeAll(async () => {
    // Fan-out is measured with 50 subscriptions on one socket (the default allows 20 per socket).
    h = await Harness.start({ manualWatcher: true, env: { FLEETGRAPH_WS_MAX_OPERATIONS: '60' }, watcherTime: { clock: { now: () => watcherNow }, random: () => 0.5 } });
  });
  beforeEach(async () => {
    // A fresh world rewinds AWS; a fresh gateway forgets the host states its watcher saw before.
    await h.reset();
    await h.restartGateway();
  });
  afterAll(() => h.close());

  const advance = (seconds: number) => h.simAdmin('clock/advance', { seconds });
  const hostOf = async (instanceId: string): Promise<string> => (await h.data(`{ instance(instanceId: "${instanceId}") { host { id } } }`)).instance.host.id;
  const stop = async (instanceId: string) => (await h.data(STOP, { ids: [instanceId] })).stopInstances.macHostsScrubbing.map((s: any) => s.hostId);

  it('stopInstances on a running Mac: a taskEvents subscriber for MAC_HOST sees its host go PENDING, then AVAILABLE', async () => {
    const mac = DEMO_IDS.idleAppleSiliconMac;
    const hostId = await hostOf(mac);
    const fleet = h.subscribe(HOST_EVENTS);
    await h.whenWatcher((w) => w.fleetListeners === 1, 'the taskEvents listener');
    // The scan records the hosts already scrubbing (Macs stopped or terminated lately) as baselines: no events.
    expect((await h.poll()).published).toEqual([]);
    const hostsOf = (refs: Array<{ kind: string; id: string }>) => refs.filter((r) => r.kind === 'MAC_HOST').map((r) => r.id);
    const scrubbingBefore = hostsOf(h.gateway.watcher.watching.refs());
    expect(scrubbingBefore).toContain(DEMO_IDS.scrubbingMacHost);
    expect(scrubbingBefore).not.toContain(hostId);

    expect(await stop(mac)).toEqual([hostId]);
    const first = (await h.poll()).published;
    expect(first.map((e) => [e.kind, e.taskId, e.previousState, e.state])).toEqual([['MAC_HOST', hostId, null, 'PENDING']]);
    await fleet.waitFor(1);

    await advance(SCRUB_SECONDS);
    // The scan watches every kind; this subscriber asked for hosts only.
    const later = (await h.poll()).published.filter((e) => e.kind === 'MAC_HOST');
    // Every scrub the poll saw end: this host's and each one the scan found.
    expect(later.map((e) => [e.taskId, e.previousState, e.state, e.isTerminal]).sort()).toEqual(
      [hostId, ...scrubbingBefore].map((id) => [id, 'PENDING', 'AVAILABLE', true]).sort(),
    );
    await fleet.waitFor(1 + later.length);
    expect(fleet.errors).toEqual([]);
    expect(fleet.events.map((e) => e.taskEvents.taskId)).toEqual([hostId, ...later.map((e) => e.taskId)]);
    expect(fleet.events.map((e) => e.taskEvents).filter((e) => e.taskId === hostId)).toEqual([
      { kind: 'MAC_HOST', taskId: hostId, previousState: null, state: 'PENDING', isTerminal: false, macHost: { id: hostId, state: 'PENDING' } },
      { kind: 'MAC_HOST', taskId: hostId, previousState: 'PENDING', state: 'AVAILABLE', isTerminal: true, macHost: { id: hostId, state: 'AVAILABLE' } },
    ]);
    // Hosts at rest are polled no more.
    expect(hostsOf(h.gateway.watcher.watching.refs())).toEqual([]);
    fleet.stop();
  });

  it('macHostUpdated streams the scrub and completes once the host is AVAILABLE; the next stop streams again', async () => {
    const mac = DEMO_IDS.idleX86Mac;
    const [hostId] = await stop(mac);
    const sub = h.subscribe(HOST_SUB, { id: hostId });
    await sub.waitFor(1);
    await advance(SCRUB_SECONDS);
    await h.poll();
    await sub.done;
    expect(sub.errors).toEqual([]);
    expect(sub.events.map((e) => e.macHostUpdated)).toEqual([
      // AWS lists the Mac on its host while it stops, not once stopped.
      { id: hostId, state: 'PENDING', instances: [{ id: mac }] },
      { id: hostId, state: 'AVAILABLE', instances: [] },
    ]);

    // At rest it answers its state and completes at once.
    const resting = h.subscribe(HOST_SUB, { id: hostId });
    await resting.done;
    expect(resting.events.map((e) => e.macHostUpdated.state)).toEqual(['AVAILABLE']);

    // AVAILABLE was not the end of the host: started and stopped again, it scrubs again.
    expect((await h.data(START, { ids: [mac] })).startInstances.changes).toEqual([{ currentState: 'PENDING' }]);
    await advance(600);
    const fleet = h.subscribe(HOST_EVENTS);
    await h.whenWatcher((w) => w.fleetListeners === 1, 'the taskEvents listener');
    expect((await h.poll()).published).toEqual([]);
    expect(await stop(mac)).toEqual([hostId]);
    const again = h.subscribe(HOST_SUB, { id: hostId });
    await again.waitFor(1);
    await advance(SCRUB_SECONDS);
    const ended = (await h.poll()).published.filter((e) => e.kind === 'MAC_HOST');
    await again.done;
    expect(again.events.map((e) => e.macHostUpdated.state)).toEqual(['PENDING', 'AVAILABLE']);
    // The fleet stream heard the restart (its first state, read for `again`) and every scrub that ended.
    await fleet.waitFor(1 + ended.length);
    // The second scrub continues the host's history rather than posing as a new host.
    expect(fleet.events.map((e) => e.taskEvents).filter((e) => e.taskId === hostId).map((e) => [e.previousState, e.state])).toEqual([
      ['AVAILABLE', 'PENDING'],
      ['PENDING', 'AVAILABLE'],
    ]);
    fleet.stop();
  });

  it('releaseMacHost is announced at once (no poll), and a released host answers RELEASED and completes', async () => {
    const fleet = h.subscribe(HOST_EVENTS);
    await h.whenWatcher((w) => w.fleetListeners === 1, 'the taskEvents listener');
    const id = DEMO_IDS.releasableMacHost;
    await h.data(`mutation { releaseMacHost(input: { hostId: "${id}", confirmRelease: true }) { host { state } } }`);
    await fleet.waitFor(1);
    expect(fleet.events.map((e) => e.taskEvents)).toEqual([
      { kind: 'MAC_HOST', taskId: id, previousState: null, state: 'RELEASED', isTerminal: true, macHost: { id, state: 'RELEASED' } },
    ]);
    fleet.stop();
    const calls = await h.callsDuring(async () => {
      const sub = h.subscribe(HOST_SUB, { id });
      await sub.done;
      expect(sub.events.map((e) => e.macHostUpdated)).toEqual([{ id, state: 'RELEASED', instances: [] }]);
    });
    // Released is final: served from the watcher's store, no DescribeHosts.
    expect(calls).toEqual({});
  });

  it("the README's host subscriptions run on the demo world as written", async () => {
    const [perHost, fleetWide, ...more] = readmeHostSubscriptions();
    expect(more).toEqual([]);
    const host = h.subscribe(perHost);
    const fleet = h.subscribe(fleetWide);
    await host.waitFor(1);
    await h.whenWatcher((w) => w.fleetListeners === 1, 'the taskEvents listener');
    await h.poll();
    await advance(SCRUB_SECONDS);
    const ended = (await h.poll()).published.filter((e) => e.kind === 'MAC_HOST');
    await host.done;
    await fleet.waitFor(ended.length);
    expect([host.errors, fleet.errors]).toEqual([[], []]);
    expect(host.events.map((e) => e.macHostUpdated)).toEqual([
      { id: DEMO_IDS.scrubbingMacHost, state: 'PENDING', instanceType: 'mac-m4.metal', instances: [] },
      { id: DEMO_IDS.scrubbingMacHost, state: 'AVAILABLE', instanceType: 'mac-m4.metal', instances: [] },
    ]);
    expect(fleet.events.map((e) => e.taskEvents)).toContainEqual({
      taskId: DEMO_IDS.scrubbingMacHost,
      previousState: 'PENDING',
      state: 'AVAILABLE',
      isTerminal: true,
      instanceId: null,
      macHost: { id: DEMO_IDS.scrubbingMacHost, instanceType: 'mac-m4.metal' },
    });
    fleet.stop();
  });

  it('an unknown host id is NOT_FOUND; a malformed one BAD_USER_INPUT', async () => {
    const codes = (s: Subscription) => s.errors.flat().map((e: any) => [e.path, e.extensions?.code, e.message]);
    const unknown = h.subscribe(HOST_SUB, { id: 'h-0123456789abcdef0' });
    await unknown.done;
    expect(unknown.events).toEqual([]);
    expect(codes(unknown)).toEqual([[['macHostUpdated'], 'NOT_FOUND', 'Mac host h-0123456789abcdef0 not found in us-east-1']]);
    const bad = h.subscribe(HOST_SUB, { id: 'i-0123456789abcdef0' });
    await bad.done;
    expect(bad.events).toEqual([]);
    expect(codes(bad).map((c) => c.slice(0, 2))).toEqual([[['macHostUpdated'], 'BAD_USER_INPUT']]);
  });

  it('costs the same AWS calls with 1 and with 50 subscribers on one host', async () => {
    const scenario = async (subscribers: number) => {
      await h.reset();
      await h.restartGateway();
      const [hostId] = await stop(DEMO_IDS.idleAppleSiliconMac);
      const client = h.wsClient();
      let subs: Subscription[] = [];
      const calls = await h.callsDuring(async () => {
        subs = Array.from({ length: subscribers }, () => h.subscribe(HOST_SUB, { id: hostId }, client));
        await Promise.all(subs.map((s) => s.waitFor(1, 15000)));
        await h.poll();
        await advance(SCRUB_SECONDS);
        await h.poll();
        await Promise.all(subs.map((s) => s.done));
      });
      for (const s of subs) expect(s.events.map((e) => e.macHostUpdated.state)).toEqual(['PENDING', 'AVAILABLE']);
      await client.dispose();
      return calls;
    };
    const one = await scenario(1);
    const many = await scenario(50);
    expect(many).toEqual(one);
    // The first state and 2 polls: one DescribeHosts each. The `instances` join once, for the
    // PENDING event (the stopping Mac), shared by every subscriber; AVAILABLE has none to load.
    expect(one).toEqual({ 'ec2:DescribeHosts': 3, 'ec2:DescribeInstances': 1 });
  }, 60000);
});

describe('Mac host state across the organisation', () => {
  const [MAC_CI] = MEMBER_ACCOUNT_IDS;
  const MAC_CI_WEST = { accountId: MAC_CI, region: 'us-west-2' };
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ organization: true, manualWatcher: true });
  });
  afterAll(() => h.close());

  it("a member account's Mac stopped by its id alone: its host streams in that scope, found by its id alone or named", async () => {
    const world = await h.world(MAC_CI_WEST);
    const mac = world.demo.idleAppleSiliconMac;
    const fleet = h.subscribe(`subscription { taskEvents(filter: { kinds: [MAC_HOST], states: [PENDING] }) { taskId accountId region state } }`);
    await h.whenWatcher((w) => w.fleetListeners === 1, 'the taskEvents listener');
    const [hostId] = (await h.data(STOP, { ids: [mac] })).stopInstances.macHostsScrubbing.map((s: any) => s.hostId);
    const byId = h.subscribe(`subscription($id: String!) { macHostUpdated(hostId: $id) { id accountId region state } }`, { id: hostId });
    const named = h.subscribe(`subscription($id: String!, $a: String, $r: String) { macHostUpdated(hostId: $id, accountId: $a, region: $r) { id state } }`, {
      id: hostId,
      a: MAC_CI,
      r: 'us-west-2',
    });
    await Promise.all([byId.waitFor(1), named.waitFor(1), fleet.waitFor(1)]);
    expect(fleet.events.map((e) => e.taskEvents)).toEqual([{ taskId: hostId, ...MAC_CI_WEST, state: 'PENDING' }]);
    await h.simAdmin('clock/advance', { seconds: SCRUB_SECONDS });
    await h.poll();
    await Promise.all([byId.done, named.done]);
    expect([byId.errors, named.errors]).toEqual([[], []]);
    expect(byId.events.map((e) => e.macHostUpdated)).toEqual(['PENDING', 'AVAILABLE'].map((state) => ({ id: hostId, ...MAC_CI_WEST, state })));
    expect(named.events.map((e) => e.macHostUpdated.state)).toEqual(['PENDING', 'AVAILABLE']);
    fleet.stop();
  });
});
