import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RunningSimulator } from '@fleetgraph/aws-sim';
import { BenchGateway, type Calls, diffCalls, simStats, total } from '../lib/env';
import { heapAfterGc } from '../lib/memory';
import { CREATE_SIP, TASK_SUB } from '../lib/queries';

export interface FanoutRow {
  subscribers: number;
  connections: number;
  /** Tick (clock advanced 90 s: PENDING → IN_PROGRESS) to the last subscriber receiving the event. */
  tickToLastMs: number;
  tickToFirstMs: number;
  /** Second tick (30 min later: → SUCCESSFUL, then complete). */
  finalTickToLastMs: number;
  /** Subscribe → every subscriber has the current state (PENDING). */
  subscribeToReadyMs: number;
  calls: Calls;
  awsCalls: number;
  /** Gateway heap (its own thread, after GC) with every subscriber attached, minus before. */
  heapDeltaMB: number;
  /** Only for ≥ 200 subscribers (one subscriber is below GC noise). */
  heapPer1000SubscribersMB: number | null;
  sequences: Record<string, number>;
  errorCount: number;
  errors: string[];
}

const now = () => performance.timeOrigin + performance.now();

/**
 * One Mac SIP task created through the mutation, N subscribers on it (over ⌈N/250⌉ graphql-ws
 * connections, in a worker thread), the watcher driven by hand: advance the simulated clock,
 * `watcher.tick(true)`, time until the last subscriber has the event. The simulator is reset
 * before each size, so each run sees the same world and the AWS calls can be compared.
 */
export async function runFanout(sim: RunningSimulator, sizes: number[]): Promise<FanoutRow[]> {
  const gw = await BenchGateway.start(sim, { FLEETGRAPH_CACHE_TTL_MS: '2000' }, { manualWatcher: true });
  const rows: FanoutRow[] = [];
  try {
    for (const subscribers of sizes) rows.push(await oneSize(sim, gw, subscribers));
  } finally {
    await gw.close();
  }
  return rows;
}

async function oneSize(sim: RunningSimulator, gw: BenchGateway, subscribers: number): Promise<FanoutRow> {
  sim.reset();
  const world = sim.world() as { idleRunningMac: { macX86: string[] } };
  const instanceId = world.idleRunningMac.macX86[0];
  const created = await gw.data<{ createMacSipModificationTask: { task: { id: string } } }>(CREATE_SIP, { input: { instanceId, status: 'DISABLED' } });
  const taskId = created.createMacSipModificationTask.task.id;
  const connections = Math.ceil(subscribers / 250);

  const worker = new Worker(path.join(__dirname, '..', 'lib', 'subscriber-worker.js'));
  const messages: any[] = [];
  const waiters: Array<{ type: string; resolve: (m: any) => void }> = [];
  worker.on('message', (m) => {
    const w = waiters.find((x) => x.type === m.type);
    if (w) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    } else messages.push(m);
  });
  const next = (type: string, timeoutMs = 30000) =>
    new Promise<any>((resolve, reject) => {
      const queued = messages.find((m) => m.type === type);
      if (queued) {
        messages.splice(messages.indexOf(queued), 1);
        return resolve(queued);
      }
      const timer = setTimeout(() => reject(new Error(`fan-out ${subscribers}: no '${type}' from the subscribers within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ type, resolve: (m) => { clearTimeout(timer); resolve(m); } });
    });

  try {
    const heapBefore = heapAfterGc();
    const before = await simStats(sim);
    const t0 = now();
    worker.postMessage({ type: 'subscribe', wsUrl: gw.gateway.wsUrl, query: TASK_SUB, variables: { id: taskId }, count: subscribers, connections, milestones: [2, 3] });
    await next('ready');
    const subscribeToReadyMs = now() - t0;
    const heapWith = heapAfterGc();

    sim.clock.advance(90_000);
    const tick1 = now();
    await gw.gateway.watcher.tick(true);
    const second = await next('events');

    sim.clock.advance(30 * 60_000);
    const tick2 = now();
    await gw.gateway.watcher.tick(true);
    const third = await next('events');
    const done = await next('done');
    const after = await simStats(sim);
    const calls = diffCalls(before.calls, after.calls);
    const heapDeltaMB = (heapWith - heapBefore) / 1024 / 1024;
    const r1 = (n: number) => Math.round(n * 10) / 10;
    return {
      subscribers,
      connections,
      subscribeToReadyMs: r1(subscribeToReadyMs),
      tickToFirstMs: r1(second.firstAt - tick1),
      tickToLastMs: r1(second.lastAt - tick1),
      finalTickToLastMs: r1(third.lastAt - tick2),
      calls,
      awsCalls: total(calls),
      heapDeltaMB: Math.round(heapDeltaMB * 100) / 100,
      heapPer1000SubscribersMB: subscribers >= 200 ? Math.round((heapDeltaMB / subscribers) * 1000 * 100) / 100 : null,
      sequences: done.sequences,
      errorCount: done.errorCount,
      errors: done.errors,
    };
  } finally {
    await worker.terminate();
  }
}
