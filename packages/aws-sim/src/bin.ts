/**
 * `aws-sim`: the simulator on its own, as a standalone EC2/SSM emulator (`npx aws-sim`,
 * `npm run simulator` in the FleetGraph repository). Settings: see ./env.ts.
 */
import { SIM_ACCESS_KEYS, SIM_SECRET_KEY } from './core/contract';
import { readSimulatorEnv } from './env';
import { startSimulator } from './front/server';

async function main(): Promise<void> {
  const { settings, problems } = readSimulatorEnv(process.env);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`aws-sim: ${p}\n`);
    process.exit(2);
  }
  const sim = await startSimulator({
    port: settings.port,
    instances: settings.instances,
    accounts: settings.accounts,
    regions: settings.regions,
    timeScale: settings.timeScale,
    throttling: settings.throttling,
    seed: settings.seed,
    latencyMs: settings.latencyMs,
    // Per-request lines only with SIM_LOG_REQUESTS=1; internal errors always (to stderr).
    log: settings.logRequests
      ? (l) => console.log(l)
      : (l) => (l.startsWith('simulator: internal') || l.startsWith('simulator: Error') ? console.error(l) : undefined),
  });
  console.log(
    `FleetGraph simulator at ${sim.url} (EC2, SSM, STS, Organizations; ${settings.accounts} accounts × ${settings.regions.join(', ')}) — ` +
      `any access key acts as the management account's admin (read-only key ${SIM_ACCESS_KEYS.readOnly}; secrets "${SIM_SECRET_KEY}" or any, not checked); ` +
      `admin endpoints ${sim.url}/_sim/stats, ${sim.url}/_sim/world`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`simulator: ${signal}, closing`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(`aws-sim: ${(e as Error).message}`);
  process.exit(1);
});
