/**
 * The deployment the bench measures: the simulator in its own process (standing in for AWS, with
 * per-call latency), the gateway in its own process (the built `dist/src/main.js`, configured as
 * in production), the load in this one. Each process is stopped by the PID this module started.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SIM_BIN = path.join(ROOT, 'packages', 'aws-sim', 'bin', 'aws-sim.js');
const GATEWAY_MAIN = path.join(ROOT, 'dist', 'src', 'main.js');
const START_TIMEOUT_MS = 60_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A child process with its output kept (bounded) for error messages. */
export class Proc {
  private out = '';
  private readonly exited: Promise<void>;

  /** `logFile`: where the child's stdout goes instead of a pipe (a gateway's JSON log lines). */
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile?: string,
  ) {
    const keep = (d: Buffer) => {
      this.out = (this.out + d.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  output(): string {
    return (this.logFile ? readFileSync(this.logFile, 'utf8').slice(-20_000) : '') + this.out;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Waits until `match` finds something in the output (or the process dies, or time runs out). */
  async waitForOutput(match: RegExp, what: string): Promise<RegExpExecArray> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const m = match.exec(this.output());
      if (m) return m;
      if (!this.running) throw new Error(`${this.name} exited (${this.child.exitCode ?? this.child.signalCode}) before ${what}:\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`${this.name}: no ${what} within ${START_TIMEOUT_MS / 1000} s:\n${this.output()}`);
      await sleep(25);
    }
  }

  async stop(): Promise<void> {
    if (this.running) this.child.kill('SIGTERM');
    const force = setTimeout(() => this.running && this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(force);
    // BENCH_KEEP_LOGS=1 keeps the gateway's log lines for a look after the run.
    if (this.logFile && !process.env.BENCH_KEEP_LOGS) rmSync(path.dirname(this.logFile), { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface SimulatorSettings {
  instances: number;
  /** SIM_LATENCY_MS: "30" or "20-60". */
  latencyMs: string;
  /** EC2/SSM token buckets at AWS's numbers. */
  throttling: boolean;
}

/** `npx aws-sim` as its own process: the standalone simulator, frozen clock, seed 42. */
export async function startSimulator(s: SimulatorSettings): Promise<{ proc: Proc; url: string }> {
  const child = spawn(process.execPath, [SIM_BIN], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      FLEETGRAPH_SIMULATOR_PORT: '0',
      SIM_INSTANCES: String(s.instances),
      SIM_TIME_SCALE: '0',
      SIM_THROTTLING: s.throttling ? 'on' : 'off',
      SIM_LATENCY_MS: s.latencyMs,
    },
  });
  const proc = new Proc('simulator', child);
  const m = await proc.waitForOutput(/FleetGraph simulator at (http:\/\/127\.0\.0\.1:\d+)/, 'start-up line');
  return { proc, url: m[1] };
}

export interface GatewayProcess {
  proc: Proc;
  url: string;
  origin: string;
  /** Bearer token for GET /metrics (production closes /metrics without one). */
  metricsToken: string;
  /** ws:// URL of the V8 inspector when started with `inspect`. */
  inspectorUrl?: string;
  env: Record<string, string>;
}

/**
 * The gateway as production runs it: `node dist/src/main.js`, NODE_ENV=production, backend `aws`
 * with the SDK's endpoint variables pointing at the simulator (EC2, SSM, STS), auth off (the one
 * setting a production deployment would not have: FLEETGRAPH_ALLOW_NO_AUTH says so explicitly).
 * Every other limit is at its default unless `env` overrides it. `inspect` opens the V8 inspector
 * on loopback, used only to read the heap after a GC from outside (see heap.ts).
 */
export async function startGateway(simUrl: string, env: Record<string, string>, opts: { inspect?: boolean } = {}): Promise<GatewayProcess> {
  const port = await freePort();
  const metricsToken = randomBytes(18).toString('base64url');
  const fullEnv: Record<string, string> = {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    FLEETGRAPH_BACKEND: 'aws',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_EC2: simUrl,
    AWS_ENDPOINT_URL_SSM: simUrl,
    AWS_ENDPOINT_URL_STS: simUrl,
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    FLEETGRAPH_ALLOW_NO_AUTH: 'true',
    // Diagnostics only (e.g. V8 heap flags); recorded with the results when set.
    ...(process.env.BENCH_GATEWAY_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_GATEWAY_NODE_OPTIONS } : {}),
    ...env,
  };
  const args = [...(opts.inspect ? ['--inspect=127.0.0.1:0'] : []), GATEWAY_MAIN];
  // Its JSON log lines (LOG_LEVEL info, the default: one line per operation, as in production) go
  // to a file, as to a log shipper, rather than through a pipe this process would have to drain.
  const logFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'fleetgraph-bench-')), 'gateway.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', fd, 'pipe'],
    env: { PATH: process.env.PATH ?? '', FLEETGRAPH_METRICS_TOKEN: metricsToken, ...fullEnv },
  });
  closeSync(fd);
  const proc = new Proc('gateway', child, logFile);
  await proc.waitForOutput(/fleetgraph started/, '"fleetgraph started" log line');
  const inspectorUrl = opts.inspect ? (await proc.waitForOutput(/Debugger listening on (ws:\/\/\S+)/, 'inspector URL'))[1] : undefined;
  const origin = `http://127.0.0.1:${port}`;
  return { proc, url: `${origin}/graphql`, origin, metricsToken, inspectorUrl, env: fullEnv };
}

/** CPU time (user + system, seconds) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS = 100;

const REFERENCE_SERVER = path.join(ROOT, 'dist', 'bench', 'reference-server.js');

/** One of the throughput scenario's reference servers (reference-server.ts) in its own process, production mode. */
export async function startReferenceServer(mode: 'apollo' | 'static', answerFile: string, schemaFile: string): Promise<{ proc: Proc; url: string }> {
  const child = spawn(process.execPath, [REFERENCE_SERVER, mode, answerFile, schemaFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
  });
  const proc = new Proc(`${mode} reference server`, child);
  const m = await proc.waitForOutput(/reference server at (http:\/\/127\.0\.0\.1:\d+\/\S*)/, 'start-up line');
  return { proc, url: m[1] };
}
