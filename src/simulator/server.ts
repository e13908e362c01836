/**
 * The simulator's HTTP front: one loopback port speaking
 *  - EC2 Query (`POST /`, form-encoded `Action=…&Version=2016-11-15`) → XML,
 *  - SSM awsJson1_1 (`POST /`, `X-Amz-Target: AmazonSSM.<Op>`) → JSON,
 *  - admin endpoints under `/_sim/` (stats, reset, clock, config, world).
 * It owns auth (access key → caller), throttling (EC2-faithful token buckets), fault injection,
 * counters and the clock; services (./ec2, ./ssm) never see HTTP.
 * Request bodies are never logged (MacCredentials travel in them).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { callerFromAuthorization } from './core/auth';
import { ControllableClock, createClock } from './core/clock';
import { Caller, SIM_ACCOUNT_ID, SIM_REGION, ServiceContext, SimClock, SimError, SimService } from './core/contract';
import { Counters, FaultConfig, faultApplies } from './core/counters';
import { mulberry32 } from './core/rng';
import { BucketSet, EC2_BUCKETS, SSM_BUCKET } from './core/throttle';
import { EC2_MUTATING_ACTIONS, createEc2Service, isEc2Action } from './ec2';
import { createSsmService } from './ssm';

export interface SimulatorOptions {
  /** 0 = any free port. Default 0. */
  port?: number;
  /** Seeded EC2 instances (default 40). */
  instances?: number;
  /** Simulated-time speed (default 1; 0 = frozen, only /_sim/clock/advance moves it). */
  timeScale?: number;
  /** EC2/SSM token-bucket throttling (default on, like AWS). */
  throttling?: boolean;
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
  /** Change throttling / faults / time scale at run time (same as POST /_sim/config). */
  configure(cfg: SimulatorConfigInput): void;
  /** The JSON of GET /_sim/world. */
  world(): unknown;
}

export interface SimulatorConfigInput {
  throttling?: boolean;
  timeScale?: number;
  faults?: Partial<FaultConfig>;
}

const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const MAX_BODY = 16 * 1024 * 1024;

