import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, SSMClient, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { createClock } from '../src/core/clock';
import { SIM_ACCESS_KEYS } from '../src/core/contract';
import { RunningSimulator, startSimulator } from '../src/front/server';
import { ec2Client, failure, ssmClient } from './support/sdk';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

const post = (sim: RunningSimulator, path: string, body: unknown) =>
  fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('front (throttling off)', () => {
  let sim: RunningSimulator;
  let ec2: EC2Client;
  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 0, throttling: false });
    ec2 = ec2Client(sim);
  });
  beforeEach(() => sim.reset());
  afterAll(async () => {
    ec2.destroy();
    await sim.close();
  });

  test('listens on loopback only', () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
  });

  test('raw form-encoded DescribeInstances (AWS CLI-equivalent) gets EC2 XML', async () => {
    const body = new URLSearchParams({ Action: 'DescribeInstances', Version: '2016-11-15', 'Filter.1.Name': 'instance-type', 'Filter.1.Value.1': 'mac1.metal', MaxResults: '5' });
    const r = await fetch(sim.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
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
    const e = await fetch(sim.url, { method: 'POST', body: new URLSearchParams({ Action: 'DescribeInstances', Version: '2016-11-15', 'InstanceId.1': 'i-bad' }) });
    expect(e.status).toBe(400);
    const eid = e.headers.get('x-amzn-requestid');
    expect(eid).toBeTruthy();
    expect(await e.text()).toBe(
      `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code><Message>Invalid id: &quot;i-bad&quot;</Message></Error></Errors><RequestID>${eid}</RequestID></Response>`,
    );
  });

  test('unknown action, unknown key, missing Authorization header', async () => {
    const r = await fetch(sim.url, { method: 'POST', body: new URLSearchParams({ Action: 'RunInstances', Version: '2016-11-15' }) });
    expect(r.status).toBe(400);
    expect(await r.text()).toContain('<Code>InvalidAction</Code>');
    const stranger = ec2Client(sim, 'AKIAUNKNOWNKEY000000');
    expect(await failure(stranger.send(new DescribeInstancesCommand({})))).toMatchObject({ name: 'AuthFailure', status: 401 });
    stranger.destroy();
    const ssmStranger = ssmClient(sim, 'AKIAUNKNOWNKEY000000');
    expect(await failure(ssmStranger.send(new DescribeInstanceInformationCommand({})))).toMatchObject({ name: 'UnrecognizedClientException', status: 400 });
    ssmStranger.destroy();
    const s = await fetch(sim.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.NoSuchOperation', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(s.status).toBe(400);
    expect((await j(s)).__type).toMatch(/UnknownOperationException/);
    expect(s.headers.get('x-amzn-requestid')).toBeTruthy();
  });

  test('SSM routing by X-Amz-Target; read-only key cannot mutate (AccessDeniedException)', async () => {
    const ssm = ssmClient(sim);
    const info = await ssm.send(new DescribeInstanceInformationCommand({}));
    expect(Array.isArray(info.InstanceInformationList)).toBe(true);
    const ro = ssmClient(sim, SIM_ACCESS_KEYS.readOnly);
    const denied = await failure(ro.send(new StartAutomationExecutionCommand({ DocumentName: 'AWS-RestartEC2Instance' })));
    expect(denied).toMatchObject({ name: 'AccessDeniedException', status: 400 });
    expect(denied.requestId).toBeTruthy();
    const bad = await fetch(sim.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.DescribeInstanceInformation' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect((await j(bad)).__type).toBe('SerializationException');
    ssm.destroy();
    ro.destroy();
    expect(sim.stats()['ssm:DescribeInstanceInformation']).toBe(2);
    expect(sim.stats()['ssm:StartAutomationExecution']).toBe(1);
  });

  test('admin: stats, clock, advance, reset, config validation, world', async () => {
    await ec2.send(new DescribeInstancesCommand({}));
    await ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    await failure(ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })));
    const stats = await j(fetch(`${sim.url}/_sim/stats`));
    expect(stats).toEqual({ calls: { 'ec2:DescribeImages': 1, 'ec2:DescribeInstances': 2 }, throttled: {} });
    expect(sim.stats()).toEqual(stats.calls);

    const c0 = await j(fetch(`${sim.url}/_sim/clock`));
    expect(c0).toMatchObject({ now: '2026-11-01T12:00:00.000Z', timeScale: 0 });
    const c1 = await j(post(sim, '/_sim/clock/advance', { seconds: 90 }));
    expect(c1.now).toBe('2026-11-01T12:01:30.000Z');
    expect((await post(sim, '/_sim/clock/advance', { ms: 500 })).status).toBe(200);
    expect(new Date(sim.clock.now()).toISOString()).toBe('2026-11-01T12:01:30.500Z');
    for (const bad of [{}, { ms: -1 }, { seconds: 'x' }, '[1]', 'nope']) {
      const r = await post(sim, '/_sim/clock/advance', bad);
      expect(r.status).toBe(400);
      expect((await j(r)).error).toEqual(expect.any(String));
    }
    for (const bad of [{ throttling: 'yes' }, { faults: { errorRate: 2 } }, { faults: { bogus: 1 } }, { nope: true }, { faults: { actions: 'x' } }]) {
      expect((await post(sim, '/_sim/config', bad)).status).toBe(400);
    }
    expect((await fetch(`${sim.url}/_sim/nothing`)).status).toBe(404);

    const world = await j(fetch(`${sim.url}/_sim/world`));
    expect(Object.keys(world.instances).sort()).toEqual(['linux', 'macAppleSilicon', 'macX86', 'windows']);
    expect(world.instances.macX86.running.length).toBeGreaterThan(0);
    expect(Object.keys(world.images)).toEqual(expect.arrayContaining(['owned', 'shared', 'public', 'withProductCode']));
    expect(Object.keys(world.macTasks.byState).sort()).toEqual(['failed', 'in-progress', 'pending', 'successful']);

    const r = await post(sim, '/_sim/reset', {});
    expect(r.status).toBe(200);
    expect(await j(fetch(`${sim.url}/_sim/stats`))).toEqual({ calls: {}, throttled: {} });
    expect(new Date(sim.clock.now()).toISOString()).toBe('2026-11-01T12:00:00.000Z');
  });

  test('fault injection: error rate per action and added latency', async () => {
    expect((await post(sim, '/_sim/config', { faults: { errorRate: 1, actions: ['DescribeImages'] } })).status).toBe(200);
    expect(await failure(ec2.send(new DescribeImagesCommand({})))).toMatchObject({ name: 'InternalError', status: 500 });
    await ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const ssm = ssmClient(sim);
    await post(sim, '/_sim/config', { faults: { errorRate: 1, actions: ['ssm:DescribeInstanceInformation'] } });
    expect(await failure(ssm.send(new DescribeInstanceInformationCommand({})))).toMatchObject({ name: 'InternalServerError', status: 500 });
    ssm.destroy();
    await post(sim, '/_sim/config', { faults: { errorRate: 0, latencyMs: 150, actions: [] } });
    const t0 = Date.now();
    await ec2.send(new DescribeImagesCommand({}));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    const cfg = await j(fetch(`${sim.url}/_sim/config`));
    expect(cfg).toMatchObject({ throttling: false, faults: { errorRate: 0, latencyMs: 150 } });
    sim.reset();
    expect((await j(fetch(`${sim.url}/_sim/config`))).faults).toEqual({ errorRate: 0, latencyMs: 0 });
  });

  test('reset restores the world (a created task disappears)', async () => {
    const world = sim.world() as { idleRunningMac: { macX86: string[] }; counts: { macModificationTasks: number } };
    const r = await fetch(sim.url, {
      method: 'POST',
      body: new URLSearchParams({ Action: 'CreateMacSystemIntegrityProtectionModificationTask', Version: '2016-11-15', InstanceId: world.idleRunningMac.macX86[0], MacSystemIntegrityProtectionStatus: 'enabled' }),
    });
    expect(r.status).toBe(200);
    expect((sim.world() as typeof world).counts.macModificationTasks).toBe(world.counts.macModificationTasks + 1);
    sim.reset();
    expect((sim.world() as typeof world).counts.macModificationTasks).toBe(world.counts.macModificationTasks);
  });
});

