/**
 * `aws-sim` as users run it: the committed bin shim over the built package (npm test builds first),
 * started as its own process, spoken to as the AWS CLI and the SDK speak.
 */
import { DescribeImagesCommand } from '@aws-sdk/client-ec2';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { ec2Client } from './support/sdk';

const BIN = resolve(__dirname, '../bin/aws-sim.js');
const baseEnv = { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [BIN], { env: { ...baseEnv, ...env }, stdio: 'pipe' });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  /** The URL it prints once listening (fails if it exits first). */
  const started = () =>
    new Promise<string>((ok, fail) => {
      const check = () => {
        const m = /FleetGraph simulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) ok(m[1]);
      };
      check();
      child.stdout.on('data', check);
      void exit.then((code) => fail(new Error(`aws-sim exited ${code} before listening: ${out}`)));
    });
  return { child, exit, started, output: () => out };
}

describe('aws-sim (standalone)', () => {
  it('fails fast with one line per bad setting', async () => {
    const p = run({ SIM_INSTANCES: 'many', SIM_THROTTLING: 'maybe' });
    expect(await p.exit).toBe(2);
    expect(p.output()).toBe('aws-sim: SIM_INSTANCES must be an integer from 0 to 1000000, got "many"\naws-sim: SIM_THROTTLING must be on/off, got "maybe"\n');
  });

  it('speaks the EC2 Query and SSM JSON wire protocols to any client: raw HTTP as the AWS CLI sends it, and the SDK', async () => {
    const p = run({ FLEETGRAPH_SIMULATOR_PORT: '0', SIM_INSTANCES: '12' });
    try {
      const url = await p.started();
      const auth = 'AWS4-HMAC-SHA256 Credential=AKIAFLEETGRAPHADMIN1/20261122/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0';

      // What `aws ec2 describe-instances --endpoint-url … --filters Name=instance-type,Values=mac*` sends.
      const ec2 = await fetch(url + '/', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: auth },
        body: 'Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-type&Filter.1.Value.1=mac%2A',
      });
      const xml = await ec2.text();
      expect(ec2.status).toBe(200);
      expect(ec2.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
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
      expect(((await ssm.json()) as { InstanceInformationList: unknown[] }).InstanceInformationList).toHaveLength(5);

      const client = ec2Client({ url });
      const images = await client.send(new DescribeImagesCommand({ Owners: ['amazon'] }));
      expect(images.Images!.map((i) => i.ImageOwnerAlias)).toEqual(['amazon', 'amazon', 'amazon', 'amazon', 'amazon']);
      client.destroy();
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exit).toBe(0);
    }
  });
});
