/**
 * The simulator's settings from environment variables, read in one place and validated whole
 * (one problem per bad variable). The standalone `aws-sim` uses it; so may an embedding
 * application's own config, by passing its environment.
 *
 *   FLEETGRAPH_SIMULATOR_PORT  listen port on 127.0.0.1 (default 4599; 0 = any free port)
 *   SIM_INSTANCES              instances in the seeded world (default 40)
 *   SIM_TIME_SCALE             simulated-time speed (default 60; 0 = frozen)
 *   SIM_THROTTLING             EC2/SSM token buckets on/off (default on)
 *   SIM_SEED                   world seed (default 42)
 *   SIM_LATENCY_MS             latency of every AWS call: "30" or a range "20-60" (default 0)
 *   SIM_ACCOUNTS               accounts of the organisation, the management one included (default 3)
 *   SIM_REGIONS                regions every account has enabled, comma list (default us-east-1,us-west-2)
 *   SIM_LOG_REQUESTS           1 = one line per request (never bodies)
 */
import type { SimulatorOptions } from './front/server';
import { LatencyRange, parseLatency } from './front/runtime-config';
import { DEFAULT_ACCOUNTS, DEFAULT_REGIONS, REGION_RE } from './org/organization';

export type Env = Readonly<Record<string, string | undefined>>;

export interface SimulatorEnvSettings extends Required<Pick<SimulatorOptions, 'port' | 'instances' | 'accounts' | 'regions' | 'timeScale' | 'throttling' | 'seed'>> {
  latencyMs: LatencyRange;
  logRequests: boolean;
}

export const DEFAULT_PORT = 4599;

export function readSimulatorEnv(env: Env): { settings: SimulatorEnvSettings; problems: string[] } {
  const problems: string[] = [];
  const raw = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const int = (name: string, def: number, min: number, max: number): number => {
    const v = raw(name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return def;
    }
    return n;
  };
  const num = (name: string, def: number): number => {
    const v = raw(name);
    if (v === undefined) return def;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) {
      problems.push(`${name} must be a non-negative number, got ${JSON.stringify(v)}`);
      return def;
    }
    return n;
  };
  const bool = (name: string, def: boolean): boolean => {
    const v = raw(name)?.toLowerCase();
    if (v === undefined) return def;
    if (['1', 'true', 'on', 'yes'].includes(v)) return true;
    if (['0', 'false', 'off', 'no'].includes(v)) return false;
    problems.push(`${name} must be on/off, got ${JSON.stringify(raw(name))}`);
    return def;
  };
  const latency = (name: string): LatencyRange => {
    const v = raw(name);
    if (v === undefined) return { min: 0, max: 0 };
    const range = parseLatency(v);
    if (!range) problems.push(`${name} must be milliseconds ("30") or a range ("20-60") up to 60000, got ${JSON.stringify(v)}`);
    return range ?? { min: 0, max: 0 };
  };
  const regions = (name: string): string[] => {
    const v = raw(name);
    if (v === undefined) return [...DEFAULT_REGIONS];
    const list = v.split(',').map((r) => r.trim()).filter((r) => r !== '');
    const bad = list.filter((r) => !REGION_RE.test(r));
    if (list.length === 0 || bad.length || new Set(list).size !== list.length) {
      problems.push(`${name} must be a comma list of distinct region names (e.g. us-east-1,us-west-2), got ${JSON.stringify(v)}`);
      return [...DEFAULT_REGIONS];
    }
    return list;
  };
  const settings: SimulatorEnvSettings = {
    port: int('FLEETGRAPH_SIMULATOR_PORT', DEFAULT_PORT, 0, 65535),
    instances: int('SIM_INSTANCES', 40, 0, 1_000_000),
    accounts: int('SIM_ACCOUNTS', DEFAULT_ACCOUNTS, 1, 50),
    regions: regions('SIM_REGIONS'),
    timeScale: num('SIM_TIME_SCALE', 60),
    throttling: bool('SIM_THROTTLING', true),
    seed: int('SIM_SEED', 42, 0, 0xffffffff),
    latencyMs: latency('SIM_LATENCY_MS'),
    logRequests: bool('SIM_LOG_REQUESTS', false),
  };
  return { settings, problems };
}
