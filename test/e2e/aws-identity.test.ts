import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/server/gateway';
import { SIM_ACCOUNT_ID, startSimulator } from '@fleetgraph/aws-sim';
import { Answers, startFakeAws, type FakeAnswer, type FakeAws, type FakeRequest } from '../support/fake-aws';
import { buildFirst } from '../support/processes';

/**
 * Who the gateway is on AWS, and what it says when AWS half-works: STS GetCallerIdentity at start
 * (logged, or one clear line and no start), credential errors as AWS_CREDENTIALS, answers that are
 * not AWS's (a proxy's HTML 502) as AWS_UNAVAILABLE, and /readyz naming why it is not ready.
 */
const ACCOUNT = '210987654321';
const ARN = `arn:aws:iam::${ACCOUNT}:user/fleetgraph`;
const KEYS = { accessKeyId: 'AKIAFLEETGRAPHADMIN1', secretAccessKey: 'not-checked' };

const fakes: FakeAws[] = [];
const gateways: RunningGateway[] = [];
afterAll(async () => {
  await Promise.all(gateways.map((g) => g.close()));
  await Promise.all(fakes.map((f) => f.close()));
});

async function fake(answer: (req: FakeRequest) => FakeAnswer): Promise<FakeAws> {
  const f = await startFakeAws(answer);
  fakes.push(f);
  return f;
}

/** A gateway on `endpoint`; without `accountId` it asks STS who it is, as on real AWS. */
async function gateway(endpoint: string, options: { env?: Record<string, string>; accountId?: string; logs?: string[] } = {}): Promise<RunningGateway> {
  // Backend `aws`: these endpoints stand for AWS (the gateway serves its own account, as it would there).
  const env = { PORT: '0', HOST: '127.0.0.1', FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_ALLOW_NO_AUTH: 'true', FLEETGRAPH_AWS_MAX_ATTEMPTS: '1', FLEETGRAPH_RATE_LIMIT_PER_MINUTE: '0', ...options.env };
  const logs = options.logs;
  const gatewayOptions: GatewayOptions = {
    config: loadConfig(env),
    logger: logs ? createLogger({ level: 'info', destination: { write: (line: string) => void logs.push(line) } }) : createLogger({ level: 'silent' }),
    awsEndpoint: endpoint,
    credentials: KEYS,
    accountId: options.accountId,
  };
  const g = await startGateway(gatewayOptions);
  gateways.push(g);
  return g;
}

async function gql(g: RunningGateway, query: string): Promise<any> {
  return (await request(g.httpServer).post('/graphql').send({ query })).body;
}

async function readyz(g: RunningGateway): Promise<{ status: number; body: any }> {
  const res = await request(g.httpServer).get('/readyz');
  return { status: res.status, body: res.body };
}

