import { readSimulatorEnv, type LatencyRange } from '@fleetgraph/aws-sim';
import type { EnvReader } from './env';

/** The embedded EC2/SSM/STS/Organizations simulator (backend `simulator`). */
export interface SimulatorConfig {
  port: number;
  /** Seeded EC2 instances of the first scope; 0 is a valid (empty) world. */
  instances: number;
  /** Accounts of the simulated organisation, the management account included. */
  accounts: number;
  /** Regions every simulated account has enabled; the first is the simulator's default. */
  regions: string[];
  /** Simulated seconds per real second (0 = frozen clock). */
  timeScale: number;
  /** EC2/SSM token-bucket throttling. */
  throttling: boolean;
  /** World seed: the same seed and sizes give the same world. */
  seed: number;
  /** Latency of every simulated AWS call. */
  latencyMs: LatencyRange;
}

/** The variables the simulator's own reader understands and the gateway passes on to it. */
const SIMULATOR_VARIABLES = ['FLEETGRAPH_SIMULATOR_PORT', 'SIM_INSTANCES', 'SIM_ACCOUNTS', 'SIM_REGIONS', 'SIM_TIME_SCALE', 'SIM_THROTTLING', 'SIM_SEED', 'SIM_LATENCY_MS'];

/**
 * The simulator package validates its own settings (`readSimulatorEnv`), so the embedded
 * simulator and `npm run simulator` accept exactly the same values. Each variable is still read
 * once, through this config's reader.
 */
export function readSimulatorConfig(r: EnvReader): SimulatorConfig {
  const env = Object.fromEntries(SIMULATOR_VARIABLES.map((name) => [name, r.str(name)]));
  const { settings, problems } = readSimulatorEnv(env);
  for (const p of problems) r.problem(p);
  return {
    port: settings.port,
    instances: settings.instances,
    accounts: settings.accounts,
    regions: [...settings.regions],
    timeScale: settings.timeScale,
    throttling: settings.throttling,
    seed: settings.seed,
    latencyMs: settings.latencyMs,
  };
}
