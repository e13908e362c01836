/** What a scenario is and what it reports: figures next to their bounds, PASS/FAIL. */
export interface Check {
  /** What is measured, e.g. "DescribeInstances calls". */
  figure: string;
  measured: number | string;
  /** The bound, readable: "≤ 20". */
  bound: string;
  pass: boolean;
  /**
   * A wall-clock figure: meaningful on a quiet machine (the full bench), noise on a shared CI
   * runner, so the short bench reports it without failing on it.
   */
  wallClock?: boolean;
}

export interface ScenarioResult {
  name: string;
  /** One sentence: the workload. */
  workload: string;
  /** Settings that differ from the defaults, each with why. */
  settingChanges: Array<{ setting: string; why: string }>;
  simulator: { instances: number; latencyMs: string; throttling: boolean };
  checks: Check[];
  /** Everything else measured (calls by action, gateway metrics, latency, heap). */
  details: Record<string, unknown>;
  elapsedSeconds: number;
}

export interface BenchOptions {
  short: boolean;
  /** SIM_LATENCY_MS for every scenario. */
  latencyMs: string;
  log(line: string): void;
}

export interface Scenario {
  name: string;
  run(opts: BenchOptions): Promise<ScenarioResult>;
}

export function check(figure: string, measured: number | string, bound: string, pass: boolean): Check {
  return { figure, measured, bound, pass };
}

/** The same check, marked as a wall-clock figure (see Check.wallClock). */
export function wallClock(c: Check): Check {
  return { ...c, wallClock: true };
}

/** ≤ bound, as a check. */
export function atMost(figure: string, measured: number, bound: number, unit = ''): Check {
  return check(figure, measured, `≤ ${bound}${unit}`, measured <= bound);
}
