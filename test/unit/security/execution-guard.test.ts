import { buildSchema, execute, parse } from 'graphql';
import { finishGuard, guardSchema, limitResponse, startGuard } from '../../../src/server/security/execution-guard';

/** A schema whose fields count their calls, guarded as the gateway's is. */
function world() {
  const calls = { items: 0, writes: 0 };
  const schema = buildSchema('type Query { items(n: Int!): [Item!]! slow: String } type Item { id: ID! name: String! } type Mutation { write(n: Int!): Int }');
  const Query = schema.getQueryType()!.getFields();
  Query.items.resolve = (_s, { n }) => Array.from({ length: n as number }, (_, i) => (calls.items++, { id: String(i), name: 'x'.repeat(50) }));
  Query.slow.resolve = () => new Promise((r) => setTimeout(() => r('late'), 500));
  schema.getMutationType()!.getFields().write.resolve = async (_s, { n }) => (calls.writes++, n);
  guardSchema(schema);
  return { schema, calls };
}

async function run(schema: ReturnType<typeof world>['schema'], query: string, limits = { maxResponseBytes: 2000, maxExecutionMs: 100 }) {
  const contextValue = {};
  startGuard(contextValue, limits);
  const result = await execute({ schema, document: parse(query), contextValue });
  const stopped = finishGuard(contextValue);
  const formatted = { data: result.data, errors: result.errors?.map((e) => e.toJSON()) };
  return { result, stopped, answer: stopped ? limitResponse(formatted, stopped, query.startsWith('mutation') ? 'mutation' : 'query') : formatted };
}

describe('execution guard', () => {
  it('lets an operation within its bounds run as usual', async () => {
    const { schema } = world();
    const { stopped, answer } = await run(schema, '{ items(n: 3) { id } }');
    expect(stopped).toBeUndefined();
    expect(answer).toEqual({ data: { items: [{ id: '0' }, { id: '1' }, { id: '2' }] }, errors: undefined });
  });

  it('stops a response at its size bound and answers one error, the partial data dropped', async () => {
    const { schema } = world();
    const { stopped, answer } = await run(schema, '{ items(n: 1000) { id name } }');
    expect(stopped?.extensions).toEqual({ code: 'RESPONSE_TOO_LARGE', maxResponseBytes: 2000 });
    expect(answer).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'RESPONSE_TOO_LARGE', maxResponseBytes: 2000 } })] });
  });

  it('stops waiting at the deadline', async () => {
    const { schema } = world();
    const started = performance.now();
    const { stopped } = await run(schema, '{ slow }');
    expect(performance.now() - started).toBeLessThan(400);
    expect(stopped?.extensions).toEqual({ code: 'OPERATION_TIMEOUT', maxExecutionMs: 100 });
  });

  it('a mutation keeps what it did, and no field runs once the guard has tripped', async () => {
    const { schema, calls } = world();
    // a and b fit in 20 bytes; c's write runs and its answer passes the bound; d never runs.
    const doc = `mutation { a: write(n: 1) b: write(n: 2) c: write(n: ${'9'.repeat(8)}) d: write(n: 4) }`;
    const { stopped, answer } = await run(schema, doc, { maxResponseBytes: 20, maxExecutionMs: 1000 });
    expect(stopped?.extensions?.code).toBe('RESPONSE_TOO_LARGE');
    expect(answer.errors?.[0].extensions?.code).toBe('RESPONSE_TOO_LARGE');
    expect((answer as { data?: unknown }).data).toEqual({ a: 1, b: 2, c: null, d: null } as never);
    expect(calls.writes).toBe(3);
  });

  it('does not touch operations run without a guard (subscriptions, other schemas)', async () => {
    const { schema } = world();
    const result = await execute({ schema, document: parse('{ items(n: 500) { id name } }'), contextValue: {} });
    expect(result.errors).toBeUndefined();
  });
});
