import { Harness } from '../support/harness';

/** `runbooks { nodes { description } }`: ListDocuments has none, so each comes from DescribeDocument (bounded, cached). */
describe('runbook descriptions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: { FLEETGRAPH_CACHE_TTL_MS: '600000' } });
  });
  afterAll(() => h.close());

  it('are filled from DescribeDocument, one call per runbook, and cached for the next request', async () => {
    const query = `{ runbooks(filter: { namePrefix: "AWSSupport-" }, first: 5) { nodes { name description } } }`;
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(query);
    });
    const nodes: Array<{ name: string; description: string | null }> = data.runbooks.nodes;
    expect(nodes.length).toBeGreaterThan(1);
    expect(calls).toEqual({ 'ssm:ListDocuments': 1, 'ssm:DescribeDocument': nodes.length });
    for (const n of nodes) {
      expect(n.description).toEqual(expect.any(String));
      expect(n.description!.length).toBeGreaterThan(0);
      const one = await h.data(`query($n: String!) { runbook(name: $n) { description } }`, { n: n.name });
      expect(one.runbook.description).toBe(n.description);
    }
    expect(await h.callsDuring(() => h.data(query))).toEqual({});
  });

  it('cost nothing when not asked for', async () => {
    const calls = await h.callsDuring(() => h.data(`{ runbooks(filter: { namePrefix: "AWS-" }, first: 5) { nodes { name owner } } }`));
    expect(calls).toEqual({ 'ssm:ListDocuments': 1 });
  });
});
