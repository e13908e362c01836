/**
 * FleetGraph benchmark: `npm run bench`.
 *
 * Simulator (5,000 instances) and gateway in this process, subscribers in a worker thread, all on
 * loopback. Measures AWS calls per query, latency/throughput under closed-loop load, subscription
 * fan-out and memory; prints tables, writes bench/results.json, exits 1 if a target is broken.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE_GATEWAY_ENV, BenchGateway, SIM_OPTIONS, startSim } from './lib/env';
import { memorySample, type MemorySample } from './lib/memory';
import { DASHBOARD, EXECUTIONS_50, INSTANCE_BY_ID, JOINED_500, PLAIN_1000 } from './lib/queries';
import { formatTable } from './lib/table';
import { runCallScenarios, type CallsRow } from './scenarios/calls';
import { runFanout, type FanoutRow } from './scenarios/fanout';
import { runLatencyScenarios, runThrottlingScenario, type LatencyRow } from './scenarios/latency';

interface Target {
  name: string;
  measured: string;
  ok: boolean;
}

const FANOUT_SIZES = [1, 200, 1000];
/** Requests per AWS call the c=32 hot-id lookup must reach with the cache off (in-flight sharing only). */
const MIN_COALESCING = 2;
const MIN_BATCHING_FACTOR = 10;
/** Generous on purpose (measured ≈ 0.1 s on 2 cores): a regression to per-subscriber work would blow it. */
const MAX_FANOUT_MS = 1000;

