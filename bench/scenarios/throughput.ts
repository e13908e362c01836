/**
 * throughput (issue 14): how fast the gateway serves a cached dashboard, next to a stock Apollo
 * Server 5 serving the same answer from memory and a static HTTP server serving the same bytes —
 * all three in one run, each in its own process, under the same load (SteadyLoad: 20 requests in
 * flight, closed loop, for the same time after the same warm-up). The query is the 50-instance
 * joined dashboard; the gateway runs with every default (the 2 s caches, the per-principal budget,
 * every limit), so while it is measured its cache keeps being refreshed from the simulator as the
 * TTL runs out, as in production. The stock Apollo server gets the SDL the gateway's schema prints
 * (schema.graphql) and the gateway's own answer, captured before the run; the static server gets
 * the bytes of that answer. Every answer of every server is compared with those bytes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withDeployment } from '../lib/deployment';
import { startReferenceServer, sleep, type Proc } from '../lib/processes';
import { JOINED_50 } from '../lib/queries';
import { atMost, check, wallClock, type BenchOptions, type Scenario, type ScenarioResult } from '../lib/scenario';
import { formatCalls } from '../lib/simulator-admin';
import { SteadyLoad, type SteadyRun } from '../lib/steady-load';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const IN_FLIGHT = 20;
/** The gateway's default per-principal budget (FLEETGRAPH_BUDGET_PER_SECOND): units per second per address, auth off. */
const BUDGET_PER_SECOND = 3000;
/** A rate well above what one machine serves: the address pool is sized so the budget never binds below it. */
const RATE_CEILING_PER_SECOND = 4000;

interface ServerFigures extends SteadyRun {
  name: string;
  url: string;
}

export const throughput: Scenario = {
  name: 'throughput',
  async run(o: BenchOptions): Promise<ScenarioResult> {
    const started = performance.now();
    const times = o.short ? { warmMs: 1000, measureMs: 3000 } : { warmMs: 3000, measureMs: 10_000 };
    const simulator = { instances: 1000, latencyMs: o.latencyMs, throttling: true };
    const body = JSON.stringify({ query: JOINED_50 });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fleetgraph-throughput-'));
    const procs: Proc[] = [];
    try {
      return await withDeployment({ name: 'throughput', simulator, clients: 1 }, async (d) => {
        // The answer every server must give, from the gateway itself, and what it costs a principal.
        const first = await fetch(d.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const expected = await first.text();
        const cost = Number(first.headers.get('x-fleetgraph-cost'));
        const parsed = JSON.parse(expected) as { data?: { instances?: { nodes?: unknown[] } }; errors?: unknown };
        if (first.status !== 200 || parsed.errors || parsed.data?.instances?.nodes?.length !== 50) throw new Error(`the dashboard failed: ${expected.slice(0, 500)}`);
        const answerFile = path.join(dir, 'answer.json');
        writeFileSync(answerFile, expected);
        const connections = Math.max(IN_FLIGHT, Math.ceil((cost * RATE_CEILING_PER_SECOND) / BUDGET_PER_SECOND));

        const apollo = await startReferenceServer('apollo', answerFile, path.join(ROOT, 'schema.graphql'));
        const stat = await startReferenceServer('static', answerFile, '');
        procs.push(apollo.proc, stat.proc);

        const servers: ServerFigures[] = [];
        let awsDuring: Record<string, number> = {};
        let cpuDuring: Record<string, number> = {};
        for (const [name, url] of [['FleetGraph', d.gateway.url], ['stock Apollo Server 5', apollo.url], ['static JSON', stat.url]] as const) {
          const load = SteadyLoad.open(url, connections);
          try {
            const warm = await load.runFor(body, expected, IN_FLIGHT, times.warmMs);
            if (warm.identical !== warm.requests) throw new Error(`${name} warm-up: ${JSON.stringify(warm.others)}`);
            o.log(`  ${name}: ${times.measureMs / 1000} s, ${IN_FLIGHT} in flight over ${connections} connections …`);
            let run: SteadyRun;
            if (name === 'FleetGraph') {
              const m = await d.measure(() => load.runFor(body, expected, IN_FLIGHT, times.measureMs));
              run = m.result;
              awsDuring = m.calls;
              cpuDuring = m.cpuSeconds as unknown as Record<string, number>;
            } else run = await load.runFor(body, expected, IN_FLIGHT, times.measureMs);
            servers.push({ name, url, ...run });
            o.log(`    ${run.requestsPerSecond} req/s, p50 ${run.latencyMs.p50} ms, p99 ${run.latencyMs.p99} ms`);
          } finally {
            await load.close();
          }
          // Lets the machine settle between servers (sockets closing, GC).
          await sleep(500);
        }
        const [fleet, stock, ceiling] = servers;
        const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
        const toApollo = ratio(fleet.requestsPerSecond, stock.requestsPerSecond);
        const toStatic = ratio(fleet.requestsPerSecond, ceiling.requestsPerSecond);
        return {
          name: 'throughput',
          workload: `the 50-instance joined dashboard (instances with image, macModificationTasks, managedNode; ${expected.length} bytes of JSON), ${IN_FLIGHT} requests in flight closed-loop for ${times.measureMs / 1000} s after ${times.warmMs / 1000} s of warm-up, against FleetGraph (every default, cache warm), a stock Apollo Server 5 with the same SDL answering the same data from memory, and a static-JSON server returning the same bytes, one after the other in one run, each in its own process`,
          settingChanges: [],
          simulator,
          checks: [
            wallClock(check('FleetGraph / stock Apollo, req/s', toApollo, '≥ 2.0', toApollo >= 2.0)),
            wallClock(atMost('FleetGraph p99 ms (stock Apollo p99)', fleet.latencyMs.p99, stock.latencyMs.p99)),
            check('FleetGraph / static JSON, req/s (the ceiling)', toStatic, 'printed', true),
            ...servers.map((s) => check(`${s.name}: answers identical to the gateway's bytes`, s.identical, `= ${s.requests}`, s.identical === s.requests)),
          ],
          details: {
            servers: servers.map(({ url: _url, ...s }) => s),
            ratios: { fleetGraphToApollo: toApollo, fleetGraphToStatic: toStatic, apolloToStatic: ratio(stock.requestsPerSecond, ceiling.requestsPerSecond) },
            inFlight: IN_FLIGHT,
            connections,
            load: `${IN_FLIGHT} workers take the longest-idle of ${connections} keep-alive connections for each request, each connection from its own loopback address: the dashboard costs ${cost} units of the per-principal budget (${BUDGET_PER_SECOND} units/s per address with auth off), so the pool lets the gateway answer up to ${RATE_CEILING_PER_SECOND} req/s before any address runs out; the same pool loads the other two`,
            awsCallsDuringFleetGraph: awsDuring,
            awsCallsText: formatCalls(awsDuring),
            cpuSeconds: cpuDuring,
            responseBytes: expected.length,
            query: JOINED_50,
          },
          elapsedSeconds: Math.round((performance.now() - started) / 100) / 10,
        };
      });
    } finally {
      for (const p of procs) await p.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
