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

/** What GET /_sim/stats reports: calls and throttled calls per action since the last reset. */
export class CallStats {
  readonly calls = new Counters();
  readonly throttled = new Counters();

  clear(): void {
    this.calls.clear();
    this.throttled.clear();
  }

  toJSON(): { calls: Record<string, number>; throttled: Record<string, number> } {
    return { calls: this.calls.toJSON(), throttled: this.throttled.toJSON() };
  }
}
