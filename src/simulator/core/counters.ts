/** Per-action call counters (`ec2:DescribeInstances`, `ssm:GetAutomationExecution`, …). */
export class Counters {
  private readonly map = new Map<string, number>();
  inc(key: string): void {
    this.map.set(key, (this.map.get(key) ?? 0) + 1);
  }
  get(key: string): number {
    return this.map.get(key) ?? 0;
  }
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.map.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
  clear(): void {
    this.map.clear();
  }
}

/** Fault injection settings (POST /_sim/config). */
export interface FaultConfig {
  /** 0..1: share of requests answered with InternalError (EC2, 500) / InternalServerError (SSM, 500). */
  errorRate: number;
  /** Added latency per request, ms. */
  latencyMs: number;
  /** Only these actions (`DescribeInstances` or `ec2:DescribeInstances`); empty/absent = all. */
  actions?: string[];
}

export function faultApplies(f: FaultConfig, service: 'ec2' | 'ssm', action: string): boolean {
  if (f.errorRate <= 0 && f.latencyMs <= 0) return false;
  if (!f.actions || f.actions.length === 0) return true;
  return f.actions.includes(action) || f.actions.includes(`${service}:${action}`);
}
