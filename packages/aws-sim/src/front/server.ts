/**
 * The simulator's HTTP front: one loopback port speaking
 *  - EC2 and STS Query (`POST /`, form-encoded `Action=…&Version=…`) → XML,
 *  - SSM and Organizations awsJson1_1 (`POST /`, `X-Amz-Target: <Prefix>.<Op>`) → JSON,
 *  - admin endpoints under `/_sim/` (stats, reset, clock, config, world).
 * It owns credentials (access key → caller and account), scopes (account × region → world), the
 * gate (throttling, latency, faults), counters and the clock; services never see HTTP. Request
 * bodies are never logged (MacCredentials travel in them).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ControllableClock, createClock } from '../core/clock';
import { SimClock } from '../core/contract';
import { Resolved, parseAuthorization, resolveCaller } from '../identity/credentials';
import { SessionStore } from '../identity/sessions';
import { createOrganizationsService } from '../organizations';
import { DEFAULT_ACCOUNTS, DEFAULT_REGIONS, buildOrganization, findAccount } from '../org/organization';
import { createStsService } from '../sts';
import { AdminTarget, handleAdmin } from './admin';
import { DispatchDeps } from './dispatch';
import { Gate } from './gate';
import { HttpError, readBody, sendJson } from './http';
import { ORGANIZATIONS_DIALECT, SSM_DIALECT, sendJson11, serveJson } from './json-protocol';
import { EC2_DIALECT, STS_DIALECT, serveQuery } from './query-protocol';
import { route } from './routing';
import { LatencyRange, RuntimeConfig, SimulatorConfigInput, parseConfigBody, parseLatency } from './runtime-config';
import { Scopes, scopeKey } from './scopes';
import { CallStats } from './stats';
import { worldJson } from './world';

export interface SimulatorOptions {
  /** 0 = any free port. Default 0. */
  port?: number;
  /** Instances of the first scope's world (management account, first region). Default 40. */
  instances?: number;
  /** Accounts of the organisation, the management account included (default 3; ≥ 1). */
  accounts?: number;
  /** Regions every account has enabled; the first is the default (default us-east-1, us-west-2). */
  regions?: readonly string[];
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
  /** Counters, throttle buckets, every world (EC2 and SSM), config and clock back to the seed. Sessions stay. */
  reset(): void;
  /** Calls per action over every scope, keyed `ec2:DescribeInstances`, `ssm:GetAutomationExecution`, … (throttled/failed included). */
  stats(): Record<string, number>;
  /** Throttled calls per action, same keys. */
  throttledStats(): Record<string, number>;
  /** The whole of GET /_sim/stats: totals, throttled, most in flight per action, per scope. */
  statsReport(): ReturnType<CallStats['toJSON']>;
  /** Change throttling / buckets / latency / faults / time scale / denied accounts at run time (as POST /_sim/config). */
  configure(cfg: SimulatorConfigInput): void;
  /** The JSON of GET /_sim/world (one scope's in full with `accountId` and `region`). */
  world(scope?: { accountId: string; region: string }): unknown;
}

export type { SimulatorConfigInput };

