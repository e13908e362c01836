/**
 * StartInstances, StopInstances, RebootInstances through the real SDK: AWS's state changes on the
 * simulated clock, DryRun, the read-only key, and AWS's errors.
 */
import { DescribeInstancesCommand, Instance, RebootInstancesCommand, StartInstancesCommand, StopInstancesCommand } from '@aws-sdk/client-ec2';
import { SIM_ACCESS_KEYS } from '../src/core/contract';
import { DEMO_IDS } from '../src/demo';
import { WorldSummary, admin, ec2Client, failure } from './support/sdk';
import { suiteSimulator } from './support/suite';

const t = suiteSimulator({ timeScale: 0, throttling: false });
const MINUTE = 60_000;

const advance = (ms: number) => admin(t.sim, 'clock/advance', { ms });
const instance = async (id: string): Promise<Instance> => (await t.ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations![0].Instances![0];
const world = () => t.sim.world() as WorldSummary;
const linux = (state: string) => world().instances.linux[state][0];

test('StopInstances: running → stopping → stopped; a Mac stays stopping about 15 minutes', async () => {
  const lnx = world().instances.windows.running[0];
  const out = await t.ec2.send(new StopInstancesCommand({ InstanceIds: [DEMO_IDS.idleX86Mac, lnx] }));
  expect(out.StoppingInstances).toEqual([
    { InstanceId: DEMO_IDS.idleX86Mac, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } },
    { InstanceId: lnx, CurrentState: { Code: 64, Name: 'stopping' }, PreviousState: { Code: 16, Name: 'running' } },
  ]);
  expect((await instance(DEMO_IDS.idleX86Mac)).StateTransitionReason).toBe('User initiated (2026-11-01 12:00:00 GMT)');
  await advance(MINUTE);
  expect((await instance(lnx)).State!.Name).toBe('stopped');
  expect((await instance(DEMO_IDS.idleX86Mac)).State!.Name).toBe('stopping');
  await advance(14 * MINUTE);
  expect((await instance(DEMO_IDS.idleX86Mac)).State).toEqual({ Code: 80, Name: 'stopped' });
  // Stopping a stopped instance changes nothing and is no error.
  const again = await t.ec2.send(new StopInstancesCommand({ InstanceIds: [lnx] }));
  expect(again.StoppingInstances![0]).toMatchObject({ CurrentState: { Name: 'stopped' }, PreviousState: { Name: 'stopped' } });
});

test('StartInstances: stopped → pending → running with a new launch time; running ones stay running', async () => {
  const stopped = linux('stopped');
  const running = world().instances.windows.running[0];
  const out = await t.ec2.send(new StartInstancesCommand({ InstanceIds: [stopped, running] }));
  expect(out.StartingInstances!.map((c) => [c.InstanceId, c.PreviousState!.Name, c.CurrentState!.Name])).toEqual([
    [stopped, 'stopped', 'pending'],
    [running, 'running', 'running'],
  ]);
  await advance(30_000);
  const i = await instance(stopped);
  expect(i.State!.Name).toBe('running');
  expect(i.LaunchTime).toEqual(new Date(Date.parse('2026-11-01T12:00:00Z')));
});

test('a Mac cannot start again until its host has finished scrubbing', async () => {
  await t.ec2.send(new StopInstancesCommand({ InstanceIds: [DEMO_IDS.idleX86Mac] }));
  await advance(15 * MINUTE);
  const refused = await failure(t.ec2.send(new StartInstancesCommand({ InstanceIds: [DEMO_IDS.idleX86Mac] })));
  expect(refused).toMatchObject({ name: 'InsufficientCapacityOnHost', status: 400 });
  expect(refused.message).toBe(`Dedicated host ${(await instance(DEMO_IDS.idleX86Mac)).Placement!.HostId} has insufficient capacity to launch the instances in this request.`);
  // x86: at most 3 hours of scrubbing.
  await advance(3 * 60 * MINUTE);
  const out = await t.ec2.send(new StartInstancesCommand({ InstanceIds: [DEMO_IDS.idleX86Mac] }));
  expect(out.StartingInstances![0].CurrentState!.Name).toBe('pending');
});

test("AWS's state errors fail the whole call, and change nothing", async () => {
  const pending = linux('pending');
  const running = world().instances.windows.running[0];
  expect(await failure(t.ec2.send(new StopInstancesCommand({ InstanceIds: [running, pending] })))).toMatchObject({
    name: 'IncorrectInstanceState',
    message: `This instance '${pending}' is not in a state from which it can be stopped.`,
  });
  expect((await instance(running)).State!.Name).toBe('running');
  const terminated = linux('terminated');
  expect(await failure(t.ec2.send(new StartInstancesCommand({ InstanceIds: [terminated] })))).toMatchObject({
    name: 'IncorrectInstanceState',
    message: `The instance '${terminated}' is not in a state from which it can be started.`,
  });
  expect(await failure(t.ec2.send(new StopInstancesCommand({ InstanceIds: [running, 'i-0123456789abcdef0'] })))).toMatchObject({ name: 'InvalidInstanceID.NotFound' });
  expect(await failure(t.ec2.send(new StopInstancesCommand({ InstanceIds: ['i-nope'] })))).toMatchObject({ name: 'InvalidInstanceID.Malformed' });
  expect(await failure(t.ec2.send(new StopInstancesCommand({ InstanceIds: [running], Hibernate: true })))).toMatchObject({ name: 'UnsupportedHibernationConfiguration' });
  expect((await instance(running)).State!.Name).toBe('running');
});

test('DryRun answers DryRunOperation (412) or, for the read-only key, UnauthorizedOperation (403), changing nothing', async () => {
  const running = world().instances.windows.running[0];
  for (const cmd of [new StopInstancesCommand({ InstanceIds: [running], DryRun: true }), new RebootInstancesCommand({ InstanceIds: [running], DryRun: true })]) {
    expect(await failure(t.ec2.send(cmd as StopInstancesCommand))).toMatchObject({ name: 'DryRunOperation', status: 412 });
  }
  const ro = ec2Client(t.sim, SIM_ACCESS_KEYS.readOnly);
  expect(await failure(ro.send(new StartInstancesCommand({ InstanceIds: [linux('stopped')], DryRun: true })))).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
  expect(await failure(ro.send(new StopInstancesCommand({ InstanceIds: [running] })))).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
  ro.destroy();
  expect((await instance(running)).State!.Name).toBe('running');
});

test('RebootInstances queues a reboot of valid instances and answers true; the state stays', async () => {
  const running = world().instances.windows.running[0];
  const out = await t.ec2.send(new RebootInstancesCommand({ InstanceIds: [running, DEMO_IDS.idleAppleSiliconMac] }));
  expect(out.$metadata.httpStatusCode).toBe(200);
  expect((await instance(DEMO_IDS.idleAppleSiliconMac)).State!.Name).toBe('running');
  expect(await failure(t.ec2.send(new RebootInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })))).toMatchObject({ name: 'InvalidInstanceID.NotFound' });
});
