/**
 * The simulator's HTTP front: one loopback port speaking
 *  - EC2 Query (`POST /`, form-encoded `Action=…&Version=2016-11-15`) → XML,
 *  - SSM awsJson1_1 (`POST /`, `X-Amz-Target: AmazonSSM.<Op>`) → JSON,
 *  - admin endpoints under `/_sim/` (stats, reset, clock, config, world).
 * It owns auth (access key → caller), the gate (throttling, faults), counters and the clock;
 * services (../ec2, ../ssm) never see HTTP. Request bodies are never logged (MacCredentials
 * travel in them).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ControllableClock, createClock } from '../core/clock';
import { SIM_ACCOUNT_ID, SIM_REGION, ServiceContext, SimClock } from '../core/contract';
import { createEc2Service } from '../ec2';
import { createSsmService } from '../ssm';
import { AdminTarget, handleAdmin } from './admin';
import { isTemporaryKey, longTermCaller, parseAuthorization } from '../identity/credentials';
import { serveEc2 } from './ec2-query';
import { Gate } from './gate';
import { HttpError, readBody, sendJson } from './http';
import { LatencyRange, RuntimeConfig, SimulatorConfigInput, parseConfigBody, parseLatency } from './runtime-config';
import { SSM_TARGET_PREFIX, sendJson11, serveSsm } from './ssm-json';
import { CallStats } from './stats';

export interface SimulatorOptions {
  /** 0 = any free port. Default 0. */
  port?: number;
  /** Seeded EC2 instances (default 40). */
  instances?: number;
  /** Simulated-time speed (default 1; 0 = frozen, only /_sim/clock/advance moves it). */
  timeScale?: number;
  /** EC2/SSM token-bucket throttling (default on, like AWS). */
  throttling?: boolean;
  /** Latency of every AWS call: ms, `"20-60"` or `{ min, max }` (default 0: tests want speed). */
  latencyMs?: number | string | LatencyRange;
  /** PRNG seed of the world (default 42). */
  seed?: number;
  /** One line per request (method, service:action, status, ms) and lifecycle events. Never bodies. */
  log?: (line: string) => void;
}

export interface RunningSimulator {
  /** `http://127.0.0.1:PORT` */
  url: string;
  port: number;
  clock: SimClock;
  close(): Promise<void>;
  /** Counters, throttle buckets, world (EC2 and SSM), config and clock back to the seed. */
  reset(): void;
  /** Calls per action, keyed `ec2:DescribeInstances`, `ssm:GetAutomationExecution`, … (throttled/failed included). */
  stats(): Record<string, number>;
  /** Throttled calls per action, same keys. */
  throttledStats(): Record<string, number>;
  /** The whole of GET /_sim/stats: totals, throttled, most in flight per action, per scope. */
  statsReport(): ReturnType<CallStats['toJSON']>;
  /** Change throttling / buckets / latency / faults / time scale at run time (same as POST /_sim/config). */
  configure(cfg: SimulatorConfigInput): void;
  /** The JSON of GET /_sim/world. */
  world(): unknown;
}

export type { SimulatorConfigInput };