describe('throttling (on by default)', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 0, instances: 20 });
  });
  afterAll(() => sim.close());

  test('Describe* burst 100 → RequestLimitExceeded 503, counted separately', async () => {
    const ec2 = ec2Client(sim);
    const results = await Promise.allSettled(Array.from({ length: 130 }, () => ec2.send(new DescribeImagesCommand({ MaxResults: 5 }))));
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    // Burst 100 (+ refill at 20/s while the calls run): at least some of the extra 30 are refused.
    expect(rejected.length).toBeGreaterThanOrEqual(10);
    expect(rejected.length).toBeLessThanOrEqual(30);
    expect(rejected[0].reason.name).toBe('RequestLimitExceeded');
    expect(rejected[0].reason.$metadata.httpStatusCode).toBe(503);
    const stats = await j(fetch(`${sim.url}/_sim/stats`));
    expect(stats.calls['ec2:DescribeImages']).toBe(130);
    expect(stats.throttled['ec2:DescribeImages']).toBe(rejected.length);
    // Other actions have their own bucket.
    await ec2.send(new DescribeInstancesCommand({ MaxResults: 5, Filters: [{ Name: 'instance-state-name', Values: ['running'] }] }));
    ec2.destroy();
  });

  test('unfiltered DescribeInstances has the smaller bucket (50); SSM throttles with ThrottlingException', async () => {
    sim.reset();
    const ec2 = ec2Client(sim);
    const results = await Promise.allSettled(Array.from({ length: 60 }, () => ec2.send(new DescribeInstancesCommand({}))));
    const rejected = results.filter((r) => r.status === 'rejected').length;
    expect(rejected).toBeGreaterThanOrEqual(1);
    expect(rejected).toBeLessThanOrEqual(10);
    // Filtered calls still go through (the Describe* bucket).
    await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-type', Values: ['mac1.metal'] }] }));
    ec2.destroy();
    const ssm = ssmClient(sim);
    const s = await Promise.allSettled(Array.from({ length: 60 }, () => ssm.send(new DescribeInstanceInformationCommand({}))));
    const throttled = s.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled[0].reason.name).toBe('ThrottlingException');
    expect(throttled[0].reason.$metadata.httpStatusCode).toBe(400);
    ssm.destroy();
    // Turning it off at run time.
    await post(sim, '/_sim/config', { throttling: false });
    const e2 = ec2Client(sim);
    const all = await Promise.allSettled(Array.from({ length: 60 }, () => e2.send(new DescribeInstancesCommand({}))));
    expect(all.every((r) => r.status === 'fulfilled')).toBe(true);
    e2.destroy();
  });
});

test('mutating actions: bucket of 50 → RequestLimitExceeded', async () => {
  const sim = await startSimulator({ timeScale: 0, instances: 16 });
  const ec2 = ec2Client(sim);
  const world = sim.world() as { images: { ownedPrivate: string[] } };
  const image = world.images.ownedPrivate[0];
  const results = await Promise.allSettled(
    Array.from({ length: 56 }, (_, i) => ec2.send(new ModifyImageAttributeCommand({ ImageId: image, Description: { Value: `d${i}` } }))),
  );
  const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(rejected.length).toBeGreaterThanOrEqual(1);
  expect(rejected.length).toBeLessThanOrEqual(6);
  expect(rejected.every((r) => r.reason.name === 'RequestLimitExceeded')).toBe(true);
  expect(sim.throttledStats()['ec2:ModifyImageAttribute']).toBe(rejected.length);
  ec2.destroy();
  await sim.close();
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
