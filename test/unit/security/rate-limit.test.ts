import { ErrorCode } from '../../../src/errors/codes';
import { createRateLimiter, RateLimitedError } from '../../../src/server/security/rate-limit';

describe('per-principal rate limiter', () => {
  it('lets perMinute operations through, then refuses with RATE_LIMITED and retryAfterSeconds', async () => {
    let limited = 0;
    const limiter = createRateLimiter({ perMinute: 3, onLimited: () => limited++ });
    for (let i = 0; i < 3; i++) await limiter.consume('apikey:a');
    const err = await limiter.consume('apikey:a').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RateLimitedError);
    const e = err as RateLimitedError;
    expect(e.code).toBe(ErrorCode.RATE_LIMITED);
    expect(e.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(e.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(e.extensions.retryAfterSeconds).toBe(e.retryAfterSeconds);
    expect(limited).toBe(1);
  });

  it('keeps a separate budget per principal', async () => {
    const limiter = createRateLimiter({ perMinute: 1 });
    await limiter.consume('apikey:a');
    await expect(limiter.consume('apikey:b')).resolves.toBeUndefined();
    await expect(limiter.consume('apikey:a')).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('0 per minute means unlimited', async () => {
    const limiter = createRateLimiter({ perMinute: 0 });
    for (let i = 0; i < 1000; i++) await limiter.consume('p');
  });
});
