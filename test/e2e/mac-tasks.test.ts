import { Harness } from '../support/harness';

describe('Mac modification tasks (reads)', () => {
  let h: Harness;
  let world: any;
  beforeAll(async () => {
    h = await Harness.start();
    world = await h.world();
  });
  afterAll(() => h.close());

  const FIELDS = `id region instanceId taskType state startTime isTerminal tags { key value }
    sipConfiguration { status appleInternal baseSystem debuggingRestrictions dTraceRestrictions filesystemProtections kextSigning nvramProtections }`;

  it('has seeded tasks in every state and both types', () => {
    for (const state of ['pending', 'in-progress', 'successful', 'failed']) expect(world.macTasks.byState[state].length).toBeGreaterThan(0);
    for (const type of ['sip-modification', 'volume-ownership-delegation']) expect(world.macTasks.byType[type].length).toBeGreaterThan(0);
  });

  it('looks a task up by id, with its instance through the instance loader', async () => {
    const id = world.macTasks.byType['sip-modification'][0];
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(`query($id: String!) { macModificationTask(taskId: $id) { ${FIELDS} instance { id isMac } } }`, { id });
    });
    expect(data.macModificationTask).toMatchObject({ id, region: 'us-east-1', taskType: 'SIP_MODIFICATION' });
    expect(data.macModificationTask.sipConfiguration.status).toMatch(/^(ENABLED|DISABLED)$/);
    expect(data.macModificationTask.instance).toEqual({ id: data.macModificationTask.instanceId, isMac: true });
    expect(calls).toEqual({ 'ec2:DescribeMacModificationTasks': 1, 'ec2:DescribeInstances': 1 });
  });

  it('returns null for an unknown task id without failing the known ones batched with it', async () => {
    const [a, b] = world.macTasks.byState.successful;
    const data = await h.data(`{ a: macModificationTask(taskId: "${a}") { id } x: macModificationTask(taskId: "macmodification-0123456789abcdef0") { id } b: macModificationTask(taskId: "${b ?? a}") { id } }`);
    expect(data).toEqual({ a: { id: a }, x: null, b: { id: b ?? a } });
  });

  it('filters by state, type, instance and ids, and reports terminal states', async () => {
    const q = async (filter: unknown) =>
      (await h.data(`query($f: MacModificationTaskFilter) { macModificationTasks(filter: $f, first: 500) { nodes { id instanceId state taskType isTerminal } } }`, { f: filter }))
        .macModificationTasks.nodes as any[];
    const failed = await q({ states: ['FAILED'] });
    expect(failed.map((t) => t.id).sort()).toEqual([...world.macTasks.byState.failed].sort());
    expect(failed.every((t) => t.isTerminal)).toBe(true);
    const pending = await q({ states: ['PENDING', 'IN_PROGRESS'] });
    expect(pending.every((t) => !t.isTerminal)).toBe(true);
    const vod = await q({ taskTypes: ['VOLUME_OWNERSHIP_DELEGATION'] });
    expect(vod.map((t) => t.id).sort()).toEqual([...world.macTasks.byType['volume-ownership-delegation']].sort());
    const instanceId = failed[0].instanceId;
    const onInstance = await q({ instanceIds: [instanceId] });
    expect(onInstance.length).toBeGreaterThan(0);
    expect(onInstance.every((t) => t.instanceId === instanceId)).toBe(true);
    const byIds = await q({ taskIds: [failed[0].id, 'macmodification-0123456789abcdef0'], states: ['FAILED'] });
    expect(byIds.map((t) => t.id)).toEqual([failed[0].id]);
  });

  it('pages through all tasks', async () => {
    const total = Object.values(world.macTasks.byState).flat().length;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const data: any = await h.data(`query($a: String) { macModificationTasks(first: 3, after: $a) { nodes { id } pageInfo { hasNextPage endCursor } } }`, { a: after });
      seen.push(...data.macModificationTasks.nodes.map((n: any) => n.id));
      if (!data.macModificationTasks.pageInfo.hasNextPage) break;
      after = data.macModificationTasks.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });
});
