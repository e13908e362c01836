import request from 'supertest';
import type { AwsCallEvent } from '../../src/aws';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { startGateway, type RunningGateway } from '../../src/server/gateway';
import { SIM_ACCESS_KEYS, SIM_ACCOUNT_ID, SIM_SECRET_KEY } from '@fleetgraph/aws-sim';
import { Harness, ONE_SCOPE_ENV } from '../support/harness';
import { startRedis, startSimulatorProcess, type Proc } from '../support/processes';
import { describeIfTool } from '../support/system-tools';

/**
 * Request budgets: the gateway keeps its own token bucket per scope × AWS API, so a burst queues
 * instead of being throttled by AWS, a wait past the deadline fails fast with AWS_THROTTLED and
 * retryAfterMs, and replicas sharing Redis share one budget.
 */

/** `n` distinct list calls of one API in one request (aliases with different page sizes). */
const burst = (field: 'instances' | 'images', n: number) => `{ ${Array.from({ length: n }, (_, i) => `f${i}: ${field}(first: ${5 + i}) { pageSize }`).join(' ')} }`;

/** One more gateway (a replica) on the simulator at `url`. */
function gatewayOn(url: string, env: Record<string, string>): Promise<RunningGateway> {
  return startGateway({
    config: loadConfig({ ...ONE_SCOPE_ENV, ...env }),
    logger: createLogger({ level: 'silent' }),
    awsEndpoint: url,
    credentials: { accessKeyId: SIM_ACCESS_KEYS.admin, secretAccessKey: SIM_SECRET_KEY },
    accountId: SIM_ACCOUNT_ID,
  });
}

/** Buckets below AWS's, so tests can fill them: capacity and refill are scaled by 0.9 (the safety margin). */
const budgets = (spec: Record<string, { capacity: number; refillPerSecond: number }>) => JSON.stringify(spec);

describe('request budget', () => {
  let h: Harness;
  const events: AwsCallEvent[] = [];
  beforeAll(async () => {
    h = await Harness.start({
      throttling: true,
      onAwsCall: (e) => events.push(e),
      env: {
        FLEETGRAPH_AWS_BUDGET_SHARE: '1',
        FLEETGRAPH_AWS_BUDGET_DEADLINE_MS: '500',
        // EC2 Describe* APIs: 4 tokens, 9 a second, each API its own bucket. SSM APIs: 3 tokens, hardly refilled.
        FLEETGRAPH_AWS_BUDGETS: budgets({ 'ec2-describe': { capacity: 5, refillPerSecond: 10 }, ssm: { capacity: 3.4, refillPerSecond: 0.001 } }),
        FLEETGRAPH_MAX_ALIASES: '200',
        FLEETGRAPH_MAX_COST: '1000000',
      },
    });
  });
  afterAll(() => h.close());

  it('a burst past the bucket queues instead of failing: every call answered, AWS never throttles', async () => {
    events.length = 0;
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await h.gql(burst('instances', 8));
    });
    expect(res.errors).toBeUndefined();
    expect(Object.keys(res.data)).toHaveLength(8);
    expect(calls).toEqual({ 'ec2:DescribeInstances': 8 });
    const waited = events.filter((e) => e.action === 'DescribeInstances' && (e.budgetWaitMs ?? 0) > 0);
    // 4 tokens at once; the other 4 waited their turn (~111 ms apart at 9 a second).
    expect(waited).toHaveLength(4);
    expect(((await h.simAdmin('stats')) as any).throttled).toEqual({});
  });

  it('a call that would wait past the deadline fails fast with AWS_THROTTLED and retryAfterMs, without reaching AWS', async () => {
    const one = (n: number) => h.gql(`{ automationExecutions(first: ${n + 1}) { pageSize } }`);
    let answers: any[] = [];
    const calls = await h.callsDuring(async () => {
      answers = await Promise.all(Array.from({ length: 6 }, (_, n) => one(n)));
    });
    // 3 tokens; the next would wait ~1,100 s for a refill, far past the 500 ms deadline.
    expect(calls).toEqual({ 'ssm:DescribeAutomationExecutions': 3 });
    expect(answers.filter((a) => !a.errors)).toHaveLength(3);
    const throttled = answers.filter((a) => a.errors).map((a) => a.errors[0].extensions);
    expect(throttled).toHaveLength(3);
    for (const e of throttled) {
      expect(e).toMatchObject({ code: 'AWS_THROTTLED', awsCode: 'GatewayBudgetExceeded', accountId: SIM_ACCOUNT_ID, region: 'us-east-1' });
      expect(e.retryAfterMs).toBeGreaterThan(1_000_000);
    }
    const text = await (await fetch(h.url.replace('/graphql', '/metrics'))).text();
    expect(text).toContain(`aws_budget_rejections_total{account_id="${SIM_ACCOUNT_ID}",region="us-east-1",api_class="ssm"} 3`);
    expect(text).toMatch(new RegExp(`^aws_budget_tokens\\{account_id="${SIM_ACCOUNT_ID}",region="us-east-1",api_class="ssm",action="DescribeAutomationExecutions"\\} 0\\.0`, 'm'));
    expect(text).toMatch(new RegExp(`^aws_budget_wait_seconds_count\\{account_id="${SIM_ACCOUNT_ID}",region="us-east-1",api_class="ec2-describe"\\} \\d+`, 'm'));
  });
});

