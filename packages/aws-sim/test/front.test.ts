import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, GetAutomationExecutionCommand, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { createClock } from '../src/core/clock';
import { SIM_ACCESS_KEYS, SIM_ACCOUNT_ID } from '../src/core/contract';
import { DEMO_IDS } from '../src/demo';
import { ec2Client, failure, ssmClient } from './support/sdk';
import { suiteSimulator } from './support/suite';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

describe('front (throttling off)', () => {
  const t = suiteSimulator({ timeScale: 0, throttling: false });

  test('listens on loopback only', () => {
    expect(t.sim.url).toBe(`http://127.0.0.1:${t.sim.port}`);
  });

  test('raw form-encoded DescribeInstances (AWS CLI-equivalent) gets EC2 XML', async () => {
    const body = new URLSearchParams({ Action: 'DescribeInstances', Version: '2016-11-15', 'Filter.1.Name': 'instance-type', 'Filter.1.Value.1': 'mac1.metal', MaxResults: '5' });
    const r = await fetch(t.sim.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/xml/);
    const requestId = r.headers.get('x-amzn-requestid');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const xml = await r.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<DescribeInstancesResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/">/);
    expect(xml).toContain(`<requestId>${requestId}</requestId>`);
    expect(xml).toMatch(/<reservationSet><item><reservationId>r-[0-9a-f]{17}<\/reservationId>/);
    expect(xml).toMatch(/<instancesSet><item><instanceId>i-[0-9a-f]{17}<\/instanceId>/);
    expect(xml).toContain('<instanceState><code>16</code><name>running</name></instanceState>');
    expect(xml).toContain('<instanceType>mac1.metal</instanceType>');
    expect(xml).toContain('<tenancy>host</tenancy>');
    expect(xml).toMatch(/<tagSet><item><key>Name<\/key><value>[^<]+<\/value><\/item>/);
    expect(xml).toMatch(/<\/DescribeInstancesResponse>$/);
    // And the error envelope, raw.
    const e = await fetch(t.sim.url, { method: 'POST', body: new URLSearchParams({ Action: 'DescribeInstances', Version: '2016-11-15', 'InstanceId.1': 'i-bad' }) });
    expect(e.status).toBe(400);
    const eid = e.headers.get('x-amzn-requestid');
    expect(eid).toBeTruthy();
    expect(await e.text()).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code><Message>Invalid id: &quot;i-bad&quot;</Message></Error></Errors><RequestID>${eid}</RequestID></Response>`,
    );
  });

  test('unknown action and unknown operation', async () => {
    const r = await fetch(t.sim.url, { method: 'POST', body: new URLSearchParams({ Action: 'RunInstances', Version: '2016-11-15' }) });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('<Code>InvalidAction</Code>');
    const s = await fetch(t.sim.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.NoSuchOperation', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(s.status).toBe(400);
    expect((await j(s)).__type).toBe('UnknownOperationException');
    expect(s.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  test('any credentials work, as LocalStack and moto users type them (AWS_ACCESS_KEY_ID=test): they act as the admin', async () => {
    const ec2Test = ec2Client(t.sim, 'test');
    const ssmTest = ssmClient(t.sim, 'test');
    const all = await ec2Test.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    expect(all.Reservations!.flatMap((r) => r.Instances ?? [])).toHaveLength(5);
    const started = await ssmTest.send(new StartAutomationExecutionCommand({ DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: [DEMO_IDS.idleX86Mac] } }));
    expect(started.AutomationExecutionId).toHaveLength(36);
    const run = await ssmTest.send(new GetAutomationExecutionCommand({ AutomationExecutionId: started.AutomationExecutionId }));
    expect(run.AutomationExecution!.ExecutedBy).toBe(`arn:aws:iam::${SIM_ACCOUNT_ID}:user/fleetgraph-admin`);
    // No Authorization header at all (curl) is the admin too.
    const curl = await fetch(t.sim.url, { method: 'POST', body: new URLSearchParams({ Action: 'DescribeInstances', Version: '2016-11-15', MaxResults: '5' }) });
    expect(curl.status).toBe(200);
    ec2Test.destroy();
    ssmTest.destroy();
  });

  test('temporary (ASIA…) credentials the simulator never issued are refused, as AWS refuses them', async () => {
    const session = { accessKeyId: 'ASIAUNKNOWNSESSION00', secretAccessKey: 'x', sessionToken: 'not-a-session' };
    const ec2Stranger = ec2Client(t.sim, session);
    expect(await failure(ec2Stranger.send(new DescribeInstancesCommand({})))).toMatchObject({
      name: 'AuthFailure',
      status: 401,
      message: 'AWS was not able to validate the provided access credentials',
    });
    ec2Stranger.destroy();
    const ssmStranger = ssmClient(t.sim, session);
    expect(await failure(ssmStranger.send(new DescribeInstanceInformationCommand({})))).toMatchObject({
      name: 'UnrecognizedClientException',
      status: 400,
      message: 'The security token included in the request is invalid.',
    });
    ssmStranger.destroy();
  });

  test('SSM routing by X-Amz-Target; read-only key cannot mutate (AccessDeniedException)', async () => {
    const ssm = ssmClient(t.sim);
    const info = await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(Array.isArray(info.InstanceInformationList)).toBe(true);
    const ro = ssmClient(t.sim, SIM_ACCESS_KEYS.readOnly);
    const denied = await failure(ro.send(new StartAutomationExecutionCommand({ DocumentName: 'AWS-RestartEC2Instance' })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(denied.requestId).toBeTruthy();
    const bad = await fetch(t.sim.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.DescribeInstanceInformation' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect((await j(bad)).__type).toBe('SerializationException');
    ssm.destroy();
    ro.destroy();
    expect(t.sim.stats()['ssm:DescribeInstanceInformation']).toBe(2);
    expect(t.sim.stats()['ssm:StartAutomationExecution']).toBe(1);
  });

  test('reset restores the world (a created task disappears)', async () => {
    const world = t.sim.world() as { idleRunningMac: { macX86: string[] }; counts: { macModificationTasks: number } };
    const r = await fetch(t.sim.url, {
      method: 'POST',
      body: new URLSearchParams({ Action: 'CreateMacSystemIntegrityProtectionModificationTask', Version: '2016-11-15', InstanceId: world.idleRunningMac.macX86[0], MacSystemIntegrityProtectionStatus: 'enabled' }),
    });
    expect(r.status).toBe(200);
    expect((t.sim.world() as typeof world).counts.macModificationTasks).toBe(world.counts.macModificationTasks + 1);
    t.sim.reset();
    expect((t.sim.world() as typeof world).counts.macModificationTasks).toBe(world.counts.macModificationTasks);
  });
});

test('clock: time scale, frozen, advance, reset', () => {
  const frozen = createClock({ timeScale: 0 });
  const t = frozen.now();
  expect(new Date(t).toISOString()).toBe('2026-11-01T12:00:00.000Z');
  frozen.advance(1000);
  expect(frozen.now()).toBe(t + 1000);
  frozen.reset();
  expect(frozen.now()).toBe(t);
  expect(() => frozen.advance(-1)).toThrow();
  const fast = createClock({ timeScale: 1000 });
  const start = fast.now();
  const until = performance.now() + 20;
  while (performance.now() < until) {
    /* spin 20 ms */
  }
  expect(fast.now() - start).toBeGreaterThanOrEqual(15_000);
});
