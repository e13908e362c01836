import { AWS_BUCKETS, bucketFor, createBudget, SAFETY_MARGIN } from '../../../src/aws/budget';
import { reserve, type BucketState } from '../../../src/aws/budget/token-bucket';
import { scopeOf } from '../../../src/aws/scope';

const spec = { capacity: 4, refillPerSecond: 2 };

describe('token bucket with reservations', () => {
  it('grants the burst at once, then queues callers one refill interval apart', () => {
    let state: BucketState | undefined;
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = reserve(state, 1000, spec, 10_000);
      state = r.state;
      expect(r.reservation.granted).toBe(true);
      waits.push(r.reservation.waitMs);
    }
    // 4 tokens, then one every 500 ms (2/s), in arrival order.
    expect(waits).toEqual([0, 0, 0, 0, 500, 1000, 1500]);
    expect(state).toEqual({ tokens: -3, updatedAt: 1000 });
  });

  it('refuses, taking nothing, when the wait would pass the deadline, and says when a token frees up', () => {
    let state: BucketState | undefined = { tokens: 0, updatedAt: 0 };
    const refused = reserve(state, 0, spec, 400);
    expect(refused.reservation).toEqual({ granted: false, waitMs: 500, tokensLeft: 0 });
    state = refused.state;
    expect(reserve(state, 0, spec, 500).reservation).toEqual({ granted: true, waitMs: 500, tokensLeft: -1 });
  });

  it('refills with time, never above capacity', () => {
    const empty: BucketState = { tokens: -2, updatedAt: 0 };
    expect(reserve(empty, 1500, spec, 0).reservation).toEqual({ granted: true, waitMs: 0, tokensLeft: 0 });
    expect(reserve(empty, 3_600_000, spec, 0).reservation.tokensLeft).toBe(spec.capacity - 1);
  });
});

describe('AWS request classes', () => {
  it('mirror AWS: Describe* 100/20, unfiltered-and-unpaginated DescribeInstances 50/10, mutating 50/5, CreateTags 100/10', () => {
    expect(AWS_BUCKETS['ec2-describe']).toEqual({ capacity: 100, refillPerSecond: 20 });
    expect(AWS_BUCKETS['ec2-describe-instances-unfiltered']).toEqual({ capacity: 50, refillPerSecond: 10 });
    expect(AWS_BUCKETS['ec2-mutating']).toEqual({ capacity: 50, refillPerSecond: 5 });
    expect(AWS_BUCKETS['ec2-create-tags']).toEqual({ capacity: 100, refillPerSecond: 10 });
  });

  it('put each call in its API bucket of the right class', () => {
    expect(bucketFor('ec2', 'DescribeInstances', {})).toEqual({ apiClass: 'ec2-describe-instances-unfiltered', bucket: 'ec2:DescribeInstances:unfiltered' });
    // A paginated call counts as a plain Describe (ARCHITECTURE §4a).
    expect(bucketFor('ec2', 'DescribeInstances', { MaxResults: 5 })).toEqual({ apiClass: 'ec2-describe', bucket: 'ec2:DescribeInstances' });
    expect(bucketFor('ec2', 'DescribeInstances', { Filters: [{ Name: 'instance-id', Values: ['i-1'] }] }).apiClass).toBe('ec2-describe');
    expect(bucketFor('ec2', 'DescribeImageAttribute', {})).toEqual({ apiClass: 'ec2-describe', bucket: 'ec2:DescribeImageAttribute' });
    expect(bucketFor('ec2', 'ModifyImageAttribute', {})).toEqual({ apiClass: 'ec2-mutating', bucket: 'ec2:ModifyImageAttribute' });
    expect(bucketFor('ec2', 'CreateMacSystemIntegrityProtectionModificationTask', {}).apiClass).toBe('ec2-mutating');
    expect(bucketFor('ec2', 'CreateTags', {}).apiClass).toBe('ec2-create-tags');
    expect(bucketFor('ssm', 'GetAutomationExecution', {})).toEqual({ apiClass: 'ssm', bucket: 'ssm:GetAutomationExecution' });
  });
});

