import { buildSchema, getOperationAST, parse, type GraphQLSchema } from 'graphql';
import type { Principal } from '../../../src/auth/principal';
import { authorizeCalls, rootFieldCalls } from '../../../src/server/security/document-authz';
import { buildGatewaySchema } from '../../../src/server/schema';
import { requiredRoleForLaunchPermissions } from '../../../src/auth/policy';

// The executable schema: each mutation's role and policy are declared on it (`@RequiresRole`), which SDL does not carry.
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});
const who = (roles: Principal['roles']): Principal => ({ id: 'apikey:t', name: 't', kind: 'apiKey', roles });
const IMAGE = 'ami-0123456789abcdef0';

function calls(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  return rootFieldCalls(schema, document, getOperationAST(document)!, variables);
}

describe('all-or-nothing authorization of a document', () => {
  const mixed = `mutation { a: setImageDescription(input: { imageId: "${IMAGE}", description: "x" }) { __typename } b: enableImageImdsV2(input: { imageId: "${IMAGE}", confirmIrreversible: true }) { __typename } }`;

  it('lists every root field the operation would run, with the role its arguments need', () => {
    expect(calls(mixed).map((c) => [c.key, c.field, c.requiredRole])).toEqual([
      ['a', 'setImageDescription', 'operator'],
      ['b', 'enableImageImdsV2', 'admin'],
    ]);
  });

  it('refuses the whole document when any field needs more than the caller has, naming each', () => {
    expect(authorizeCalls(who(['operator']), 'mutation', calls(mixed)).map((e) => [e.message, e.extensions])).toEqual([
      ['Mutation.enableImageImdsV2 with these arguments requires the admin role', { code: 'FORBIDDEN', requiredRole: 'admin' }],
    ]);
    expect(authorizeCalls(who(['admin']), 'mutation', calls(mixed))).toEqual([]);
    expect(authorizeCalls(undefined, 'mutation', calls(mixed)).map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    expect(authorizeCalls(who(['viewer']), 'query', calls('{ instances { pageSize } runbooks { pageSize } }'))).toEqual([]);
    expect(authorizeCalls(who([]), 'query', calls('{ instances { pageSize } }')).map((e) => e.message)).toEqual(['Query.instances requires the viewer role']);
  });

  it('reads arguments from variables, and sees fields behind fragments and directives as execution will', () => {
    const viaVars = calls('mutation($i: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $i) { clientToken } }', {
      i: { instanceId: 'i-0123456789abcdef0', status: 'DISABLED' },
    });
    expect(viaVars.map((c) => c.requiredRole)).toEqual(['admin']);
    const hidden = `mutation($skip: Boolean!) { ...F ... on Mutation { c: setImageDescription(input: { imageId: "${IMAGE}", description: "y" }) { __typename } }
      d: enableImageImdsV2(input: { imageId: "${IMAGE}", confirmIrreversible: true }) @skip(if: $skip) { __typename } }
      fragment F on Mutation { p: modifyImageLaunchPermissions(input: { imageId: "${IMAGE}", add: [{ group: ALL }], confirmPublic: true }) { __typename } }`;
    expect(calls(hidden, { skip: true }).map((c) => [c.key, c.requiredRole])).toEqual([
      ['p', 'admin'],
      ['c', 'operator'],
    ]);
    expect(calls(hidden, { skip: false }).map((c) => c.key)).toEqual(['p', 'c', 'd']);
  });

  it('the role and policy declared on the field decide, whatever the field is called', () => {
    const declared = buildSchema(`type Query { a: Int } input P { add: [G!] } input G { group: String }
      type Mutation { wipe: Boolean shareImage(input: P): Boolean modifyImageLaunchPermissions(input: P): Boolean }`);
    const fields = declared.getMutationType()!.getFields();
    Object.assign(fields.wipe, { extensions: { requiredRole: 'admin' } });
    // A renamed modifyImageLaunchPermissions keeps its policy: it travels with the field.
    Object.assign(fields.shareImage, { extensions: { requiredRole: 'operator', rolePolicy: requiredRoleForLaunchPermissions } });
    const document = parse('mutation { wipe shareImage(input: { add: [{ group: "ALL" }] }) modifyImageLaunchPermissions(input: { add: [{ group: "ALL" }] }) }');
    const found = rootFieldCalls(declared, document, getOperationAST(document)!, {});
    expect(found.map((c) => [c.field, c.requiredRole, c.raisedByArguments])).toEqual([
      ['wipe', 'admin', false],
      ['shareImage', 'admin', true],
      // A name alone carries no policy any more.
      ['modifyImageLaunchPermissions', 'operator', false],
    ]);
  });
});
