import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startSimulator, type RunningSimulator } from '@fleetgraph/aws-sim';
import { startGatewayProcess, startRedis, waitFor, type Proc } from '../support/processes';
import { describeIfTool } from '../support/system-tools';

/**
 * Two gateway processes sharing a real Redis: events cross replicas, each task is polled by one
 * replica, and a killed poller's lease passes to the survivor.
 */
const CREATE_SIP = `mutation($input: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $input) { task { id } } }`;
const TASK_SUB = `subscription($id: String!) { macModificationTaskUpdated(taskId: $id) { id state } }`;
const FLEET_SUB = `subscription { taskEvents(filter: { kinds: [MAC_MODIFICATION_TASK] }) { taskId previousState state } }`;

async function gql(url: string, query: string, variables?: unknown): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body: any = await res.json();
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** A sample from this replica's /metrics (0 when absent). */
async function metric(url: string, name: string, ...labels: string[]): Promise<number> {
  const text = await (await fetch(url.replace('/graphql', '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? labels.every((label) => l.includes(label)) : false);
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** DescribeMacModificationTasks calls this replica made. */
const pollCalls = (url: string) => metric(url, 'aws_calls_total', 'action="DescribeMacModificationTasks"', 'outcome="ok"');
/** Subscriptions open on this replica. */
const openSubscriptions = (url: string) => metric(url, 'graphql_active_subscriptions');

function listen(url: string, query: string, variables?: Record<string, unknown>) {
  const client: Client = createClient({ url: url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
  const events: any[] = [];
  const errors: unknown[] = [];
  client.subscribe({ query, variables }, { next: (r) => (r.errors ? errors.push(r.errors) : events.push(r.data)), error: (e) => errors.push(e), complete: () => undefined });
  return { client, events, errors };
}

// Replicas run the freshly built server (startGatewayProcess builds first).
describeIfTool('redis-server', 'two replicas on Redis', () => {
  let redis: { url: string; proc: Proc };
  let sim: RunningSimulator;
  let a: Proc & { url: string };
  let b: Proc & { url: string };
  const clients: Client[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    sim = await startSimulator({ port: 0, timeScale: 0, throttling: false });
    const env = { REDIS_URL: redis.url, FLEETGRAPH_POLL_MIN_MS: '200', FLEETGRAPH_POLL_MAX_MS: '300', FLEETGRAPH_LEASE_MS: '1500', FLEETGRAPH_CACHE_TTL_MS: '0' };
    [a, b] = await Promise.all([startGatewayProcess({ awsEndpoint: sim.url, env }), startGatewayProcess({ awsEndpoint: sim.url, env })]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await Promise.all([a?.kill(), b?.kill()]);
    await sim?.close();
    await redis?.proc.kill();
  });

  it('delivers events across replicas, polls each task once, and hands the lease over when the poller dies', async () => {
    const world: any = sim.world();
    const instanceId = world.idleRunningMac.macX86[0];

    const fleetOnB = listen(b.url, FLEET_SUB);
    clients.push(fleetOnB.client);
    await waitFor(async () => (await openSubscriptions(b.url)) === 1, 'the taskEvents subscription on B');

    // Created through A; B's subscriber hears about it through Redis.
    const taskId = (await gql(a.url, CREATE_SIP, { input: { instanceId, status: 'DISABLED' } })).createMacSipModificationTask.task.id;
    await waitFor(async () => fleetOnB.events.some((e) => e.taskEvents.taskId === taskId), 'created event on B', 5000);
    expect(fleetOnB.events[0].taskEvents).toEqual({ taskId, previousState: null, state: 'PENDING' });
    // The fleet stream makes B watch the account's other active tasks too; end it so the poll
    // counts below are about this one task.
    await fleetOnB.client.dispose();

    // Per-task subscribers on both replicas: both watch the task, one polls it.
    const onA = listen(a.url, TASK_SUB, { id: taskId });
    const onB = listen(b.url, TASK_SUB, { id: taskId });
    clients.push(onA.client, onB.client);
    await waitFor(async () => onA.events.length >= 1 && onB.events.length >= 1, 'initial states');

    const polls = async () => [await pollCalls(a.url), await pollCalls(b.url)];
    const before = await polls();
    let deltas = [0, 0];
    // Until five polls have been made between them: each was made by the lease holder alone.
    await waitFor(async () => {
      const now = await polls();
      deltas = [now[0] - before[0], now[1] - before[1]];
      return deltas[0] + deltas[1] >= 5;
    }, 'five polls of the task', 10000);
    expect(deltas.filter((d) => d > 0)).toHaveLength(1);

    sim.clock.advance(90_000);
    await waitFor(async () => onA.events.length >= 2 && onB.events.length >= 2, 'IN_PROGRESS on both replicas', 5000);
    for (const s of [onA, onB]) expect(s.events.map((e) => e.macModificationTaskUpdated.state)).toEqual(['PENDING', 'IN_PROGRESS']);

    // Kill the poller without a chance to release its lease; the survivor takes over.
    const [poller, survivor, survivorSub] = deltas[0] > 0 ? [a, b, onB] : [b, a, onA];
    await poller.kill('SIGKILL');
    sim.clock.advance(30 * 60_000);
    await waitFor(async () => survivorSub.events.length >= 3, `SUCCESSFUL on the survivor after lease hand-over`, 10000);
    expect(survivorSub.events.map((e) => e.macModificationTaskUpdated.state)).toEqual(['PENDING', 'IN_PROGRESS', 'SUCCESSFUL']);
    expect(await pollCalls(survivor.url)).toBeGreaterThan(deltas[0] > 0 ? before[1] : before[0]);

    // A Redis outage must not take the gateway down: subscribers leaving (UNSUBSCRIBE) and new
    // ones arriving (SUBSCRIBE) while Redis is gone only log warnings.
    await redis.proc.kill('SIGKILL');
    const late = listen(survivor.url, FLEET_SUB);
    const failed = (method: string) =>
      survivor
        .output()
        .split('\n')
        .some((l) => l.includes('"msg":"redis command failed"') && l.includes(`"method":"${method}"`));
    await waitFor(async () => failed('subscribe'), 'the failed SUBSCRIBE to be logged', 10000);
    await late.client.dispose();
    await waitFor(async () => failed('unsubscribe'), 'the failed UNSUBSCRIBE to be logged', 10000);
    const survivorProc = survivor === a ? a : b;
    expect(survivorProc.child.exitCode).toBeNull();
    expect((await fetch(survivor.url.replace('/graphql', '/healthz'))).status).toBe(200);
  }, 60000);
});
