import { Redis } from 'ioredis';
import { ErrorCode } from '../../../src/errors/codes';
import { BudgetExceededError, createBudget } from '../../../src/server/security/budget';
import { startRedis, type Proc } from '../../support/processes';

describe('budget (token bucket in cost units)', () => {
  it('spends costs from a full bucket, refuses what it cannot afford without spending, and refills with time', async () => {
    let now = 1_000_000;
    const budget = createBudget({ perSecond: 10, burst: 100, now: () => now });
    expect(await budget.spend('apikey:a', 60)).toEqual({ allowed: true, remaining: 40, retryAfterSeconds: 0 });
    expect(await budget.spend('apikey:a', 50)).toEqual({ allowed: false, remaining: 40, retryAfterSeconds: 1 });
    expect(await budget.spend('apikey:a', 40)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await budget.peek('apikey:a')).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 3_000; // 30 units back
    expect(await budget.peek('apikey:a')).toMatchObject({ allowed: true, remaining: 30 });
    expect(await budget.spend('apikey:a', 100)).toEqual({ allowed: false, remaining: 30, retryAfterSeconds: 7 });
    now += 60_000; // never more than the bucket
    expect(await budget.spend('apikey:a', 0)).toMatchObject({ remaining: 100 });
  });

  it('keeps one bucket per principal', async () => {
    const budget = createBudget({ perSecond: 0.001, burst: 10 });
    await budget.spend('apikey:a', 10);
    expect((await budget.spend('apikey:b', 10)).allowed).toBe(true);
    expect((await budget.spend('apikey:a', 1)).allowed).toBe(false);
  });

  it('0 per second turns budgets off', async () => {
    const budget = createBudget({ perSecond: 0, burst: 1 });
    expect(budget.enabled).toBe(false);
    expect((await budget.spend('p', 1e9)).allowed).toBe(true);
  });

  it('its refusal is RATE_LIMITED with the cost and when to retry', () => {
    const e = new BudgetExceededError(7, 120);
    expect(e.extensions).toEqual({ code: ErrorCode.RATE_LIMITED, retryAfterSeconds: 7, cost: 120 });
    expect(e.message).toBe('Budget exceeded: this operation costs 120 and the budget refills in 7s');
  });
});

describe('budget shared through Redis', () => {
  let redis: { url: string; proc: Proc };
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis.proc.kill();
  });
  /** A connected client (as a replica's would be). */
  const client = async () => {
    const c = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    clients.push(c);
    await c.ping();
    return c;
  };

  it('two replicas spend from one bucket per principal', async () => {
    const a = createBudget({ perSecond: 0.001, burst: 100, redis: await client() });
    const b = createBudget({ perSecond: 0.001, burst: 100, redis: await client() });
    expect(await a.spend('apikey:shared', 70)).toMatchObject({ allowed: true, remaining: 30 });
    expect(await b.spend('apikey:shared', 40)).toMatchObject({ allowed: false, remaining: 30 });
    expect(await b.spend('apikey:shared', 30)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await a.peek('apikey:shared')).toMatchObject({ allowed: false });
    expect(await a.peek('apikey:other')).toMatchObject({ allowed: true, remaining: 100 });
  });

  it('concurrent spends never overdraw the bucket (one atomic script each)', async () => {
    const replicas = [createBudget({ perSecond: 0.001, burst: 50, redis: await client() }), createBudget({ perSecond: 0.001, burst: 50, redis: await client() })];
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => replicas[i % 2].spend('apikey:race', 3)));
    expect(results.filter((r) => r.allowed)).toHaveLength(16); // 16 × 3 = 48 ≤ 50
  });

  it('when Redis fails, each replica counts alone instead of refusing everyone', async () => {
    const errors: unknown[] = [];
    const broken = { eval: () => Promise.reject(new Error('connection lost')) };
    const budget = createBudget({ perSecond: 0.001, burst: 10, redis: broken, onStoreError: (e) => errors.push(e) });
    expect(await budget.spend('apikey:a', 6)).toMatchObject({ allowed: true, remaining: 4 });
    expect(await budget.spend('apikey:a', 6)).toMatchObject({ allowed: false });
    expect(errors).toHaveLength(2);
  });
});
