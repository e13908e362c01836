/**
 * distinct-lookups (issue 8): 2,000 different `instance(instanceId:)` lookups from 200 clients at
 * once, the simulator throttling at AWS's numbers. The batching lower bound is ⌈2000/200⌉ = 10
 * DescribeInstances; the bound allows twice that. 1% of the ids do not exist: each must cost only
 * its own null. Every answer is checked against the world read from the simulator.
 */
import { withDeployment } from '../lib/deployment';
import { errorCodes, latency } from '../lib/load';
import { INSTANCE_BY_ID } from '../lib/queries';
import { atMost, check, wallClock, type BenchOptions, type Scenario, type ScenarioResult } from '../lib/scenario';
import { formatCalls, total } from '../lib/simulator-admin';
import { readInstances, shuffled } from '../lib/world';

const EC2_BATCH = 200;
/** Wall-time bound per lookup: issue 8's 5 s for 2,000. */
const WALL_MS_PER_LOOKUP = 5000 / 2000;

export const distinctLookups: Scenario = {
  name: 'distinct-lookups',
  async run(o: BenchOptions): Promise<ScenarioResult> {
    const started = performance.now();
    const size = o.short ? { instances: 1500, lookups: 1000, clients: 200 } : { instances: 5000, lookups: 2000, clients: 200 };
    const simulator = { instances: size.instances, latencyMs: o.latencyMs, throttling: true };
    return withDeployment({ name: 'distinct-lookups', simulator, clients: size.clients }, async (d) => {
      const world = shuffled(await readInstances(d.sim.url));
      const unknown = Math.round(size.lookups / 100);
      const known = world.slice(0, size.lookups - unknown);
      const ids = shuffled([...known.map((i) => i.id), ...Array.from({ length: unknown }, (_, k) => `i-0ffff${String(k).padStart(12, '0')}`)], 11);
      const typeOf = new Map(known.map((i) => [i.id, i.type]));

      // Warm the gateway's JIT on ids outside the sample, then refill the simulator's buckets.
      const clients = await d.clients();
      const warm = await clients.run(world.slice(size.lookups, size.lookups + 200).map((i) => ({ query: INSTANCE_BY_ID, variables: { id: i.id } })));
      if (Object.keys(errorCodes(warm.answers)).length) throw new Error(`warm-up failed: ${JSON.stringify(errorCodes(warm.answers))}`);
      await d.sim.configure({ throttling: true });

      o.log(`  ${size.lookups} distinct lookups (${unknown} unknown ids) from ${size.clients} clients …`);
      const m = await d.measure(() => clients.run(ids.map((id) => ({ query: INSTANCE_BY_ID, variables: { id } }))));
      const { calls, throttled } = m;
      const { answers, wallMs } = m.result;
      let correct = 0;
      const wrong: string[] = [];
      answers.forEach((a, i) => {
        const id = ids[i];
        const got = a.body?.data?.instance as { id: string; instanceType: string } | null | undefined;
        const want = typeOf.get(id);
        const ok = a.status === 200 && !a.body?.errors && (want === undefined ? got === null : got?.id === id && got.instanceType === want);
        if (ok) correct++;
        else if (wrong.length < 3) wrong.push(`${id}: HTTP ${a.status} ${JSON.stringify(a.body ?? a.error).slice(0, 200)}`);
      });
      const codes = errorCodes(answers);
      const lowerBound = Math.ceil(size.lookups / EC2_BATCH);
      const describeInstances = calls['ec2:DescribeInstances'] ?? 0;
      const wallBound = WALL_MS_PER_LOOKUP * size.lookups;
      return {
        name: 'distinct-lookups',
        workload: `${size.lookups} distinct instance(instanceId:) lookups (${unknown} of ids that do not exist), ${size.clients} clients closed-loop (${size.clients} in flight), each client its own address`,
        settingChanges: [],
        simulator,
        checks: [
          atMost(`DescribeInstances calls (2 × ⌈${size.lookups}/${EC2_BATCH}⌉)`, describeInstances, 2 * lowerBound),
          check('AWS_THROTTLED answers', codes.AWS_THROTTLED ?? 0, '= 0', !codes.AWS_THROTTLED),
          check('correct answers (id and type as in the world; unknown → null)', correct, `= ${size.lookups}`, correct === size.lookups),
          wallClock(atMost(`wall time ms (${WALL_MS_PER_LOOKUP} ms × ${size.lookups})`, Math.round(wallMs), wallBound)),
        ],
        details: {
          lookups: size.lookups,
          clients: size.clients,
          awsCalls: calls,
          awsCallsText: formatCalls(calls),
          awsCallsTotal: total(calls),
          throttledAtSimulator: total(throttled),
          batchingLowerBound: lowerBound,
          errorCodes: codes,
          wrongAnswers: wrong,
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
