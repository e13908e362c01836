/**
 * What stands between a request and its service: EC2-faithful token-bucket throttling and
 * injected faults (extra latency, errors). The gate only decides; each protocol front turns a
 * refusal into its service's own error.
 */
import type { ServiceName, ThrottleClass } from '../core/contract';
import { Prng } from '../core/rng';
import { RuntimeConfig, faultApplies } from './runtime-config';
import { CallStats } from './stats';
import { BucketSet, DEFAULT_BUCKETS } from './throttle';

export type Refusal = 'throttled' | 'fault';

const FAULT_STREAM = 0x5eed5eed;

export class Gate {
  private readonly buckets = new BucketSet();
  private faultRng: Prng;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly stats: CallStats,
    private readonly seed: number,
  ) {
    this.faultRng = new Prng(seed ^ FAULT_STREAM);
  }

  async pass(service: ServiceName, action: string, cls: ThrottleClass): Promise<Refusal | undefined> {
    if (this.config.throttling && !this.buckets.take(`${service}:${cls.key}`, DEFAULT_BUCKETS[cls.bucket])) {
      this.stats.throttled.inc(`${service}:${action}`);
      return 'throttled';
    }
    const faults = this.config.faults;
    if (faultApplies(faults, service, action)) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (faults.errorRate > 0 && this.faultRng.next() < faults.errorRate) return 'fault';
    }
    return undefined;
  }

  /** Buckets start full again (after a reset or a change of bucket settings). */
  refill(): void {
    this.buckets.clear();
  }

  reset(): void {
    this.refill();
    this.faultRng = new Prng(this.seed ^ FAULT_STREAM);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