describe('request budget at AWS numbers against a throttling AWS', () => {
  // The simulator in its own process, as AWS is: in the test's event loop a stall would hold
  // calls back and then deliver them at once, which no client-side pacing can prevent.
  let sim: Proc & { url: string };
  let gateway: RunningGateway;
  beforeAll(async () => {
    sim = await startSimulatorProcess({ SIM_INSTANCES: '40', SIM_THROTTLING: 'on' });
    const env = { PORT: '0', HOST: '127.0.0.1', FLEETGRAPH_RATE_LIMIT_PER_MINUTE: '0', FLEETGRAPH_AWS_BUDGET_SHARE: '1', FLEETGRAPH_MAX_ALIASES: '200', FLEETGRAPH_MAX_COST: '1000000' };
    gateway = await gatewayOn(sim.url, env);
  }, 180_000); // the simulator process is built first (incremental; long only when dist/ is stale)
  afterAll(async () => {
    await gateway?.close();
    await sim?.kill();
  });

  it('150 distinct DescribeInstances at once (AWS bucket: 100, 20/s) all succeed, and the simulator throttles none', async () => {
    // Cheap calls (a filter that matches nothing), so they reach AWS faster than it refills.
    const query = `{ ${Array.from({ length: 150 }, (_, i) => `f${i}: instances(first: ${5 + i}, filter: { instanceIds: ["i-0000000000000dead"] }) { pageSize }`).join(' ')} }`;
    const stats = async () => (await (await fetch(`${sim.url}/_sim/stats`)).json()) as { calls: Record<string, number>; throttled: Record<string, number> };
    const before = await stats();
    const res = await request(gateway.httpServer).post('/graphql').send({ query });
    const after = await stats();
    expect(res.body.errors).toBeUndefined();
    expect(after.calls['ec2:DescribeInstances'] - (before.calls['ec2:DescribeInstances'] ?? 0)).toBe(150);
    expect(after.throttled).toEqual({});
  });
});

describeIfTool('redis-server', 'two replicas sharing Redis', () => {
  let redis: { url: string; proc: Proc };
  let h: Harness;
  let second: RunningGateway;
  beforeAll(async () => {
    redis = await startRedis();
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      FLEETGRAPH_RATE_LIMIT_PER_MINUTE: '0',
      REDIS_URL: redis.url,
      FLEETGRAPH_AWS_BUDGET_SHARE: '1',
      FLEETGRAPH_AWS_BUDGET_DEADLINE_MS: '0',
      // 3 tokens for both replicas together, hardly refilled during the test.
      FLEETGRAPH_AWS_BUDGETS: budgets({ 'ec2-describe': { capacity: 3.4, refillPerSecond: 0.001 } }),
      FLEETGRAPH_MAX_ALIASES: '200',
    };
    h = await Harness.start({ env });
    second = await gatewayOn(h.simUrl, env);
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
    await redis?.proc.kill();
  });

  it('stay within one budget together: 3 tokens serve 3 calls across both, not 3 each', async () => {
    // Six one-call requests on each replica, at once.
    const post = (url: string, n: number) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ images(first: ${5 + n}) { pageSize } }` }) }).then(
        (r) => r.json() as Promise<any>,
      );
    let answers: any[] = [];
    const calls = await h.callsDuring(async () => {
      answers = await Promise.all(Array.from({ length: 12 }, (_, n) => post(n % 2 ? h.url : second.url, n)));
    });
    expect(calls).toEqual({ 'ec2:DescribeImages': 3 });
    expect(answers.filter((a) => !a.errors)).toHaveLength(3);
    expect(answers.filter((a) => a.errors?.[0].extensions.code === 'AWS_THROTTLED')).toHaveLength(9);
  });
});