describe('identity at start', () => {
  it('asks STS GetCallerIdentity once and logs the account and ARN', async () => {
    const f = await fake((r) => (r.service === 'sts' ? Answers.callerIdentity(ACCOUNT, ARN) : Answers.noInstances()));
    const logs: string[] = [];
    const g = await gateway(f.url, { logs });
    expect(g.aws.identity).toEqual({ accountId: ACCOUNT, arn: ARN, source: 'sts' });
    expect(f.requests).toEqual([{ service: 'sts', action: 'GetCallerIdentity' }]);
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'AWS identity');
    expect(line).toMatchObject({ accountId: ACCOUNT, arn: ARN, source: 'sts' });
  });

  it('credentials AWS rejects stop the start with one clear line', async () => {
    const f = await fake(() => Answers.stsError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.'));
    await expect(gateway(f.url)).rejects.toThrow(/^AWS credentials: sts:GetCallerIdentity: AWS rejected the gateway's credentials \(InvalidClientTokenId\)$/);
  });

  it('an endpoint without STS (an emulator) needs FLEETGRAPH_ACCOUNT_ID, and says so', async () => {
    // An emulator that speaks EC2 only answers the STS action as EC2 answers an unknown action.
    const f = await fake((r) => (r.service === 'sts' ? Answers.ec2Error(400, 'InvalidAction', 'The action GetCallerIdentity is not valid for this web service.') : Answers.noInstances()));
    await expect(gateway(f.url)).rejects.toThrow(/could not verify the AWS credentials with STS GetCallerIdentity \(InvalidAction: .*\); set FLEETGRAPH_ACCOUNT_ID if this endpoint has no STS/);
    const logs: string[] = [];
    const g = await gateway(f.url, { env: { FLEETGRAPH_ACCOUNT_ID: ACCOUNT }, logs });
    expect(g.aws.identity).toEqual({ accountId: ACCOUNT, source: 'configured' });
    expect(logs.map((l) => JSON.parse(l).msg)).toContain('STS GetCallerIdentity failed; using FLEETGRAPH_ACCOUNT_ID');
    // It serves from that endpoint (which holds no instances).
    expect((await gql(g, '{ instances(first: 5) { pageSize } }')).data.instances.pageSize).toBe(0);
  });

  it('the simulator answers STS GetCallerIdentity: its management account', async () => {
    const sim = await startSimulator({ port: 0, instances: 12, timeScale: 0, throttling: false });
    try {
      const g = await gateway(sim.url);
      expect(g.aws.identity).toEqual({ accountId: SIM_ACCOUNT_ID, arn: `arn:aws:iam::${SIM_ACCOUNT_ID}:user/fleetgraph-admin`, source: 'sts' });
    } finally {
      await sim.close();
    }
  });

  it('`npm start` with no AWS credentials anywhere exits with one line saying so', async () => {
    await buildFirst(); // the freshly built entry point, never a stale one
    const main = resolve(__dirname, '../../dist/src/main.js');
    const child = spawn(process.execPath, [main], {
      env: {
        PATH: process.env.PATH,
        HOME: '/nonexistent',
        AWS_CONFIG_FILE: '/nonexistent/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        FLEETGRAPH_BACKEND: 'aws',
        FLEETGRAPH_ALLOW_NO_AUTH: 'true',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((done) => child.on('exit', done));
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'fleetgraph: failed to start: AWS credentials: sts:GetCallerIdentity: no AWS credentials found (environment, shared config/profile, SSO, container or instance role)',
    ]);
  }, 20000);
});

describe('AWS half-working', () => {
  it("a proxy's HTML 502 is AWS_UNAVAILABLE (EC2 Query/XML and SSM JSON alike), not an internal error", async () => {
    const f = await fake(() => Answers.proxyHtml(502));
    const g = await gateway(f.url, { accountId: ACCOUNT });
    for (const query of ['{ instances(first: 5) { pageSize } }', '{ automationExecutions(first: 5) { pageSize } }']) {
      const res = await gql(g, query);
      expect(res.errors[0].extensions).toMatchObject({ code: 'AWS_UNAVAILABLE', awsCode: 'HTTP502', httpStatus: 502, accountId: ACCOUNT, region: 'us-east-1' });
      expect(res.errors[0].message).toMatch(/answered HTTP 502 without an AWS error body/);
    }
  });

  it('expired or invalid credentials are AWS_CREDENTIALS with a clear message', async () => {
    const f = await fake((r) => (r.service === 'ssm' ? Answers.ssmError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.') : Answers.ec2Error(400, 'RequestExpired', 'Request has expired.')));
    const g = await gateway(f.url, { accountId: ACCOUNT });
    const ec2 = await gql(g, '{ instances(first: 5) { pageSize } }');
    expect(ec2.errors[0].extensions).toMatchObject({ code: 'AWS_CREDENTIALS', awsCode: 'RequestExpired' });
    expect(ec2.errors[0].message).toBe('ec2:DescribeInstances: the AWS session credentials have expired (or the clock is skewed)');
    const ssm = await gql(g, '{ automationExecutions(first: 5) { pageSize } }');
    expect(ssm.errors[0].extensions).toMatchObject({ code: 'AWS_CREDENTIALS', awsCode: 'UnrecognizedClientException' });
    expect(ssm.errors[0].message).toBe("ssm:DescribeAutomationExecutions: AWS rejected the gateway's credentials (UnrecognizedClientException)");
  });
});

describe('/readyz', () => {
  it('is ready after STS GetCallerIdentity and one small DescribeInstances per region, nothing else', async () => {
    const f = await fake((r) => (r.service === 'sts' ? Answers.callerIdentity(ACCOUNT, ARN) : Answers.noInstances()));
    const g = await gateway(f.url, { env: { FLEETGRAPH_REGIONS: 'us-east-1,eu-west-1' } });
    f.requests.length = 0;
    const r = await readyz(g);
    expect(r).toMatchObject({ status: 200, body: { status: 'ready', ready: true } });
    expect(f.requests).toEqual(
      expect.arrayContaining([
        { service: 'sts', action: 'GetCallerIdentity' },
        { service: 'ec2', action: 'DescribeInstances' },
        { service: 'ec2', action: 'DescribeInstances' },
      ]),
    );
    expect(f.requests).toHaveLength(3);
  });

  it.each([
    ['credentials', Answers.ec2Error(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials')],
    ['denied', Answers.ec2Error(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.')],
    ['throttled', Answers.ec2Error(503, 'RequestLimitExceeded', 'Request limit exceeded.')],
    ['unreachable', Answers.proxyHtml(502)],
  ])('names the reason when not ready: %s', async (reason, answer) => {
    const f = await fake(() => answer);
    const g = await gateway(f.url, { accountId: ACCOUNT });
    const r = await readyz(g);
    expect(r.status).toBe(503);
    expect(r.body).toMatchObject({ status: 'not ready', ready: false, reason });
    expect(JSON.stringify(r.body)).not.toContain('127.0.0.1');
  });
});
