/**
 * burst-5000 (issue 8): every one of the world's 5,000 instances looked up at once (1,000 clients,
 * five lookups each), the simulator throttling at AWS's numbers and the gateway's AWS budget set
 * to AWS's numbers too. AWS (the simulator) must see 0 throttled calls, and every lookup answers.
 */
import { withDeployment } from '../lib/deployment';
import { errorCodes, latency } from '../lib/load';
import { INSTANCE_BY_ID } from '../lib/queries';
import { check, type BenchOptions, type Scenario, type ScenarioResult } from '../lib/scenario';
import { formatCalls, total } from '../lib/simulator-admin';
import { readInstances, shuffled } from '../lib/world';

export const burst5000: Scenario = {
  name: 'burst-5000',
  async run(o: BenchOptions): Promise<ScenarioResult> {
    const started = performance.now();
    const size = o.short ? { instances: 1000, clients: 200 } : { instances: 5000, clients: 1000 };
    const simulator = { instances: size.instances, latencyMs: o.latencyMs, throttling: true };
    const settingChanges = [
      {
        setting: 'FLEETGRAPH_AWS_BUDGET_SHARE=1 (default 0.5)',
        why: 'the budget at AWS\'s numbers: the gateway may use the account\'s whole bucket (less its 10% margin), the tightest setting in which it must still never be throttled',
      },
    ];
    return withDeployment({ name: 'burst-5000', simulator, gatewayEnv: { FLEETGRAPH_AWS_BUDGET_SHARE: '1' }, clients: size.clients }, async (d) => {
      const world = shuffled(await readInstances(d.sim.url), 13);
      const typeOf = new Map(world.map((i) => [i.id, i.type]));
      await d.sim.configure({ throttling: true });
      o.log(`  ${world.length} distinct lookups from ${size.clients} clients at once …`);
      const clients = await d.clients();
      const m = await d.measure(() => clients.run(world.map((i) => ({ query: INSTANCE_BY_ID, variables: { id: i.id } }))));
      const { answers, wallMs } = m.result;
      const correct = answers.filter((a, i) => a.status === 200 && !a.body?.errors && a.body?.data?.instance?.instanceType === typeOf.get(world[i].id)).length;
      const throttled = total(m.throttled);
      return {
        name: 'burst-5000',
        workload: `all ${world.length} instances of the world, one instance(instanceId:) lookup each, from ${size.clients} clients at once (closed-loop, each client its own address)`,
        settingChanges,
        simulator,
        checks: [
          check('throttled calls at the simulator (/_sim/stats)', throttled, '= 0', throttled === 0),
          check('lookups answered correctly (completes)', correct, `= ${world.length}`, correct === world.length),
        ],
        details: {
          awsCalls: m.calls,
          awsCallsText: formatCalls(m.calls),
          awsCallsTotal: total(m.calls),
          errorCodes: errorCodes(answers),
          wallMs: Math.round(wallMs),
          latencyMs: latency(answers),
          gateway: m.aws,
          cpuSeconds: m.cpuSeconds,
          query: INSTANCE_BY_ID,
        },
        elapsedSeconds: Math.round((performance.now() - started) / 100) / 10,
      };
    });
  },
};
