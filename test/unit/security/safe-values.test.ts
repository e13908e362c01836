import { buildSchema, getOperationAST, getVariableValues, parse, type GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createQueryLimits } from '../../../src/server/security/query-limits';
import { coerceVariablesSafely } from '../../../src/server/security/safe-values';
import { loadConfig } from '../../../src/config';

const schema: GraphQLSchema = buildSchema(readFileSync(resolve(__dirname, '../../../schema.graphql'), 'utf8'));
const limits = createQueryLimits(loadConfig({}).limits);
const CANARY = 'CANARY-7f3a9c-s3cr3t';

const VOD = 'mutation($i: CreateMacVolumeOwnershipDelegationTaskInput!) { createMacVolumeOwnershipDelegationTask(input: $i) { clientToken } }';
const creds = { rootVolumeUsername: 'ec2-user', rootVolumePassword: CANARY, internalDiskPassword: CANARY };

describe('values are checked without being repeated', () => {
  const refused = (query: string, variables?: Record<string, unknown>) => {
    const r = limits.check(schema, { query, variables });
    expect(r.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(r.errors)).not.toContain('CANARY');
    expect(JSON.stringify(r.errors)).not.toContain('TAIL');
    return r.errors!;
  };

  it('a list where a password goes (variables): the path and the expected type, not the value', () => {
    const [e] = refused(VOD, { i: { instanceId: 'i-0123456789abcdef0', macCredentials: { ...creds, rootVolumePassword: [`HEAD; TAIL ${CANARY}`] } } });
    expect(e.message).toBe('Variable "$i" at "i.macCredentials.rootVolumePassword": expected String');
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('a typo in a field name names the field (a GraphQL name), never the values around it', () => {
    const [e] = refused(VOD, { i: { instanceId: 'i-0123456789abcdef0', macCredentials: { ...creds, internalDiskPasword: CANARY } } });
    expect(e.message).toBe('Variable "$i" at "i.macCredentials": "internalDiskPasword" is not a field of MacCredentialsInput');
    const [odd] = refused(VOD, { i: { instanceId: 'i-0123456789abcdef0', macCredentials: { ...creds, [`x ${CANARY}`]: 1 } } });
    expect(odd.message).toBe('Variable "$i" at "i.macCredentials": a field is not a field of MacCredentialsInput');
  });

  it('wrong scalar types, missing required fields and nulls are described by type', () => {
    expect(refused(VOD, { i: { instanceId: 'i-0123456789abcdef0', macCredentials: { ...creds, rootVolumePassword: 12345 } } })[0].message).toBe(
      'Variable "$i" at "i.macCredentials.rootVolumePassword": expected String',
    );
    expect(refused(VOD, { i: { macCredentials: creds } })[0].message).toBe('Variable "$i": required field "instanceId" (String!) was not given');
    expect(refused(VOD, {})[0].message).toBe('Variable "$i" of type CreateMacVolumeOwnershipDelegationTaskInput! was not given');
    expect(refused(VOD, { i: 'CANARY' })[0].message).toBe('Variable "$i": expected CreateMacVolumeOwnershipDelegationTaskInput (an object)');
    const q = 'query($f: InstanceFilter) { instances(filter: $f) { pageSize } }';
    expect(refused(q, { f: { states: ['CANARY'] } })[0].message).toBe('Variable "$f" at "f.states[0]": expected InstanceState');
  });

  it('a literal of the wrong type in the query text: the argument path and the type', () => {
    const [e] = refused(`mutation { createMacVolumeOwnershipDelegationTask(input: { instanceId: "i-0123456789abcdef0", macCredentials: { rootVolumePassword: ["HEAD; TAIL ${CANARY}"] } }) { clientToken } }`);
    expect(e.message).toBe('Invalid value at "input.macCredentials.rootVolumePassword": expected String');
    expect(e.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED' });
    const [n] = refused(`{ instances(first: "${CANARY}") { pageSize } }`);
    expect(n.message).toBe('Invalid value for "first": expected Int!');
    const [obj] = refused(`{ instances(filter: { instanceIds: { password: "${CANARY}" } }) { pageSize } }`);
    expect(obj.message).toBe('Invalid value at "filter.instanceIds": expected [String!]');
  });

  it('checks a list\'s length before its items: 33,000 empty ids are one short error', () => {
    const ids = Array.from({ length: 33_000 }, () => '');
    const started = performance.now();
    const errors = refused('query($ids: [String!]) { instances(filter: { instanceIds: $ids }) { pageSize } }', { ids });
    expect(performance.now() - started).toBeLessThan(50);
    expect(errors.map((e) => e.message)).toEqual(['Variable "$ids": at most 200 items (got 33000)']);
    expect(JSON.stringify(errors).length).toBeLessThan(400);
    const literal = `{ instances(filter: { instanceIds: [${Array.from({ length: 201 }, () => '""').join(',')}] }) { pageSize } }`;
    expect(refused(literal).map((e) => e.message)).toEqual(['Invalid value at "filter.instanceIds": at most 200 items (got 201)']);
  });

  it('describes five problems, then counts the rest', () => {
    const states = Array.from({ length: 150 }, () => 'NOPE');
    const errors = refused('query($s: [InstanceState!]) { instances(filter: { states: $s }) { pageSize } }', { s: states });
    expect(errors).toHaveLength(6);
    expect(errors[5].message).toBe('145 more invalid values not described');
    expect(errors[5].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const literal = `{ instances(filter: { states: [${Array.from({ length: 40 }, () => 'NOPE').join(' ')}] }) { pageSize } }`;
    const lit = refused(literal);
    expect(lit).toHaveLength(6);
    expect(lit[5].message).toBe('35 more invalid values not described');
  });

  it('coerces valid variables exactly as graphql-js does (defaults, enums, nested inputs, single values into lists)', () => {
    const doc = parse(
      'query($f: InstanceFilter, $n: Int = 7, $r: String) { instances(filter: $f, first: $n, region: $r) { pageSize } } ',
    );
    const op = getOperationAST(doc)!;
    for (const inputs of [
      { f: { states: ['RUNNING', 'STOPPED'], macOnly: true, tags: [{ key: 'env', values: 'prod' }] } },
      { f: { instanceIds: 'i-0123456789abcdef0' }, n: 3, r: null },
      {},
    ]) {
      const ours = coerceVariablesSafely(schema, op, inputs, { maxListLength: 200, maxProblems: 5 });
      const theirs = getVariableValues(schema, op.variableDefinitions ?? [], inputs);
      expect(ours.errors).toBeUndefined();
      expect(ours.values).toEqual(theirs.coerced);
    }
  });
});
