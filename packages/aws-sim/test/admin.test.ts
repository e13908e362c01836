/** The operator's endpoints (`/_sim/*`): stats, clock, configuration, world, reset. */
import { DescribeImagesCommand, DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { SIM_ACCOUNT_ID, SIM_REGION } from '../src/core/contract';
import { RunningSimulator } from '../src/front/server';
import { admin, failure } from './support/sdk';
import { suiteSimulator } from './support/suite';

const post = (sim: RunningSimulator, path: string, body: unknown) =>
  fetch(`${sim.url}/_sim/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

const SCOPE = `${SIM_ACCOUNT_ID}/${SIM_REGION}`;

describe('admin endpoints', () => {
  const t = suiteSimulator({ timeScale: 0, throttling: false });

  test('stats: calls per action (failed ones too), per scope, and the most in flight at once; reset zeroes them', async () => {
    await t.ec2.send(new DescribeInstancesCommand({}));
    await t.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    await failure(t.ec2.send(new DescribeImagesCommand({ ImageIds: ['ami-0123456789abcdef0'] })));
    const calls = { 'ec2:DescribeImages': 1, 'ec2:DescribeInstances': 2 };
    expect(await admin(t.sim, 'stats')).toEqual({
      calls,
      throttled: {},
      maxInFlight: { 'ec2:DescribeImages': 1, 'ec2:DescribeInstances': 1 },
      scopes: { [SCOPE]: { calls, throttled: {} } },
    });
    expect(t.sim.stats()).toEqual(calls);
    expect((await post(t.sim, 'reset', {})).status).toBe(200);
    expect(await admin(t.sim, 'stats')).toEqual({ calls: {}, throttled: {}, maxInFlight: {}, scopes: {} });
  });

  test('clock: read, advance by ms / seconds / minutes, refuse bad input, back to the seed on reset', async () => {
    expect(await admin(t.sim, 'clock')).toEqual({ now: '2026-11-01T12:00:00.000Z', epochMs: Date.parse('2026-11-01T12:00:00.000Z'), timeScale: 0 });
    expect((await admin(t.sim, 'clock/advance', { seconds: 90 })).now).toBe('2026-11-01T12:01:30.000Z');
    expect((await admin(t.sim, 'clock/advance', { ms: 500 })).now).toBe('2026-11-01T12:01:30.500Z');
    expect((await admin(t.sim, 'clock/advance', { minutes: 2 })).now).toBe('2026-11-01T12:03:30.500Z');
    for (const bad of [{}, { ms: -1 }, { seconds: 'x' }, '[1]', 'nope']) {
      const r = await post(t.sim, 'clock/advance', bad);
      expect(r.status).toBe(400);
      expect(Object.keys((await r.json()) as object)).toEqual(['error']);
    }
    t.sim.reset();
    expect(new Date(t.sim.clock.now()).toISOString()).toBe('2026-11-01T12:00:00.000Z');
  });

  test('config: AWS defaults; every setting changes at run time; a bad request is a 400 and changes nothing', async () => {
    const defaults = {
      throttling: false,
      buckets: {
        describe: { burst: 100, refillPerSecond: 20 },
        unfilteredDescribeInstances: { burst: 50, refillPerSecond: 10 },
        mutating: { burst: 50, refillPerSecond: 5 },
        ssm: { burst: 50, refillPerSecond: 20 },
      },
      latencyMs: { min: 0, max: 0 },
      timeScale: 0,
      faults: { errorRate: 0, latencyMs: 0, mode: 'aws' },
      denyAssumeRole: [],
    };
    expect(await admin(t.sim, 'config')).toEqual(defaults);
    const changed = await admin(t.sim, 'config', {
      throttling: true,
      buckets: { describe: { burst: 10, refillPerSecond: 2 }, ssm: { burst: 3 } },
      latencyMs: '20-60',
      timeScale: 60,
      faults: { errorRate: 0.5, actions: ['DescribeImages'], mode: 'html502' },
    });
    expect(changed).toEqual({
      throttling: true,
      buckets: { ...defaults.buckets, describe: { burst: 10, refillPerSecond: 2 }, ssm: { burst: 3, refillPerSecond: 20 } },
      latencyMs: { min: 20, max: 60 },
      timeScale: 60,
      faults: { errorRate: 0.5, latencyMs: 0, actions: ['DescribeImages'], mode: 'html502' },
      denyAssumeRole: [],
    });
    expect((await admin(t.sim, 'config', { latencyMs: 30 })).latencyMs).toEqual({ min: 30, max: 30 });
    expect((await admin(t.sim, 'config', { latencyMs: { min: 5, max: 7 } })).latencyMs).toEqual({ min: 5, max: 7 });
    const before = await admin(t.sim, 'config');
    for (const bad of [
      { throttling: 'yes' },
      { faults: { errorRate: 2 } },
      { faults: { bogus: 1 } },
      { faults: { mode: 'teapot' } },
      { faults: { actions: 'x' } },
      { nope: true },
      { latencyMs: '60-20' },
      { latencyMs: -1 },
      { latencyMs: 'soon' },
      { buckets: { describe: { burst: 0 } } },
      { buckets: { sts: { burst: 5 } } },
      { buckets: { describe: { size: 5 } } },
      { throttling: false, buckets: { mutating: { refillPerSecond: -1 } } },
      { denyAssumeRole: '720461938152' },
      { denyAssumeRole: ['72046193815'] },
      { denyAssumeRole: ['123456789012'] },
      { expireSessions: false },
    ]) {
      const r = await post(t.sim, 'config', bad);
      expect(r.status).toBe(400);
      expect(Object.keys((await r.json()) as object)).toEqual(['error']);
    }
    expect(await admin(t.sim, 'config')).toEqual(before);
    t.sim.reset();
    expect(await admin(t.sim, 'config')).toEqual(defaults);
  });

  test('world: ids grouped by family and state, and the demo ids; unknown admin paths are 404', async () => {
    const world = await admin(t.sim, 'world');
    expect(Object.keys(world.instances).sort()).toEqual(['linux', 'macAppleSilicon', 'macX86', 'windows']);
    expect(world.idleRunningMac.macX86).toContain(world.demo.idleX86Mac);
    expect(Object.keys(world.images)).toEqual(expect.arrayContaining(['owned', 'shared', 'public', 'withProductCode']));
    expect(Object.keys(world.macTasks.byState).sort()).toEqual(['failed', 'in-progress', 'pending', 'successful']);
    expect((await fetch(`${t.sim.url}/_sim/nothing`)).status).toBe(404);
  });
});
