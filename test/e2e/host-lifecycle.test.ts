import { DEMO_IDS } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const EPOCH = Date.parse('2026-11-01T12:00:00.000Z');

const STOP = `mutation($input: InstancesPowerInput!) { stopInstances(input: $input) {
  changes { instanceId previousState currentState } dryRun { wouldSucceed code }
  macHostsScrubbing { hostId instanceId message host { id state } } instances { id state } } }`;
const START = `mutation($input: InstancesPowerInput!) { startInstances(input: $input) { changes { instanceId previousState currentState } dryRun { wouldSucceed code } instances { id state } } }`;
const REBOOT = `mutation($input: InstancesPowerInput!) { rebootInstances(input: $input) { changes { instanceId } instances { id state } } }`;
const RELEASE = `mutation($input: ReleaseMacHostInput!) { releaseMacHost(input: $input) { host { id state releaseTime } dryRun { wouldSucceed code message } } }`;

/**
 * A Mac host's lifecycle through the gateway: stopping a Mac scrubs its host (PENDING, then
 * AVAILABLE on the simulated clock), and a host is released only once AWS would let it go —
 * refused by the gateway itself before its 24 hours are up.
 */
describe('Mac host lifecycle', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ captureLogs: true });
  });
  beforeEach(() => h.reset());
  afterAll(() => h.close());
  const advance = (ms: number) => h.simAdmin('clock/advance', { ms });
  const hostOf = async (instanceId: string) => (await h.data(`{ instance(instanceId: "${instanceId}") { host { id state } } }`)).instance.host;

  it('stopping a running Mac says its host will scrub; the host goes PENDING, then AVAILABLE', async () => {
    const { id: hostId } = await hostOf(DEMO_IDS.idleAppleSiliconMac);
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = (await h.data(STOP, { input: { instanceIds: [DEMO_IDS.idleAppleSiliconMac] } })).stopInstances;
    });
    expect(res.changes).toEqual([{ instanceId: DEMO_IDS.idleAppleSiliconMac, previousState: 'RUNNING', currentState: 'STOPPING' }]);
    expect(res.dryRun).toBeNull();
    expect(res.macHostsScrubbing).toEqual([
      {
        hostId,
        instanceId: DEMO_IDS.idleAppleSiliconMac,
        message: `Dedicated Host ${hostId} of ${DEMO_IDS.idleAppleSiliconMac} will be PENDING while AWS scrubs it (up to 4.5 hours on Apple silicon), then AVAILABLE; the Mac cannot start again before that.`,
        host: { id: hostId, state: 'PENDING' },
      },
    ]);
    expect(res.instances).toEqual([{ id: DEMO_IDS.idleAppleSiliconMac, state: 'STOPPING' }]);
    // Before: the instance (which host?). The write. After: the instance and its host, re-read.
    expect(calls).toEqual({ 'ec2:DescribeInstances': 2, 'ec2:StopInstances': 1, 'ec2:DescribeHosts': 1 });

    await advance(15 * MINUTE);
    const refused = await h.gql(START, { input: { instanceIds: [DEMO_IDS.idleAppleSiliconMac] } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', awsCode: 'InsufficientCapacityOnHost' });
    await advance(4.5 * HOUR);
    expect(await hostOf(DEMO_IDS.idleAppleSiliconMac)).toEqual({ id: hostId, state: 'AVAILABLE' });
    const started = (await h.data(START, { input: { instanceIds: [DEMO_IDS.idleAppleSiliconMac] } })).startInstances;
    expect(started.changes).toEqual([{ instanceId: DEMO_IDS.idleAppleSiliconMac, previousState: 'STOPPED', currentState: 'PENDING' }]);
  });

  it('stopping a Linux instance or a stopped Mac scrubs nothing; reboot answers no state changes', async () => {
    const world = await h.world();
    const linux = world.instances.linux.running[0];
    const res = (await h.data(STOP, { input: { instanceIds: [linux, world.instances.macX86.stopped[0]] } })).stopInstances;
    expect(res.changes.map((c: any) => [c.previousState, c.currentState])).toEqual([
      ['RUNNING', 'STOPPING'],
      ['STOPPED', 'STOPPED'],
    ]);
    expect(res.macHostsScrubbing).toEqual([]);
    const reboot = (await h.data(REBOOT, { input: { instanceIds: [DEMO_IDS.idleX86Mac] } })).rebootInstances;
    expect(reboot).toEqual({ changes: [], instances: [{ id: DEMO_IDS.idleX86Mac, state: 'RUNNING' }] });
  });

  it('dry runs change nothing; bad or unknown ids are refused before the write; every call is audited with its ids', async () => {
    const logsBefore = h.logs.length;
    const dry = (await h.data(STOP, { input: { instanceIds: [DEMO_IDS.idleX86Mac], dryRun: true } })).stopInstances;
    expect(dry).toEqual({ changes: [], dryRun: { wouldSucceed: true, code: 'DryRunOperation' }, macHostsScrubbing: [], instances: null });
    expect((await h.data(`{ instance(instanceId: "${DEMO_IDS.idleX86Mac}") { state } }`)).instance.state).toBe('RUNNING');

    const calls = await h.callsDuring(async () => {
      const bad = await h.gql(STOP, { input: { instanceIds: ['i-nope', DEMO_IDS.idleX86Mac] } });
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'instanceIds[0]', message: 'not an instance id (i-…)' }] });
      const none = await h.gql(STOP, { input: { instanceIds: [] } });
      expect(none.errors?.[0].extensions?.problems).toEqual([{ field: 'instanceIds', message: 'give at least one instance id' }]);
    });
    expect(calls).toEqual({});
    const unknown = await h.callsDuring(async () => {
      const res = await h.gql(STOP, { input: { instanceIds: [DEMO_IDS.idleX86Mac, 'i-0123456789abcdef0'] } });
      expect(res.errors?.[0]).toMatchObject({ message: 'No such instance: i-0123456789abcdef0', extensions: { code: 'NOT_FOUND' } });
    });
    expect(unknown).toEqual({ 'ec2:DescribeInstances': 1 });
    const audit = h.logs.slice(logsBefore).map((l) => JSON.parse(l)).filter((l) => l.audit && l.operation === 'stopInstances');
    expect(audit.map((a) => [a.targetIds.instanceIds, a.outcome])).toEqual([
      [[DEMO_IDS.idleX86Mac], 'dry-run'],
      [['i-nope', DEMO_IDS.idleX86Mac], 'error'],
      [undefined, 'error'],
      [[DEMO_IDS.idleX86Mac, 'i-0123456789abcdef0'], 'error'],
    ]);
  });

  it('releaseMacHost on a young host: refused with the time it becomes releasable, and no ReleaseHosts call', async () => {
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await h.gql(RELEASE, { input: { hostId: DEMO_IDS.youngMacHost, confirmRelease: true } });
    });
    const releasable = new Date(EPOCH + 21 * HOUR).toISOString();
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', hostId: DEMO_IDS.youngMacHost, releasableAfter: releasable });
    expect(res.errors?.[0].message).toBe(
      `Mac host ${DEMO_IDS.youngMacHost} cannot be released before ${releasable}: AWS keeps a Mac host allocated for at least 24 hours (allocated ${new Date(EPOCH - 3 * HOUR).toISOString()})`,
    );
    expect(calls).toEqual({ 'ec2:DescribeHosts': 1 });

    // The gateway judges by AWS's clock (the simulator's), not its own: 21 hours later it may go.
    await advance(21 * HOUR);
    const released = (await h.data(RELEASE, { input: { hostId: DEMO_IDS.youngMacHost, confirmRelease: true } })).releaseMacHost;
    expect(released).toEqual({ host: { id: DEMO_IDS.youngMacHost, state: 'RELEASED', releaseTime: new Date(EPOCH + 21 * HOUR).toISOString() }, dryRun: null });
  });

  it('needs confirmRelease; dry runs check without AWS; an occupied host is refused by AWS, with AWS’s code', async () => {
    const unconfirmed = await h.gql(RELEASE, { input: { hostId: DEMO_IDS.releasableMacHost } });
    expect(unconfirmed.errors?.[0].extensions?.problems).toEqual([{ field: 'confirmRelease', message: expect.stringContaining('confirmRelease: true') }]);
    let dry: any;
    const dryCalls = await h.callsDuring(async () => {
      dry = (await h.data(RELEASE, { input: { hostId: DEMO_IDS.releasableMacHost, confirmRelease: true, dryRun: true } })).releaseMacHost;
    });
    expect(dry).toMatchObject({ host: null, dryRun: { wouldSucceed: true, code: 'DryRunOperation' } });
    expect(dryCalls).toEqual({ 'ec2:DescribeHosts': 1 });
    const scrubbing = (await h.data(RELEASE, { input: { hostId: DEMO_IDS.scrubbingMacHost, confirmRelease: true, dryRun: true } })).releaseMacHost;
    expect(scrubbing.dryRun).toMatchObject({ wouldSucceed: false, code: 'Client.InvalidHost.Occupied' });

    // An old host with a running Mac on it: the gateway lets AWS answer.
    const hosts = (await h.data(`{ macHosts(first: 100, filter: { states: [AVAILABLE] }) { nodes { id releasableAfter instances { id } } } }`)).macHosts.nodes;
    const occupied = hosts.find((n: any) => n.instances.length && Date.parse(n.releasableAfter) < EPOCH);
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await h.gql(RELEASE, { input: { hostId: occupied.id, confirmRelease: true } });
    });
    expect(res.errors?.[0]).toMatchObject({
      message: `Dedicated host '${occupied.id}' cannot be released as it is occupied.`,
      extensions: { code: 'PRECONDITION_FAILED', awsCode: 'Client.InvalidHost.Occupied', httpStatus: 200 },
    });
    expect(res.errors?.[0].extensions.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls).toEqual({ 'ec2:DescribeHosts': 1, 'ec2:ReleaseHosts': 1 });

    const missing = await h.gql(RELEASE, { input: { hostId: 'h-0123456789abcdef0', confirmRelease: true } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
