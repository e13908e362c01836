import type { AwsCallEvent, BatchEvent } from '../../src/aws';
import { Harness } from '../support/harness';

/**
 * Cross-request batching: id lookups from concurrent requests share AWS calls at AWS's batch
 * limits, each request still gets exactly its own answer, and one request's bad id or abort never
 * touches another's. Call counts come from the simulator's /_sim/stats.
 */
const INSTANCE = `query($id: String!) { instance(instanceId: $id) { id instanceType } }`;
const TASK = `query($id: String!) { macModificationTask(taskId: $id) { id instanceId } }`;
const UNKNOWN_INSTANCE = 'i-0000000000000dead';
const UNKNOWN_TASK = 'macmodification-0123456789abcdef0';

/** Calls the core's bisection makes for one batch (ids sorted) in which `bad` ids fail the whole call. */
function bisectCalls(ids: string[], bad: Set<string>): number {
  if (ids.length === 1 || !ids.some((id) => bad.has(id))) return 1;
  const mid = Math.ceil(ids.length / 2);
  return 1 + bisectCalls(ids.slice(0, mid), bad) + bisectCalls(ids.slice(mid), bad);
}

describe('cross-request batching', () => {
  let h: Harness;
  let instances: Array<{ id: string; instanceType: string }>;
  const events: AwsCallEvent[] = [];
  const batchWaiters = new Set<(e: BatchEvent) => void>();
  /** Resolves when the next batch of `kind` lookups goes out to AWS (its call is then in flight). */
  const nextBatch = (kind: string) =>
    new Promise<void>((resolve) => {
      const waiter = (e: BatchEvent) => {
        if (e.kind !== kind) return;
        batchWaiters.delete(waiter);
        resolve();
      };
      batchWaiters.add(waiter);
    });
  beforeAll(async () => {
    // A long quiet window makes "concurrent" deterministic on a busy machine: every request below
    // is in before its batch goes (the default window is a few ms).
    h = await Harness.start({
      instances: 320,
      env: { FLEETGRAPH_AWS_BATCH_WINDOW_MS: '1000', FLEETGRAPH_MAX_ALIASES: '300', FLEETGRAPH_MAX_COST: '100000', FLEETGRAPH_MAX_AWS_CALLS: '1000', FLEETGRAPH_AWS_CONCURRENCY: '3' },
      onAwsCall: (e) => events.push(e),
      onAwsBatch: (e) => [...batchWaiters].forEach((w) => w(e)),
    });
    instances = (await h.data(`{ instances(first: 1000) { nodes { id instanceType } } }`)).instances.nodes;
  });
  afterAll(() => h.close());
  afterEach(() => h.simAdmin('config', { faults: { errorRate: 0, latencyMs: 0 } }));

  it('201 distinct ids of one kind in one request go out as exactly 200 + 1 (EC2 takes at most 200 filter values)', async () => {
    const wanted = instances.slice(0, 201);
    const query = `{ ${wanted.map((i, n) => `i${n}: instance(instanceId: "${i.id}") { id }`).join(' ')} }`;
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(query);
    });
    expect(calls).toEqual({ 'ec2:DescribeInstances': 2 });
    expect(wanted.map((_, n) => data[`i${n}`].id)).toEqual(wanted.map((i) => i.id));
  });

  it('the same ids in concurrent requests are asked once; an id already in a call in flight joins that call', async () => {
    const [a, b] = instances;
    await h.simAdmin('config', { faults: { latencyMs: 1500, actions: ['DescribeInstances'] } });
    let answers: any[] = [];
    const calls = await h.callsDuring(async () => {
      const sent = nextBatch('instance');
      const first = [h.gql(INSTANCE, { id: a.id }), h.gql(INSTANCE, { id: a.id }), h.gql(INSTANCE, { id: b.id })];
      // Once the first batch has gone out (window 1 s; AWS answers after 1.5 s), ask for `a` again.
      await sent;
      const late = h.gql(INSTANCE, { id: a.id });
      answers = await Promise.all([...first, late]);
    });
    expect(calls).toEqual({ 'ec2:DescribeInstances': 1 });
    expect(answers.map((r) => r.data.instance.id)).toEqual([a.id, a.id, b.id, a.id]);
  });

  it("one request's unknown id costs only its own null; its batch-mates get their answers", async () => {
    const [a, b] = instances;
    let answers: any[] = [];
    const calls = await h.callsDuring(async () => {
      answers = await Promise.all([h.gql(INSTANCE, { id: a.id }), h.gql(INSTANCE, { id: UNKNOWN_INSTANCE }), h.gql(INSTANCE, { id: b.id }), h.gql(INSTANCE, { id: 'not-an-id' })]);
    });
    expect(calls).toEqual({ 'ec2:DescribeInstances': 1 });
    expect(answers[0].data.instance.id).toBe(a.id);
    expect(answers[1]).toMatchObject({ data: { instance: null } });
    expect(answers[1].errors).toBeUndefined();
    expect(answers[2].data.instance.id).toBe(b.id);
    expect(answers[3].errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('Mac tasks by id (no id filter; an unknown id fails the whole call): a failed batch is bisected, never split into one call per id', async () => {
    const tasks: Array<{ id: string; instanceId: string }> = (await h.data(`{ macModificationTasks(first: 500) { nodes { id instanceId } } }`)).macModificationTasks.nodes;
    expect(tasks.length).toBeGreaterThanOrEqual(8);
    const ids = [...tasks.map((t) => t.id), UNKNOWN_TASK];
    let answers: any[] = [];
    const calls = await h.callsDuring(async () => {
      answers = await Promise.all(ids.map((id) => h.gql(TASK, { id })));
    });
    const expected = bisectCalls([...ids].sort(), new Set([UNKNOWN_TASK]));
    // One call per id would be 1 + n; bisection is about 2·log2(n).
    expect(expected).toBeLessThan(ids.length);
    expect(calls).toEqual({ 'ec2:DescribeMacModificationTasks': expected });
    tasks.forEach((t, n) => expect(answers[n].data.macModificationTask).toEqual(t));
    expect(answers[ids.length - 1]).toMatchObject({ data: { macModificationTask: null } });
  });

  it("one request's abort does not touch another's answer, nor cancel the call they share", async () => {
    const [a, b, c] = instances;
    await h.simAdmin('config', { faults: { latencyMs: 1500, actions: ['DescribeInstances'] } });
    const aborted = new AbortController();
    let survivor: any;
    const calls = await h.callsDuring(async () => {
      const sent = nextBatch('instance');
      const gone = fetch(h.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ x: instance(instanceId: "${a.id}") { id } y: instance(instanceId: "${b.id}") { id } }` }),
        signal: aborted.signal,
      }).catch((err: unknown) => err);
      const kept = h.gql(`{ y: instance(instanceId: "${b.id}") { id } z: instance(instanceId: "${c.id}") { id } }`);
      await sent;
      aborted.abort();
      expect(await gone).toMatchObject({ name: 'AbortError' });
      survivor = await kept;
    });
    expect(survivor.errors).toBeUndefined();
    expect(survivor.data).toEqual({ y: { id: b.id }, z: { id: c.id } });
    expect(calls).toEqual({ 'ec2:DescribeInstances': 1 });
  });

  it('one-resource-per-call reads (DescribeImageAttribute) run at most FLEETGRAPH_AWS_CONCURRENCY at once, process-wide', async () => {
    await h.simAdmin('config', { faults: { latencyMs: 100, actions: ['DescribeImageAttribute'] } });
    const images: string[] = (await h.data(`{ images(first: 20) { nodes { id } } }`)).images.nodes.map((i: any) => i.id);
    expect(images.length).toBeGreaterThan(6);
    events.length = 0;
    // Two requests at once, each with its own images: the bound holds across them.
    const half = Math.ceil(images.length / 2);
    const query = `query($ids: [String!]) { images(filter: { imageIds: $ids }, first: 50) { nodes { id launchPermissions { userId } } } }`;
    const calls = await h.callsDuring(() => Promise.all([h.data(query, { ids: images.slice(0, half) }), h.data(query, { ids: images.slice(half) })]));
    expect(calls['ec2:DescribeImageAttribute']).toBe(images.length);
    const attr = events.filter((e) => e.action === 'DescribeImageAttribute');
    expect(attr).toHaveLength(images.length);
    expect(Math.max(...attr.map((e) => e.concurrent ?? 0))).toBe(3);
  });
});

describe('cross-request batching at scale', () => {
  let h: Harness;
  beforeAll(async () => {
    // 300 HTTP requests take this 2-core machine a few seconds to parse and start: a batch that
    // closes only after a 1 s pause makes the count exact (the default is a 5 ms pause).
    h = await Harness.start({ instances: 320, env: { FLEETGRAPH_AWS_BATCH_WINDOW_MS: '1000', FLEETGRAPH_AWS_BATCH_MAX_WAIT_MS: '30000' } });
  });
  afterAll(() => h.close());

  it('300 concurrent single-id instance(instanceId:) HTTP requests cost ⌈300/200⌉ = 2 DescribeInstances, each answered with its own instance', async () => {
    const wanted: Array<{ id: string; instanceType: string }> = (await h.data(`{ instances(first: 300) { nodes { id instanceType } } }`)).instances.nodes;
    expect(new Set(wanted.map((i) => i.id)).size).toBe(300);
    let answers: any[] = [];
    const calls = await h.callsDuring(async () => {
      answers = await Promise.all(
        wanted.map(async (i) => {
          const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: INSTANCE, variables: { id: i.id } }) });
          return res.json();
        }),
      );
    });
    expect(calls).toEqual({ 'ec2:DescribeInstances': 2 });
    answers.forEach((a, n) => {
      expect(a.errors).toBeUndefined();
      expect(a.data.instance).toEqual(wanted[n]);
    });
    // The same story in /metrics: two calls carrying 300 ids saved 298 calls.
    const text = await (await fetch(h.url.replace('/graphql', '/metrics'))).text();
    expect(text).toContain('aws_batch_size_sum{service="ec2",kind="instance"} 300');
    expect(text).toContain('aws_batch_size_count{service="ec2",kind="instance"} 2');
    expect(text).toContain('aws_calls_saved_total{service="ec2",kind="instance",reason="batching"} 298');
  });
});
