import { DEMO_IDS } from '@fleetgraph/aws-sim';
import request from 'supertest';
import { Harness } from '../support/harness';

const HOUR = 3_600_000;
const EPOCH = Date.parse('2026-11-01T12:00:00.000Z');

/**
 * Mac Dedicated Hosts through the gateway: the hosts of a fleet, each Mac's host, the macOS
 * versions a host supports, all batched; releasing a host only once AWS would allow it.
 */
describe('Mac hosts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  beforeEach(() => h.reset());
  afterAll(() => h.close());

  it('lists the fleet’s hosts with their state, type, releasable time and instances: one DescribeHosts, one DescribeInstances', async () => {
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(`{ macHosts(first: 100) { nodes { id state instanceType releasableAfter instances { id } } } }`);
    });
    const nodes = data.macHosts.nodes;
    const world = await h.world();
    expect(nodes).toHaveLength(world.counts.hosts);
    expect(new Set(nodes.map((n: any) => n.state))).toEqual(new Set(['AVAILABLE', 'PENDING', 'RELEASED']));
    const young = nodes.find((n: any) => n.id === DEMO_IDS.youngMacHost);
    expect(young).toEqual({ id: DEMO_IDS.youngMacHost, state: 'AVAILABLE', instanceType: 'mac2.metal', releasableAfter: new Date(EPOCH + 21 * HOUR).toISOString(), instances: [] });
    const idleHost = nodes.find((n: any) => n.instances.some((i: any) => i.id === DEMO_IDS.idleX86Mac));
    expect(idleHost).toMatchObject({ state: 'AVAILABLE', instanceType: 'mac1.metal' });
    expect(calls).toEqual({ 'ec2:DescribeHosts': 1, 'ec2:DescribeInstances': 1 });
  });

  it('one host, and a Mac’s host: every field, macOS versions from DescribeMacHosts', async () => {
    const data = await h.data(`{
      macHost(hostId: "${DEMO_IDS.scrubbingMacHost}") { id region availabilityZone instanceType instanceFamily state allocationTime releasableAfter releaseTime
        availableCapacity isAppleSilicon macOsLatestSupportedVersions instances { id } tags { key value } }
      instance(instanceId: "${DEMO_IDS.idleX86Mac}") { hostId host { id instanceType instanceFamily isAppleSilicon state availableCapacity macOsLatestSupportedVersions instances { id } } }
    }`);
    expect(data.macHost).toMatchObject({
      id: DEMO_IDS.scrubbingMacHost,
      region: 'us-east-1',
      instanceType: 'mac-m4.metal',
      instanceFamily: 'mac-m4',
      state: 'PENDING',
      allocationTime: new Date(EPOCH - 48 * HOUR).toISOString(),
      releasableAfter: new Date(EPOCH - 24 * HOUR).toISOString(),
      releaseTime: null,
      availableCapacity: 0,
      isAppleSilicon: true,
      macOsLatestSupportedVersions: ['26.0', '15.6'],
      instances: [],
      tags: [{ key: 'Name', value: 'mac-pool-3' }, { key: 'team', value: 'ios-build' }],
    });
    expect(data.instance.host).toEqual({
      id: data.instance.hostId,
      instanceType: 'mac1.metal',
      instanceFamily: 'mac1',
      isAppleSilicon: false,
      state: 'AVAILABLE',
      availableCapacity: 0,
      macOsLatestSupportedVersions: ['15.6', '14.7'],
      instances: [{ id: DEMO_IDS.idleX86Mac }],
    });
  });

  it('filters by state, type, zone and ids; a host id AWS does not know is null, not a failed batch', async () => {
    const pending = await h.data(`{ macHosts(filter: { states: [PENDING] }) { nodes { id state } } }`);
    expect(pending.macHosts.nodes.map((n: any) => n.state)).toEqual(['PENDING', 'PENDING']);
    expect(pending.macHosts.nodes.map((n: any) => n.id)).toContain(DEMO_IDS.scrubbingMacHost);
    const m1 = await h.data(`{ macHosts(filter: { instanceTypes: ["mac1.metal"], states: [AVAILABLE] }) { nodes { instanceType state } } }`);
    expect(m1.macHosts.nodes.length).toBeGreaterThan(1);
    expect(m1.macHosts.nodes.every((n: any) => n.instanceType === 'mac1.metal' && n.state === 'AVAILABLE')).toBe(true);
    const unknown = 'h-0123456789abcdef0';
    let byIds: any;
    const calls = await h.callsDuring(async () => {
      byIds = await h.data(`{ macHosts(filter: { hostIds: ["${DEMO_IDS.youngMacHost}", "${unknown}", "${DEMO_IDS.releasableMacHost}"] }) { nodes { id } }
        gone: macHost(hostId: "${unknown}") { id } }`);
    });
    expect(byIds.macHosts.nodes.map((n: any) => n.id).sort()).toEqual([DEMO_IDS.releasableMacHost, DEMO_IDS.youngMacHost].sort());
    expect(byIds.gone).toBeNull();
    // One call for the 3 ids (sorted: the unknown first), refused for the unknown one, then bisected:
    // [unknown, young] fails again → [unknown], [young]; [releasable] answers. 1 + 2 + 2 calls.
    expect(calls['ec2:DescribeHosts']).toBe(5);
  });

  it('prices host fields as declared: DescribeHosts pages of 500, batched joins at 1/200 call a host, one instance a host', async () => {
    const cost = async (query: string) => Number((await request(h.gateway.httpServer).post('/graphql').send({ query })).headers['x-fleetgraph-cost']);
    // 2 pages + 1000 × (1 node + instances: 1/200 call + 1 item + macOS versions: 1/200 call)
    expect(await cost(`{ macHosts(first: 1000) { nodes { id instances { id } macOsLatestSupportedVersions } } }`)).toBe(2012);
    // 1 page + 1000 × (1 node + host: 1/200 call)
    expect(await cost(`{ instances(first: 1000) { nodes { host { id } } } }`)).toBe(1006);
  });

  it('refuses bad input before any AWS call', async () => {
    const calls = await h.callsDuring(async () => {
      const bad = await h.gql(`{ macHost(hostId: "host-1") { id } }`);
      expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'hostId', message: 'not a Dedicated Host id (h-…)' }] });
      const linux = await h.gql(`{ macHosts(filter: { instanceTypes: ["t3.micro"] }) { nodes { id } } }`);
      expect(linux.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'filter.instanceTypes[0]', message: 'not a Mac instance type' }] });
    });
    expect(calls).toEqual({});
  });
});

