import { buildSchema, getIntrospectionQuery, parse, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createQueryLimits, type QueryLimits } from '../../../src/server/security/query-limits';
import { loadConfig, type QueryLimitsConfig } from '../../../src/config';

// The committed SDL: the limits only need types and arguments, not resolvers.
const schema: GraphQLSchema = buildSchema(readFileSync(resolve(__dirname, '../../../schema.graphql'), 'utf8'));
const defaults: QueryLimitsConfig = loadConfig({}).limits;

const HUGE = 'query { instances(first: 1000) { nodes { image { launchPermissions { userId } } } } }';

/** `levels` of task → instance → tasks under the root connection: each level multiplies. */
function nested(levels: number, first = 50): string {
  let inner = 'id';
  for (let i = 1; i < levels; i++) inner = `macModificationTasks { instance { ${inner} } }`;
  return `{ macModificationTasks(first: ${first}) { nodes { instance { ${inner} } } } }`;
}

describe('query limits', () => {
  const limits: QueryLimits = createQueryLimits(defaults);
  const check = (query: string, variables?: Record<string, unknown>) => limits.check(schema, { query, variables });
  const costOf = (query: string, variables?: Record<string, unknown>) => limits.estimate(schema, parse(query), variables);

  it('lets an ordinary query through, with its cost and AWS calls', () => {
    const r = check('query { instances(first: 50) { nodes { id image { id name } managedNode { pingStatus } } pageInfo { hasNextPage } } }');
    expect(r.errors).toBeUndefined();
    // 1 page + 50 nodes + ⌈50/200⌉ DescribeImages + ⌈50/50⌉ DescribeInstanceInformation
    expect(r.ok).toMatchObject({ cost: 53, awsCalls: 3 });
    expect(r.ok?.operation.operation).toBe('query');
  });

  describe('cost follows the data: list items + AWS calls, lists multiply what they contain', () => {
    it('connections multiply by first, joined lists by their assumed size', () => {
      // 1 page + 1000 × (1 node + 1/200 image call + 1 launchPermissions call + 10 permissions)
      expect(check(HUGE).errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 12006, maxCost: 5000 });
      expect(check(HUGE).errors?.[0].message).toMatch(/^Query cost 12006 exceeds the limit of 5000/);
      expect(costOf('{ instances { nodes { image { launchPermissions { userId } } } } }')).toEqual({ cost: 602, awsCalls: 52 });
    });

    it('prices a list nested in a list as the product it is', () => {
      // Each task's instance lists its tasks (5 assumed), whose instances list theirs…: 50 tasks,
      // then 250, then 1,250 (and the batched calls, 1/200 per parent, rounded up at the end).
      expect(costOf(nested(1))).toEqual({ cost: 52, awsCalls: 2 });
      expect(costOf(nested(2))).toEqual({ cost: 303, awsCalls: 3 });
      expect(costOf(nested(3))).toEqual({ cost: 1561, awsCalls: 11 });
      const refused = check(nested(4));
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 7848, maxCost: 5000 });
    });

    it('counts every alias', () => {
      const one = costOf('{ instances(first: 100) { nodes { id } } }').cost;
      const aliases = Array.from({ length: 10 }, (_, i) => `a${i}: instances(first: 100) { nodes { id } }`).join(' ');
      expect(costOf(`{ ${aliases} }`).cost).toBe(10 * one);
    });

    it('a mutation costs its AWS write plus what its payload selects', () => {
      const m = (n: number, selection: string) =>
        `mutation { ${Array.from({ length: n }, (_, i) => `a${i}: setImageDescription(input: { imageId: "ami-0123456789abcdef0", description: "x" }) ${selection}`).join(' ')} }`;
      expect(costOf(m(30, '{ __typename }'))).toEqual({ cost: 30, awsCalls: 30 });
      expect(costOf(m(1, '{ image { id tags { key } } }'))).toEqual({ cost: 12, awsCalls: 2 });
    });

    it('the fleet dashboard query stays well within the limit: batched joins are cheap per node', () => {
      const r = check('{ instances(first: 500) { nodes { id isMac imageId image { id name } macModificationTasks { id state } managedNode { pingStatus } } } }');
      // 1 page + 500 × (1 node + 5 tasks) + calls: ⌈500/200⌉ × 2 + ⌈500/50⌉
      expect(r.ok).toMatchObject({ cost: 3016, awsCalls: 16 });
    });

    it('the default budget serves the README\'s team dashboard: 50 people refreshing its page every 10 s', () => {
      // The README's example queries, as a dashboard page shows them.
      const page = [
        '{ instances(filter: { macOnly: true, states: [RUNNING] }, first: 20) { nodes { id name instanceType isAppleSilicon availabilityZone hostId image { id name imdsSupport } macModificationTasks { id taskType state startTime } managedNode { id pingStatus agentVersion platformName } } pageInfo { hasNextPage endCursor } } }',
        '{ macModificationTasks(filter: { states: [PENDING, IN_PROGRESS] }) { nodes { id taskType state instance { id instanceType } sipConfiguration { status nvramProtections } } } }',
        '{ automationExecutions(filter: { statuses: [WAITING, IN_PROGRESS] }, first: 10) { nodes { id documentName status currentStepName progress { totalSteps completedSteps } steps { name action status } targetInstances { id name } runbook { id name owner } } } }',
      ].map((q) => check(q).ok!.cost);
      expect(page).toEqual([122, 52, 351]);
      const perSecond = (50 * page.reduce((a, b) => a + b, 0)) / 10;
      expect(perSecond).toBe(2625);
      const { budget } = loadConfig({}).limits;
      expect(budget.perSecond).toBeGreaterThanOrEqual(perSecond);
      expect(budget.burst).toBeGreaterThanOrEqual(defaults.maxCost);
      // A chatops bot's subscription: one AWS read per event's task.
      expect(check('subscription { taskEvents { kind taskId state previousState instanceId macModificationTask { id } } }').ok?.cost).toBe(2);
    });

    it('refuses an operation that may make more AWS calls than allowed, whatever its cost', () => {
      const r = check('{ images(first: 300) { nodes { runbookless: launchPermissions { userId } } } }');
      expect(r.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', awsCalls: 301, maxAwsCalls: 200 });
      expect(r.errors?.[0].message).toMatch(/may make 301 AWS calls, more than the limit of 200/);
    });

    it('prices `first` above the page-size cap at the cap, leaving the precise error to the resolver', () => {
      expect(check('{ instances(first: 100000) { nodes { id } } }').ok?.cost).toBe(1001);
    });

    it('takes `first` from variables', () => {
      const q = 'query($n: Int!) { instances(first: $n) { nodes { image { launchPermissions { userId } } } } }';
      expect(check(q, { n: 10 }).ok?.cost).toBe(122);
      expect(check(q, { n: 1000 }).errors?.[0].message).toMatch(/exceeds the limit/);
    });

    it('reads a cost declared on the field itself before the fallback table', () => {
      const declared = buildSchema('type Query { things(first: Int = 50): ThingConnection! } type ThingConnection { nodes: [Thing!]! } type Thing { id: ID! parts: [Part!]! } type Part { id: ID! }');
      const fields = declared.getType('Thing') as unknown as { getFields(): Record<string, { extensions: Record<string, unknown> }> };
      Object.assign(fields.getFields().parts, { extensions: { cost: { awsCalls: 1, assumedSize: 3 } } });
      const r = createQueryLimits(defaults).estimate(declared, parse('{ things(first: 10) { nodes { parts { id } } } }'));
      // 1 page (root default) + 10 × (1 node + 1 call + 3 parts)
      expect(r).toEqual({ cost: 51, awsCalls: 11 });
    });
  });

  it('lets the standard introspection query through (Apollo Sandbox, codegen in development)', () => {
    expect(check(getIntrospectionQuery()).errors).toBeUndefined();
  });

  it('rejects a depth bomb', () => {
    let selection = 'id';
    for (let i = 0; i < 8; i++) selection = `macModificationTasks { instance { ${selection} } }`;
    const r = check(`{ instance(instanceId: "i-0123456789abcdef0") { ${selection} } }`);
    expect(r.errors?.[0].message).toMatch(/depth/i);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects an alias flood, __typename aliases included', () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: instance(instanceId: "i-0123456789abcdef0") { id }`).join(' ');
    expect(check(`query { ${aliases(31)} }`).errors?.[0].message).toMatch(/Aliases limit of 30 exceeded/);
    expect(check(`query { ${aliases(30)} }`).errors).toBeUndefined();
    const typenames = Array.from({ length: 100 }, (_, i) => `t${i}: __typename`).join(' ');
    expect(check(`query { ${typenames} }`).errors?.[0].message).toMatch(/Aliases limit of 30 exceeded, found 100/);
  });

  it('rejects too many directives', () => {
    const dirs = Array.from({ length: 21 }, () => '@include(if: true)').join(' ');
    expect(check(`query { __typename ${dirs} }`).errors?.[0].message).toMatch(/directive/i);
  });

  it('rejects too many tokens while parsing', () => {
    const fields = Array.from({ length: 5000 }, () => '__typename').join(' ');
    const r = check(`query { ${fields} }`);
    expect(r.errors?.[0].message).toMatch(/more tha[nt] 5000 tokens/);
    expect(r.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('rejects fragment cycles (graphql-js rule, before any pricing)', () => {
    const r = check('query { instances { nodes { ...A } } } fragment A on Instance { image { id } ...B } fragment B on Instance { ...A }');
    expect(r.errors?.[0].message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('describes a few validation errors, not a hundred', () => {
    const bad = Array.from({ length: 40 }, (_, i) => `f${i}: nope${i}`).join(' ');
    const r = check(`query { ${bad} }`);
    expect(r.errors?.length).toBe(7); // six, then graphql-js's "too many errors"
    expect(r.errors?.[6].message).toMatch(/Too many validation errors/);
  });

  it('hides "Did you mean" suggestions when configured (production)', () => {
    expect(check('query { instancez { nodes { id } } }').errors?.[0].message).toMatch(/Did you mean "instance"/);
    const prod = createQueryLimits({ ...defaults, hideSuggestions: true });
    const r = prod.check(schema, { query: 'query { instancez { nodes { id } } }' });
    expect(r.errors?.[0].message).toBe('Cannot query field "instancez" on type "Query".');
    const enumTypo = prod.check(schema, { query: '{ instances(filter: { states: [RUNNIN] }) { pageSize } }' });
    expect(enumTypo.errors?.[0].message).not.toContain('RUNNING');
  });

  it('refuses introspection in production and allows it otherwise', () => {
    const prod = createQueryLimits(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true' }).limits, { production: true });
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }', getIntrospectionQuery()]) {
      const refused = prod.check(schema, { query });
      expect(refused.errors?.[0].message).toMatch(/introspection has been disabled/);
      expect(refused.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(limits.check(schema, { query }).errors).toBeUndefined();
    }
    expect(prod.check(schema, { query: '{ __typename instances(first: 1) { nodes { id __typename } } }' }).errors).toBeUndefined();
    expect(prod.check(schema, { query: '{ ...F } fragment F on Query { s: __schema { queryType { name } } }' }).errors?.[0].message).toMatch(/__schema/);
  });

  it('refuses a request it cannot read, saying what is wrong', () => {
    expect(limits.check(schema, {}).errors?.[0].extensions).toMatchObject({ code: 'BAD_REQUEST' });
    expect(limits.check(schema, { query: '{ __typename }', variables: [1] }).errors?.[0].extensions).toMatchObject({ code: 'BAD_REQUEST' });
    expect(limits.check(schema, { query: 'query A { __typename } query B { __typename }' }).errors?.[0].extensions).toMatchObject({ code: 'OPERATION_RESOLUTION_FAILURE' });
    expect(limits.check(schema, { query: 'query A { __typename } query B { __typename }', operationName: 'B' }).ok?.operation.name?.value).toBe('B');
  });
});
