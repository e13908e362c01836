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

describe('npm run simulator (standalone)', () => {
  it('speaks the EC2 Query and SSM JSON wire protocols to any client: raw HTTP as the AWS CLI sends it, and the SDK', async () => {
    const child = spawn(process.execPath, [resolve(__dirname, '../../dist/src/simulator/main.js')], {
      env: { ...baseEnv, FLEETGRAPH_SIMULATOR_PORT: '0', SIM_INSTANCES: '12' },
      stdio: 'pipe',
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await waitFor(async () => /FleetGraph simulator at (http:\/\/127\.0\.0\.1:\d+)/.test(out), `simulator start: ${out}`);
      const url = /FleetGraph simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1];
      const auth = 'AWS4-HMAC-SHA256 Credential=AKIAFLEETGRAPHADMIN1/20261122/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0';

      // What `aws ec2 describe-instances --endpoint-url … --filters Name=instance-type,Values=mac*` sends.
      const ec2 = await fetch(url + '/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: auth },
        body: 'Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-type&Filter.1.Value.1=mac%2A',
      });
      const xml = await ec2.text();
      expect(ec2.status).toBe(200);
      expect(ec2.headers.get('x-amzn-requestid')).toBeTruthy();
      expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<DescribeInstancesResponse xmlns="http:\/\/ec2.amazonaws.com\/doc\/2016-11-15\/">/);
      expect(xml).toContain('<reservationSet>');
      expect(xml).toMatch(/<instanceType>mac/);

      const bad = await fetch(url + '/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: auth },
        body: 'Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0123456789abcdef0',
      });
      expect(bad.status).toBe(400);
      expect(await bad.text()).toMatch(/<Response><Errors><Error><Code>InvalidInstanceID.NotFound<\/Code>/);

      const ssm = await fetch(url + '/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.DescribeInstanceInformation', authorization: auth.replace('/ec2/', '/ssm/') },
        body: JSON.stringify({ MaxResults: 5 }),
      });
      expect(ssm.status).toBe(200);
      expect(((await ssm.json()) as any).InstanceInformationList.length).toBeGreaterThan(0);

      const { EC2Client, DescribeImagesCommand } = await import('@aws-sdk/client-ec2');
      const client = new EC2Client({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIAFLEETGRAPHADMIN1', secretAccessKey: 'x' } });
      const images = await client.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
      expect(images.Images!.length).toBeGreaterThan(0);
      client.destroy();
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 30000);
});