/** SSM operations that change state (read-only key → AccessDeniedException). */
const SSM_MUTATION_RE = /^(Start|Stop|Send|Create|Delete|Update|Put|Register|Deregister|Cancel|Modify|Add|Remove|Label|Reset|Associate|Disassociate|Tag|Untag|Unlabel)/;

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const log = opts.log ?? (() => undefined);
  const seed = opts.seed ?? 42;
  const instances = opts.instances ?? 40;
  if (!Number.isInteger(instances) || instances < 0) throw new Error(`instances must be a non-negative integer, got ${instances}`);
  const initialTimeScale = opts.timeScale ?? 1;
  const initialThrottling = opts.throttling ?? true;
  const clock: ControllableClock = createClock({ timeScale: initialTimeScale });
  const ctx: ServiceContext = {
    clock,
    options: { instances, seed },
    accountId: SIM_ACCOUNT_ID,
    region: SIM_REGION,
  };
  const ec2 = createEc2Service(ctx);
  const ssm: SimService<Record<string, unknown>, unknown> = createSsmService(ctx, () => ec2.sharedInstances());

  const calls = new Counters();
  const throttled = new Counters();
  const buckets = new BucketSet();
  const noFaults = (): FaultConfig => ({ errorRate: 0, latencyMs: 0 });
  let throttling = initialThrottling;
  let faults = noFaults();
  let faultRng = mulberry32(seed ^ 0x5eed5eed);

  const configure = (cfg: SimulatorConfigInput): void => {
    if (cfg.throttling !== undefined) {
      throttling = cfg.throttling;
      buckets.clear();
    }
    if (cfg.timeScale !== undefined) clock.setTimeScale(cfg.timeScale);
    if (cfg.faults !== undefined) {
      faults = {
        errorRate: cfg.faults.errorRate ?? faults.errorRate,
        latencyMs: cfg.faults.latencyMs ?? faults.latencyMs,
        actions: cfg.faults.actions ?? faults.actions,
      };
    }
  };

  const reset = (): void => {
    calls.clear();
    throttled.clear();
    buckets.clear();
    throttling = initialThrottling;
    faults = noFaults();
    faultRng = mulberry32(seed ^ 0x5eed5eed);
    clock.setTimeScale(initialTimeScale);
    clock.reset();
    ec2.reset();
    ssm.reset();
  };

  const world = (): unknown => {
    const summary: Record<string, unknown> = { ...(ec2.worldSummary() as Record<string, unknown>) };
    const maybe = ssm as unknown as { worldSummary?: () => unknown };
    if (typeof maybe.worldSummary === 'function') summary.ssm = maybe.worldSummary();
    return summary;
  };

  /** Throttle + faults; returns an error to answer with, or undefined to go on. */
  const gate = async (service: 'ec2' | 'ssm', action: string, bucketKey: string, spec: { burst: number; refillPerSecond: number }): Promise<SimError | undefined> => {
    if (throttling && !buckets.take(`${service}:${bucketKey}`, spec)) {
      throttled.inc(`${service}:${action}`);
      return service === 'ec2'
        ? new SimError('RequestLimitExceeded', 'Request limit exceeded.', 503)
        : new SimError('ThrottlingException', 'Rate exceeded', 400);
    }
    if (faultApplies(faults, service, action)) {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      if (faults.errorRate > 0 && faultRng() < faults.errorRate) {
        return service === 'ec2'
          ? new SimError('InternalError', 'An internal error has occurred', 500)
          : new SimError('InternalServerError', 'An internal server error occurred (injected fault).', 500);
      }
    }
    return undefined;
  };

  const ec2BucketFor = (action: string, params: Record<string, string>): [string, { burst: number; refillPerSecond: number }] => {
    if (EC2_MUTATING_ACTIONS.has(action)) return [action, EC2_BUCKETS.mutating];
    if (action === 'DescribeInstances') {
      const filtered = Object.keys(params).some((k) => k.startsWith('Filter.') || k.startsWith('InstanceId.'));
      if (!filtered) return ['DescribeInstances:unfiltered', EC2_BUCKETS.unfilteredDescribeInstances];
    }
    return [action, EC2_BUCKETS.describe];
  };

  const sendEc2Error = (res: http.ServerResponse, requestId: string, err: SimError): void => {
    const body =
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Response><Errors><Error><Code>${escapeXml(err.code)}</Code><Message>${escapeXml(err.message)}</Message></Error></Errors>` +
      `<RequestID>${requestId}</RequestID></Response>`;
    res.writeHead(err.status, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handleEc2 = async (res: http.ServerResponse, params: Record<string, string>, caller: Caller, requestId: string): Promise<string> => {
    const action = params['Action'] ?? '';
    calls.inc(`ec2:${action || '(none)'}`);
    const request: Record<string, string> = { ...params };
    delete request['Action'];
    delete request['Version'];
    let err: SimError | undefined;
    if (!caller.known) {
      err = new SimError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401);
    } else if (!action) {
      err = new SimError('MissingAction', 'The request must contain the parameter Action');
    } else if (!isEc2Action(action)) {
      err = new SimError('InvalidAction', `The action ${action} is not valid for this web service.`);
    } else {
      const [key, spec] = ec2BucketFor(action, request);
      err = await gate('ec2', action, key, spec);
    }
    if (!err) {
      try {
        const inner = ec2.handle(action, request, caller);
        const body =
          '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<${action}Response xmlns="${EC2_XMLNS}"><requestId>${requestId}</requestId>${inner}</${action}Response>`;
        res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
        res.end(body);
        return `ec2:${action} 200`;
      } catch (e) {
        if (e instanceof SimError) err = e;
        else {
          log(`simulator: internal error in ec2:${action}: ${(e as Error)?.stack ?? String(e)}`);
          err = new SimError('InternalError', 'An internal error has occurred', 500);
        }
      }
    }
    sendEc2Error(res, requestId, err);
    return `ec2:${action || '(none)'} ${err.status} ${err.code}`;
  };

  const sendSsm = (res: http.ServerResponse, requestId: string, status: number, payload: unknown): void => {
    const body = JSON.stringify(payload ?? {});
    res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const handleSsm = async (res: http.ServerResponse, target: string, rawBody: string, caller: Caller, requestId: string): Promise<string> => {
    const op = target.slice('AmazonSSM.'.length);
    calls.inc(`ssm:${op || '(none)'}`);
    let err: SimError | undefined;
    let body: Record<string, unknown> = {};
    if (!caller.known) {
      err = new SimError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    } else if (!op) {
      err = new SimError('UnknownOperationException', 'Missing operation in X-Amz-Target.');
    } else {
      try {
        const parsed: unknown = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        err = new SimError('SerializationException', 'The request body is not a valid JSON object.');
      }
      if (!err && !caller.canWrite && SSM_MUTATION_RE.test(op)) {
        err = new SimError(
          'AccessDeniedException',
          `User: arn:aws:iam::${SIM_ACCOUNT_ID}:user/fleetgraph-readonly is not authorized to perform: ssm:${op} because no identity-based policy allows the ssm:${op} action`,
        );
      }
      if (!err) err = await gate('ssm', op, op, SSM_BUCKET);
    }
    if (!err) {
      try {
        const out = await ssm.handle(op, body, caller);
        sendSsm(res, requestId, 200, out);
        return `ssm:${op} 200`;
      } catch (e) {
        if (e instanceof SimError) {
          // awsJson1_1 answers an unknown X-Amz-Target with UnknownOperationException.
          err = e.code === 'InvalidAction' ? new SimError('UnknownOperationException', `Unknown operation ${op}`) : e;
        } else {
          log(`simulator: internal error in ssm:${op}: ${(e as Error)?.stack ?? String(e)}`);
          err = new SimError('InternalServerError', 'An internal server error occurred.', 500);
        }
      }
    }
    sendSsm(res, requestId, err.status, { __type: err.code, message: err.message });
    return `ssm:${op || '(none)'} ${err.status} ${err.code}`;
  };

  const sendJson = (res: http.ServerResponse, status: number, payload: unknown): void => {
    const body = JSON.stringify(payload, null, 1);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const parseJsonObject = (raw: string): Record<string, unknown> => {
    if (raw.trim() === '') return {};
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'body must be JSON');
    }
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'body must be a JSON object');
    return v as Record<string, unknown>;
  };

  const finiteNonNegative = (v: unknown, name: string): number => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HttpError(400, `${name} must be a non-negative number`);
    return v;
  };

  const clockJson = () => {
    const now = clock.now();
    return { now: new Date(now).toISOString(), epochMs: now, timeScale: clock.timeScale };
  };

  const handleAdmin = (req: http.IncomingMessage, res: http.ServerResponse, path: string, raw: string): string => {
    const route = `${req.method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /_sim/stats':
        sendJson(res, 200, { calls: calls.toJSON(), throttled: throttled.toJSON() });
        break;
      case 'POST /_sim/reset':
        reset();
        sendJson(res, 200, { ok: true, now: new Date(clock.now()).toISOString() });
        break;
      case 'GET /_sim/clock':
        sendJson(res, 200, clockJson());
        break;
      case 'POST /_sim/clock/advance': {
        const b = parseJsonObject(raw);
        let ms: number;
        if (b.ms !== undefined) ms = finiteNonNegative(b.ms, 'ms');
        else if (b.seconds !== undefined) ms = finiteNonNegative(b.seconds, 'seconds') * 1000;
        else if (b.minutes !== undefined) ms = finiteNonNegative(b.minutes, 'minutes') * 60_000;
        else throw new HttpError(400, 'give {"ms": n} or {"seconds": n}');
        clock.advance(ms);
        sendJson(res, 200, clockJson());
        break;
      }
      case 'GET /_sim/config':
        sendJson(res, 200, { throttling, timeScale: clock.timeScale, faults });
        break;
      case 'POST /_sim/config': {
        const b = parseJsonObject(raw);
        const known = new Set(['throttling', 'faults', 'timeScale']);
        const unknown = Object.keys(b).filter((k) => !known.has(k));
        if (unknown.length) throw new HttpError(400, `unknown config keys: ${unknown.join(', ')}`);
        const cfg: SimulatorConfigInput = {};
        if (b.throttling !== undefined) {
          if (typeof b.throttling !== 'boolean') throw new HttpError(400, 'throttling must be a boolean');
          cfg.throttling = b.throttling;
        }
        if (b.timeScale !== undefined) cfg.timeScale = finiteNonNegative(b.timeScale, 'timeScale');
        if (b.faults !== undefined) {
          const f = b.faults as Record<string, unknown>;
          if (!f || typeof f !== 'object' || Array.isArray(f)) throw new HttpError(400, 'faults must be an object');
          const fk = Object.keys(f).filter((k) => !['errorRate', 'latencyMs', 'actions'].includes(k));
          if (fk.length) throw new HttpError(400, `unknown faults keys: ${fk.join(', ')}`);
          cfg.faults = {};
          if (f.errorRate !== undefined) {
            const r = finiteNonNegative(f.errorRate, 'faults.errorRate');
            if (r > 1) throw new HttpError(400, 'faults.errorRate must be between 0 and 1');
            cfg.faults.errorRate = r;
          }
          if (f.latencyMs !== undefined) {
            const l = finiteNonNegative(f.latencyMs, 'faults.latencyMs');
            if (l > 60_000) throw new HttpError(400, 'faults.latencyMs must be at most 60000');
            cfg.faults.latencyMs = l;
          }
          if (f.actions !== undefined) {
            if (!Array.isArray(f.actions) || !f.actions.every((a) => typeof a === 'string')) throw new HttpError(400, 'faults.actions must be an array of strings');
            cfg.faults.actions = f.actions as string[];
          }
        }
        configure(cfg);
        sendJson(res, 200, { throttling, timeScale: clock.timeScale, faults });
        break;
      }
      case 'GET /_sim/world':
        sendJson(res, 200, world());
        break;
      default:
        throw new HttpError(404, `no admin endpoint ${route}`);
    }
    return route;
  };

  const server = http.createServer((req, res) => {
    const started = performance.now();
    const requestId = randomUUID();
    void (async () => {
      let summary = '';
      try {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const raw = await readBody(req);
        if (url.pathname.startsWith('/_sim/') || url.pathname === '/_sim') {
          summary = handleAdmin(req, res, url.pathname, raw);
        } else if (url.pathname === '/' && (req.method === 'POST' || req.method === 'GET')) {
          const caller = callerFromAuthorization(req.headers['authorization']);
          const target = req.headers['x-amz-target'];
          if (typeof target === 'string' && target.startsWith('AmazonSSM.')) {
            summary = await handleSsm(res, target, raw, caller, requestId);
          } else if (typeof target === 'string' && target !== '') {
            sendSsm(res, requestId, 400, { __type: 'UnknownOperationException', message: `Unknown target ${target}` });
            summary = `? ${target} 400`;
          } else {
            const params: Record<string, string> = {};
            for (const [k, v] of url.searchParams) params[k] = v;
            if (req.method === 'POST') for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
            summary = await handleEc2(res, params, caller, requestId);
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
    stats: () => calls.toJSON(),
    throttledStats: () => throttled.toJSON(),
    configure,
    world,
  };
}
