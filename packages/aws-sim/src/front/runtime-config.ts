/**
 * What an operator may change at run time (POST /_sim/config): throttling and its bucket sizes,
 * AWS-like latency, the clock's speed and fault injection. Input is validated whole before
 * anything changes, so a bad request changes nothing.
 */
import type { ControllableClock } from '../core/clock';
import type { BucketName } from '../core/contract';
import { HttpError, finiteNonNegative, objectMember, onlyKeys } from './http';
import { BucketSpec, DEFAULT_BUCKETS } from './throttle';

/** How an injected failure answers: as the AWS service would (500 with its error), or as a proxy in front of it would. */
export type FaultMode = 'aws' | 'html502' | 'html500';
export const FAULT_MODES: readonly FaultMode[] = ['aws', 'html502', 'html500'];

/** Fault injection settings. */
export interface FaultConfig {
  /** 0..1: share of requests answered with a failure. */
  errorRate: number;
  /** Added latency per request, ms. */
  latencyMs: number;
  /** Only these actions (`DescribeInstances` or `ec2:DescribeInstances`); empty/absent = all. */
  actions?: string[];
  /** How a failure answers (default `aws`). */
  mode: FaultMode;
}

/** Latency every AWS call gets, uniform in [min, max] ms (AWS answers in tens of ms, not zero). */
export interface LatencyRange {
  min: number;
  max: number;
}

export interface SimulatorConfigInput {
  throttling?: boolean;
  timeScale?: number;
  faults?: Partial<FaultConfig>;
  latencyMs?: LatencyRange;
  buckets?: Partial<Record<BucketName, Partial<BucketSpec>>>;
  /** Accounts AssumeRole into answers AccessDenied (replaces the list; [] opens them all again). */
  denyAssumeRole?: string[];
  /** An action, not a setting: every session issued so far expires now. */
  expireSessions?: boolean;
}

export function faultApplies(f: FaultConfig, service: string, action: string): boolean {
  if (f.errorRate <= 0 && f.latencyMs <= 0) return false;
  if (!f.actions || f.actions.length === 0) return true;
  return f.actions.includes(action) || f.actions.includes(`${service}:${action}`);
}

const noFaults = (): FaultConfig => ({ errorRate: 0, latencyMs: 0, mode: 'aws' });
const defaultBuckets = (): Record<BucketName, BucketSpec> =>
  Object.fromEntries(Object.entries(DEFAULT_BUCKETS).map(([k, v]) => [k, { ...v }])) as Record<BucketName, BucketSpec>;

export interface InitialConfig {
  throttling: boolean;
  timeScale: number;
  latencyMs: LatencyRange;
}

export class RuntimeConfig {
  throttling: boolean;
  faults: FaultConfig = noFaults();
  latency: LatencyRange;
  buckets: Record<BucketName, BucketSpec> = defaultBuckets();
  deniedAccounts: ReadonlySet<string> = new Set();
  private readonly bucketListeners: (() => void)[] = [];

  constructor(
    private readonly clock: ControllableClock,
    private readonly initial: InitialConfig,
  ) {
    this.throttling = initial.throttling;
    this.latency = { ...initial.latencyMs };
  }

  /** `fn` runs whenever the bucket settings change, so buckets start over with them. */
  onBucketsChange(fn: () => void): void {
    this.bucketListeners.push(fn);
  }

  apply(cfg: SimulatorConfigInput): void {
    if (cfg.throttling !== undefined) this.throttling = cfg.throttling;
    if (cfg.buckets !== undefined) {
      for (const [name, spec] of Object.entries(cfg.buckets) as [BucketName, Partial<BucketSpec>][]) {
        this.buckets[name] = { ...this.buckets[name], ...spec };
      }
    }
    if (cfg.throttling !== undefined || cfg.buckets !== undefined) for (const fn of this.bucketListeners) fn();
    if (cfg.timeScale !== undefined) this.clock.setTimeScale(cfg.timeScale);
    if (cfg.latencyMs !== undefined) this.latency = { ...cfg.latencyMs };
    if (cfg.denyAssumeRole !== undefined) this.deniedAccounts = new Set(cfg.denyAssumeRole);
    if (cfg.faults !== undefined) {
      this.faults = {
        errorRate: cfg.faults.errorRate ?? this.faults.errorRate,
        latencyMs: cfg.faults.latencyMs ?? this.faults.latencyMs,
        actions: cfg.faults.actions ?? this.faults.actions,
        mode: cfg.faults.mode ?? this.faults.mode,
      };
    }
  }

  reset(): void {
    this.throttling = this.initial.throttling;
    this.buckets = defaultBuckets();
    this.latency = { ...this.initial.latencyMs };
    this.faults = noFaults();
    this.deniedAccounts = new Set();
    this.clock.setTimeScale(this.initial.timeScale);
    for (const fn of this.bucketListeners) fn();
  }

  toJSON(): Record<string, unknown> {
    return {
      throttling: this.throttling,
      buckets: this.buckets,
      latencyMs: this.latency,
      timeScale: this.clock.timeScale,
      faults: this.faults,
      denyAssumeRole: [...this.deniedAccounts],
    };
  }
}

const MAX_LATENCY_MS = 60_000;

