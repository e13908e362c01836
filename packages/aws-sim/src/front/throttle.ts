/**
 * Token buckets, wall-clock based (AWS throttles on real time, not simulated time).
 * A request takes one token; an empty bucket means the request is throttled.
 */
import type { BucketName } from '../core/contract';

export interface BucketSpec {
  burst: number;
  refillPerSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    readonly spec: BucketSpec,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.tokens = spec.burst;
    this.last = nowMs();
  }
  tryTake(): boolean {
    const t = this.nowMs();
    this.tokens = Math.min(this.spec.burst, this.tokens + ((t - this.last) / 1000) * this.spec.refillPerSecond);
    this.last = t;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }
}

/** Lazily-created buckets keyed by name (per API action / class). */
export class BucketSet {
  private readonly buckets = new Map<string, TokenBucket>();
  take(key: string, spec: BucketSpec): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(spec);
      this.buckets.set(key, b);
    }
    return b.tryTake();
  }
  clear(): void {
    this.buckets.clear();
  }
}

/**
 * AWS's published bucket sizes (ARCHITECTURE §4a): EC2 Describe* 100 / 20 per s, the unfiltered
 * and unpaginated DescribeInstances 50 / 10, mutating calls 50 / 5; SSM 50 / 20 (simulator's
 * choice: SSM publishes no bucket sizes).
 */
export const DEFAULT_BUCKETS: Readonly<Record<BucketName, BucketSpec>> = {
  describe: { burst: 100, refillPerSecond: 20 },
  unfilteredDescribeInstances: { burst: 50, refillPerSecond: 10 },
  mutating: { burst: 50, refillPerSecond: 5 },
  ssm: { burst: 50, refillPerSecond: 20 },
};
