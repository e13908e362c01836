import { createReadinessCheck } from '../../../src/observability/health';

describe('readiness check', () => {
  it('is ready when the probe succeeds, and caches the answer', async () => {
    let calls = 0;
    const r = createReadinessCheck(async () => void calls++, { cacheMs: 60_000 });
    expect((await r.check()).ready).toBe(true);
    await r.check();
    expect(calls).toBe(1);
  });

  it('is not ready when the probe fails or hangs, with a fixed reason and no error text', async () => {
    const failing = createReadinessCheck(async () => {
      throw new Error('connect ECONNREFUSED http://secret-endpoint');
    });
    const result = await failing.check();
    expect(result).toMatchObject({ ready: false, reason: 'unreachable' });
    expect(JSON.stringify(result)).not.toContain('secret');
    const hanging = createReadinessCheck(() => new Promise(() => {}), { timeoutMs: 20 });
    expect(await hanging.check()).toMatchObject({ ready: false, reason: 'timeout' });
  });
});
