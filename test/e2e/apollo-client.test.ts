import { DEMO_IDS, SIM_ACCOUNT_ID } from '@fleetgraph/aws-sim';
import { CachingClient, gql } from '../support/apollo-client';
import { Harness } from '../support/harness';

/**
 * The API as a caching client sees it: an Apollo Client (InMemoryCache, HttpLink) runs
 * overlapping queries and mutations against the gateway. Objects with identity merge in the
 * cache (no "Cache data may be lost" warning), and a mutation that selects `id` refreshes every
 * cached query that shows the object, without a refetch.
 */
describe('an Apollo Client against the gateway', () => {
  let h: Harness;
  let client: CachingClient;
  beforeAll(async () => {
    // `npm start`'s world: the organisation, so ids must be unique across accounts and regions.
    h = await Harness.start({ organization: true });
  });
  beforeEach(() => {
    client = new CachingClient(h.url);
  });
  afterEach(() => client.stop());
  afterAll(() => h.close());

  it('overlapping queries of instances and their AMIs merge by identity, and the list is answered from the cache', async () => {
    const LIST = gql`query MacList { instances(filter: { macOnly: true }, first: 3) { nodes { id name instanceType image { id name } } pageInfo { hasNextPage } } }`;
    const DETAIL = gql`query MacDetail($id: String!) { instance(instanceId: $id) { id state isAppleSilicon image { id architecture } } }`;
    const COUNT = gql`query MacCount { instances(filter: { macOnly: true }, first: 3) { nodes { id } pageInfo { endCursor } } }`;

    const list = await client.query(LIST);
    const first = list.instances.nodes[0];
    const detail = await client.query(DETAIL, { id: first.id });
    await client.query(COUNT);

    // The detail query's fields were merged into the same cached Instance and Image.
    const cached = client.read(LIST);
    expect(cached).toEqual(list);
    const merged = client.read(gql`query Merged($id: String!) { instance(instanceId: $id) { id name state image { id name architecture } } }`, { id: first.id });
    expect(merged.instance).toEqual({
      __typename: 'Instance',
      id: first.id,
      name: first.name,
      state: detail.instance.state,
      image: { __typename: 'Image', id: first.image.id, name: first.image.name, architecture: detail.instance.image.architecture },
    });
    expect(client.requests).toEqual(['MacList', 'MacDetail', 'MacCount']);
    expect(client.warnings).toEqual([]);
  });

  it('a mutation that selects id refreshes every cached query showing the AMI, without a refetch', async () => {
    const imageId = (await h.world()).images.owned[0];
    const IMAGE = gql`query Ami($id: String!) { image(imageId: $id) { id name description } }`;
    const SET = gql`mutation SetDescription($input: SetImageDescriptionInput!) { setImageDescription(input: $input) { image { id description } } }`;
    const before = await client.query(IMAGE, { id: imageId });

    await client.mutate(SET, { input: { imageId, description: 'Golden macOS 15 (apollo-client test)' } });

    expect(client.read(IMAGE, { id: imageId })).toEqual({ image: { ...before.image, description: 'Golden macOS 15 (apollo-client test)' } });
    // cache-first now answers from the cache: no request after the mutation.
    await client.query(IMAGE, { id: imageId });
    expect(client.requests).toEqual(['Ami', 'SetDescription']);
    expect(client.warnings).toEqual([]);
  });

  it('overlapping selections of managed nodes, runbooks and execution progress merge, and a mutation refreshes them, without a warning or a refetch', async () => {
    const FLEET = gql`query Fleet { instances(filter: { macOnly: true }, first: 5) { nodes { id managedNode { id pingStatus } } } }`;
    const NODE = gql`query NodeDetail($id: String!) { instance(instanceId: $id) { id managedNode { id agentVersion platformName } } }`;
    const RUNBOOKS = gql`query Runbooks { runbooks(filter: { namePrefix: "FleetGraph-" }, first: 100) { nodes { id name accountId region owner } } }`;
    const RUNBOOK = gql`query Runbook($name: String!, $accountId: String!) { runbook(name: $name, accountId: $accountId, region: "us-east-1") { id name description parameters { name required } } }`;
    const RUN = gql`query Run($id: String!) { automationExecution(executionId: $id) { id status progress { totalSteps completedSteps } runbook { id name } } }`;
    const RUN_STEPS = gql`query RunSteps($id: String!) { automationExecution(executionId: $id) { id progress { successSteps failedSteps } runbook { id documentVersion } } }`;
    const APPROVE = gql`mutation Approve($input: SendAutomationSignalInput!) { sendAutomationSignal(input: $input) { execution { id status currentStepName } } }`;
    const mac = DEMO_IDS.idleX86Mac;
    const run = DEMO_IDS.waitingApprovalExecution;

    const fleet = await client.query(FLEET);
    const node = await client.query(NODE, { id: mac });
    const runbooks = await client.query(RUNBOOKS);
    const runbook = await client.query(RUNBOOK, { name: 'FleetGraph-ApprovedMacReboot', accountId: SIM_ACCOUNT_ID });
    const before = await client.query(RUN, { id: run });
    const steps = await client.query(RUN_STEPS, { id: run });

    // Each query reads back from the cache as it was answered: nothing was overwritten.
    expect(client.read(FLEET)).toEqual(fleet);
    expect(client.read(NODE, { id: mac })).toEqual(node);
    expect(client.read(RUNBOOKS)).toEqual(runbooks);
    expect(client.read(RUN, { id: run })).toEqual(before);
    expect(client.read(RUN_STEPS, { id: run })).toEqual(steps);
    // The same runbook in 6 scopes stays 6 objects (its id names the scope), one of them shared by both queries.
    const reboots = runbooks.runbooks.nodes.filter((r: any) => r.name === 'FleetGraph-ApprovedMacReboot');
    expect(new Set(reboots.map((r: any) => `${r.accountId}/${r.region}`)).size).toBe(6);
    expect(reboots.map((r: any) => r.id)).toContain(runbook.runbook.id);
    // Overlapping selections merged into one managed node and one progress value.
    expect(node.instance.managedNode).toBeTruthy();
    const merged = client.read(gql`query Merged($id: String!, $run: String!) {
      instance(instanceId: $id) { managedNode { id pingStatus agentVersion } }
      automationExecution(executionId: $run) { progress { totalSteps completedSteps successSteps failedSteps } } }`, { id: mac, run });
    expect(merged).toEqual({
      instance: { __typename: 'Instance', managedNode: { __typename: 'ManagedNode', id: node.instance.managedNode.id, pingStatus: fleet.instances.nodes.find((n: any) => n.id === mac).managedNode.pingStatus, agentVersion: node.instance.managedNode.agentVersion } },
      automationExecution: { __typename: 'AutomationExecution', progress: { ...before.automationExecution.progress, ...steps.automationExecution.progress } },
    });

    const approved = await client.mutate(APPROVE, { input: { executionId: run, signal: 'APPROVE' } });
    expect(approved.sendAutomationSignal.execution.status).not.toBe(before.automationExecution.status);
    // The cached execution shows the status the mutation answered: no refetch.
    expect(client.read(RUN, { id: run })).toEqual({ automationExecution: { ...before.automationExecution, status: approved.sendAutomationSignal.execution.status } });
    expect(client.requests).toEqual(['Fleet', 'NodeDetail', 'Runbooks', 'Runbook', 'Run', 'RunSteps', 'Approve']);
    expect(client.warnings).toEqual([]);
  });

  it('refetches a cached object by node(id:) alone, and every query showing it sees the new state', async () => {
    const MACS = gql`query Macs { instances(filter: { macOnly: true }, first: 5) { nodes { id name state } } }`;
    const REFETCH = gql`query Refetch($id: ID!) { node(id: $id) { id ... on Instance { state } } }`;
    const macs = await client.query(MACS);
    const mac = macs.instances.nodes.find((n: any) => n.id === DEMO_IDS.idleAppleSiliconMac);
    expect(mac.state).toBe('RUNNING');

    // Someone else stops it; the app refreshes the one object it shows.
    await h.data(`mutation { stopInstances(input: { instanceIds: ["${mac.id}"] }) { changes { currentState } } }`);
    const fresh = await client.query(REFETCH, { id: mac.id }, 'network-only');

    expect(fresh.node).toEqual({ __typename: 'Instance', id: mac.id, state: 'STOPPING' });
    expect(client.read(MACS).instances.nodes.find((n: any) => n.id === mac.id)).toEqual({ ...mac, state: 'STOPPING' });
    expect(client.requests).toEqual(['Macs', 'Refetch']);
    expect(client.warnings).toEqual([]);
  });

  it('would warn without the value types\' merge policies: the warnings are really captured', async () => {
    const plain = new CachingClient(h.url, { valuePolicies: false });
    try {
      const task = DEMO_IDS.completedMacTask;
      await plain.query(gql`query SipStatus($id: String!) { macModificationTask(taskId: $id) { id sipConfiguration { status } } }`, { id: task });
      await plain.query(gql`query SipNvram($id: String!) { macModificationTask(taskId: $id) { id sipConfiguration { nvramProtections kextSigning } } }`, { id: task });
      expect(plain.warnings.join('\n')).toContain('Cache data may be lost when replacing the sipConfiguration field of a MacModificationTask object');
    } finally {
      plain.stop();
    }
  });
});