describe('budget', () => {
  const scope = scopeOf('210987654321', 'us-east-1');
  const describe5 = { MaxResults: 5 };
  afterEach(() => jest.useRealTimers());

  it('scales AWS buckets by the share, with a safety margin', () => {
    const b = createBudget({ share: 0.5, deadlineMs: 1000 });
    expect(SAFETY_MARGIN).toBe(0.1);
    expect(b.spec('ec2-describe')).toEqual({ capacity: 45, refillPerSecond: 9 });
    expect(b.spec('ec2-mutating')).toEqual({ capacity: 22, refillPerSecond: 2.25 });
    const raised = createBudget({ share: 1, deadlineMs: 1000, overrides: { 'ec2-describe': { capacity: 200, refillPerSecond: 40 } } });
    expect(raised.spec('ec2-describe')).toEqual({ capacity: 180, refillPerSecond: 36 });
  });

  it('queues a burst past the bucket instead of failing it, and fails fast past the deadline with retryAfterMs', async () => {
    jest.useFakeTimers({ now: 0 });
    const events: Array<{ granted: boolean; waitMs: number }> = [];
    const b = createBudget({ share: 1, deadlineMs: 1000, overrides: { 'ec2-describe': { capacity: 3.4, refillPerSecond: 2 / 0.9 } }, onReserve: (e) => events.push(e) });
    expect(b.spec('ec2-describe')).toEqual({ capacity: 3, refillPerSecond: 2 });
    const done: number[] = [];
    const calls = Array.from({ length: 6 }, (_, i) =>
      b.take(scope, 'ec2', 'DescribeImages', describe5).then(
        () => done.push(i),
        (err: unknown) => err,
      ),
    );
    await jest.advanceTimersByTimeAsync(0);
    expect(done).toEqual([0, 1, 2]);
    await jest.advanceTimersByTimeAsync(500);
    expect(done).toEqual([0, 1, 2, 3]);
    await jest.advanceTimersByTimeAsync(500);
    expect(done).toEqual([0, 1, 2, 3, 4]);
    const results = await Promise.all(calls);
    // The sixth would have waited 1500 ms > 1000 ms: refused at once, nothing taken.
    expect(results[5]).toMatchObject({ code: 'AWS_THROTTLED', awsCode: 'GatewayBudgetExceeded', retryAfterMs: 1500, scope });
    expect(events.map((e) => [e.granted, e.waitMs])).toEqual([
      [true, 0],
      [true, 0],
      [true, 0],
      [true, 500],
      [true, 1000],
      [false, 0],
    ]);
  });

  it('keeps one bucket per scope and API: another region or action is not slowed', async () => {
    const b = createBudget({ share: 1, deadlineMs: 0, overrides: { 'ec2-describe': { capacity: 1.2, refillPerSecond: 0.001 } } });
    await b.take(scope, 'ec2', 'DescribeImages', describe5);
    await expect(b.take(scope, 'ec2', 'DescribeImages', describe5)).rejects.toMatchObject({ code: 'AWS_THROTTLED' });
    await expect(b.take(scopeOf(scope.accountId, 'eu-west-1'), 'ec2', 'DescribeImages', describe5)).resolves.toBe(0);
    await expect(b.take(scopeOf('109876543210', 'us-east-1'), 'ec2', 'DescribeImages', describe5)).resolves.toBe(0);
    await expect(b.take(scope, 'ec2', 'DescribeInstances', describe5)).resolves.toBe(0);
  });

  it('share 0 turns the budget off', async () => {
    const b = createBudget({ share: 0, deadlineMs: 0 });
    for (let i = 0; i < 500; i++) await b.take(scope, 'ec2', 'DescribeImages', describe5);
  });
});
