import type { GraphQLSchema } from 'graphql';
import { hasRole } from '../../../src/auth/principal';
import { buildMiniSchema, principal, run } from './mini-schema';

const sip = (status: string, extra = '') => `mutation { createMacSipModificationTask(input: { instanceId: "i-0123456789abcdef0", status: "${status}" ${extra} }) { clientToken } }`;
const SET_DESCRIPTION = 'mutation { setImageDescription(imageId: "ami-1") }';
const MAKE_PUBLIC = 'mutation { modifyImageLaunchPermissions(input: { imageId: "ami-1", add: [{ group: "ALL" }] }) }';
const SHARE = 'mutation { modifyImageLaunchPermissions(input: { imageId: "ami-1", add: [{ userId: "123456789012" }] }) }';
const IMDS = 'mutation { enableImageImdsV2(imageId: "ami-1") }';

describe('hasRole', () => {
  it('follows admin ⊇ operator ⊇ viewer', () => {
    expect(hasRole(principal(['admin']), 'viewer')).toBe(true);
    expect(hasRole(principal(['operator']), 'admin')).toBe(false);
    expect(hasRole(principal(['viewer']), 'operator')).toBe(false);
    expect(hasRole(principal([]), 'viewer')).toBe(false);
    expect(hasRole(undefined, 'viewer')).toBe(false);
  });
});

describe('authChecker', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildMiniSchema();
  });

  it('refuses a missing principal with UNAUTHENTICATED', async () => {
    const r = await run(schema, '{ hello }');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a principal without roles with FORBIDDEN naming the role', async () => {
    const r = await run(schema, '{ hello }', principal([]));
    expect(r.errors?.[0].message).toBe('Query.hello requires the viewer role');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'viewer' });
  });

  // operation × role: the lowest role that may run it; every role below it must be refused.
  const matrix: Array<[string, string, 'viewer' | 'operator' | 'admin']> = [
    ['query', '{ hello }', 'viewer'],
    ['set description', SET_DESCRIPTION, 'operator'],
    ['share AMI with an account', SHARE, 'operator'],
    ['make AMI public', MAKE_PUBLIC, 'admin'],
    ['enable IMDSv2', IMDS, 'admin'],
    ['SIP enabled', sip('ENABLED'), 'operator'],
    ['SIP disabled', sip('DISABLED'), 'admin'],
    ['SIP enabled, one protection disabled', sip('ENABLED', 'configuration: { kextSigning: "DISABLED" }'), 'admin'],
    ['SIP enabled, protections enabled', sip('ENABLED', 'configuration: { kextSigning: "ENABLED" }'), 'operator'],
  ];
  const roles = ['viewer', 'operator', 'admin'] as const;
  it.each(matrix)('%s needs %s', async (_name, source, needed) => {
    for (const role of roles) {
      const r = await run(schema, source, principal([role]));
      const allowed = roles.indexOf(role) >= roles.indexOf(needed);
      if (allowed) expect(r.errors).toBeUndefined();
      else expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: needed });
    }
  });

  it('says when the arguments raised the requirement', async () => {
    const r = await run(schema, MAKE_PUBLIC, principal(['operator']));
    expect(r.errors?.[0].message).toBe('Mutation.modifyImageLaunchPermissions with these arguments requires the admin role');
  });

  it('applies the policy to variables as well as literals', async () => {
    const r = await run(
      schema,
      'mutation($i: MiniSipInput!) { createMacSipModificationTask(input: $i) { clientToken } }',
      principal(['operator']),
      { i: { instanceId: 'i-0123456789abcdef0', status: 'DISABLED' } },
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'admin' });
  });
});
