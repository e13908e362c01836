import request from 'supertest';
import { apiKeyEnv, TEST_KEYS } from '../support/api-keys';
import { Harness } from '../support/harness';

/**
 * The whole-response cache over HTTP: identical queries (document, variables, roles) share one
 * execution while it runs and the kept answer afterwards; other roles never get another's answer;
 * a mutation drops the answers of its scope; answers with errors are not kept; every request
 * still gets its own request id, cost header and `no-store`.
 */
const DASHBOARD = `query Dashboard { instances(first: 10) { nodes { id imageId instanceType image { id name } managedNode { pingStatus } } } }`;
const IMAGE = `query Image($id: String!) { image(imageId: $id) { id description } }`;

type Lookups = { hit: number; coalesced: number; miss: number };

describe('whole-response cache', () => {
  let h: Harness;
  const as = (role: keyof typeof TEST_KEYS) => ({ 'x-api-key': TEST_KEYS[role] });

  async function lookups(): Promise<Lookups> {
    const text = await (await fetch(h.url.replace('/graphql', '/metrics'))).text();
    const count = (result: string) => Number(text.split('\n').find((l) => l.startsWith(`graphql_response_cache_lookups_total{result="${result}"} `))?.split(' ')[1] ?? 0);
    return { hit: count('hit'), coalesced: count('coalesced'), miss: count('miss') };
  }

  async function lookupsDuring(fn: () => Promise<unknown>): Promise<Lookups> {
    const before = await lookups();
    await fn();
    const after = await lookups();
    return { hit: after.hit - before.hit, coalesced: after.coalesced - before.coalesced, miss: after.miss - before.miss };
  }

  beforeAll(async () => {
    h = await Harness.start({ env: { ...apiKeyEnv(), FLEETGRAPH_CACHE_TTL_MS: '600000' } });
  });
  afterAll(() => h.close());
  afterEach(() => h.simAdmin('config', { faults: { latencyMs: 0 } }));

  it('identical queries in flight run once; later ones get the kept answer without AWS calls', async () => {
    await h.simAdmin('config', { faults: { latencyMs: 300, actions: ['DescribeInstances'] } });
    let answers: any[] = [];
    const counted = await lookupsDuring(async () => {
      answers = await Promise.all(Array.from({ length: 8 }, () => h.gql(DASHBOARD, undefined, as('viewer'))));
    });
    expect(counted).toEqual({ hit: 0, coalesced: 7, miss: 1 });
    expect(answers.every((a) => a.status === 200 && !a.errors && a.data.instances.nodes.length === 10)).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);

    let again: any;
    const calls = await h.callsDuring(async () => {
      expect(await lookupsDuring(async () => (again = await h.gql(DASHBOARD, undefined, as('viewer'))))).toEqual({ hit: 1, coalesced: 0, miss: 0 });
    });
    expect(calls).toEqual({});
    expect(again.data).toEqual(answers[0].data);
  });

  it('is never shared across roles: another role executes the query itself', async () => {
    await h.gql(DASHBOARD, undefined, as('viewer'));
    expect(await lookupsDuring(() => h.gql(DASHBOARD, undefined, as('operator')))).toEqual({ hit: 0, coalesced: 0, miss: 1 });
    expect(await lookupsDuring(() => h.gql(DASHBOARD, undefined, as('operator')))).toEqual({ hit: 1, coalesced: 0, miss: 0 });
  });

  it('variables are part of the key', async () => {
    const ids = (await h.gql(DASHBOARD, undefined, as('viewer'))).data.instances.nodes.map((n: any) => n.imageId);
    await h.gql(IMAGE, { id: ids[0] }, as('viewer'));
    expect(await lookupsDuring(() => h.gql(IMAGE, { id: ids[0] }, as('viewer')))).toEqual({ hit: 1, coalesced: 0, miss: 0 });
    const other = ids.find((id: string) => id !== ids[0]);
    expect(await lookupsDuring(() => h.gql(IMAGE, { id: other }, as('viewer')))).toEqual({ hit: 0, coalesced: 0, miss: 1 });
  });

  it('a mutation in the scope drops kept answers: the next query sees the change', async () => {
    const image = (await h.gql(`{ images(filter: { owners: ["self"] }, first: 5) { nodes { id } } }`, undefined, as('viewer'))).data.images.nodes[0].id;
    await h.gql(IMAGE, { id: image }, as('viewer'));
    expect(await lookupsDuring(() => h.gql(IMAGE, { id: image }, as('viewer')))).toEqual({ hit: 1, coalesced: 0, miss: 0 });
    const mutation = `mutation($id: String!) { setImageDescription(input: { imageId: $id, description: "response cache test" }) { image { description } } }`;
    const changed = await h.gql(mutation, { id: image }, as('operator'));
    expect(changed.errors).toBeUndefined();
    let after: any;
    expect(await lookupsDuring(async () => (after = await h.gql(IMAGE, { id: image }, as('viewer'))))).toEqual({ hit: 0, coalesced: 0, miss: 1 });
    expect(after.data.image.description).toBe('response cache test');
  });

  it('answers with errors are not kept', async () => {
    const bad = `{ instance(instanceId: "not-an-instance-id") { id } }`;
    const first = await h.gql(bad, undefined, as('viewer'));
    expect(first.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await lookupsDuring(() => h.gql(bad, undefined, as('viewer')))).toEqual({ hit: 0, coalesced: 0, miss: 1 });
  });

  it('an answer with a failed scope is not kept either: the scope is asked again next time, and the failure is recorded', async () => {
    const list = `{ instances(first: 5) { nodes { id } unavailableScopes { code } } }`;
    await h.simAdmin('config', { faults: { errorRate: 1, actions: ['DescribeInstances'] } });
    try {
      const first = await h.gql(list, undefined, as('viewer'));
      expect(first.data.instances.unavailableScopes).toEqual([{ code: 'AWS_UNAVAILABLE' }]);
      expect(first.errors?.map((e: any) => e.extensions.code)).toEqual(['AWS_UNAVAILABLE']);
      expect(await lookupsDuring(() => h.gql(list, undefined, as('viewer')))).toEqual({ hit: 0, coalesced: 0, miss: 1 });
      const metrics = await (await fetch(h.url.replace('/graphql', '/metrics'))).text();
      expect(metrics).toMatch(/graphql_operations_total\{transport="http",operation_type="query",outcome="error"\} [1-9]/);
    } finally {
      await h.simAdmin('config', { faults: { errorRate: 0 } });
    }
  });

  it('a kept answer goes out with its own request id, cost header and cache-control: no-store', async () => {
    await h.gql(DASHBOARD, undefined, as('admin'));
    const res = await request(h.gateway.httpServer).post('/graphql').set(as('admin')).set('x-request-id', 'cached-answer-1').send({ query: DASHBOARD });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('cached-answer-1');
    expect(Number(res.headers['x-fleetgraph-cost'])).toBeGreaterThan(0);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/(graphql-response\+)?json/);
  });
});
