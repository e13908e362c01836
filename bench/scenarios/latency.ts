import type { RunningSimulator } from '@fleetgraph/aws-sim';
import { BenchGateway, type Calls, measureCalls, total } from '../lib/env';
import { runLoad, summarize, type LatencySummary } from '../lib/load';
import { INSTANCE_BY_ID, JOINED_500 } from '../lib/queries';

export interface LatencyRow extends LatencySummary {
  name: string;
  concurrency: number;
  cacheTtlMs: number;
  throttling: boolean;
  maxRequests: number;
  maxDurationMs: number;
  awsCalls: number;
  awsCallsPerRequest: number;
  calls: Calls;
  throttledCalls: number;
  firstError?: string;
}

export interface LoadSpec {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  concurrency: number;
  maxRequests: number;
  maxDurationMs: number;
  warmup: number;
}

/** Closed-loop load on one gateway; AWS calls and throttled calls from the simulator around it. */
export async function runLoadSpec(sim: RunningSimulator, gw: BenchGateway, spec: LoadSpec, opts: { throttling: boolean }): Promise<LatencyRow> {
  for (let i = 0; i < spec.warmup; i++) await gw.data(spec.query, spec.variables);
  const { result, calls, throttled } = await measureCalls(sim, () =>
    runLoad({ concurrency: spec.concurrency, maxRequests: spec.maxRequests, maxDurationMs: spec.maxDurationMs }, async () => {
      const r = await gw.gql(spec.query, spec.variables);
      if (r.status !== 200 || r.errors?.length) return `HTTP ${r.status} ${JSON.stringify(r.errors?.[0] ?? null).slice(0, 300)}`;
      return undefined;
    }),
  );
  const s = summarize(result);
  const awsCalls = total(calls);
  return {
    name: spec.name,
    concurrency: spec.concurrency,
    cacheTtlMs: Number(gw.env.FLEETGRAPH_CACHE_TTL_MS ?? 2000),
    throttling: opts.throttling,
    maxRequests: spec.maxRequests,
    maxDurationMs: spec.maxDurationMs,
    ...s,
    awsCalls,
    awsCallsPerRequest: Math.round((awsCalls / Math.max(1, s.requests)) * 100) / 100,
    calls,
    throttledCalls: total(throttled),
    firstError: result.firstError,
  };
}

export const joinedSpec = (concurrency: number): LoadSpec => ({
  name: `instances(first: 500) joined, c=${concurrency}`,
  query: JOINED_500,
  concurrency,
  maxRequests: 600,
  maxDurationMs: 10000,
  warmup: 2,
});

export const lookupSpec = (instanceId: string): LoadSpec => ({
  name: 'instance(instanceId:) lookup, c=32',
  query: INSTANCE_BY_ID,
  variables: { id: instanceId },
  concurrency: 32,
  maxRequests: 4000,
  maxDurationMs: 5000,
  warmup: 5,
});

/**
 * Latency and throughput with every request reaching the simulator (cache TTL 0: only identical
 * in-flight calls are shared) and with the default 2 s describe cache.
 */
export async function runLatencyScenarios(sim: RunningSimulator, lookupId: string): Promise<LatencyRow[]> {
  const rows: LatencyRow[] = [];
  for (const ttl of ['0', '2000']) {
    const gw = await BenchGateway.start(sim, { FLEETGRAPH_CACHE_TTL_MS: ttl });
    try {
      for (const c of [1, 8]) rows.push(await runLoadSpec(sim, gw, joinedSpec(c), { throttling: false }));
      rows.push(await runLoadSpec(sim, gw, lookupSpec(lookupId), { throttling: false }));
    } finally {
      await gw.close();
    }
  }
  return rows;
}

/**
 * The same load with the simulator's EC2/SSM token buckets on (AWS's request-rate classes, e.g.
 * SSM 50 burst + 20/s). With the default cache the gateway must stay inside them: no throttled
 * call at the simulator, no error to a client. The cache-off run shows what the cache buys: the
 * SDK's adaptive retry absorbs the throttling (no client errors) at the cost of latency.
 */
export async function runThrottlingScenario(sim: RunningSimulator, lookupId: string): Promise<LatencyRow[]> {
  sim.configure({ throttling: true });
  const rows: LatencyRow[] = [];
  try {
    for (const ttl of ['2000', '0']) {
      const gw = await BenchGateway.start(sim, { FLEETGRAPH_CACHE_TTL_MS: ttl });
      try {
        rows.push(await runLoadSpec(sim, gw, { ...joinedSpec(8), name: 'instances(first: 500) joined, c=8, THROTTLING ON' }, { throttling: true }));
        if (ttl === '2000') rows.push(await runLoadSpec(sim, gw, { ...lookupSpec(lookupId), name: 'instance(instanceId:) lookup, c=32, THROTTLING ON' }, { throttling: true }));
      } finally {
        await gw.close();
      }
      // Fresh buckets for the next run.
      sim.configure({ throttling: true });
    }
    return rows;
  } finally {
    sim.configure({ throttling: false });
  }
}
