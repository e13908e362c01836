import { DEMO_IDS, SIM_ACCOUNT_ID } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

/**
 * Relay object identification over the simulator's organisation (3 accounts × 2 regions, as
 * `npm start` serves it): every object with an `id` is fetched again by `node(id:)` alone, from the
 * scope that holds it, through the same batched loaders as the rest of the graph.
 */
const MEMBER = '720461938152';
const WEST = 'us-west-2';

/** The fields each kind is compared on (its scope, and something only that kind has). */
const FIELDS = {
  Instance: 'accountId region instanceType',
  Image: 'accountId region name',
  MacHost: 'accountId region instanceType',
  MacModificationTask: 'accountId region taskType instanceId',
  AutomationExecution: 'accountId region documentName',
  ManagedNode: 'accountId region instanceId pingStatus',
  Runbook: 'accountId region name documentVersion owner',
};
const nodeQuery = (type: keyof typeof FIELDS) => `query Node($id: ID!) { node(id: $id) { __typename id ... on ${type} { ${FIELDS[type]} } } }`;
const NODE = nodeQuery('Instance');

describe('node(id:): every object with a global id, fetched again by its id alone', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ organization: true });
  });
  afterAll(() => h.close());

  const node = async (type: keyof typeof FIELDS, id: string) => (await h.data(nodeQuery(type), { id })).node;

  it('fetches AWS resources by their AWS id, from whichever served scope holds them', async () => {
    const { instance, image, macHost, macModificationTask, automationExecution } = await h.data(`{
      instance(instanceId: "${DEMO_IDS.idleX86Mac}") { __typename id ${FIELDS.Instance} }
      image(imageId: "${DEMO_IDS.ownedImage}") { __typename id ${FIELDS.Image} }
      macHost(hostId: "${DEMO_IDS.releasableMacHost}") { __typename id ${FIELDS.MacHost} }
      macModificationTask(taskId: "${DEMO_IDS.completedMacTask}") { __typename id ${FIELDS.MacModificationTask} }
      automationExecution(executionId: "${DEMO_IDS.waitingApprovalExecution}") { __typename id ${FIELDS.AutomationExecution} } }`);
    for (const object of [instance, image, macHost, macModificationTask, automationExecution]) {
      expect(object.accountId).toBe(SIM_ACCOUNT_ID);
      expect(await node(object.__typename, object.id)).toEqual(object);
    }
  });

  it('fetches a managed node and a runbook of a member account by their composite ids, asking only that scope', async () => {
    const world = await h.world({ accountId: MEMBER, region: WEST });
    const instanceId = world.demo.idleX86Mac;
    const { instance, runbooks } = await h.data(
      `query($i: String!) { instance(instanceId: $i, accountId: "${MEMBER}", region: "${WEST}") { managedNode { __typename id ${FIELDS.ManagedNode} } }
        runbooks(accountIds: ["${MEMBER}"], regions: ["${WEST}"], filter: { namePrefix: "FleetGraph-" }, first: 1) { nodes { __typename id ${FIELDS.Runbook} } } }`,
      { i: instanceId },
    );
    const managed = instance.managedNode;
    const runbook = runbooks.nodes[0];
    expect(managed.id).toBe(`managed-node:${MEMBER}:${WEST}:${instanceId}`);
    expect(runbook.id).toBe(`runbook:${MEMBER}:${WEST}:${runbook.name}:${runbook.documentVersion}`);

    const calls = await h.scopeCallsDuring(async () => {
      expect(await node('ManagedNode', managed.id)).toEqual(managed);
      expect(await node('Runbook', runbook.id)).toEqual(runbook);
    });
    expect(calls).toEqual({ [`${MEMBER}/${WEST}`]: { 'ssm:DescribeInstanceInformation': 1, 'ssm:DescribeDocument': 1 } });
  });

  it('gives the same runbook a different id in each scope, and one per version', async () => {
    const { runbooks } = await h.data(`{ runbooks(filter: { namePrefix: "FleetGraph-ApprovedMacReboot" }, first: 100) { nodes { id accountId region name documentVersion } } }`);
    const rows = runbooks.nodes as Array<{ id: string; accountId: string; region: string; documentVersion: string }>;
    expect(rows.length).toBe(6);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    const { runbook } = await h.data(`{ runbook(name: "FleetGraph-ApprovedMacReboot", accountId: "${SIM_ACCOUNT_ID}", region: "us-east-1") { id documentVersion } }`);
    expect(rows.map((r) => r.id)).toContain(runbook.id);
  });

  it('looks up several ids of one kind with one batched call per scope (nodes)', async () => {
    const ids = [DEMO_IDS.idleX86Mac, DEMO_IDS.idleAppleSiliconMac, DEMO_IDS.approvalTargetMac];
    let answer: any;
    const calls = await h.scopeCallsDuring(async () => {
      answer = await h.data(`query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Instance { accountId } } }`, { ids });
    });
    expect(answer.nodes).toEqual(ids.map((id) => ({ id, accountId: SIM_ACCOUNT_ID })));
    // Every served scope is asked once (the id could be anywhere), with all three ids.
    expect(Object.values(calls)).toEqual(Array(6).fill({ 'ec2:DescribeInstances': 1 }));
  });

  it('answers null for a well-formed id nothing holds', async () => {
    expect(await h.gql(NODE, { id: 'i-0ffffffffffffffff' })).toEqual({ status: 200, data: { node: null } });
    expect(await h.gql(NODE, { id: `managed-node:${SIM_ACCOUNT_ID}:us-east-1:i-0ffffffffffffffff` })).toEqual({ status: 200, data: { node: null } });
    expect(await h.gql(NODE, { id: `runbook:${SIM_ACCOUNT_ID}:us-east-1:No-Such-Runbook:1` })).toEqual({ status: 200, data: { node: null } });
  });

  it.each([
    ['not a node id at all', 'hello'],
    ['a managed node without its instance id', `managed-node:${SIM_ACCOUNT_ID}:us-east-1`],
    ['a runbook with a bad version', `runbook:${SIM_ACCOUNT_ID}:us-east-1:FleetGraph-ApprovedMacReboot:latest`],
  ])('refuses %s as BAD_USER_INPUT, without echoing it', async (_what, id) => {
    const res = await h.gql(NODE, { id });
    expect(res.data).toEqual({ node: null });
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.problems?.[0]?.field])).toEqual([['BAD_USER_INPUT', 'id']]);
    expect(JSON.stringify(res.errors)).not.toContain(id);
  });

  it('refuses a composite id of an account or region this gateway does not serve', async () => {
    const res = await h.gql(NODE, { id: `managed-node:111122223333:us-east-1:${DEMO_IDS.idleX86Mac}` });
    expect(res.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['BAD_USER_INPUT', 'id: names account 111122223333 in us-east-1, which this gateway does not serve']]);
  });
});
