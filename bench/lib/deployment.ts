/**
 * One scenario's deployment: a fresh simulator process, a fresh gateway process on it, and the
 * load clients, stopped together (by the PIDs started here) whatever happens.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { awsFigures, scrape, type GatewayAwsFigures } from './gateway-metrics';
import { LoadClients } from './load';
import { profileDuring } from './inspector';
import { cpuSeconds, startGateway, startSimulator, type GatewayProcess, type SimulatorSettings } from './processes';
import { diff, SimulatorAdmin, type Calls } from './simulator-admin';

/** CPU seconds each process used during a measurement: who the machine was busy for. */
export interface CpuFigures {
  gateway: number;
  simulator: number;
  load: number;
}

export interface Measured<T> {
  result: T;
  /** AWS calls the simulator answered (GET /_sim/stats), by action. */
  calls: Calls;
  throttled: Calls;
  /** The gateway's own figures from /metrics. */
  aws: GatewayAwsFigures;
  cpuSeconds: CpuFigures;
}

export interface Deployment {
  sim: SimulatorAdmin;
  gateway: GatewayProcess;
  /**
   * The load clients, connected on first use: a scenario reads the world first, so connections
   * are not left idle past the server's keep-alive timeout (5 s) while this process is busy.
   */
  clients(): Promise<LoadClients>;
  /** Everything measured over `fn`: simulator stats, gateway metrics, CPU of each process. */
  measure<T>(fn: () => Promise<T>): Promise<Measured<T>>;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * BENCH_CPU_PROF=<dir>: every measured window (measure()) is CPU-profiled in the gateway through its
 * inspector and written to <dir>/<name>-<n>.cpuprofile (see profile-summary.ts): the profile holds
 * the measured load only, not the gateway's start, warm-up or the reading of the world.
 */
const PROFILE_DIR = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;

async function profiled<R>(inspectorUrl: string, dir: string, name: string, f: () => Promise<R>): Promise<R> {
  const { result, profile } = await profileDuring(inspectorUrl, f);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  return result;
}

export async function withDeployment<T>(
  spec: { name?: string; simulator: SimulatorSettings; gatewayEnv?: Record<string, string>; clients: number; inspect?: boolean },
  fn: (d: Deployment) => Promise<T>,
): Promise<T> {
  const sim = await startSimulator(spec.simulator);
  let gateway: GatewayProcess | undefined;
  let clients: LoadClients | undefined;
  let profiles = 0;
  try {
    gateway = await startGateway(sim.url, spec.gatewayEnv ?? {}, { inspect: spec.inspect || PROFILE_DIR !== undefined });
    const gw = gateway;
    const admin = new SimulatorAdmin(sim.url);
    const cpu = () => ({ gateway: cpuSeconds(gw.proc.pid), simulator: cpuSeconds(sim.proc.pid), load: process.cpuUsage() });
    return await fn({
      sim: admin,
      gateway: gw,
      async clients() {
        clients ??= await LoadClients.open(gw.url, spec.clients);
        return clients;
      },
      async measure(f) {
        const [stats0, metrics0] = await Promise.all([admin.stats(), scrape(gw)]);
        const cpu0 = cpu();
        const result = PROFILE_DIR && gw.inspectorUrl ? await profiled(gw.inspectorUrl, PROFILE_DIR, `${spec.name ?? 'gateway'}-${++profiles}`, f) : await f();
        const cpu1 = cpu();
        const [stats1, metrics1] = await Promise.all([admin.stats(), scrape(gw)]);
        const load = process.cpuUsage(cpu0.load);
        return {
          result,
          calls: diff(stats0.calls, stats1.calls),
          throttled: diff(stats0.throttled, stats1.throttled),
          aws: awsFigures(metrics0, metrics1),
          cpuSeconds: { gateway: round2(cpu1.gateway - cpu0.gateway), simulator: round2(cpu1.simulator - cpu0.simulator), load: round2((load.user + load.system) / 1e6) },
        };
      },
    });
  } finally {
    await clients?.close().catch(() => undefined);
    await gateway?.proc.stop();
    await sim.proc.stop();
  }
}
