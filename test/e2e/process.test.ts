import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { buildFirst, freePort, waitFor } from '../support/processes';

/** The real entry point (`node dist/src/main.js`, what `npm start` runs): start-up, config errors, SIGTERM. */
const MAIN = resolve(__dirname, '../../dist/src/main.js');
const baseEnv = { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };

/** stdout is for log shippers: every line must be one JSON object. */
function nonJsonLines(stdout: string): string[] {
  return stdout.split('\n').filter((line) => {
    if (!line) return false;
    try {
      return typeof JSON.parse(line) !== 'object';
    } catch {
      return true;
    }
  });
}

function run(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [MAIN], { env: { ...baseEnv, ...env }, stdio: 'pipe' });
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    stdout += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
    stderr += d.toString();
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exit, output: () => out, stdout: () => stdout, stderr: () => stderr };
}

// These run the built entry points: build first, so a stale dist/ is never what is tested.
beforeAll(() => buildFirst(), 180_000);

describe('the process', () => {
  it('fails fast with one clear line per bad setting', async () => {
    const p = run({ PORT: 'abc', SIM_INSTANCES: '-3' });
    expect(await p.exit).toBe(2);
    expect(p.output()).toContain('PORT="abc" must be an integer between 0 and 65535');
    expect(p.output()).toContain('SIM_INSTANCES must be an integer from 0 to 1000000, got "-3"');
    expect(p.stdout()).toBe('');
    // The simulator's variables are judged by the simulator package's own reader (as `npm run simulator` judges them).
    expect(p.stderr().trim().split('\n')).toEqual([
      'fleetgraph: invalid configuration: PORT="abc" must be an integer between 0 and 65535',
      'fleetgraph: invalid configuration: SIM_INSTANCES must be an integer from 0 to 1000000, got "-3"',
    ]);
  });

  it('a bad LOG_LEVEL is a configuration problem, not a crash', async () => {
    const p = run({ LOG_LEVEL: 'loud', PORT: '0' });
    expect(await p.exit).toBe(2);
    expect(p.stderr()).toBe('fleetgraph: invalid configuration: LOG_LEVEL="loud" must be one of fatal, error, warn, info, debug, trace, silent\n');
    expect(p.stdout()).toBe('');
  });

  it('in production (the Docker image) refuses to guess a backend when none is given', async () => {
    const p = run({ NODE_ENV: 'production', PORT: '0' });
    expect(await p.exit).toBe(2);
    expect(p.stderr()).toBe(
      'fleetgraph: invalid configuration: FLEETGRAPH_BACKEND is not set: set FLEETGRAPH_BACKEND=aws with auth, or FLEETGRAPH_DEMO=true to serve the embedded simulator\n',
    );
  });

  it('refuses to serve real AWS without authentication, saying why', async () => {
    const p = run({ FLEETGRAPH_BACKEND: 'aws', PORT: '0' });
    expect(await p.exit).toBe(2);
    expect(p.output()).toMatch(/refusing to serve real AWS without authentication/);
  });

  it('serves on the simulator, and on SIGTERM closes subscriptions with 1001 and exits 0', async () => {
    const port = await freePort();
    const p = run({ PORT: String(port), FLEETGRAPH_SIMULATOR_PORT: '0', LOG_LEVEL: 'info' });
    try {
      await waitFor(async () => p.output().includes('FleetGraph GraphQL API'), `start-up: ${p.output()}`);
      expect(p.output()).toContain(`FleetGraph GraphQL API: http://127.0.0.1:${port}/graphql`);
      expect(p.output()).toMatch(/embedded EC2\/SSM simulator at http:\/\/127\.0\.0\.1:\d+/);
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ instances(filter: { macOnly: true }) { pageSize } }' }),
      });
      expect(((await res.json()) as any).data.instances.pageSize).toBeGreaterThan(0);
      // npm start's defaults: the simulator's organisation, 3 reachable accounts × 2 regions.
      const org = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ accounts { id reachable } instances(first: 1000) { nodes { accountId region } unavailableScopes { code } } }' }),
      });
      const { accounts, instances } = ((await org.json()) as any).data;
      expect(accounts).toEqual(['583914027365', '720461938152', '841275063918'].map((id) => ({ id, reachable: true })));
      const scopes = new Set(instances.nodes.map((n: { accountId: string; region: string }) => `${n.accountId}/${n.region}`));
      expect([...scopes].sort()).toEqual(accounts.flatMap((a: { id: string }) => [`${a.id}/us-east-1`, `${a.id}/us-west-2`]));
      expect(instances.unavailableScopes).toEqual([]);

      let closeCode: number | undefined;
      const client = createClient({
        url: `ws://127.0.0.1:${port}/graphql`,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        on: { closed: (e) => (closeCode = (e as { code: number }).code) },
      });
      let subscribed = false;
      client.subscribe({ query: 'subscription { taskEvents { taskId } }' }, { next: () => undefined, error: () => undefined, complete: () => undefined });
      await waitFor(async () => (subscribed = (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).includes('graphql_active_subscriptions 1')), 'subscription open');
      expect(subscribed).toBe(true);

      p.child.kill('SIGTERM');
      expect(await p.exit).toBe(0);
      await waitFor(async () => closeCode !== undefined, 'client close');
      expect(closeCode).toBe(1001);
      await client.dispose();
      expect(nonJsonLines(p.stdout())).toEqual([]);
      // The start-up facts as fields of the `fleetgraph started` line, read once the process has exited.
      const started = p.stdout().split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((entry) => entry.url);
      expect(started).toMatchObject({ level: 30, service: 'fleetgraph', url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql`, backend: 'simulator', auth: ['none'], scopes: 6 });
      expect(p.stderr()).toBe('');
    } finally {
      p.child.kill('SIGKILL');
    }
  }, 30000);
});
