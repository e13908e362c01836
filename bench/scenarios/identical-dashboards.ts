/**
 * identical-dashboards (issue 8): 100 clients send the same 500-instance joined dashboard at the
 * same moment. One cold query's AWS calls are measured first on the same gateway; once its cache
 * entries have expired (the default 2 s TTL), the 100 go at once. In-flight coalescing and the
 * cache must keep the 100 within one query's calls, and every answer must equal the single one.
 */
import { withDeployment } from '../lib/deployment';
import { errorCodes, latency } from '../lib/load';
import { JOINED_500 } from '../lib/queries';
import { atMost, check, type BenchOptions, type Scenario, type ScenarioResult } from '../lib/scenario';
import { sleep } from '../lib/processes';
import { formatCalls, total } from '../lib/simulator-admin';

/** The gateway's default FLEETGRAPH_CACHE_TTL_MS, plus a margin: after it, nothing of the first query is cached. */
const CACHE_EXPIRY_WAIT_MS = 2500;

export const identicalDashboards: Scenario = {
  name: 'identical-dashboards',
  async run(o: BenchOptions): Promise<ScenarioResult> {
    const started = performance.now();
    const size = o.short ? { instances: 1000, clients: 30 } : { instances: 5000, clients: 100 };
    const simulator = { instances: size.instances, latencyMs: o.latencyMs, throttling: true };
    return withDeployment({ name: 'identical-dashboards', simulator, clients: size.clients }, async (d) => {
      const clients = await d.clients();
      const one = await d.measure(() => clients.run([{ query: JOINED_500 }]));
      const reference = one.result.answers[0];
      if (reference.status !== 200 || reference.body?.errors) throw new Error(`the single dashboard failed: ${JSON.stringify(reference.body ?? reference.error).slice(0, 500)}`);
      const oneCalls = total(one.calls);
      await sleep(CACHE_EXPIRY_WAIT_MS);
      await d.sim.configure({ throttling: true });

      o.log(`  ${size.clients} identical 500-instance joined dashboards at once …`);
      const m = await d.measure(() => clients.run(Array.from({ length: size.clients }, () => ({ query: JOINED_500 }))));
      const { answers, wallMs } = m.result;
      const want = JSON.stringify(reference.body);
      const identical = answers.filter((a) => a.status === 200 && JSON.stringify(a.body) === want).length;
      const calls = total(m.calls);
      return {
        name: 'identical-dashboards',
        workload: `${size.clients} clients each send the 500-instance joined dashboard (instances with image, macModificationTasks, managedNode) at the same moment, after one cold query on the same gateway`,
        settingChanges: [],
        simulator,
        checks: [
          atMost(`AWS calls for ${size.clients} dashboards (1.0 × one query's ${oneCalls})`, calls, oneCalls),
          check('answers identical to the single query', identical, `= ${size.clients}`, identical === size.clients),
          check('throttled calls at the simulator', total(m.throttled), '= 0', total(m.throttled) === 0),
        ],
        details: {
          dashboards: size.clients,
          oneQuery: { awsCalls: one.calls, awsCallsText: formatCalls(one.calls), ms: Math.round(reference.ms), cpuSeconds: one.cpuSeconds },
          awsCalls: m.calls,
          awsCallsText: formatCalls(m.calls),
          awsCallsTotal: calls,
          errorCodes: errorCodes(answers),
          wallMs: Math.round(wallMs),
          latencyMs: latency(answers),
          responseBytes: want.length,
          gateway: m.aws,
          cpuSeconds: m.cpuSeconds,
          query: JOINED_500,
        },
        elapsedSeconds: Math.round((performance.now() - started) / 100) / 10,
      };
    });
  },
};
