import 'reflect-metadata';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/observability/logger';
import { startGateway, type RunningGateway } from '../../src/server/gateway';
import { SIM_ACCESS_KEYS, SIM_ACCOUNT_ID, SIM_SECRET_KEY, startSimulator, type RunningSimulator } from '@fleetgraph/aws-sim';

export type Calls = Record<string, number>;

export interface GqlResult<T = any> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** Settings shared by every gateway the bench starts (on top of the scenario's own). */
export const BASE_GATEWAY_ENV: Record<string, string> = {
  PORT: '0',
  HOST: '127.0.0.1',
  FLEETGRAPH_RATE_LIMIT_PER_MINUTE: '0',
  // The 500-instance joined query costs ~8,000 under the default 5,000 budget (see src/server/security/cost.ts).
  FLEETGRAPH_MAX_COST: '100000',
};

export const SIM_OPTIONS = { port: 0, instances: 5000, timeScale: 0, throttling: false } as const;

export async function startSim(): Promise<RunningSimulator> {
  return startSimulator({ ...SIM_OPTIONS });
}

/** One gateway on the shared simulator, reached over loopback HTTP with plain fetch. */
export class BenchGateway {
  private constructor(
    readonly sim: RunningSimulator,
    readonly gateway: RunningGateway,
    readonly env: Record<string, string>,
  ) {}

  static async start(sim: RunningSimulator, env: Record<string, string>, opts: { manualWatcher?: boolean } = {}): Promise<BenchGateway> {
    const full = { ...BASE_GATEWAY_ENV, ...env };
    const gateway = await startGateway({
      config: loadConfig(full),
      logger: createLogger({ level: 'silent' }),
      manualWatcher: opts.manualWatcher,
      awsEndpoint: sim.url,
      credentials: { accessKeyId: SIM_ACCESS_KEYS.admin, secretAccessKey: SIM_SECRET_KEY },
      accountId: SIM_ACCOUNT_ID,
    });
    return new BenchGateway(sim, gateway, full);
  }

  async gql<T = any>(query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> {
    const res = await fetch(this.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: GqlResult['errors'] };
    return { status: res.status, data: body.data, errors: body.errors };
  }

  /** Fails on any GraphQL error. */
  async data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await this.gql<T>(query, variables);
    if (r.status !== 200 || r.errors?.length) throw new Error(`GraphQL errors (HTTP ${r.status}): ${JSON.stringify(r.errors).slice(0, 2000)}`);
    return r.data as T;
  }

  close(): Promise<void> {
    return this.gateway.close();
  }
}

/** AWS calls and throttled calls from the simulator's GET /_sim/stats (the operator's view). */
export async function simStats(sim: RunningSimulator): Promise<{ calls: Calls; throttled: Calls }> {
  const res = await fetch(`${sim.url}/_sim/stats`);
  return (await res.json()) as { calls: Calls; throttled: Calls };
}

export function diffCalls(before: Calls, after: Calls): Calls {
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

/** Calls (and throttled calls) the simulator saw while `fn` ran. */
export async function measureCalls<T>(sim: RunningSimulator, fn: () => Promise<T>): Promise<{ result: T; calls: Calls; throttled: Calls }> {
  const before = await simStats(sim);
  const result = await fn();
  const after = await simStats(sim);
  return { result, calls: diffCalls(before.calls, after.calls), throttled: diffCalls(before.throttled, after.throttled) };
}
