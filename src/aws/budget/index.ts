import type { Redis } from 'ioredis';
import { ErrorCode } from '../../errors/codes';
import type { AwsService } from '../events';
import { AwsError } from '../errors';
import { scopeKey, type Scope } from '../scope';
import { API_CLASSES, AWS_BUCKETS, bucketFor, type ApiClass, type BucketSpec } from './api-classes';
import { RedisBucketStore } from './redis-store';
import { isFull, reserve, type BucketState, type Reservation } from './token-bucket';

export { API_CLASSES, AWS_BUCKETS, bucketFor, type ApiClass, type BucketSpec };

/** Kept below AWS's numbers on top of the share: our clock and AWS's are not the same clock. */
export const SAFETY_MARGIN = 0.1;

export interface BudgetOptions {
  /** Share of each AWS bucket this gateway (all its replicas together) may use; 0 turns the budget off. */
  share: number;
  /** Longest a call may queue for a token; past it the call fails fast with AWS_THROTTLED. */
  deadlineMs: number;
  /** Buckets other than AWS's defaults (an account whose limits AWS raised). */
  overrides?: Partial<Record<ApiClass, BucketSpec>>;
  /** With Redis every replica draws from one bucket per scope × API; without, this process only. */
  redis?: Redis;
  /** Every reservation, for metrics. */
  onReserve?: (e: BudgetEvent) => void;
  /** Redis failed; the process falls back to its own buckets meanwhile. */
  onStoreError?: (err: unknown) => void;
}

export interface BudgetEvent {
  scope: Scope;
  apiClass: ApiClass;
  bucket: string;
  granted: boolean;
  waitMs: number;
  tokensLeft: number;
}

export interface Budget {
  /**
   * Take one token for a call, waiting in line when the bucket is empty. Resolves with the time
   * waited; rejects with AWS_THROTTLED (and `retryAfterMs`) when the wait would pass the deadline.
   */
  take(scope: Scope, service: AwsService, action: string, input: object): Promise<number>;
  /** The effective bucket of a class (after share and margin). */
  spec(apiClass: ApiClass): BucketSpec;
}

const MAX_IDLE_BUCKETS = 1000;

/** Client-side budgets mirroring AWS's buckets, so the gateway queues instead of being throttled. */
export function createBudget(options: BudgetOptions): Budget {
  const specs = Object.fromEntries(
    API_CLASSES.map((c) => {
      const aws = options.overrides?.[c] ?? AWS_BUCKETS[c];
      const factor = options.share * (1 - SAFETY_MARGIN);
      return [c, { capacity: Math.max(1, Math.floor(aws.capacity * factor)), refillPerSecond: aws.refillPerSecond * factor }];
    }),
  ) as Record<ApiClass, BucketSpec>;
  // Each bucket with its own class's spec: whether it is full (droppable) depends on that spec.
  const local = new Map<string, { state: BucketState; spec: BucketSpec }>();
  let sweepAbove = MAX_IDLE_BUCKETS;
  const redis = options.redis ? new RedisBucketStore(options.redis) : undefined;

  const reserveLocally = (key: string, spec: BucketSpec): Reservation => {
    const now = Date.now();
    if (local.size > sweepAbove) {
      // Full buckets hold nothing a fresh one would not; the next sweep waits until the map has
      // grown again, so a map of busy buckets is not walked on every call.
      for (const [k, b] of local) if (isFull(b.state, now, b.spec)) local.delete(k);
      sweepAbove = Math.max(MAX_IDLE_BUCKETS, 2 * local.size);
    }
    const { state, reservation } = reserve(local.get(key)?.state, now, spec, options.deadlineMs);
    local.set(key, { state, spec });
    return reservation;
  };

  const reserveShared = async (key: string, spec: BucketSpec): Promise<Reservation> => {
    if (!redis) return reserveLocally(key, spec);
    try {
      return await redis.reserve(key, spec, options.deadlineMs);
    } catch (err) {
      // Redis down: keep serving on this replica's own bucket rather than fail every call.
      options.onStoreError?.(err);
      return reserveLocally(key, spec);
    }
  };

  return {
    spec: (apiClass) => specs[apiClass],
    async take(scope, service, action, input) {
      if (options.share <= 0) return 0;
      const { apiClass, bucket } = bucketFor(service, action, input);
      const spec = specs[apiClass];
      const r = await reserveShared(`${scopeKey(scope)}|${bucket}`, spec);
      options.onReserve?.({ scope, apiClass, bucket, granted: r.granted, waitMs: r.granted ? r.waitMs : 0, tokensLeft: r.tokensLeft });
      if (!r.granted) {
        const retryAfterMs = Math.ceil(r.waitMs);
        throw new AwsError(ErrorCode.AWS_THROTTLED, `AWS request budget for ${bucket} in ${scope.region} (account ${scope.accountId}) is used up; retry in ${retryAfterMs} ms`, {
          awsCode: 'GatewayBudgetExceeded',
          scope,
          operation: `${service}:${action}`,
          retryAfterMs,
        });
      }
      if (r.waitMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.ceil(r.waitMs)));
      return r.waitMs;
    },
  };
}
