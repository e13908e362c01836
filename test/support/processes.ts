import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** A free loopback port (bound, read, released). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export interface Proc {
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

function track(child: ChildProcess): Proc {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A throwaway redis-server (from Debian's package) on a free loopback port, no persistence. */
export async function startRedis(): Promise<{ url: string; proc: Proc }> {
  const port = await freePort();
  const proc = track(spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'pipe' }));
  await waitFor(async () => proc.output().includes('Ready to accept connections'), 'redis-server');
  return { url: `redis://127.0.0.1:${port}`, proc };
}

const ROOT = resolve(__dirname, '../..');
let built: Promise<void> | undefined;

/**
 * Process tests run the built output, so they build it first (once per test file; incremental,
 * about a second when nothing changed): a stale `dist/` is never what they test.
 */
export function buildFirst(): Promise<void> {
  built ??= new Promise<void>((ok, fail) => {
    const child = spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'pipe', env: process.env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`npm run build failed (exit ${code}):\n${out}`))));
  });
  return built;
}

/** A gateway replica as its own process (the freshly built `dist/src/main.js`), AWS pointed at `awsEndpoint`. */
export async function startGatewayProcess(options: { awsEndpoint: string; env?: Record<string, string> }): Promise<Proc & { url: string }> {
  await buildFirst();
  const port = await freePort();
  const main = resolve(__dirname, '../../dist/src/main.js');
  const proc = track(
    spawn(process.execPath, [main], {
      stdio: 'pipe',
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        FLEETGRAPH_BACKEND: 'aws',
        AWS_REGION: 'us-east-1',
        AWS_ENDPOINT_URL_EC2: options.awsEndpoint,
        AWS_ENDPOINT_URL_SSM: options.awsEndpoint,
        AWS_ACCESS_KEY_ID: 'AKIAFLEETGRAPHADMIN1',
        AWS_SECRET_ACCESS_KEY: 'simulator-secret-key-not-checked',
        AWS_EC2_METADATA_DISABLED: 'true',
        // The simulator speaks no STS yet: the account comes from here, not GetCallerIdentity.
        FLEETGRAPH_ACCOUNT_ID: '123456789012',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        FLEETGRAPH_ALLOW_NO_AUTH: 'true',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
    }),
  );
  const url = `http://127.0.0.1:${port}/graphql`;
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, `gateway on ${port}: ${proc.output()}`);
  return { ...proc, url };
}

/**
 * The standalone simulator as its own process (the freshly built `npm run simulator`), as AWS is to the
 * gateway: its event loop is not the test's, so calls arrive when they are sent.
 */
export async function startSimulatorProcess(env: Record<string, string> = {}): Promise<Proc & { url: string }> {
  await buildFirst();
  const main = resolve(__dirname, '../../packages/aws-sim/bin/aws-sim.js');
  const proc = track(
    spawn(process.execPath, [main], {
      stdio: 'pipe',
      env: { PATH: process.env.PATH, FLEETGRAPH_SIMULATOR_PORT: '0', SIM_TIME_SCALE: '0', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    }),
  );
  let url = '';
  await waitFor(async () => {
    url = /FleetGraph simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(proc.output())?.[1] ?? '';
    return url !== '';
  }, `simulator process: ${proc.output()}`);
  return { ...proc, url };
}
