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

/**
 * What GET /_sim/stats reports since the last reset: calls and throttled calls per action (in
 * total and per scope, `account/region`), and the most calls of one action in flight at once
 * (clients that bound their concurrency are tested against it).
 */
export class CallStats {
  readonly calls = new Counters();
  readonly throttled = new Counters();
  private readonly inFlight = new Map<string, number>();
  private readonly inFlightMax = new Map<string, number>();
  private readonly scopes = new Map<string, { calls: Counters; throttled: Counters }>();

  private scope(scope: string) {
    let s = this.scopes.get(scope);
    if (!s) this.scopes.set(scope, (s = { calls: new Counters(), throttled: new Counters() }));
    return s;
  }

  /** A call arrives; the returned function marks it answered. */
  begin(scope: string, key: string): () => void {
    this.calls.inc(key);
    this.scope(scope).calls.inc(key);
    const now = (this.inFlight.get(key) ?? 0) + 1;
    this.inFlight.set(key, now);
    if (now > (this.inFlightMax.get(key) ?? 0)) this.inFlightMax.set(key, now);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    };
  }

  throttle(scope: string, key: string): void {
    this.throttled.inc(key);
    this.scope(scope).throttled.inc(key);
  }

  /** Counters back to zero; calls still in flight keep counting down from where they are. */
  clear(): void {
    this.calls.clear();
    this.throttled.clear();
    this.inFlightMax.clear();
    for (const [k, n] of this.inFlight) if (n > 0) this.inFlightMax.set(k, n);
    this.scopes.clear();
  }

  toJSON() {
    const sorted = <V>(m: Map<string, V>) => [...m.entries()].sort(([a], [b]) => a.localeCompare(b));
    return {
      calls: this.calls.toJSON(),
      throttled: this.throttled.toJSON(),
      maxInFlight: Object.fromEntries(sorted(this.inFlightMax)),
      scopes: Object.fromEntries(sorted(this.scopes).map(([k, v]) => [k, { calls: v.calls.toJSON(), throttled: v.throttled.toJSON() }])),
    };
  }
}
