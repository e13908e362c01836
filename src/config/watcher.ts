import type { Backend } from './aws';
import type { EnvReader } from './env';

/** The task watcher's polling (subscriptions' source of events). */
export interface WatcherConfig {
  minIntervalMs: number;
  maxIntervalMs: number;
  /** Active-task scan while `taskEvents` has listeners. */
  discoveryIntervalMs: number;
  /** Per-task poll lease in Redis. */
  leaseMs: number;
}

export function readWatcherConfig(r: EnvReader, { backend }: { backend: Backend }): WatcherConfig {
  // Real Mac tasks run for up to ~90 minutes: poll AWS gently; the simulator's clock is fast.
  const aws = backend === 'aws';
  const watcher: WatcherConfig = {
    minIntervalMs: r.int('FLEETGRAPH_POLL_MIN_MS', aws ? 5000 : 1000, 100, 600000),
    maxIntervalMs: r.int('FLEETGRAPH_POLL_MAX_MS', aws ? 60000 : 5000, 100, 3600000),
    discoveryIntervalMs: r.int('FLEETGRAPH_DISCOVERY_MS', aws ? 30000 : 5000, 100, 3600000),
    leaseMs: r.int('FLEETGRAPH_LEASE_MS', aws ? 180000 : 15000, 500, 3600000),
  };
  if (watcher.maxIntervalMs < watcher.minIntervalMs) r.problem('FLEETGRAPH_POLL_MAX_MS must be ≥ FLEETGRAPH_POLL_MIN_MS');
  return watcher;
}
