import { BenchGateway, measureCalls, startSim } from './lib/env';
import { DASHBOARD, EXECUTIONS_50, JOINED_500, PLAIN_1000 } from './lib/queries';
async function main() {
  let t = performance.now();
  const sim = await startSim();
  console.log('sim start ms', performance.now() - t);
  const gw = await BenchGateway.start(sim, { FLEETGRAPH_CACHE_TTL_MS: '0' });
  const w: any = sim.world();
  console.log(JSON.stringify(w.counts), Object.keys(w));
  for (const [n, q] of Object.entries({ JOINED_500, PLAIN_1000, EXECUTIONS_50, DASHBOARD })) {
    t = performance.now();
    const r = await measureCalls(sim, () => gw.gql(q));
    console.log(n, (performance.now() - t).toFixed(0), 'ms', JSON.stringify(r.calls), r.result.errors ? JSON.stringify(r.result.errors).slice(0, 500) : 'ok', JSON.stringify(r.result.data).length);
  }
  await gw.close();
  await sim.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
