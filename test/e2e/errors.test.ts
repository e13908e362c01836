import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { startGateway } from '../../src/server/gateway';
import { SIM_ACCESS_KEYS, SIM_ACCOUNT_ID } from '@fleetgraph/aws-sim';
import { Harness, ONE_SCOPE_ENV } from '../support/harness';

/** AWS errors become stable GraphQL codes, keep AWS's code and request id, and fail only their field. */
describe('error mapping', () => {
  let h: Harness;
  let world: any;
  beforeAll(async () => {
    // No client-side budget here: these tests are about how AWS's own answers (throttling included) are mapped.
    h = await Harness.start({ env: { FLEETGRAPH_AWS_MAX_ATTEMPTS: '1', FLEETGRAPH_MAX_ALIASES: '400', FLEETGRAPH_MAX_COST: '1000000', FLEETGRAPH_AWS_BUDGET_SHARE: '0' } });
    world = await h.world();
  });
  afterAll(() => h.close());
  afterEach(() => h.simAdmin('config', { throttling: false, faults: { errorRate: 0, latencyMs: 0 } }));

  it('a failing join fails only that field: AWS_UNAVAILABLE with awsCode and requestId, siblings intact', async () => {
    await h.simAdmin('config', { faults: { errorRate: 1, actions: ['DescribeImages'] } });
    const id = world.instances.linux.running[0];
    const res = await h.gql(`{ instance(instanceId: "${id}") { id state image { id } } }`);
    expect(res.status).toBe(200);
    expect(res.data.instance).toEqual({ id, state: 'RUNNING', image: null });
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0].path).toEqual(['instance', 'image']);
    expect(res.errors![0].extensions).toMatchObject({ code: 'AWS_UNAVAILABLE', awsCode: 'InternalError', httpStatus: 500 });
    expect(res.errors![0].extensions!.requestId).toMatch(/\S{8,}/);
    expect(JSON.stringify(res.errors)).not.toMatch(/stacktrace|at .*\.ts:\d+/);
  });

  it('throttling surfaces as AWS_THROTTLED with RequestLimitExceeded', async () => {
    await h.simAdmin('config', { throttling: true, buckets: { describe: { burst: 20, refillPerSecond: 0.001 } } });
    // 70 distinct paginated DescribeInstances calls at once: the Describe* bucket, shrunk here, holds 20 and does not refill during the test.
    const fields = Array.from({ length: 70 }, (_, i) => `f${i}: instances(first: ${5 + i}) { pageSize }`).join('\n');
    const res = await h.gql(`{ ${fields} }`);
    const throttled = (res.errors ?? []).filter((e) => e.extensions?.code === 'AWS_THROTTLED');
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled[0].extensions).toMatchObject({ awsCode: 'RequestLimitExceeded', httpStatus: 503 });
  });

  it('unknown credentials are FORBIDDEN (AuthFailure)', async () => {
    // The simulator accepts any long-term key; session (ASIA…) keys it never issued, AWS and it refuse.
    const other = await Harness.start({ accessKeyId: 'ASIAUNKNOWNSESSION00' });
    try {
      const res = await other.gql(`{ instances(first: 5) { pageSize } }`);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', awsCode: 'AuthFailure' });
    } finally {
      await other.close();
    }
  });

  it('AWS bad-input errors map to BAD_USER_INPUT (the simulator rejects what the gateway let through)', async () => {
    // Filter values with wildcards pass the gateway; a name AWS rejects reaches AWS and comes back.
    const res = await h.gql(`{ images(filter: { owners: ["not an owner"] }) { nodes { id } } }`);
    expect(res.errors).toHaveLength(1);
    expect(res.errors?.[0]).toMatchObject({ message: 'Invalid user id: "not an owner"', path: ['images'] });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', awsCode: 'InvalidUserID.Malformed', httpStatus: 400 });
  });

  it('GraphQL validation errors are clear and carry a code', async () => {
    const res = await h.gql(`{ instances { nodes { nope } } }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('an unreachable AWS endpoint is AWS_UNAVAILABLE, not a crash', async () => {
    const gw = await startGateway({
      // One scope, named: discovering the simulator's organisation at start would itself need the endpoint.
      config: loadConfig({ PORT: '0', HOST: '127.0.0.1', FLEETGRAPH_AWS_MAX_ATTEMPTS: '1', ...ONE_SCOPE_ENV }),
      logger: createLogger({ level: 'silent' }),
      awsEndpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: SIM_ACCESS_KEYS.admin, secretAccessKey: 'x' },
      accountId: SIM_ACCOUNT_ID,
    });
    try {
      const res = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ instances { pageSize } }' }) });
      const body: any = await res.json();
      expect(body.errors[0].extensions.code).toBe('AWS_UNAVAILABLE');
    } finally {
      await gw.close();
    }
  });
});