async function main(): Promise<void> {
  // The SDK's "Node 22 will be required from 2027" notice is noise in a benchmark report.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const started = performance.now();
  const machine = {
    node: process.version,
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    totalMemGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
  log(`FleetGraph bench — Node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.platform}`);
  log(`simulator: startSimulator(${JSON.stringify(SIM_OPTIONS)}) in-process; gateway env: ${JSON.stringify(BASE_GATEWAY_ENV)} + per-scenario FLEETGRAPH_CACHE_TTL_MS`);

  const sim = await startSim();
  const world = sim.world() as { counts: Record<string, number>; instances: { linux: Record<string, string[]> } };
  const lookupId = world.instances.linux.running[0];
  const memory: Record<string, MemorySample> = { start: memorySample() };

  // 1. AWS calls per query (cold: cache TTL 0), which also warms the JIT.
  log('\n[1/4] AWS calls per query …');
  let calls: CallsRow[];
  {
    const gw = await BenchGateway.start(sim, { FLEETGRAPH_CACHE_TTL_MS: '0' });
    try {
      calls = await runCallScenarios(sim, gw);
      for (let i = 0; i < 3; i++) for (const q of [JOINED_500, PLAIN_1000, EXECUTIONS_50, DASHBOARD]) await gw.data(q);
      for (let i = 0; i < 20; i++) await gw.data(INSTANCE_BY_ID, { id: lookupId });
    } finally {
      await gw.close();
    }
  }
  memory.afterWarmup = memorySample();

  // 2. Latency / throughput.
  log('[2/4] latency and throughput (≈ 50 s) …');
  const latency: LatencyRow[] = await runLatencyScenarios(sim, lookupId);
  log('      … and with the simulator throttling like AWS (≈ 25 s) …');
  latency.push(...(await runThrottlingScenario(sim, lookupId)));
  memory.afterLoad = memorySample();

  // 3. Subscription fan-out.
  log('[3/4] subscription fan-out …');
  const fanout: FanoutRow[] = await runFanout(sim, FANOUT_SIZES);
  memory.afterFanout = memorySample();
  await sim.close();

  // 4. Targets.
  const targets = checkTargets(calls, latency, fanout);
  const elapsedS = Math.round((performance.now() - started) / 100) / 10;

  log('\n[4/4] results\n');
  printReport(calls, latency, fanout, memory, targets, machine, world.counts, elapsedS);

  const out = path.resolve(__dirname, '..', '..', 'bench', 'results.json');
  writeFileSync(
    out,
    JSON.stringify(
      {
        date: new Date().toISOString(),
        elapsedSeconds: elapsedS,
        machine,
        command: 'npm run bench  (= npm run build && node dist/bench/run.js)',
        settings: { simulator: SIM_OPTIONS, world: world.counts, gatewayEnv: BASE_GATEWAY_ENV, lookupInstanceId: lookupId, fanoutSizes: FANOUT_SIZES },
        calls,
        latency,
        fanout,
        memory,
        targets,
      },
      null,
      2,
    ) + '\n',
  );
  log(`\nwrote ${path.relative(process.cwd(), out)} (${elapsedS} s)`);
  const broken = targets.filter((t) => !t.ok);
  if (broken.length) {
    log(`\n${broken.length} target(s) BROKEN:\n${broken.map((t) => `  - ${t.name}: ${t.measured}`).join('\n')}`);
    process.exitCode = 1;
  } else log('all targets met');
}

function checkTargets(calls: CallsRow[], latency: LatencyRow[], fanout: FanoutRow[]): Target[] {
  const t: Target[] = [];
  for (const c of calls) t.push({ name: `AWS calls for ${c.label} ≤ ${c.boundFormula} = ${c.bound}`, measured: `${c.awsCalls}`, ok: c.ok });
  const joined = calls[0];
  t.push({ name: `batching factor vs N+1 for the 500-instance joined query ≥ ${MIN_BATCHING_FACTOR}×`, measured: `${joined.batchingFactor}× (${joined.nPlusOne} → ${joined.awsCalls})`, ok: joined.batchingFactor >= MIN_BATCHING_FACTOR });

  for (const l of latency) t.push({ name: `no errors: ${l.name}, cache ${l.cacheTtlMs} ms`, measured: `${l.errors} errors / ${l.requests}${l.firstError ? ` (${l.firstError})` : ''}`, ok: l.errors === 0 && l.requests > 0 });
  const coalesced = latency.find((l) => l.name.startsWith('instance(') && l.cacheTtlMs === 0 && !l.throttling);
  if (coalesced) {
    const ratio = coalesced.requests / Math.max(1, coalesced.awsCalls);
    t.push({
      name: `cross-request coalescing, cache off: c=32 lookups of one id make ≤ 1 AWS call per ${MIN_COALESCING} requests`,
      measured: `${coalesced.awsCalls} calls for ${coalesced.requests} requests (${Math.round(ratio * 10) / 10} requests/call)`,
      ok: ratio >= MIN_COALESCING,
    });
  }
  for (const l of latency.filter((x) => x.throttling && x.cacheTtlMs > 0))
    t.push({ name: `inside AWS token buckets: 0 throttled AWS calls — ${l.name}`, measured: `${l.throttledCalls} throttled of ${l.awsCalls}`, ok: l.throttledCalls === 0 });

  const ref = JSON.stringify(sortKeys(fanout[0].calls));
  t.push({
    name: `fan-out AWS calls identical for ${fanout.map((f) => f.subscribers).join('/')} subscribers`,
    measured: fanout.map((f) => `${f.subscribers}: ${f.awsCalls}`).join(', ') + ` ${ref}`,
    ok: fanout.every((f) => JSON.stringify(sortKeys(f.calls)) === ref),
  });
  const biggest = fanout[fanout.length - 1];
  t.push({
    name: `${biggest.subscribers}-subscriber fan-out: tick → last subscriber ≤ ${MAX_FANOUT_MS} ms`,
    measured: `${biggest.tickToLastMs} ms (final event ${biggest.finalTickToLastMs} ms)`,
    ok: biggest.tickToLastMs <= MAX_FANOUT_MS && biggest.finalTickToLastMs <= MAX_FANOUT_MS,
  });
  for (const f of fanout)
    t.push({
      name: `every one of ${f.subscribers} subscribers gets PENDING > IN_PROGRESS > SUCCESSFUL, then complete`,
      measured: `${JSON.stringify(f.sequences)}, ${f.errorCount} errors`,
      ok: f.sequences['PENDING>IN_PROGRESS>SUCCESSFUL'] === f.subscribers && f.errorCount === 0,
    });
  return t;
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

function printReport(
  calls: CallsRow[],
  latency: LatencyRow[],
  fanout: FanoutRow[],
  memory: Record<string, MemorySample>,
  targets: Target[],
  machine: { node: string; cpus: number; cpuModel: string },
  counts: Record<string, number>,
  elapsedS: number,
): void {
  log(`Machine: ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}; world: ${JSON.stringify(counts)}; total ${elapsedS} s`);
  log('\nAWS calls per query (cold, cache TTL 0; from GET /_sim/stats)');
  log(
    formatTable(
      ['query', 'nodes', 'AWS calls', 'by action', 'target ≤', 'N+1 would be', 'factor'],
      calls.map((c) => [c.label, c.nodes, c.awsCalls, Object.entries(c.calls).map(([k, v]) => `${k.split(':')[1]} ${v}`).join(', '), c.bound, c.nPlusOne, `${c.batchingFactor}×`]),
    ),
  );
  for (const c of calls) log(`  ${c.label} = ${c.name}\n      target ≤ ${c.boundFormula}; N+1 = ${c.nPlusOneFormula}`);

  log('\nLatency and throughput (closed loop, plain fetch over loopback)');
  log(
    formatTable(
      ['scenario', 'cache ms', 'reqs', 'err', 'p50 ms', 'p95 ms', 'p99 ms', 'req/s', 'AWS calls', 'calls/req', 'throttled'],
      latency.map((l) => [l.name, l.cacheTtlMs, l.requests, l.errors, l.p50, l.p95, l.p99, l.rps, l.awsCalls, l.awsCallsPerRequest, l.throttledCalls]),
    ),
  );
  log('  bounds per run: joined ≤ 600 requests or 10 s, lookup ≤ 4000 requests or 5 s; warm-up 2 / 5 requests first');

  log('\nSubscription fan-out (one Mac SIP task created by the mutation; watcher driven by tick(true))');
  log(
    formatTable(
      ['subscribers', 'ws conns', 'subscribe→all have state ms', 'tick→first ms', 'tick→last ms', 'final tick→last ms', 'AWS calls', 'by action', 'gateway heap Δ MB', 'MB / 1000 subs'],
      fanout.map((f) => [f.subscribers, f.connections, f.subscribeToReadyMs, f.tickToFirstMs, f.tickToLastMs, f.finalTickToLastMs, f.awsCalls, Object.entries(f.calls).map(([k, v]) => `${k.split(':')[1]} ${v}`).join(', '), f.heapDeltaMB, f.heapPer1000SubscribersMB ?? '-']),
    ),
  );

  log('\nMemory (this process; heap = gateway + simulator thread after a full GC; RSS includes the subscriber worker)');
  log(formatTable(['when', 'RSS MB', 'heap used MB'], Object.entries(memory).map(([k, m]) => [k, m.rssMB, m.heapUsedMB])));
  const big = fanout[fanout.length - 1];
  log(`  gateway heap per 1000 subscribers (${big.subscribers}-subscriber run, subscribers in their own thread): ${big.heapPer1000SubscribersMB} MB`);

  log('\nTargets');
  log(formatTable(['', 'target', 'measured'], targets.map((t) => [t.ok ? 'ok' : 'BROKEN', t.name, t.measured])));
}

function log(line: string): void {
  process.stdout.write(line + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