const MAX_BODY = 16 * 1024 * 1024;

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const log = opts.log ?? (() => undefined);
  const seed = opts.seed ?? 42;
  const instances = opts.instances ?? 40;
  if (!Number.isInteger(instances) || instances < 0) throw new Error(`instances must be a non-negative integer, got ${instances}`);
  const initialTimeScale = opts.timeScale ?? 1;
  const initialThrottling = opts.throttling ?? true;
  const initialLatency = opts.latencyMs === undefined ? { min: 0, max: 0 } : parseLatency(opts.latencyMs);
  if (!initialLatency) throw new Error(`latencyMs must be a number of ms, "min-max" or {min, max} within 0..60000, got ${JSON.stringify(opts.latencyMs)}`);
  const clock: ControllableClock = createClock({ timeScale: initialTimeScale });
  const ctx: ServiceContext = { clock, options: { instances, seed }, accountId: SIM_ACCOUNT_ID, region: SIM_REGION };
  const ec2 = createEc2Service(ctx);
  const ssm = createSsmService(ctx, { instances: () => ec2.sharedInstances(), approvalTargetMac: () => ec2.demoIds().approvalTargetMac });

  const stats = new CallStats();
  const config = new RuntimeConfig(clock, { throttling: initialThrottling, timeScale: initialTimeScale, latencyMs: initialLatency });
  const gate = new Gate(config, stats, seed);
  config.onBucketsChange(() => gate.refill());
  const deps = { gate, stats, log, ec2, ssm };

  const reset = (): void => {
    stats.clear();
    gate.reset();
    config.reset();
    clock.reset();
    ec2.reset();
    ssm.reset();
  };

  const world = (): unknown => {
    const ssmSummary = ssm.worldSummary();
    return { ...ec2.worldSummary(), demo: { ...ec2.demoIds(), ...ssmSummary.demo }, ssm: ssmSummary };
  };

  const admin: AdminTarget = {
    stats: () => stats.toJSON(),
    reset,
    clock: () => {
      const now = clock.now();
      return { now: new Date(now).toISOString(), epochMs: now, timeScale: clock.timeScale };
    },
    advanceClock: (ms) => clock.advance(ms),
    config: () => config.toJSON(),
    configure: (body) => config.apply(parseConfigBody(body)),
    world,
  };

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    void (async () => {
      let summary = '';
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const raw = await readBody(req, MAX_BODY);
        if (url.pathname.startsWith('/_sim/') || url.pathname === '/_sim') {
          summary = handleAdmin(req, res, url, raw, admin);
        } else if (url.pathname === '/' && (req.method === 'POST' || req.method === 'GET')) {
          const auth = parseAuthorization(req.headers['authorization']);
          // No session credentials exist yet: a temporary key is one AWS would not know either.
          const resolved = auth.accessKeyId && isTemporaryKey(auth.accessKeyId) ? ({ ok: false, problem: 'invalid' } as const) : ({ ok: true, caller: longTermCaller(auth.accessKeyId) } as const);
          const scope = `${SIM_ACCOUNT_ID}/${SIM_REGION}`;
          const target = req.headers['x-amz-target'];
          if (typeof target === 'string' && target.startsWith(SSM_TARGET_PREFIX)) {
            summary = await serveSsm(res, deps, target, raw, resolved, scope, requestId);
          } else if (typeof target === 'string' && target !== '') {
            sendJson11(res, 400, { __type: 'UnknownOperationException', message: `Unknown target ${target}` }, requestId);
            summary = `? ${target} 400`;
          } else {
            const params: Record<string, string> = {};
            for (const [k, v] of url.searchParams) params[k] = v;
            if (req.method === 'POST') for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
            summary = await serveEc2(res, deps, params, resolved, scope, requestId);
          }
        } else {
          throw new HttpError(404, `not found: ${req.method} ${url.pathname}`);
        }
      } catch (e) {
        const status = e instanceof HttpError ? e.status : 500;
        if (!(e instanceof HttpError)) log(`simulator: ${(e as Error)?.stack ?? String(e)}`);
        if (!res.headersSent) sendJson(res, status, { error: (e as Error).message });
        else res.end();
        summary = `${req.method} ${req.url} ${status}`;
      }
      log(`${summary} ${Math.round(performance.now() - started)}ms`);
    })();
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  log(`simulator: listening on ${url} (${instances} instances, seed ${seed}, time x${initialTimeScale}, throttling ${initialThrottling ? 'on' : 'off'})`);

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    clock,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
    reset,
    stats: () => stats.calls.toJSON(),
    throttledStats: () => stats.throttled.toJSON(),
    statsReport: () => stats.toJSON(),
    configure: (cfg) => config.apply(cfg),
    world,
  };
}