/**
 * A latency setting: `30`, `"30"`, `"20-60"` or `{"min": 20, "max": 60}`; `undefined` if it is
 * not one (the caller names the problem).
 */
export function parseLatency(v: unknown): LatencyRange | undefined {
  let range: LatencyRange | undefined;
  if (typeof v === 'number') range = { min: v, max: v };
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(?:-\s*(\d+(?:\.\d+)?)\s*)?$/.exec(v);
    if (m) range = { min: Number(m[1]), max: Number(m[2] ?? m[1]) };
  } else if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    if (Object.keys(o).every((k) => k === 'min' || k === 'max') && typeof o.min === 'number' && typeof o.max === 'number') range = { min: o.min, max: o.max };
  }
  if (!range || !Number.isFinite(range.min) || !Number.isFinite(range.max) || range.min < 0 || range.max < range.min || range.max > MAX_LATENCY_MS) return undefined;
  return range;
}

/** POST /_sim/config's body → a validated change (throws HttpError 400 on any problem). */
export function parseConfigBody(b: Record<string, unknown>): SimulatorConfigInput {
  onlyKeys(b, ['throttling', 'faults', 'timeScale', 'latencyMs', 'buckets', 'denyAssumeRole', 'expireSessions'], 'config');
  const cfg: SimulatorConfigInput = {};
  if (b.throttling !== undefined) {
    if (typeof b.throttling !== 'boolean') throw new HttpError(400, 'throttling must be a boolean');
    cfg.throttling = b.throttling;
  }
  if (b.timeScale !== undefined) cfg.timeScale = finiteNonNegative(b.timeScale, 'timeScale');
  if (b.latencyMs !== undefined) {
    cfg.latencyMs = parseLatency(b.latencyMs);
    if (!cfg.latencyMs) throw new HttpError(400, `latencyMs must be a number of ms, "min-max" or {"min", "max"} within 0..${MAX_LATENCY_MS}`);
  }
  if (b.faults !== undefined) cfg.faults = parseFaults(objectMember(b.faults, 'faults'));
  if (b.buckets !== undefined) cfg.buckets = parseBuckets(objectMember(b.buckets, 'buckets'));
  if (b.denyAssumeRole !== undefined) {
    if (!Array.isArray(b.denyAssumeRole) || !b.denyAssumeRole.every((a) => typeof a === 'string' && /^\d{12}$/.test(a))) {
      throw new HttpError(400, 'denyAssumeRole must be an array of 12-digit account ids');
    }
    cfg.denyAssumeRole = b.denyAssumeRole as string[];
  }
  if (b.expireSessions !== undefined) {
    if (b.expireSessions !== true) throw new HttpError(400, 'expireSessions must be true (it expires every session issued so far)');
    cfg.expireSessions = true;
  }
  return cfg;
}

function parseFaults(f: Record<string, unknown>): Partial<FaultConfig> {
  onlyKeys(f, ['errorRate', 'latencyMs', 'actions', 'mode'], 'faults');
  const out: Partial<FaultConfig> = {};
  if (f.errorRate !== undefined) {
    const r = finiteNonNegative(f.errorRate, 'faults.errorRate');
    if (r > 1) throw new HttpError(400, 'faults.errorRate must be between 0 and 1');
    out.errorRate = r;
  }
  if (f.latencyMs !== undefined) {
    const l = finiteNonNegative(f.latencyMs, 'faults.latencyMs');
    if (l > MAX_LATENCY_MS) throw new HttpError(400, `faults.latencyMs must be at most ${MAX_LATENCY_MS}`);
    out.latencyMs = l;
  }
  if (f.actions !== undefined) {
    if (!Array.isArray(f.actions) || !f.actions.every((a) => typeof a === 'string')) throw new HttpError(400, 'faults.actions must be an array of strings');
    out.actions = f.actions as string[];
  }
  if (f.mode !== undefined) {
    if (!FAULT_MODES.includes(f.mode as FaultMode)) throw new HttpError(400, `faults.mode must be one of ${FAULT_MODES.join(', ')}`);
    out.mode = f.mode as FaultMode;
  }
  return out;
}

function parseBuckets(b: Record<string, unknown>): Partial<Record<BucketName, Partial<BucketSpec>>> {
  const names = Object.keys(DEFAULT_BUCKETS);
  onlyKeys(b, names, 'buckets');
  const out: Partial<Record<BucketName, Partial<BucketSpec>>> = {};
  for (const [name, raw] of Object.entries(b)) {
    const spec = objectMember(raw, `buckets.${name}`);
    onlyKeys(spec, ['burst', 'refillPerSecond'], `buckets.${name}`);
    const one: Partial<BucketSpec> = {};
    if (spec.burst !== undefined) {
      if (typeof spec.burst !== 'number' || !Number.isInteger(spec.burst) || spec.burst < 1) throw new HttpError(400, `buckets.${name}.burst must be an integer >= 1`);
      one.burst = spec.burst;
    }
    if (spec.refillPerSecond !== undefined) one.refillPerSecond = finiteNonNegative(spec.refillPerSecond, `buckets.${name}.refillPerSecond`);
    out[name as BucketName] = one;
  }
  return out;
}
