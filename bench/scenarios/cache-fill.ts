/**
 * cache-fill (issue 8): the aliased shifting-`first` attack on a 5,000-instance world. Every alias
 * `instances(first: N)` with a new N is a new cache key holding up to N instances, so an unbounded
 * cache grows with every request. The gateway's heap after a full GC (read through the V8
 * inspector) must stay under 150 MB after 50 attack requests.
 */
import { DEFAULT_CACHE_MAX_BYTES } from '../../src/config/aws-access';
import { withDeployment } from '../lib/deployment';
import { heapAfterGc } from '../lib/heap';
import { errorCodes, latency } from '../lib/load';
import { aliasedFirsts } from '../lib/queries';
import { check, type BenchOptions, type Scenario, type ScenarioResult } from '../lib/scenario';
import { formatCalls, total } from '../lib/simulator-admin';

const HEAP_BOUND_MB = 150;
/** Aliases per request: the most whose cost (one unit per instance) stays within the default FLEETGRAPH_MAX_COST of 5,000. */
const ALIASES = 5;
/** Ten attacker addresses: each stays within its own per-principal budget (5 requests × ~4,400 units ≤ 15,000 + refill). */
const CLIENTS = 10;

export const cacheFill: Scenario = {
  name: 'cache-fill',
  async run(o: BenchOptions): Promise<ScenarioResult> {
    const started = performance.now();
    const size = o.short ? { instances: 1000, requests: 10 } : { instances: 5000, requests: 50 };
    const simulator = { instances: size.instances, latencyMs: o.latencyMs, throttling: false };
    const settingChanges = [
      {
        setting: 'simulator throttling off, FLEETGRAPH_AWS_BUDGET_SHARE=0 (no client-side AWS budget)',
        why: 'so every attack request reaches AWS and offers its answer to the cache: the cache\'s byte bound, not the AWS budget, must be what holds memory',
      },
      {
        setting: 'FLEETGRAPH_MAX_EXECUTION_MS=120000 (default 15000)',
        why: 'on a busy shared runner the attack requests run past 15 s and are stopped before their answers fill the cache; the scenario measures the byte bound, not the time limit (hostile-queries tests that)',
      },
    ];
    const gatewayEnv = { FLEETGRAPH_AWS_BUDGET_SHARE: '0', FLEETGRAPH_MAX_EXECUTION_MS: '120000' };
    return withDeployment({ name: 'cache-fill', simulator, gatewayEnv, clients: CLIENTS, inspect: true }, async (d) => {
      const inspector = d.gateway.inspectorUrl!;
      // The original attack, 30 aliases of ~1,000 instances, is refused at the door by the cost limit.
      const clients = await d.clients();
      const original = await clients.run([{ query: aliasedFirsts(Array.from({ length: 30 }, (_, j) => 1000 - j)) }]);
      const originalCodes = errorCodes(original.answers);
      const heapAtStart = await heapAfterGc(inspector);

      const firsts = (r: number) => Array.from({ length: ALIASES }, (_, j) => 1000 - (r * ALIASES + j));
      const requests = Array.from({ length: size.requests }, (_, r) => ({ query: aliasedFirsts(firsts(r)) }));
      o.log(`  ${size.requests} attack requests of ${ALIASES} aliases each from ${CLIENTS} clients …`);
      const m = await d.measure(() => clients.run(requests));
      const heapAfter = await heapAfterGc(inspector);
      const answered = m.result.answers.filter((a) => a.status === 200 && !a.body?.errors && Object.keys(a.body?.data ?? {}).length === ALIASES).length;
      const cacheMaxBytes = DEFAULT_CACHE_MAX_BYTES;
      return {
        name: 'cache-fill',
        workload: `${size.requests} requests, each ${ALIASES} aliased instances(first: N) { nodes { id } } with N shifting from 1000 down (${size.requests * ALIASES} distinct lists), ${CLIENTS} clients (addresses) so the per-principal budget does not slow the attacker`,
        settingChanges,
        simulator,
        checks: [
          check(`gateway heap after GC, MB (after ${size.requests} attack requests)`, heapAfter.heapUsedMB, `< ${HEAP_BOUND_MB}`, heapAfter.heapUsedMB < HEAP_BOUND_MB),
          // The attack must actually reach the bound, or the heap figure says nothing about it.
          check('cache filled to its byte bound: estimated bytes vs FLEETGRAPH_CACHE_MAX_BYTES', m.aws.cache.bytes, `${Math.round(cacheMaxBytes * 0.9)}..${cacheMaxBytes}`, m.aws.cache.bytes >= cacheMaxBytes * 0.9 && m.aws.cache.bytes <= cacheMaxBytes),
        ],
        details: {
          heapAtStartMB: heapAtStart.heapUsedMB,
          heapAfterMB: heapAfter.heapUsedMB,
          rssAtStartMB: heapAtStart.rssMB,
          rssAfterMB: heapAfter.rssMB,
          cache: m.aws.cache,
          attackRequestsAnsweredInFull: answered,
          originalAttack: { aliases: 30, status: original.answers[0].status, errorCodes: originalCodes },
          awsCalls: m.calls,
          awsCallsText: formatCalls(m.calls),
          awsCallsTotal: total(m.calls),
          errorCodes: errorCodes(m.result.answers),
          wallMs: Math.round(m.result.wallMs),
          latencyMs: latency(m.result.answers),
          cpuSeconds: m.cpuSeconds,
          exampleQuery: requests[0].query,
        },
        elapsedSeconds: Math.round((performance.now() - started) / 100) / 10,
      };
    });
  },
};
