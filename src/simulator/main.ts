/**
 * Standalone simulator (`npm run simulator`):
 *   FLEETGRAPH_SIMULATOR_PORT (default 4599; 0 = any free port), SIM_INSTANCES (default 40),
 *   SIM_TIME_SCALE (default 60), SIM_THROTTLING (default on; "0"/"false"/"off" disables), SIM_SEED (default 42).
 */
import { SIM_ACCESS_KEYS, SIM_SECRET_KEY } from './core/contract';
import { startSimulator } from './server';

function intEnv(name: string, def: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}

function numEnv(name: string, def: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

function boolEnv(name: string, def: boolean): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return def;
  if (['1', 'true', 'on', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'off', 'no'].includes(raw)) return false;
  throw new Error(`${name} must be on/off, got "${process.env[name]}"`);
}

async function main(): Promise<void> {
  const port = intEnv('FLEETGRAPH_SIMULATOR_PORT', 4599, 0);
  if (port > 65535) throw new Error('FLEETGRAPH_SIMULATOR_PORT must be <= 65535');
  const sim = await startSimulator({
    port,
    instances: intEnv('SIM_INSTANCES', 40, 0),
    timeScale: numEnv('SIM_TIME_SCALE', 60),
    throttling: boolEnv('SIM_THROTTLING', true),
    seed: intEnv('SIM_SEED', 42, 0),
    // Per-request lines only with SIM_LOG_REQUESTS=1; internal errors always (to stderr).
    log: process.env.SIM_LOG_REQUESTS ? (l) => console.log(l) : (l) => (l.startsWith('simulator: internal') || l.startsWith('simulator: Error') ? console.error(l) : undefined),
  });
  console.log(
    `FleetGraph simulator at ${sim.url} (EC2 + SSM, region us-east-1) — admin key ${SIM_ACCESS_KEYS.admin}, ` +
      `read-only key ${SIM_ACCESS_KEYS.readOnly}, secret "${SIM_SECRET_KEY}" (not checked); admin endpoints ${sim.url}/_sim/stats`,
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
  console.error(`simulator: ${(e as Error).message}`);
  process.exit(1);
});
