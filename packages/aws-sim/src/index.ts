/**
 * @fleetgraph/aws-sim — an EC2 / SSM simulator that speaks the real wire protocols, so the
 * unmodified AWS SDKs and CLI run against it. This is the package's public entry: start it,
 * the keys it accepts, and the types of its contract. Nothing else is public.
 */
export { startSimulator } from './front/server';
export type { RunningSimulator, SimulatorOptions, SimulatorConfigInput } from './front/server';
export type { FaultConfig, FaultMode, LatencyRange } from './front/runtime-config';
export { SIM_ACCESS_KEYS, SIM_SECRET_KEY, SIM_ACCOUNT_ID, SIM_REGION, SIM_MAC_CREDENTIALS } from './core/contract';
export type { SimClock } from './core/contract';
export { DEMO_IDS, SIM_DEMO_MIN_INSTANCES } from './demo';
export { DEFAULT_ACCOUNTS, DEFAULT_REGIONS } from './org/organization';
export { MANAGEMENT_ACCOUNT_ID, MEMBER_ACCOUNT_IDS, SUSPENDED_ACCOUNT_ID, ORGANIZATION_ID, ORGANIZATION_ARN } from './org/ids';
export { SIM_ROLES } from './org/roles';
export { SCOPE_INSTANCES } from './front/scopes';
export { readSimulatorEnv, DEFAULT_PORT } from './env';
export type { Env, SimulatorEnvSettings } from './env';
