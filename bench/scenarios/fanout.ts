/**
 * fanout: one Mac SIP task created through the mutation, N subscribers on it (over ⌈N/20⌉
 * graphql-ws connections: the default FLEETGRAPH_WS_MAX_OPERATIONS is 20), in a worker thread of
 * the load process. The simulated clock is moved (PENDING → IN_PROGRESS → SUCCESSFUL) and the
 * gateway's watcher finds the changes on its own polls. AWS calls must follow the watched task,
 * not the subscribers; the event must reach the last subscriber soon after the first.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { withDeployment } from '../lib/deployment';
import { heapAfterGc } from '../lib/heap';
import { atMost, check, type BenchOptions, type Check, type Scenario, type ScenarioResult } from '../lib/scenario';
import { formatCalls, total } from '../lib/simulator-admin';

const CREATE_SIP = `mutation Sip($input: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $input) { task { id state } } }`;
const TASK_SUB = `subscription Task($id: String!) { macModificationTaskUpdated(taskId: $id) { id state isTerminal instance { id instanceType } } }`;
const OPS_PER_SOCKET = 20;
const POLL_MS = 1000;
/** First → last subscriber for one event. */
const MAX_SPREAD_MS = 1000;
const EVENTS = 3;

const now = () => performance.timeOrigin + performance.now();

export const fanout: Scenario = {
  name: 'fanout',
  async run(o: BenchOptions): Promise<ScenarioResult> {
    const started = performance.now();
    const sizes = o.short ? [1, 200] : [1, 1000];
    const simulator = { instances: 200, latencyMs: o.latencyMs, throttling: true };
    const settingChanges = [
      {
        setting: `FLEETGRAPH_POLL_MIN_MS=FLEETGRAPH_POLL_MAX_MS=${POLL_MS} (aws defaults 5000 / 60000)`,
        why: 'a steady 1 s poll, so a run takes seconds and the poll count is known; what is measured (calls per poll, fan-out after the poll) does not depend on it',
      },
    ];
    const gatewayEnv = { FLEETGRAPH_POLL_MIN_MS: String(POLL_MS), FLEETGRAPH_POLL_MAX_MS: String(POLL_MS) };
    return withDeployment({ name: 'fanout', simulator, gatewayEnv, clients: 1, inspect: true }, async (d) => {
      const world = await d.sim.world<{ idleRunningMac: { macX86: string[] } }>();
      const rows = [];
      for (const [k, subscribers] of sizes.entries()) {
        const clients = await d.clients();
        const created = await clients.run([{ query: CREATE_SIP, variables: { input: { instanceId: world.idleRunningMac.macX86[k], status: 'DISABLED' } } }]);
        const taskId = created.answers[0].body?.data?.createMacSipModificationTask?.task?.id as string | undefined;
        if (!taskId) throw new Error(`fanout: the SIP task was not created: ${JSON.stringify(created.answers[0].body).slice(0, 500)}`);
        o.log(`  ${subscribers} subscriber(s) on ${taskId} …`);
        rows.push(await oneSize(d, taskId, subscribers));
      }
      const big = rows[rows.length - 1];
      const checks: Check[] = [];
      for (const r of rows) {
        checks.push(check(`${r.subscribers} subscriber(s): each gets PENDING > IN_PROGRESS > SUCCESSFUL, then complete`, r.sequences['PENDING>IN_PROGRESS>SUCCESSFUL'] ?? 0, `= ${r.subscribers}`, r.sequences['PENDING>IN_PROGRESS>SUCCESSFUL'] === r.subscribers && r.errorCount === 0));
        // The watcher polls the task, not each subscriber: at most one DescribeMacModificationTasks per poll (+1 for the first look).
        checks.push(atMost(`${r.subscribers} subscriber(s): DescribeMacModificationTasks calls (⌈${r.watchedMs} ms watched / ${POLL_MS} ms poll⌉ + 1)`, r.calls['ec2:DescribeMacModificationTasks'] ?? 0, Math.ceil(r.watchedMs / POLL_MS) + 1));
        // Each event's payload joins `instance`: every subscriber's lookup shares one call per event.
        checks.push(atMost(`${r.subscribers} subscriber(s): DescribeInstances calls (1 per event, ${EVENTS} events)`, r.calls['ec2:DescribeInstances'] ?? 0, EVENTS));
      }
      checks.push(atMost(`${big.subscribers} subscribers: first → last subscriber, IN_PROGRESS event, ms`, big.spreadMs, MAX_SPREAD_MS));
      return {
        name: 'fanout',
        workload: `one Mac SIP task created with the mutation; ${sizes.join(' and ')} subscriber(s) on it over ⌈N/${OPS_PER_SOCKET}⌉ graphql-ws connections; the simulated clock moved 90 s (→ IN_PROGRESS), then 30 min (→ SUCCESSFUL)`,
        settingChanges,
        simulator,
        checks,
        details: { sizes: rows, query: TASK_SUB },
        elapsedSeconds: Math.round((performance.now() - started) / 100) / 10,
      };
    });
  },
};

