/**
 * What an operator may change at run time (POST /_sim/config): throttling, the clock's speed and
 * fault injection. Input is validated whole before anything changes, so a bad request changes nothing.
 */
import type { ControllableClock } from '../core/clock';
import { HttpError, finiteNonNegative, objectMember, onlyKeys } from './http';

/** Fault injection settings. */
export interface FaultConfig {
  /** 0..1: share of requests answered with a service error (500). */
  errorRate: number;
  /** Added latency per request, ms. */
  latencyMs: number;
  /** Only these actions (`DescribeInstances` or `ec2:DescribeInstances`); empty/absent = all. */
  actions?: string[];
}

export interface SimulatorConfigInput {
  throttling?: boolean;
  timeScale?: number;
  faults?: Partial<FaultConfig>;
}

export function faultApplies(f: FaultConfig, service: string, action: string): boolean {
  if (f.errorRate <= 0 && f.latencyMs <= 0) return false;
  if (!f.actions || f.actions.length === 0) return true;
  return f.actions.includes(action) || f.actions.includes(`${service}:${action}`);
}

const noFaults = (): FaultConfig => ({ errorRate: 0, latencyMs: 0 });

export class RuntimeConfig {
  throttling: boolean;
  faults: FaultConfig = noFaults();

  private readonly bucketListeners: (() => void)[] = [];

  constructor(
    private readonly clock: ControllableClock,
    private readonly initial: { throttling: boolean; timeScale: number },
  ) {
    this.throttling = initial.throttling;
  }

  /** `fn` runs whenever the bucket settings change, so buckets start over with them. */
  onBucketsChange(fn: () => void): void {
    this.bucketListeners.push(fn);
  }

  apply(cfg: SimulatorConfigInput): void {
    if (cfg.throttling !== undefined) {
      this.throttling = cfg.throttling;
      for (const fn of this.bucketListeners) fn();
    }
    if (cfg.timeScale !== undefined) this.clock.setTimeScale(cfg.timeScale);
    if (cfg.faults !== undefined) {
      this.faults = {
        errorRate: cfg.faults.errorRate ?? this.faults.errorRate,
        latencyMs: cfg.faults.latencyMs ?? this.faults.latencyMs,
        actions: cfg.faults.actions ?? this.faults.actions,
      };
    }
  }

  reset(): void {
    this.throttling = this.initial.throttling;
    this.faults = noFaults();
    this.clock.setTimeScale(this.initial.timeScale);
  }

  toJSON(): Record<string, unknown> {
    return { throttling: this.throttling, timeScale: this.clock.timeScale, faults: this.faults };
  }
}

/** POST /_sim/config's body → a validated change (throws HttpError 400 on any problem). */
export function parseConfigBody(b: Record<string, unknown>): SimulatorConfigInput {
  onlyKeys(b, ['throttling', 'faults', 'timeScale'], 'config');
  const cfg: SimulatorConfigInput = {};
  if (b.throttling !== undefined) {
    if (typeof b.throttling !== 'boolean') throw new HttpError(400, 'throttling must be a boolean');
    cfg.throttling = b.throttling;
  }
  if (b.timeScale !== undefined) cfg.timeScale = finiteNonNegative(b.timeScale, 'timeScale');
  if (b.faults !== undefined) cfg.faults = parseFaults(objectMember(b.faults, 'faults'));
  return cfg;
}

function parseFaults(f: Record<string, unknown>): Partial<FaultConfig> {
  onlyKeys(f, ['errorRate', 'latencyMs', 'actions'], 'faults');
  const out: Partial<FaultConfig> = {};
  if (f.errorRate !== undefined) {
    const r = finiteNonNegative(f.errorRate, 'faults.errorRate');
    if (r > 1) throw new HttpError(400, 'faults.errorRate must be between 0 and 1');
    out.errorRate = r;
  }
  if (f.latencyMs !== undefined) {
    const l = finiteNonNegative(f.latencyMs, 'faults.latencyMs');
    if (l > 60_000) throw new HttpError(400, 'faults.latencyMs must be at most 60000');
    out.latencyMs = l;
  }
  if (f.actions !== undefined) {
    if (!Array.isArray(f.actions) || !f.actions.every((a) => typeof a === 'string')) throw new HttpError(400, 'faults.actions must be an array of strings');
    out.actions = f.actions as string[];
  }
  return out;
}
