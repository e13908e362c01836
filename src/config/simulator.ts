import type { EnvReader } from './env';

/** The embedded EC2/SSM simulator (backend `simulator`). */
export interface SimulatorConfig {
  port: number;
  /** Seeded EC2 instances; 0 is a valid (empty) world, as the simulator itself accepts. */
  instances: number;
  /** Simulated seconds per real second (0 = frozen clock). */
  timeScale: number;
  /** EC2 token-bucket throttling. */
  throttling: boolean;
}

export function readSimulatorConfig(r: EnvReader): SimulatorConfig {
  return {
    port: r.int('FLEETGRAPH_SIMULATOR_PORT', 4599, 0, 65535),
    instances: r.int('SIM_INSTANCES', 40, 0, 100000),
    timeScale: r.num('SIM_TIME_SCALE', 60, 0, 100000),
    throttling: r.bool('SIM_THROTTLING', true),
  };
}
