/**
 * EC2-faithful throttling: one token bucket per action within AWS's classes, per scope. The
 * mechanism is tested with AWS's numbers on a controlled clock; the classes over HTTP with small
 * buckets that do not refill while a test runs, so every count is exact.
 */
import { DescribeImagesCommand, DescribeInstancesCommand, EC2Client, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { RunningSimulator, startSimulator } from '../src/front/server';
import { TokenBucket } from '../src/front/throttle';
import { DEMO_IDS } from '../src/demo';
import { admin, ec2Client, failure, ssmClient } from './support/sdk';

/** `n` calls one after another: how many were throttled, and with what. */
async function sequential(n: number, call: () => Promise<unknown>): Promise<{ throttled: number; errors: Set<string>; statuses: Set<number | undefined> }> {
  const errors = new Set<string>();
  const statuses = new Set<number | undefined>();
  let throttled = 0;
  for (let i = 0; i < n; i++) {
    try {
      await call();
    } catch (e) {
      const err = e as { name: string; $metadata?: { httpStatusCode?: number } };
      throttled++;
      errors.add(err.name);
      statuses.add(err.$metadata?.httpStatusCode);
    }
  }
  return { throttled, errors, statuses };
}

test('a bucket: the burst, then one token per 1/refill seconds (AWS Describe* numbers, 100 / 20 per s)', () => {
  let t = 0;
  const bucket = new TokenBucket({ burst: 100, refillPerSecond: 20 }, () => t);
  for (let i = 0; i < 100; i++) expect(bucket.tryTake()).toBe(true);
  expect(bucket.tryTake()).toBe(false);
  t += 49;
  expect(bucket.tryTake()).toBe(false);
  t += 1;
  expect(bucket.tryTake()).toBe(true);
  t += 60_000;
  let burst = 0;
  while (bucket.tryTake()) burst++;
  expect(burst).toBe(100);
});

describe('throttling classes over HTTP (small buckets that do not refill during the test)', () => {
  let sim: RunningSimulator;
  let ec2: EC2Client;
  const tiny = { burst: 3, refillPerSecond: 0.0001 };
  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 0, instances: 20 });
    ec2 = ec2Client(sim);
  });
  beforeEach(async () => {
    sim.reset();
    await admin(sim, 'config', { buckets: { describe: tiny, unfilteredDescribeInstances: { burst: 2, refillPerSecond: 0.0001 }, mutating: tiny, ssm: tiny } });
  });
  afterAll(async () => {
    ec2.destroy();
    await sim.close();
  });

  test('Describe*: RequestLimitExceeded (503) once the burst is spent, counted per action; other actions have their own bucket', async () => {
    const images = await sequential(5, () => ec2.send(new DescribeImagesCommand({ MaxResults: 5 })));
    expect(images).toEqual({ throttled: 2, errors: new Set(['RequestLimitExceeded']), statuses: new Set([503]) });
    const filtered = await sequential(3, () => ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: 'instance-state-name', Values: ['running'] }] })));
    expect(filtered.throttled).toBe(0);
    const stats = await admin(sim, 'stats');
    expect(stats.calls).toEqual({ 'ec2:DescribeImages': 5, 'ec2:DescribeInstances': 3 });
    expect(stats.throttled).toEqual({ 'ec2:DescribeImages': 2 });
  });

  test('DescribeInstances unfiltered AND unpaginated draws from the smaller bucket; with MaxResults (paginated) it is a Describe* call', async () => {
    const unfiltered = await sequential(3, () => ec2.send(new DescribeInstancesCommand({})));
    expect(unfiltered.throttled).toBe(1);
    // The unfiltered bucket is empty, yet a paginated call still has the Describe* bucket's 3 tokens.
    const paginated = await sequential(4, () => ec2.send(new DescribeInstancesCommand({ MaxResults: 5 })));
    expect(paginated.throttled).toBe(1);
    // …which filtered calls share: it is spent now.
    expect(await failure(ec2.send(new DescribeInstancesCommand({ InstanceIds: [DEMO_IDS.idleX86Mac] })))).toMatchObject({ name: 'RequestLimitExceeded', status: 503 });
    expect((await admin(sim, 'stats')).throttled).toEqual({ 'ec2:DescribeInstances': 3 });
  });

  test('mutating calls have their own bucket', async () => {
    const modify = await sequential(4, () => ec2.send(new ModifyImageAttributeCommand({ ImageId: DEMO_IDS.ownedImage, Description: { Value: 'golden' } })));
    expect(modify).toEqual({ throttled: 1, errors: new Set(['RequestLimitExceeded']), statuses: new Set([503]) });
    expect((await sequential(3, () => ec2.send(new DescribeImagesCommand({ MaxResults: 5 })))).throttled).toBe(0);
  });

  test('SSM answers ThrottlingException (400)', async () => {
    const ssm = ssmClient(sim);
    const info = await sequential(4, () => ssm.send(new DescribeInstanceInformationCommand({})));
    expect(info).toEqual({ throttled: 1, errors: new Set(['ThrottlingException']), statuses: new Set([400]) });
    ssm.destroy();
  });

  test('throttling off at run time lets everything through; on again, buckets start full', async () => {
    await admin(sim, 'config', { throttling: false });
    expect((await sequential(6, () => ec2.send(new DescribeImagesCommand({ MaxResults: 5 })))).throttled).toBe(0);
    await admin(sim, 'config', { throttling: true });
    expect((await sequential(4, () => ec2.send(new DescribeImagesCommand({ MaxResults: 5 })))).throttled).toBe(1);
  });
});
