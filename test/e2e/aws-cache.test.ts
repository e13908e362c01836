import { Harness } from '../support/harness';

/**
 * The cross-request cache: identical reads in flight shared, answers reused for the TTL, id sets
 * in any order hitting the same entry, mutations dropping their scope, and memory bounded in
 * bytes whatever keys clients make up.
 */
const IMAGE = `query($id: String!) { image(imageId: $id) { id description } }`;

async function metric(h: Harness, name: string): Promise<number> {
  const text = await (await fetch(h.url.replace('/graphql', '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} in /metrics`);
  return Number(line.split(' ')[1]);
}

describe('in-flight sharing (no TTL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { FLEETGRAPH_CACHE_TTL_MS: '0' } });
  });
  afterAll(() => h.close());
  afterEach(() => h.simAdmin('config', { faults: { latencyMs: 0 } }));

  it('20 concurrent identical list queries cost one DescribeInstances; with nothing in flight the next one asks again', async () => {
    await h.simAdmin('config', { faults: { latencyMs: 300, actions: ['DescribeInstances'] } });
    const query = `{ instances(first: 7, filter: { states: [RUNNING] }) { nodes { id } } }`;
    let answers: any[] = [];
    const calls = await h.callsDuring(async () => {
      answers = await Promise.all(Array.from({ length: 20 }, () => h.data(query)));
    });
    expect(calls).toEqual({ 'ec2:DescribeInstances': 1 });
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(await h.callsDuring(() => h.data(query))).toEqual({ 'ec2:DescribeInstances': 1 });
  });
});

describe('cross-request cache', () => {
  let h: Harness;
  let ids: string[];
  beforeAll(async () => {
    h = await Harness.start({ instances: 300, env: { FLEETGRAPH_CACHE_TTL_MS: '600000', FLEETGRAPH_CACHE_MAX_BYTES: '400000', FLEETGRAPH_MAX_ALIASES: '40', FLEETGRAPH_MAX_COST: '1000000' } });
    ids = (await h.data(`{ instances(first: 5, filter: { states: [RUNNING] }) { nodes { id } } }`)).instances.nodes.map((n: any) => n.id);
  });
  afterAll(() => h.close());

  it('answers id lookups of later requests from the cache, whatever their order', async () => {
    const [a, b, c] = ids;
    const lookup = (list: string[]) => h.data(`{ ${list.map((id, n) => `i${n}: instance(instanceId: "${id}") { id }`).join(' ')} }`);
    expect(await h.callsDuring(() => lookup([a, b, c]))).toEqual({ 'ec2:DescribeInstances': 1 });
    expect(await h.callsDuring(() => lookup([c, a, b]))).toEqual({});
    expect(await h.callsDuring(() => lookup([b]))).toEqual({});
  });

  it('an id-set filter in another order hits the same entry', async () => {
    const [a, b, c, d] = ids;
    const list = (filterIds: string[]) => h.data(`query($ids: [String!]) { instances(filter: { instanceIds: $ids }, first: 10) { nodes { id } } }`, { ids: filterIds });
    let first: any;
    expect(await h.callsDuring(async () => (first = await list([a, b, c, d])))).toEqual({ 'ec2:DescribeInstances': 1 });
    let again: any;
    expect(await h.callsDuring(async () => (again = await list([d, c, a, b, a])))).toEqual({});
    expect(again).toEqual(first);
  });

  it('a mutation drops its scope: the next read asks AWS and sees the change', async () => {
    const image = (await h.data(`{ images(filter: { owners: ["self"] }, first: 5) { nodes { id } } }`)).images.nodes[0].id;
    await h.data(IMAGE, { id: image });
    expect(await h.callsDuring(() => h.data(IMAGE, { id: image }))).toEqual({});
    // The payload re-reads the image: past the dropped cache, from AWS.
    const mutation = `mutation($id: String!) { setImageDescription(input: { imageId: $id, description: "cache test" }) { image { description } } }`;
    let payload: any;
    expect(await h.callsDuring(async () => (payload = await h.data(mutation, { id: image })))).toEqual({ 'ec2:ModifyImageAttribute': 1, 'ec2:DescribeImages': 1 });
    expect(payload.setImageDescription.image.description).toBe('cache test');
    let after: any;
    expect(await h.callsDuring(async () => (after = await h.data(IMAGE, { id: image })))).toEqual({});
    expect(after.image.description).toBe('cache test');
  });

  it('stays within FLEETGRAPH_CACHE_MAX_BYTES under the aliased `first` attack, and reports its size and hit ratio', async () => {
    const bound = 400_000;
    for (let round = 0; round < 3; round++) {
      const fields = Array.from({ length: 30 }, (_, n) => `f${n}: instances(first: ${100 + round * 30 + n}) { pageSize }`).join(' ');
      await h.data(`{ ${fields} }`);
      const stats = h.gateway.aws.cacheStats();
      expect(stats.bytes).toBeGreaterThan(0);
      expect(stats.bytes).toBeLessThanOrEqual(bound);
    }
    // 90 pages of 100+ instances were asked for; only what fits is kept.
    expect(h.gateway.aws.cacheStats().entries).toBeLessThan(90);
    expect(await metric(h, 'aws_cache_bytes')).toBeLessThanOrEqual(bound);
    expect(await metric(h, 'aws_cache_bytes')).toBe(h.gateway.aws.cacheStats().bytes);
    const ratio = await metric(h, 'aws_cache_hit_ratio');
    const { hits, misses } = h.gateway.aws.cacheStats();
    expect(ratio).toBeCloseTo(hits / (hits + misses), 10);
    expect(hits).toBeGreaterThan(0);
  });
});
