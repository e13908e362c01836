import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { ErrorCode } from '../../errors/codes';
import { GatewayError } from '../../errors/gateway-error';

/** Too many operations from one principal. `retryAfterSeconds` is also sent as Retry-After over HTTP. */
export class RateLimitedError extends GatewayError {
  constructor(readonly retryAfterSeconds: number) {
    super(ErrorCode.RATE_LIMITED, `Rate limit exceeded: retry in ${retryAfterSeconds}s`, { retryAfterSeconds });
    this.name = 'RateLimitedError';
  }
}

export interface RateLimiter {
  /** Spends one operation from the principal's budget; throws RateLimitedError when it is empty. */
  consume(principalId: string): Promise<void>;
}

export interface RateLimiterOptions {
  /** Operations per principal per minute; 0 = unlimited. */
  perMinute: number;
  /**
   * An ioredis (or node-redis, with useRedisPackage) client: the budget is then shared by every
   * gateway replica. Without one each process counts alone.
   */
  redis?: { client: unknown; useRedisPackage?: boolean; keyPrefix?: string };
  /** Told about each refusal (e.g. the rate_limited_total counter). */
  onLimited?: () => void;
}

/**
 * Per-principal token budget (rate-limiter-flexible, fixed one-minute windows). If Redis fails,
 * an in-memory limiter takes over (the "insurance" limiter), so an outage neither lets everyone
 * through unlimited nor turns into refusing every request.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (options.perMinute <= 0) return { consume: async () => {} };
  const points = options.perMinute;
  const memory = new RateLimiterMemory({ points, duration: 60, keyPrefix: 'fleetgraph-rl' });
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({
        storeClient: options.redis.client,
        useRedisPackage: options.redis.useRedisPackage,
        points,
        duration: 60,
        keyPrefix: options.redis.keyPrefix ?? 'fleetgraph-rl',
        insuranceLimiter: memory,
      })
    : memory;

  return {
    async consume(principalId) {
      try {
        await limiter.consume(principalId, 1);
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          options.onLimited?.();
          throw new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
        }
        throw rejection;
      }
    },
  };
}
