/** The simulator's admin endpoints (/_sim/*): what AWS calls it received, and its settings. */
export type Calls = Record<string, number>;

export interface SimStats {
  calls: Calls;
  throttled: Calls;
}

export class SimulatorAdmin {
  constructor(readonly url: string) {}

  async stats(): Promise<SimStats> {
    const res = await fetch(`${this.url}/_sim/stats`);
    if (!res.ok) throw new Error(`GET /_sim/stats answered ${res.status}`);
    const s = (await res.json()) as SimStats;
    return { calls: s.calls, throttled: s.throttled };
  }

  async configure(config: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${this.url}/_sim/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(config) });
    if (!res.ok) throw new Error(`POST /_sim/config answered ${res.status}: ${await res.text()}`);
  }

  /** Moves the simulated clock (the simulator runs with SIM_TIME_SCALE=0: only this moves it). */
  async advanceClock(seconds: number): Promise<void> {
    const res = await fetch(`${this.url}/_sim/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds }) });
    if (!res.ok) throw new Error(`POST /_sim/clock/advance answered ${res.status}`);
  }

  async world<T>(): Promise<T> {
    const res = await fetch(`${this.url}/_sim/world`);
    if (!res.ok) throw new Error(`GET /_sim/world answered ${res.status}`);
    return (await res.json()) as T;
  }
}

export function diff(before: Calls, after: Calls): Calls {
  const out: Calls = {};
  for (const [k, v] of Object.entries(after)) {
    const d = v - (before[k] ?? 0);
    if (d) out[k] = d;
  }
  return out;
}

export function total(calls: Calls): number {
  return Object.values(calls).reduce((a, b) => a + b, 0);
}

/** "ec2:DescribeInstances 3, ssm:… 1" without the service prefix. */
export function formatCalls(calls: Calls): string {
  const parts = Object.entries(calls).map(([k, v]) => `${k.split(':')[1] ?? k} ${v}`);
  return parts.length ? parts.join(', ') : 'none';
}
