/**
 * calls-per-query: AWS calls of each kind of query, one after the other on a cold gateway, next to
 * the batched bound and to the unbatched baseline. The baseline counts only calls the resolvers
 * would really make without cross-key batching: one per distinct key they ask for (the
 * per-request DataLoader's de-duplication kept; Mac tasks only for Macs, as the resolver asks),
 * derived from what the answer holds.
 */
import { withDeployment } from '../lib/deployment';
import { EXECUTIONS_50, FLEET_PAGE, JOINED_500, PLAIN_1000 } from '../lib/queries';
import { atMost, type BenchOptions, type Check, type Scenario, type ScenarioResult } from '../lib/scenario';
import { formatCalls, total, type Calls } from '../lib/simulator-admin';

const ceil = (a: number, b: number) => Math.ceil(a / b);
const distinct = <T>(xs: T[]) => new Set(xs).size;

interface InstanceNode {
  id: string;
  imageId: string;
  isMac: boolean;
}

interface Row {
  query: string;
  nodes: number;
  awsCalls: number;
  calls: Calls;
  bound: number;
  boundFormula: string;
  unbatched: number;
  unbatchedFormula: string;
}

/** Joins of an instance list: images (200 ids a call), Mac tasks of the Macs (200), SSM nodes (50). */
function instanceJoins(nodes: InstanceNode[]) {
  const images = distinct(nodes.map((n) => n.imageId));
  const macs = nodes.filter((n) => n.isMac).length;
  const n = nodes.length;
  return {
    bound: ceil(images, 200) + ceil(macs, 200) + ceil(n, 50),
    boundFormula: `⌈${images} images/200⌉ + ⌈${macs} Macs/200⌉ + ⌈${n} nodes/50⌉`,
    unbatched: images + macs + n,
    unbatchedFormula: `${images} images + ${macs} Macs + ${n} nodes`,
  };
}

export const callsPerQuery: Scenario = {
  name: 'calls-per-query',
  async run(o: BenchOptions): Promise<ScenarioResult> {
    const started = performance.now();
    const simulator = { instances: o.short ? 1000 : 5000, latencyMs: o.latencyMs, throttling: true };
    const settingChanges = [{ setting: 'FLEETGRAPH_CACHE_TTL_MS=0 (default 2000)', why: 'each query is measured cold: no query may reuse an earlier one\'s cached answers (identical calls in flight are still shared)' }];
    return withDeployment({ name: 'calls-per-query', simulator, gatewayEnv: { FLEETGRAPH_CACHE_TTL_MS: '0' }, clients: 1 }, async (d) => {
      const rows: Row[] = [];
      const one = async <T>(query: string) => {
        const clients = await d.clients();
        const m = await d.measure(() => clients.run([{ query }]));
        const a = m.result.answers[0];
        if (a.status !== 200 || a.body?.errors) throw new Error(`calls-per-query: ${query.slice(0, 60)}… failed: ${JSON.stringify(a.body ?? a.error).slice(0, 500)}`);
        return { data: a.body!.data as T, calls: m.calls };
      };
      const push = (query: string, nodes: number, calls: Calls, bound: number, boundFormula: string, unbatched: number, unbatchedFormula: string) =>
        rows.push({ query, nodes, awsCalls: total(calls), calls, bound, boundFormula, unbatched, unbatchedFormula });

      {
        const { data, calls } = await one<{ instances: { nodes: InstanceNode[] } }>(JOINED_500);
        const nodes = data.instances.nodes;
        const j = instanceJoins(nodes);
        push(JOINED_500, nodes.length, calls, 1 + j.bound, `1 page + ${j.boundFormula}`, 1 + j.unbatched, `1 page + ${j.unbatchedFormula}`);
      }
      {
        const { data, calls } = await one<{ instances: { nodes: unknown[] } }>(PLAIN_1000);
        const n = data.instances.nodes.length;
        push(PLAIN_1000, n, calls, ceil(n, 1000), `⌈${n}/1000⌉ pages`, ceil(n, 1000), 'the same (no joins)');
      }
      {
        type Exec = { documentName: string; documentVersion: string | null; targetInstances: { id: string }[] };
        const { data, calls } = await one<{ automationExecutions: { nodes: Exec[] } }>(EXECUTIONS_50);
        const execs = data.automationExecutions.nodes;
        const targets = distinct(execs.flatMap((e) => e.targetInstances.map((t) => t.id)));
        const runbooks = distinct(execs.map((e) => `${e.documentName}@${e.documentVersion ?? ''}`));
        const n = execs.length;
        push(
          EXECUTIONS_50, n, calls,
          1 + n + ceil(targets, 200) + runbooks, `1 page + ${n} GetAutomationExecution (steps and targets share it) + ⌈${targets} targets/200⌉ + ${runbooks} runbook versions`,
          1 + n + targets + runbooks, `1 page + ${n} + ${targets} targets + ${runbooks} runbook versions`,
        );
      }
      {
        type Page = {
          macs: { nodes: InstanceNode[] };
          activeTasks: { nodes: { instanceId: string }[] };
          ownImages: { nodes: unknown[] };
          runs: { nodes: { documentName: string; documentVersion: string | null }[] };
        };
        const { data, calls } = await one<Page>(FLEET_PAGE);
        const j = instanceJoins(data.macs.nodes);
        const taskInstances = distinct(data.activeTasks.nodes.map((t) => t.instanceId));
        const images = data.ownImages.nodes.length;
        const runs = data.runs.nodes.length;
        const runbooks = distinct(data.runs.nodes.map((e) => `${e.documentName}@${e.documentVersion ?? ''}`));
        const nodes = data.macs.nodes.length + data.activeTasks.nodes.length + images + runs;
        push(
          FLEET_PAGE, nodes, calls,
          1 + j.bound + 1 + ceil(taskInstances, 200) + 1 + images + 1 + runs + runbooks,
          `[1 + ${j.boundFormula}] + [1 + ⌈${taskInstances} task instances/200⌉] + [1 + ${images} DescribeImageAttribute] + [1 + ${runs} + ${runbooks} runbooks]`,
          1 + j.unbatched + 1 + taskInstances + 1 + images + 1 + runs + runbooks,
          `[1 + ${j.unbatchedFormula}] + [1 + ${taskInstances}] + [1 + ${images}] + [1 + ${runs} + ${runbooks}]`,
        );
      }
      const names = ['instances(first: 500) joined', 'instances(first: 1000) scalars', 'automationExecutions(first: 50) joined', 'fleet page (all families)'];
      const checks: Check[] = rows.map((r, i) => atMost(`AWS calls, ${names[i]} (${r.boundFormula})`, r.awsCalls, r.bound));
      return {
        name: 'calls-per-query',
        workload: 'four different queries, one after the other, each once on a cold cache',
        settingChanges,
        simulator,
        checks,
        details: {
          rows: rows.map((r, i) => ({ name: names[i], ...r, callsText: formatCalls(r.calls), factor: Math.round((r.unbatched / Math.max(1, r.awsCalls)) * 10) / 10 })),
        },
        elapsedSeconds: Math.round((performance.now() - started) / 100) / 10,
      };
    });
  },
};
