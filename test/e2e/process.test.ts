import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { freePort, waitFor } from '../support/processes';

/** The real entry point (`node dist/src/main.js`, what `npm start` runs): start-up, config errors, SIGTERM. */
const MAIN = resolve(__dirname, '../../dist/src/main.js');
const baseEnv = { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', HOST: '127.0.0.1', LOG_LEVEL: 'warn' };

function run(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [MAIN], { env: { ...baseEnv, ...env }, stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exit, output: () => out };
}

describe('the process', () => {
  it('fails fast with one clear line per bad setting', async () => {
    const p = run({ PORT: 'abc', SIM_INSTANCES: '-3' });
    expect(await p.exit).toBe(2);
    expect(p.output()).toContain('PORT="abc" must be an integer between 0 and 65535');
    expect(p.output()).toContain('SIM_INSTANCES="-3"');
  });

  it('refuses to serve real AWS without authentication, saying why', async () => {
    const p = run({ FLEETGRAPH_BACKEND: 'aws', PORT: '0' });
    expect(await p.exit).toBe(2);
    expect(p.output()).toMatch(/refusing to serve real AWS without authentication/);
  });

  it('serves on the simulator, and on SIGTERM closes subscriptions with 1001 and exits 0', async () => {
    const port = await freePort();
    const p = run({ PORT: String(port), FLEETGRAPH_SIMULATOR_PORT: '0' });
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
    } finally {
      p.child.kill('SIGKILL');
    }
  }, 30000);
});
