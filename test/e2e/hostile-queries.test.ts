import request from 'supertest';
import WebSocket from 'ws';
import { apiKeyEnv } from '../support/api-keys';
import { Harness } from '../support/harness';

/**
 * Abuse: each hostile request is refused with a clear 4xx or GraphQL error, quickly, before any
 * AWS call, and the process stays healthy.
 */
describe('hostile queries', () => {
  let h: Harness;
  let prod: Harness;
  beforeAll(async () => {
    h = await Harness.start();
    prod = await Harness.start({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await h.close();
    await prod.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    request(h.gateway.httpServer).post('/graphql').set({ 'content-type': 'application/json', ...headers }).send(body as object);

  async function refused(body: unknown, status: number, code: RegExp | string, target = h) {
    const started = Date.now();
    let res: request.Response | undefined;
    const calls = await target.callsDuring(async () => {
      res = await request(target.gateway.httpServer).post('/graphql').set('content-type', 'application/json').send(body as object);
    });
    expect(res!.status).toBe(status);
    expect(JSON.stringify(res!.body.errors?.map((e: any) => e.extensions?.code))).toMatch(code);
    expect(calls).toEqual({});
    expect(Date.now() - started).toBeLessThan(1000);
    return res!;
  }

  it('rejects a depth bomb', async () => {
    // task → instance → tasks → instance … 8 levels of join, 24+ deep.
    let selection = 'id';
    for (let i = 0; i < 8; i++) selection = `macModificationTasks { instance { ${selection} } }`;
    await refused({ query: `{ instance(instanceId: "i-0123456789abcdef0") { ${selection} } }` }, 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects an alias flood', async () => {
    const aliases = Array.from({ length: 200 }, (_, i) => `a${i}: runbooks(first: 1) { pageSize }`).join(' ');
    await refused({ query: `{ ${aliases} }` }, 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects fragment cycles', async () => {
    await refused({ query: `{ instances { nodes { ...A } } } fragment A on Instance { image { id } ...B } fragment B on Instance { ...A }` }, 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects an expensive query (huge first × AWS-calling fields) by cost, and an out-of-range first', async () => {
    const res = await refused({ query: `{ instances(first: 1000) { nodes { image { launchPermissions { userId } } } } }` }, 400, 'GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors[0].extensions).toMatchObject({ maxCost: 5000 });
    const huge = await h.gql(`{ instances(first: 2000000) { pageSize } }`);
    expect(huge.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects a token flood and an oversized body', async () => {
    await refused({ query: `{ ${'__typename '.repeat(6000)} }` }, 400, 'GRAPHQL_PARSE_FAILED');
    const big = await post({ query: `{ instances { pageSize } }`, variables: { pad: 'x'.repeat(200_000) } });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions.code).toBeTruthy();
  });

  it('rejects malformed JSON and batched arrays', async () => {
    const bad = await request(h.gateway.httpServer).post('/graphql').set('content-type', 'application/json').send('{"query": "{ instances');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBeTruthy();
    expect(bad.text).not.toMatch(/at .*\.(ts|js):\d+/);
    const batch = await post([{ query: '{ runbooks { pageSize } }' }, { query: '{ runbooks { pageSize } }' }]);
    expect(batch.status).toBe(400);
  });

  it('refuses CSRF-able simple requests (GET without a preflight header)', async () => {
    const res = await request(h.gateway.httpServer).get('/graphql?query=%7Brunbooks%7BpageSize%7D%7D');
    expect(res.status).toBe(400);
  });

  it('in production: no introspection, no field suggestions, masked internals', async () => {
    await refused({ query: `{ __schema { types { name } } }` }, 400, 'GRAPHQL_VALIDATION_FAILED', prod);
    const res = await prod.gql(`{ instancez { pageSize } }`);
    expect(res.errors?.[0].message).not.toMatch(/Did you mean/);
    const dev = await h.gql(`{ instancez { pageSize } }`);
    expect(dev.errors?.[0].message).toMatch(/Did you mean "instances?"/);
  });

  it('stays healthy afterwards', async () => {
    const health = await request(h.gateway.httpServer).get('/healthz');
    expect(health.status).toBe(200);
    const ready = await request(h.gateway.httpServer).get('/readyz');
    expect(ready.status).toBe(200);
    expect((await h.data(`{ runbooks(first: 1) { pageSize } }`)).runbooks.pageSize).toBe(1);
  });
});

describe('per-principal budget', () => {
  let h: Harness;
  beforeAll(async () => {
    // 60 units, refilled at one unit every 100 s: nothing refills during the test.
    h = await Harness.start({ env: { FLEETGRAPH_BUDGET_PER_SECOND: '0.01', FLEETGRAPH_BUDGET_BURST: '60', FLEETGRAPH_MAX_COST: '60' } });
  });
  afterAll(() => h.close());

  it('spends each operation\'s cost; past the budget 429 with Retry-After and RATE_LIMITED, without calling AWS', async () => {
    const q = '{ runbooks(first: 24) { nodes { name } } }'; // 1 page + 24 items = 25 units
    const first = await request(h.gateway.httpServer).post('/graphql').send({ query: q });
    expect(first.status).toBe(200);
    expect(first.headers['x-fleetgraph-cost']).toBe('25');
    expect(first.headers['x-fleetgraph-budget-remaining']).toBe('35');
    const second = await request(h.gateway.httpServer).post('/graphql').send({ query: q });
    expect(second.headers['x-fleetgraph-budget-remaining']).toBe('10');
    let res: request.Response | undefined;
    const calls = await h.callsDuring(async () => {
      res = await request(h.gateway.httpServer).post('/graphql').set('content-type', 'application/json').send({ query: q });
    });
    expect(res!.status).toBe(429);
    expect(Number(res!.headers['retry-after'])).toBeGreaterThan(0);
    expect(res!.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', cost: 25 });
    expect(calls).toEqual({});
    // What is left still buys a cheap operation.
    const cheap = await request(h.gateway.httpServer).post('/graphql').send({ query: '{ runbooks(first: 1) { pageSize } }' });
    expect(cheap.status).toBe(200);
    expect(cheap.headers['x-fleetgraph-budget-remaining']).toBe('9');
  });
});

describe('doors that must stay shut', () => {
  let h: Harness;
  let prod: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: apiKeyEnv() });
    prod = await Harness.start({ env: { NODE_ENV: 'production' } });
  });
  afterAll(async () => {
    await h.close();
    await prod.close();
  });

  it('a GET dressed up as a landing-page request still needs credentials', async () => {
    const padding = Array.from({ length: 1000 }, (_, i) => `a${i}=`).join('&');
    const res = await request(h.gateway.httpServer)
      .get(`/graphql?${padding}&query=${encodeURIComponent('{ __schema { mutationType { fields { name } } } }')}`)
      .set({ accept: 'text/html;q=0.1, application/json', 'apollo-require-preflight': '1' });
    expect(res.status).toBe(401);
    expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const page = await request(h.gateway.httpServer).get('/graphql').set({ accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<html/i);
  });

  it('a WebSocket message over the body limit closes the socket before any parsing', async () => {
    const ws = new WebSocket(h.gateway.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(200_000) } })));
    expect(await closed).toBe(1009);
  });

  it('no introspection over WebSocket in production either', async () => {
    const sub = prod.subscribe(`{ __schema { types { name } } }`);
    await sub.done;
    expect(JSON.stringify(sub.errors)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(sub.events).toEqual([]);
  });
});

describe('metrics behind a token', () => {
  it('needs the bearer token when FLEETGRAPH_METRICS_TOKEN is set', async () => {
    const h = await Harness.start({ env: { FLEETGRAPH_METRICS_TOKEN: 'metrics-token-0123456789' } });
    try {
      expect((await request(h.gateway.httpServer).get('/metrics')).status).toBe(401);
      expect((await request(h.gateway.httpServer).get('/metrics').set('authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
      const ok = await request(h.gateway.httpServer).get('/metrics').set('authorization', 'Bearer metrics-token-0123456789');
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('aws_calls_total');
    } finally {
      await h.close();
    }
  });
});
