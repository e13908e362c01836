import { Harness } from '../support/harness';

/**
 * Instances: lookups, filters, pagination and the field joins, with the exact number of AWS
 * calls each costs (read from the simulator's counters).
 */
describe('instances', () => {
  let h: Harness;
  let world: any;
  beforeAll(async () => {
    h = await Harness.start({ instances: 40 });
    world = await h.world();
  });
  afterAll(() => h.close());

  const running = (group: string): string[] => world.instances[group].running ?? [];

  it('looks one instance up by id with one filtered DescribeInstances call', async () => {
    const id = running('macAppleSilicon')[0];
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(`query($id: String!) { instance(instanceId: $id) { id region instanceType state isMac isAppleSilicon architecture hostId imageId tags { key value } } }`, { id });
    });
    expect(data.instance).toMatchObject({ id, region: 'us-east-1', state: 'RUNNING', isMac: true, isAppleSilicon: true, architecture: 'arm64_mac' });
    expect(data.instance.instanceType).toBe(world.macInstanceTypes[id]);
    expect(data.instance.hostId).toMatch(/^h-/);
    expect(calls).toEqual({ 'ec2:DescribeInstances': 1 });
  });

  it('returns null for an unknown id and BAD_USER_INPUT for a malformed one', async () => {
    const res = await h.gql(`{ a: instance(instanceId: "i-0000000000000dead") { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.a).toBeNull();

    const bad = await h.gql(`{ instance(instanceId: "not-an-id") { id } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0].message).toContain('not an instance id');
  });

  it('batches aliased lookups into one call, and one unknown id does not fail its batch-mates', async () => {
    const [a, b] = running('linux');
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(`{ a: instance(instanceId: "${a}") { id } x: instance(instanceId: "i-0123456789abcdef0") { id } b: instance(instanceId: "${b}") { id } again: instance(instanceId: "${a}") { id } }`);
    });
    expect(data).toEqual({ a: { id: a }, x: null, b: { id: b }, again: { id: a } });
    expect(calls).toEqual({ 'ec2:DescribeInstances': 1 });
  });

  it('pages through every instance to the last page with opaque cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const data: any = await h.data(`query($after: String) { instances(first: 7, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { after });
      pages++;
      seen.push(...data.instances.nodes.map((n: any) => n.id));
      if (!data.instances.pageInfo.hasNextPage) break;
      after = data.instances.pageInfo.endCursor;
      expect(pages).toBeLessThan(20);
    }
    expect(seen).toHaveLength(world.counts.instances);
    expect(new Set(seen).size).toBe(world.counts.instances);
    expect(pages).toBe(Math.ceil(world.counts.instances / 7));
  });

  it('gives every edge a cursor that resumes right after it', async () => {
    const first: any = await h.data(`{ instances(first: 10) { edges { cursor node { id } } } }`);
    const edges = first.instances.edges;
    const resumed: any = await h.data(`query($c: String) { instances(first: 3, after: $c) { nodes { id } } }`, { c: edges[4].cursor });
    expect(resumed.instances.nodes.map((n: any) => n.id)).toEqual(edges.slice(5, 8).map((e: any) => e.node.id));
  });

  it('rejects a forged cursor and an oversized page with BAD_USER_INPUT', async () => {
    const forged = await h.gql(`{ instances(after: "bm90LWEtY3Vyc29y") { nodes { id } } }`);
    expect(forged.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(forged.errors?.[0].message).toMatch(/cursor/i);
    const huge = await h.gql(`{ instances(first: 100000) { nodes { id } } }`);
    expect(huge.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(huge.errors?.[0].message).toBe('first must be between 0 and 1000');
  });

  it('filters by state, instance type, Mac-only, image and tag', async () => {
    const q = async (filter: unknown) =>
      (await h.data(`query($f: InstanceFilter) { instances(filter: $f, first: 400) { nodes { id state instanceType isMac imageId tags { key value } } } }`, { f: filter })).instances.nodes as any[];

    const stopped = await q({ states: ['STOPPED'] });
    const expectedStopped = Object.values(world.instances).flatMap((g: any) => g.stopped ?? []);
    expect(stopped.map((i) => i.id).sort()).toEqual([...expectedStopped].sort());

    const macs = await q({ macOnly: true });
    const expectedMacs = [...Object.values(world.instances.macX86), ...Object.values(world.instances.macAppleSilicon)].flat() as string[];
    expect(macs.map((i) => i.id).sort()).toEqual(expectedMacs.sort());
    expect(macs.every((i) => i.isMac)).toBe(true);

    const type = macs[0].instanceType;
    const byType = await q({ instanceTypes: [type] });
    expect(byType.length).toBeGreaterThan(0);
    expect(byType.every((i) => i.instanceType === type)).toBe(true);
    expect(await q({ instanceTypes: ['t3.micro'], macOnly: true })).toEqual([]);

    const image = macs[0].imageId;
    const byImage = await q({ imageIds: [image] });
    expect(byImage.every((i) => i.imageId === image)).toBe(true);
    expect(byImage.map((i) => i.id)).toContain(macs[0].id);

    const tag = macs[0].tags.find((t: any) => t.key !== 'Name');
    const byTag = await q({ tags: [{ key: tag.key, values: [tag.value] }] });
    expect(byTag.length).toBeGreaterThan(0);
    expect(byTag.every((i) => i.tags.some((t: any) => t.key === tag.key && t.value === tag.value))).toBe(true);
    const byTagKey = await q({ tags: [{ key: tag.key }] });
    expect(byTagKey.length).toBeGreaterThanOrEqual(byTag.length);

    const ids = [macs[0].id, 'i-0123456789abcdef0', macs[1].id];
    const byIds = await q({ instanceIds: ids });
    expect(byIds.map((i) => i.id).sort()).toEqual([macs[0].id, macs[1].id].sort());
  });

  it('rejects filters over the AWS limits before calling AWS', async () => {
    const ids = Array.from({ length: 201 }, (_, i) => `i-${i.toString(16).padStart(17, '0')}`);
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await h.gql(`query($f: InstanceFilter) { instances(filter: $f) { nodes { id } } }`, { f: { instanceIds: ids } });
    });
    expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].message).toBe('Variable "$f" at "f.instanceIds": at most 200 items (got 201)');
    expect(calls).toEqual({});
  });

  it('rejects an invalid region name', async () => {
    const res = await h.gql(`{ instances(region: "mars-1") { nodes { id } } }`);
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('instance joins at fleet scale', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ instances: 600 });
  });
  afterAll(() => h.close());

  it('instances(first: 500) with image, Mac tasks and managed node costs one call per batch, never one per instance', async () => {
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(`{ instances(first: 500) { nodes { id isMac imageId image { id name } macModificationTasks { id state } managedNode { pingStatus } } } }`);
    });
    const nodes: any[] = data.instances.nodes;
    expect(nodes).toHaveLength(500);
    const distinctImages = new Set(nodes.map((n) => n.imageId)).size;
    const macs = nodes.filter((n) => n.isMac).length;
    expect(distinctImages).toBeGreaterThan(0);
    expect(calls).toEqual({
      'ec2:DescribeInstances': 1,
      'ec2:DescribeImages': Math.ceil(distinctImages / 200),
      'ec2:DescribeMacModificationTasks': Math.ceil(macs / 200),
      'ssm:DescribeInstanceInformation': Math.ceil(500 / 50),
    });
    expect(nodes.filter((n) => n.image).length).toBeGreaterThan(400);
    expect(nodes.some((n) => n.macModificationTasks.length > 0)).toBe(true);
    expect(nodes.filter((n) => !n.isMac).every((n) => n.macModificationTasks.length === 0)).toBe(true);
    expect(nodes.some((n) => n.managedNode?.pingStatus === 'Online')).toBe(true);
  });
});
