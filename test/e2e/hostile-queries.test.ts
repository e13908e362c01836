import request from 'supertest';
import WebSocket from 'ws';
import { apiKeyEnv, TEST_KEYS } from '../support/api-keys';
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

describe('bounds on a running operation', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ captureLogs: true, env: { FLEETGRAPH_MAX_RESPONSE_BYTES: '8192', FLEETGRAPH_MAX_EXECUTION_MS: '1500' } });
  });
  afterAll(() => h.close());
  afterEach(() => h.simAdmin('config', { faults: { errorRate: 0, latencyMs: 0 } }));

  it('a response past FLEETGRAPH_MAX_RESPONSE_BYTES is stopped and answered with one RESPONSE_TOO_LARGE', async () => {
    const res = await h.gql('{ instances(first: 40) { nodes { id name instanceType availabilityZone launchTime tags { key value } } } }');
    expect(res.status).toBe(200);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([
      {
        message: 'Operation stopped: its response would exceed 8192 bytes. Ask for fewer items or fields, or page with `first`/`after`.',
        extensions: { code: 'RESPONSE_TOO_LARGE', maxResponseBytes: 8192 },
      },
    ]);
    // Smaller pages of the same query fit.
    expect((await h.gql('{ instances(first: 5) { nodes { id name instanceType availabilityZone launchTime tags { key value } } } }')).errors).toBeUndefined();
  });

  it('an operation past FLEETGRAPH_MAX_EXECUTION_MS is stopped and answered with OPERATION_TIMEOUT, without waiting for AWS', async () => {
    // The limit is generous (1.5 s) so that a busy machine never trips it on the other tests here;
    // AWS answering after 10 s shows the operation is stopped at the limit, not when AWS answers.
    await h.simAdmin('config', { faults: { latencyMs: 10000, actions: ['DescribeInstances'] } });
    const started = Date.now();
    const res = await h.gql('{ instances(first: 5) { nodes { id } } }');
    expect(Date.now() - started).toBeLessThan(8000);
    expect(res.errors).toEqual([
      { message: 'Operation stopped: it ran longer than 1500 ms. Ask for fewer items or fields.', extensions: { code: 'OPERATION_TIMEOUT', maxExecutionMs: 1500 } },
    ]);
    const metrics = await request(h.gateway.httpServer).get('/metrics');
    expect(metrics.text).toContain('graphql_operations_aborted_total{reason="timeout"} 1');
    expect(metrics.text).toContain('graphql_operations_aborted_total{reason="response_too_large"} 1');
  });

  it('the same bounds over WebSocket', async () => {
    const big = h.subscribe('{ instances(first: 40) { nodes { id name instanceType availabilityZone launchTime tags { key value } } } }');
    await big.done;
    expect(big.events).toEqual([]);
    expect(JSON.stringify(big.errors)).toContain('RESPONSE_TOO_LARGE');
    const lines = h.logs.filter((l) => l.includes('"transport":"ws"') && l.includes('RESPONSE_TOO_LARGE'));
    expect(lines).toHaveLength(1);
  });
});