type Deployment = Parameters<Parameters<typeof withDeployment>[1]>[0];

async function oneSize(d: Deployment, taskId: string, subscribers: number) {
  const worker = new Worker(path.join(__dirname, '..', 'lib', 'subscriber-worker.js'));
  const queued: any[] = [];
  const waiters: Array<{ type: string; resolve: (m: any) => void }> = [];
  worker.on('message', (m: { type: string }) => {
    const w = waiters.find((x) => x.type === m.type);
    if (w) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    } else queued.push(m);
  });
  const next = (type: string, timeoutMs = 60_000) =>
    new Promise<any>((resolve, reject) => {
      const q = queued.find((m) => m.type === type);
      if (q) {
        queued.splice(queued.indexOf(q), 1);
        return resolve(q);
      }
      const timer = setTimeout(() => reject(new Error(`fanout ${subscribers}: no '${type}' from the subscribers within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  try {
    const heapBefore = await heapAfterGc(d.gateway.inspectorUrl!);
    const m = await d.measure(async () => {
      const t0 = now();
      const wsUrl = d.gateway.url.replace(/^http/, 'ws');
      worker.postMessage({ type: 'subscribe', wsUrl, query: TASK_SUB, variables: { id: taskId }, count: subscribers, connections: Math.ceil(subscribers / OPS_PER_SOCKET), milestones: [2, 3] });
      await next('ready');
      const readyMs = now() - t0;
      const heapWith = await heapAfterGc(d.gateway.inspectorUrl!);
      const advanced1 = now();
      await d.sim.advanceClock(90);
      const second = await next('events');
      await d.sim.advanceClock(30 * 60);
      const third = await next('events');
      const done = await next('done');
      return { readyMs, heapWith, advanced1, second, third, done, watchedMs: now() - t0 };
    });
    const r = m.result;
    const heapDeltaMB = Math.round((r.heapWith.heapUsedMB - heapBefore.heapUsedMB) * 10) / 10;
    return {
      subscribers,
      connections: Math.ceil(subscribers / OPS_PER_SOCKET),
      subscribeToAllPendingMs: Math.round(r.readyMs),
      advanceToLastMs: Math.round(r.second.lastAt - r.advanced1),
      spreadMs: Math.round(r.second.lastAt - r.second.firstAt),
      finalSpreadMs: Math.round(r.third.lastAt - r.third.firstAt),
      watchedMs: Math.round(r.watchedMs),
      calls: m.calls,
      callsText: formatCalls(m.calls),
      awsCalls: total(m.calls),
      heapDeltaMB,
      heapPer1000SubscribersMB: subscribers >= 200 ? Math.round((heapDeltaMB / subscribers) * 1000 * 10) / 10 : null,
      sequences: r.done.sequences as Record<string, number>,
      errorCount: r.done.errorCount as number,
      errors: r.done.errors as string[],
      gatewayCpuSeconds: m.cpuSeconds.gateway,
    };
  } finally {
    await worker.terminate();
  }
}