const MAX_BODY = 16 * 1024 * 1024;

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const log = opts.log ?? (() => undefined);
  const seed = opts.seed ?? 42;
  const instances = opts.instances ?? 40;
  if (!Number.isInteger(instances) || instances < 0) throw new Error(`instances must be a non-negative integer, got ${instances}`);
  const org = buildOrganization(opts.accounts ?? DEFAULT_ACCOUNTS, opts.regions ?? DEFAULT_REGIONS);
  const initialTimeScale = opts.timeScale ?? 1;
  const initialThrottling = opts.throttling ?? true;
  const initialLatency = opts.latencyMs === undefined ? { min: 0, max: 0 } : parseLatency(opts.latencyMs);
  if (!initialLatency) throw new Error(`latencyMs must be a number of ms, "min-max" or {min, max} within 0..60000, got ${JSON.stringify(opts.latencyMs)}`);
  const clock: ControllableClock = createClock({ timeScale: initialTimeScale });
  const scopes = new Scopes(org, { clock, instances, seed });
  const sessions = new SessionStore();

  const stats = new CallStats();
  const config = new RuntimeConfig(clock, { throttling: initialThrottling, timeScale: initialTimeScale, latencyMs: initialLatency });
  const gate = new Gate(config, stats, seed);
  config.onBucketsChange(() => gate.refill());
  const deps: DispatchDeps = { gate, stats, log };
  const sts = createStsService({ org, sessions, deniedAccounts: () => config.deniedAccounts });
  const organizations = createOrganizationsService(org);
  const defaultRegion = org.enabledRegions[0];
  const disabledRegions = new Set(org.allRegions.filter((r) => r.optInStatus === 'not-opted-in').map((r) => r.name));

  const reset = (): void => {
    stats.clear();
    gate.reset();
    config.reset();
    clock.reset();
    scopes.reset();
  };

  const configure = (cfg: SimulatorConfigInput): void => {
    const unknown = (cfg.denyAssumeRole ?? []).filter((id) => !findAccount(org, id));
    if (unknown.length) throw new HttpError(400, `denyAssumeRole: not accounts of the organisation: ${unknown.join(', ')}`);
    config.apply(cfg);
    if (cfg.expireSessions) sessions.expireAll();
  };

  const world = (which?: { accountId: string; region: string }): unknown => {
    if (!which) return worldJson(org, scopes, sessions);
    const scope = scopes.get(which.accountId, which.region);
    if (!scope) throw new HttpError(404, `no scope ${scopeKey(which.accountId, which.region)} (accounts × regions: see GET /_sim/world)`);
    return worldJson(org, scopes, sessions, scope);
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
    configure: (body) => configure(parseConfigBody(body)),
    world: (q) => {
      const accountId = q.get('accountId');
      const region = q.get('region');
      if (!accountId && !region) return world();
      return world({ accountId: accountId ?? org.managementAccountId, region: region ?? defaultRegion });
    },
  };

  /** One AWS call: who is calling, in which scope, for which service. */
  const serveAws = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: string, requestId: string): Promise<string> => {
    const auth = parseAuthorization(req.headers['authorization']);
    const token = req.headers['x-amz-security-token'];
    let who: Resolved = resolveCaller(auth.accessKeyId, typeof token === 'string' ? token : undefined, sessions);
    const region = auth.region ?? defaultRegion;
    const scope = scopeKey(who.ok ? who.caller.accountId : org.managementAccountId, region);
    const params: Record<string, string> = {};
    if (req.headers['x-amz-target'] === undefined) {
      for (const [k, v] of url.searchParams) params[k] = v;
      if (req.method === 'POST') for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
    }
    const r = route(req.headers['x-amz-target'], auth, params);
    if (r.service === 'organizations') return serveJson(res, deps, ORGANIZATIONS_DIALECT, organizations, { target: r.target, rawBody: raw, who, scope, requestId });
    if (r.service === 'sts') {
      // STS answers in every region but one the account has not opted in to.
      if (who.ok && disabledRegions.has(region)) who = { ok: false, problem: 'invalid' };
      return serveQuery(res, deps, STS_DIALECT, sts, { params, who, scope, requestId });
    }
    if (r.service === 'unknown') {
      sendJson11(res, 400, { __type: 'UnknownOperationException', message: `Unknown target ${r.target}` }, requestId);
      return `? ${r.target} 400`;
    }
    // EC2 and SSM: the caller's account in the signed region; a region the account has not
    // enabled refuses the credentials, as AWS does.
    const world = who.ok ? scopes.get(who.caller.accountId, region) : undefined;
    if (who.ok && !world) who = { ok: false, problem: 'invalid' };
    const target = world ?? scopes.primary;
    if (r.service === 'ssm') return serveJson(res, deps, SSM_DIALECT, target.ssm, { target: r.target, rawBody: raw, who, scope, requestId });
    return serveQuery(res, deps, EC2_DIALECT, target.ec2, { params, who, scope, requestId });
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
          summary = await serveAws(req, res, url, raw, requestId);
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
  log(
    `simulator: listening on ${url} (${org.accounts.length - 1} active accounts × ${org.enabledRegions.join(', ')}; ${instances} instances in the first scope; ` +
      `seed ${seed}, time x${initialTimeScale}, throttling ${initialThrottling ? 'on' : 'off'})`,
  );

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
    configure,
    world,
  };
}