describe('WebSocket limits', () => {
  let h: Harness;
  let w: any;
  beforeAll(async () => {
    h = await Harness.start({
      captureLogs: true,
      env: { ...apiKeyEnv(), FLEETGRAPH_WS_MAX_OPERATIONS: '3', FLEETGRAPH_WS_MAX_SOCKETS_PER_PRINCIPAL: '2', FLEETGRAPH_WS_INIT_TIMEOUT_MS: '300' },
    });
    w = await h.world();
  });
  afterAll(() => h.close());

  /** A raw graphql-transport-ws socket: every message, and how it closed. */
  function raw(init?: Record<string, unknown>) {
    const ws = new WebSocket(h.gateway.wsUrl, 'graphql-transport-ws');
    const messages: any[] = [];
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    const acked = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(String(d));
        messages.push(m);
        if (m.type === 'connection_ack') resolve();
      }),
    );
    const opened = new Promise<void>((resolve) => ws.once('open', () => resolve()));
    if (init) void opened.then(() => ws.send(JSON.stringify({ type: 'connection_init', payload: init })));
    const reply = (id: string) =>
      new Promise<any>((resolve) => {
        const poll = () => {
          const m = messages.find((x) => x.id === id && x.type !== 'next');
          if (m) resolve(m);
          else setTimeout(poll, 5);
        };
        poll();
      });
    return { ws, messages, closed, acked, opened, reply };
  }

  it('refuses operations past the per-socket limit while the socket keeps serving', async () => {
    const s = raw({ apiKey: TEST_KEYS.viewer });
    await s.acked;
    const sub = (id: string) => s.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query: 'subscription { taskEvents { taskId } }' } }));
    for (const id of ['a', 'b', 'c']) sub(id);
    sub('d');
    expect(await s.reply('d')).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'TOO_MANY_OPERATIONS', maxOperations: 3 } }] });
    // One completes: a slot frees (the gateway records the operation as it frees its slot).
    const done = await h.metric('graphql_operations_total');
    s.ws.send(JSON.stringify({ id: 'a', type: 'complete' }));
    await h.untilMetric('graphql_operations_total', (n) => n === done + 1);
    s.ws.send(JSON.stringify({ id: 'e', type: 'subscribe', payload: { query: `{ macModificationTask(taskId: "${w.macTasks.byState.failed[0]}") { state } }` } }));
    expect(await s.reply('e')).toMatchObject({ type: 'complete' });
    expect(s.messages.find((m) => m.id === 'e' && m.type === 'next').payload).toEqual({ data: { macModificationTask: { state: 'FAILED' } } });
    s.ws.close(1000);
    await s.closed;
    const metrics = await request(h.gateway.httpServer).get('/metrics');
    expect(metrics.text).toContain('websocket_refusals_total{reason="operations_per_socket"} 1');
  });

  it('refuses a principal\'s socket past the per-principal limit (close 1008)', async () => {
    const a = raw({ apiKey: TEST_KEYS.operator });
    const b = raw({ apiKey: TEST_KEYS.operator });
    await Promise.all([a.acked, b.acked]);
    const c = raw({ apiKey: TEST_KEYS.operator });
    expect(await c.closed).toEqual({ code: 1008, reason: 'Too many connections for this principal' });
    // Another principal is not affected; a closed socket frees its slot.
    const other = raw({ apiKey: TEST_KEYS.admin });
    await other.acked;
    const sockets = await h.metric('websocket_connections');
    a.ws.close(1000);
    await a.closed;
    await h.untilMetric('websocket_connections', (n) => n === sockets - 1);
    const d = raw({ apiKey: TEST_KEYS.operator });
    await d.acked;
    for (const s of [b, other, d]) s.ws.close(1000);
  });

  it('serves nothing before connection_init, and closes a socket that never sends it', async () => {
    const early = raw();
    await early.opened;
    early.ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }' } }));
    expect((await early.closed).code).toBe(4401);
    const silent = raw();
    await silent.opened;
    expect(await silent.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
  });

  it('refuses a WebSocket document whole when one of its mutations needs a higher role', async () => {
    const image = w.images.ownedPrivate.find((id: string) => !w.images.withProductCode.includes(id));
    const doc = `mutation { a: setImageDescription(input: { imageId: "${image}", description: "ws" }) { __typename } b: enableImageImdsV2(input: { imageId: "${image}", confirmIrreversible: true }) { __typename } }`;
    let sub: ReturnType<Harness['subscribe']> | undefined;
    const calls = await h.callsDuring(async () => {
      sub = h.subscribe(doc, undefined, h.wsClient({ apiKey: TEST_KEYS.operator }));
      await sub.done;
    });
    expect(sub!.events).toEqual([]);
    expect(JSON.stringify(sub!.errors)).toContain('"requiredRole":"admin"');
    expect(calls).toEqual({});
  });

  it('logs and counts WebSocket operations like HTTP ones', async () => {
    const sub = h.subscribe('query Named { runbooks(first: 2) { pageSize } }', undefined, h.wsClient({ apiKey: TEST_KEYS.viewer }));
    await sub.done;
    const line = h.logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'graphql operation' && l.operationName === 'Named');
    expect(line).toMatchObject({ transport: 'ws', principal: 'apikey:test-viewer', operationType: 'query', outcome: 'success', cost: 1, awsCalls: 1 });
    expect(line.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const metrics = await request(h.gateway.httpServer).get('/metrics');
    expect(metrics.text).toMatch(/graphql_operations_total\{transport="ws",operation_type="query",outcome="success"\} [1-9]/);
    expect(metrics.text).toMatch(/^websocket_connections \d+$/m);
  });
});
