/**
 * Fault injection and latency (POST /_sim/config): failures as AWS answers them or as a proxy in
 * front of AWS answers them, per action or everywhere; and the latency every call has.
 */
import { DescribeImagesCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand } from '@aws-sdk/client-ssm';
import { startSimulator } from '../src/front/server';
import { admin, failure, ssmClient } from './support/sdk';
import { suiteSimulator } from './support/suite';

describe('faults and latency', () => {
  const t = suiteSimulator({ timeScale: 0, throttling: false, instances: 20 });

  test('errorRate 1 on one action: that action fails as its service fails (EC2 InternalError, SSM InternalServerError, 500); others answer', async () => {
    await admin(t.sim, 'config', { faults: { errorRate: 1, actions: ['DescribeImages', 'ssm:DescribeInstanceInformation'] } });
    expect(await failure(t.ec2.send(new DescribeImagesCommand({})))).toMatchObject({ name: 'InternalError', status: 500 });
    expect((await t.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }))).Reservations!.length).toBeGreaterThan(0);
    const ssm = ssmClient(t.sim);
    expect(await failure(ssm.send(new DescribeInstanceInformationCommand({})))).toMatchObject({ name: 'InternalServerError', status: 500 });
    ssm.destroy();
    expect((await admin(t.sim, 'stats')).calls).toEqual({ 'ec2:DescribeImages': 1, 'ec2:DescribeInstances': 1, 'ssm:DescribeInstanceInformation': 1 });
  });

  test.each([
    ['html502', 502, '502 Bad Gateway'],
    ['html500', 500, '500 Internal Server Error'],
  ])('mode %s answers like a proxy: HTTP %i with an HTML page, no AWS error body, no AWS request id', async (mode, status, title) => {
    await admin(t.sim, 'config', { faults: { errorRate: 1, actions: ['DescribeInstances', 'DescribeInstanceInformation'], mode } });
    const raw = await fetch(t.sim.url, { method: 'POST', body: new URLSearchParams({ Action: 'DescribeInstances', Version: '2016-11-15' }) });
    expect(raw.status).toBe(status);
    expect(raw.headers.get('content-type')).toBe('text/html');
    expect(raw.headers.get('x-amzn-requestid')).toBeNull();
    expect(await raw.text()).toBe(`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`);
    const ec2Fail = await failure(t.ec2.send(new DescribeInstancesCommand({})));
    expect(ec2Fail.status).toBe(status);
    const ssm = ssmClient(t.sim);
    const ssmRaw = await fetch(t.sim.url, { method: 'POST', headers: { 'x-amz-target': 'AmazonSSM.DescribeInstanceInformation', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(ssmRaw.status).toBe(status);
    expect(await ssmRaw.text()).toContain(`<title>${title}</title>`);
    expect((await failure(ssm.send(new DescribeInstanceInformationCommand({})))).status).toBe(status);
    ssm.destroy();
    // Not every call: other actions answer as usual.
    expect((await t.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!.length).toBeGreaterThan(0);
  });

  test('latency holds every call open: concurrent calls pile up in flight (GET /_sim/stats maxInFlight)', async () => {
    await admin(t.sim, 'config', { latencyMs: '300-400' });
    await Promise.all(Array.from({ length: 5 }, () => t.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))));
    expect((await admin(t.sim, 'stats')).maxInFlight).toEqual({ 'ec2:DescribeImages': 5 });
  });

  test('latency from the start (SIM_LATENCY_MS / the latencyMs option) is what reset returns to', async () => {
    const slow = await startSimulator({ timeScale: 0, throttling: false, instances: 20, latencyMs: '20-60' });
    expect((await admin(slow, 'config')).latencyMs).toEqual({ min: 20, max: 60 });
    await admin(slow, 'config', { latencyMs: 0 });
    slow.reset();
    expect((await admin(slow, 'config')).latencyMs).toEqual({ min: 20, max: 60 });
    await slow.close();
    await expect(startSimulator({ latencyMs: '60-20' })).rejects.toThrow('latencyMs must be');
  });
});