describe('a fleet of 600 instances', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ instances: 600 });
  });
  afterAll(() => h.close());

  it('`host { id state }` on 200 Macs costs one DescribeHosts; on every instance, ⌈distinct hosts / 200⌉', async () => {
    let macs: any;
    const macCalls = await h.callsDuring(async () => {
      macs = await h.data(`{ instances(first: 200, filter: { macOnly: true }) { nodes { id hostId host { id state } } } }`);
    });
    const nodes = macs.instances.nodes;
    expect(nodes).toHaveLength(200);
    expect(nodes.every((n: any) => n.host.id === n.hostId && ['AVAILABLE', 'PENDING'].includes(n.host.state))).toBe(true);
    expect(new Set(nodes.map((n: any) => n.hostId)).size).toBe(200);
    expect(macCalls['ec2:DescribeHosts']).toBe(1);

    let all: any;
    const allCalls = await h.callsDuring(async () => {
      all = await h.data(`{ instances(first: 600) { nodes { hostId host { id } } } }`);
    });
    const hosts = new Set(all.instances.nodes.filter((n: any) => n.hostId).map((n: any) => n.hostId));
    expect(hosts.size).toBeGreaterThan(200);
    expect(allCalls['ec2:DescribeHosts']).toBe(Math.ceil(hosts.size / 200));
    expect(all.instances.nodes.filter((n: any) => !n.hostId).every((n: any) => n.host === null)).toBe(true);
  });
});
