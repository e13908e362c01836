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
    h = await Harness.start();
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

  // Identity for the remaining cached object types comes with the schema work of issue 11
  // ("Identity for every object type a client caches"); until then Apollo warns
  // "Cache data may be lost when replacing the managedNode field of a Instance object".
  it.todo('overlapping managedNode selections merge (needs ManagedNode.id)');
  it.todo('overlapping runbook selections merge, runbooks list and runbook(name:) share entries (needs Runbook.id: name + version)');
  it.todo('overlapping progress selections of an execution merge (needs AutomationExecution.progress as a plain value)');
  it.todo('a cached object is refetched by node(id:) alone (needs the Relay Node interface and Query.node)');
});
