/**
 * What stands between a request and its service: EC2-faithful token-bucket throttling, the
 * latency every AWS call has, and injected faults (extra latency, errors). The gate only decides;
 * each protocol front turns a refusal into its service's own error.
 */
import type { ServiceName, ThrottleClass } from '../core/contract';
import { Prng } from '../core/rng';
import { FaultMode, RuntimeConfig, faultApplies } from './runtime-config';
import { CallStats } from './stats';
import { BucketSet } from './throttle';

export type Refusal = { kind: 'throttled' } | { kind: 'fault'; mode: FaultMode };

const FAULT_STREAM = 0x5eed5eed;
const LATENCY_STREAM = 0x1a7e1c7;

export class Gate {
  private readonly buckets = new BucketSet();
  private faultRng: Prng;
  private latencyRng: Prng;

  constructor(
    private readonly config: RuntimeConfig,
    private readonly stats: CallStats,
    private readonly seed: number,
  ) {
    this.faultRng = new Prng(seed ^ FAULT_STREAM);
    this.latencyRng = new Prng(seed ^ LATENCY_STREAM);
  }

  /**
   * `scope` keys the buckets: AWS keeps them per account and region. A throttled call still
   * takes its latency (AWS answers RequestLimitExceeded no faster than anything else).
   */
  async pass(scope: string, service: ServiceName, action: string, cls: ThrottleClass | undefined): Promise<Refusal | undefined> {
    const throttled = !!cls && this.config.throttling && !this.buckets.take(`${scope}/${service}:${cls.key}`, this.config.buckets[cls.bucket]);
    const { min, max } = this.config.latency;
    if (max > 0) await sleep(min + this.latencyRng.next() * (max - min));
    if (throttled) {
      this.stats.throttle(scope, `${service}:${action}`);
      return { kind: 'throttled' };
    }
    const faults = this.config.faults;
    if (faultApplies(faults, service, action)) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (faults.errorRate > 0 && this.faultRng.next() < faults.errorRate) return { kind: 'fault', mode: faults.mode };
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
    this.latencyRng = new Prng(this.seed ^ LATENCY_STREAM);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
