import { ApolloServer } from '@apollo/server';
import { buildSchema, getIntrospectionQuery, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createQueryLimits, maskSuggestions, type QueryLimits } from '../../../src/server/security/query-limits';
import { loadConfig, type QueryLimitsConfig } from '../../../src/config';

// The committed SDL: the limits only need types and arguments, not resolvers.
const schema: GraphQLSchema = buildSchema(readFileSync(resolve(__dirname, '../../../schema.graphql'), 'utf8'));
const defaults: QueryLimitsConfig = loadConfig({}).limits;

const HUGE = 'query { instances(first: 1000) { nodes { image { launchPermissions { userId } } } } }';

function nest(depth: number): string {
  // Instance.macModificationTasks.instance.macModificationTasks… — legal, and deep.
  let inner = 'id';
  for (let level = depth - 1; level >= 0; level--) inner = level % 2 === 0 ? `instance { ${inner} }` : `macModificationTasks { ${inner} }`;
  return `query { instances(first: 1) { nodes { macModificationTasks { ${inner} } } } }`;
}

describe('query limits (graphql-ws path: checkOperation)', () => {
  const limits: QueryLimits = createQueryLimits(defaults);
  const check = (query: string, variables?: Record<string, unknown>) => limits.checkOperation(schema, { query, variables });

  it('lets an ordinary query through', () => {
    const r = check('query { instances(first: 50) { nodes { id image { id name } managedNode { pingStatus } } pageInfo { hasNextPage } } }');
    expect(r.errors).toEqual([]);
    expect(r.document).toBeDefined();
  });

  it('prices connections by first × selection and AWS fields at 5', () => {
    const doc = check(HUGE);
    // 5 (root) + 1000 × (1 nodes + 2 image (batched) + 5 launchPermissions (one call per image))
    expect(doc.errors[0].message).toMatch(/Query cost 8005 exceeds the limit of 5000/);
    expect(doc.errors[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 8005, maxCost: 5000 });
    const small = check('query { instances { nodes { image { launchPermissions { userId } } } } }');
    expect(small.errors).toEqual([]);
    expect(limits.costOf(schema, small.document!, {})).toBe(405);
  });

  it('lets the fleet dashboard query through: batched fields are cheap per node', () => {
    const r = check('{ instances(first: 500) { nodes { id isMac imageId image { id name } macModificationTasks { id state } managedNode { pingStatus } } } }');
    expect(r.errors).toEqual([]);
    expect(limits.costOf(schema, r.document!)).toBe(5 + 500 * (1 + 2 + 2 + 2));
  });

  it('prices `first` above the page-size cap at the cap, leaving the precise error to the resolver', () => {
    const r = check('{ instances(first: 100000) { nodes { id } } }');
    expect(r.errors).toEqual([]);
    expect(limits.costOf(schema, r.document!)).toBe(1005);
  });

  it('takes `first` from variables', () => {
    const q = 'query($n: Int!) { instances(first: $n) { nodes { image { launchPermissions { userId } } } } }';
    expect(check(q, { n: 10 }).errors).toEqual([]);
    expect(check(q, { n: 1000 }).errors[0].message).toMatch(/exceeds the limit/);
  });

  it('lets the standard introspection query through (Apollo Sandbox, codegen in development)', () => {
    expect(check(getIntrospectionQuery()).errors).toEqual([]);
  });

  it('rejects a depth bomb', () => {
    expect(check(nest(6)).errors).toEqual([]);
    const r = check(nest(20));
    expect(r.errors[0].message).toMatch(/depth/i);
    expect(r.errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('rejects an alias flood', () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: instance(instanceId: "i-${i}") { id }`).join(' ');
    expect(check(`query { ${aliases(31)} }`).errors[0].message).toMatch(/Aliases limit of 30 exceeded/);
    expect(check(`query { ${aliases(30)} }`).errors).toEqual([]);
  });

  it('rejects too many directives', () => {
    const dirs = Array.from({ length: 21 }, () => '@include(if: true)').join(' ');
    expect(check(`query { __typename ${dirs} }`).errors[0].message).toMatch(/directive/i);
  });

  it('rejects too many tokens while parsing', () => {
    const fields = Array.from({ length: 5000 }, () => '__typename').join(' ');
    const r = check(`query { ${fields} }`);
    expect(r.errors[0].message).toMatch(/more tha[nt] 5000 tokens/);
    expect(r.errors[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('rejects fragment cycles (graphql-js rule, before any pricing)', () => {
    const r = check('query { instances { nodes { ...A } } } fragment A on Instance { image { id } ...B } fragment B on Instance { ...A }');
    expect(r.errors[0].message).toMatch(/Cannot spread fragment "A" within itself/);
  });

  it('masks "Did you mean" suggestions only when configured (production)', () => {
    expect(check('query { instancez { nodes { id } } }').errors[0].message).toMatch(/Did you mean "instance"/);
    const prod = createQueryLimits({ ...defaults, hideSuggestions: true });
    const msg = prod.checkOperation(schema, { query: 'query { instancez { nodes { id } } }' }).errors[0].message;
    expect(msg).not.toMatch(/instance"/);
    expect(msg).toMatch(/Suggestion hidden/);
    expect(maskSuggestions('Value "RUNNIN" does not exist in "InstanceState" enum. Did you mean the enum value "RUNNING"?')).not.toContain('RUNNING"');
  });

  it('refuses introspection in production (as Apollo does on HTTP) and allows it otherwise', () => {
    const prod = createQueryLimits(loadConfig({ NODE_ENV: 'production', FLEETGRAPH_DEMO: 'true' }).limits, { production: true });
    const dev = createQueryLimits(defaults, { production: false });
    const introspection = ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }', getIntrospectionQuery()];
    for (const query of introspection) {
      const refused = prod.checkOperation(schema, { query });
      expect(refused.document).toBeUndefined();
      expect(refused.errors[0].message).toMatch(/introspection has been disabled/);
      expect(refused.errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(dev.checkOperation(schema, { query }).errors).toEqual([]);
      expect(limits.checkOperation(schema, { query }).errors).toEqual([]); // option unset: not production
    }
    // __typename is not introspection; ordinary queries are unaffected.
    expect(prod.checkOperation(schema, { query: '{ __typename instances(first: 1) { nodes { id __typename } } }' }).errors).toEqual([]);
    // Introspection hidden in a fragment or behind an alias is still refused.
    expect(prod.checkOperation(schema, { query: '{ ...F } fragment F on Query { s: __schema { queryType { name } } }' }).errors[0].message).toMatch(/__schema/);
  });
});

describe('query limits in Apollo Server', () => {
  let apollo: ApolloServer;
  const execute = async (query: string, variables?: Record<string, unknown>) => {
    const res = await apollo.executeOperation({ query, variables });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return { status: res.http.status, errors: res.body.singleResult.errors };
  };

  beforeAll(async () => {
    const limits = createQueryLimits({ ...defaults, hideSuggestions: true });
    apollo = new ApolloServer({ schema, validationRules: limits.validationRules, plugins: limits.plugins, parseOptions: limits.parseOptions });
    await apollo.start();
  });
  afterAll(() => apollo.stop());

  it('rejects the expensive query with 400 before executing it', async () => {
    const r = await execute(HUGE);
    expect(r.status).toBe(400);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', cost: 8005 });
    expect(r.errors?.[0].extensions?.http).toBeUndefined();
  });

  it('rejects depth bombs, alias floods and token floods with 400', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: instance(instanceId: "i-${i}") { id }`).join(' ');
    const tokens = Array.from({ length: 5000 }, () => '__typename').join(' ');
    for (const q of [nest(20), `query { ${aliases} }`, `query { ${tokens} }`]) {
      const r = await execute(q);
      expect(r.status).toBe(400);
      expect(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED']).toContain(r.errors?.[0].extensions?.code);
    }
  });

  it('hides suggestions', async () => {
    const r = await execute('query { instancez { nodes { id } } }');
    expect(r.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('runs a cheap query', async () => {
    const r = await execute('query { __typename }');
    expect(r.errors).toBeUndefined();
  });
});
