import type { RunningSimulator } from '@fleetgraph/aws-sim';
import { type BenchGateway, type Calls, measureCalls, total } from '../lib/env';
import { DASHBOARD, EXECUTIONS_50, JOINED_500, PLAIN_1000 } from '../lib/queries';

export interface CallsRow {
  /** Short name for the targets list. */
  label: string;
  name: string;
  query: string;
  nodes: number;
  calls: Calls;
  awsCalls: number;
  /** What the batching promises for this response (the target: awsCalls ≤ bound). */
  bound: number;
  boundFormula: string;
  /** One AWS call per parent per joined field (and per item of a joined list). */
  nPlusOne: number;
  nPlusOneFormula: string;
  batchingFactor: number;
  ok: boolean;
}

const ceil = (a: number, b: number) => Math.ceil(a / b);
const distinct = <T>(xs: T[]) => new Set(xs).size;

function row(label: string, name: string, query: string, nodes: number, calls: Calls, bound: number, boundFormula: string, nPlusOne: number, nPlusOneFormula: string): CallsRow {
  const awsCalls = total(calls);
  return {
    label,
    name,
    query,
    nodes,
    calls,
    awsCalls,
    bound,
    boundFormula,
    nPlusOne,
    nPlusOneFormula,
    batchingFactor: Math.round((nPlusOne / Math.max(1, awsCalls)) * 10) / 10,
    ok: awsCalls <= bound,
  };
}

interface InstanceNode {
  id: string;
  imageId: string;
  isMac: boolean;
  macModificationTasks: unknown[];
}

/** The join part of an instance list: images, Mac tasks (Macs only), SSM nodes. */
function instanceJoinBound(nodes: InstanceNode[]) {
  const images = distinct(nodes.map((n) => n.imageId));
  const macs = nodes.filter((n) => n.isMac).length;
  return {
    images,
    macs,
    bound: ceil(images, 200) + ceil(macs, 200) + ceil(nodes.length, 50),
    formula: `⌈images ${images}/200⌉ + ⌈macs ${macs}/200⌉ + ⌈${nodes.length}/50⌉`,
  };
}

/**
 * AWS calls per query, each on a cold gateway cache (cache TTL 0: nothing is reused between
 * queries), read from the simulator's /_sim/stats before and after.
 */
export async function runCallScenarios(sim: RunningSimulator, gw: BenchGateway): Promise<CallsRow[]> {
  const rows: CallsRow[] = [];

  {
    const { result, calls } = await measureCalls(sim, () => gw.data<{ instances: { nodes: InstanceNode[] } }>(JOINED_500));
    const nodes = result.instances.nodes;
    const j = instanceJoinBound(nodes);
    const n = nodes.length;
    rows.push(row('instances(first: 500) joined', 'instances(first: 500) + image, macModificationTasks, managedNode', JOINED_500, n, calls, 1 + j.bound, `1 + ${j.formula}`, 1 + 3 * n, `1 + 3 × ${n}`));
  }

  {
    const { result, calls } = await measureCalls(sim, () => gw.data<{ instances: { nodes: unknown[] } }>(PLAIN_1000));
    const n = result.instances.nodes.length;
    rows.push(row('instances(first: 1000) plain', 'instances(first: 1000), scalars only', PLAIN_1000, n, calls, ceil(n, 1000), `⌈${n}/1000⌉ (MaxResults 1000)`, ceil(n, 1000), 'same (no joins)'));
  }

  {
    type Exec = { documentName: string; documentVersion: string | null; targetInstances: { id: string }[] };
    const { result, calls } = await measureCalls(sim, () => gw.data<{ automationExecutions: { nodes: Exec[] } }>(EXECUTIONS_50));
    const nodes = result.automationExecutions.nodes;
    const n = nodes.length;
    const targets = nodes.flatMap((e) => e.targetInstances.map((t) => t.id));
    const runbooks = distinct(nodes.map((e) => `${e.documentName}@${e.documentVersion ?? ''}`));
    // GetAutomationExecution and DescribeDocument have no batch form: one per execution / runbook version.
    rows.push(
      row(
        'automationExecutions(first: 50) joined',
        'automationExecutions(first: 50) + steps, targetInstances, runbook',
        EXECUTIONS_50,
        n,
        calls,
        1 + n + ceil(distinct(targets), 200) + runbooks,
        `1 + ${n} GetAutomationExecution (steps and targets share it) + ⌈${distinct(targets)} targets/200⌉ + ${runbooks} distinct runbook versions`,
        1 + 3 * n + targets.length,
        `1 + 3 × ${n} + ${targets.length} target lookups`,
      ),
    );
  }

  {
    type Dash = {
      macs: { nodes: InstanceNode[] };
      activeTasks: { nodes: { instanceId: string }[] };
      ownImages: { nodes: unknown[] };
      runs: { nodes: { documentName: string; documentVersion: string | null }[] };
    };
    const { result, calls } = await measureCalls(sim, () => gw.data<Dash>(DASHBOARD));
    const macs = result.macs.nodes;
    const j = instanceJoinBound(macs);
    const tasks = result.activeTasks.nodes;
    const images = result.ownImages.nodes.length;
    const runs = result.runs.nodes;
    const runbooks = distinct(runs.map((e) => `${e.documentName}@${e.documentVersion ?? ''}`));
    const nodes = macs.length + tasks.length + images + runs.length;
    const bound =
      1 + j.bound + // Mac instances and their joins
      1 + ceil(distinct(tasks.map((t) => t.instanceId)), 200) + // active tasks + their instances
      1 + images + // images + launchPermissions (DescribeImageAttribute: one image per call)
      1 + runs.length + runbooks; // executions + GetAutomationExecution + DescribeDocument
    const formula =
      `[1 + ${j.formula}] + [1 + ⌈${tasks.length} task instances/200⌉] + [1 + ${images} DescribeImageAttribute] + [1 + ${runs.length} + ${runbooks} runbooks]`;
    const nPlusOne = 1 + 3 * macs.length + 1 + tasks.length + 1 + images + 1 + 2 * runs.length;
    rows.push(
      row('dashboard (all families)', 'dashboard: Macs + joins, active Mac tasks + instance, own AMIs + launch permissions, executions + steps + runbook', DASHBOARD, nodes, calls, bound, formula, nPlusOne,
        `1 + 3 × ${macs.length} + 1 + ${tasks.length} + 1 + ${images} + 1 + 2 × ${runs.length}`),
    );
  }
  return rows;
}
