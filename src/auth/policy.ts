import { maxRole, type Role } from './roles';

/**
 * Which role each operation needs. Most of it is static (queries and subscriptions: viewer;
 * mutations: operator), but some mutations are dangerous only with some inputs — making an AMI
 * public, turning SIP protections off — so those policies look at the arguments.
 *
 * Inputs are read as plain GraphQL argument objects (enum values are their names), so the same
 * functions serve the auth checker, resolvers and tests.
 */
export type OperationType = 'query' | 'mutation' | 'subscription';

export const DEFAULT_MUTATION_ROLE: Role = 'operator';

export function requiredRoleForOperationType(type: OperationType): Role {
  return type === 'mutation' ? DEFAULT_MUTATION_ROLE : 'viewer';
}

type Input = Record<string, unknown> | null | undefined;

/** Disabling SIP — overall, or any single protection — weakens the Mac's security: admin only. */
export function requiredRoleForSip(input: Input): Role {
  if (!input) return DEFAULT_MUTATION_ROLE;
  if (input.status === 'DISABLED') return 'admin';
  const configuration = input.configuration;
  if (configuration && typeof configuration === 'object' && Object.values(configuration).some((v) => v === 'DISABLED')) return 'admin';
  return DEFAULT_MUTATION_ROLE;
}

/** Adding group ALL makes the AMI public to every AWS account: admin only. Removing it is not. */
export function requiredRoleForLaunchPermissions(input: Input): Role {
  const add = input?.add;
  if (Array.isArray(add) && add.some((p) => p && typeof p === 'object' && (p as Record<string, unknown>).group === 'ALL')) return 'admin';
  return DEFAULT_MUTATION_ROLE;
}

/** IMDSv2-only cannot be undone on an AMI: admin only. */
export function requiredRoleForImdsV2(): Role {
  return 'admin';
}

/** Block public access for AMIs is the account's guard against leaking images: admin only, either way. */
export function requiredRoleForImageBlockPublicAccess(): Role {
  return 'admin';
}

/** Turning an AMI's deregistration protection off makes it deletable: admin only. Turning it on is not. */
export function requiredRoleForDeregistrationProtection(input: Input): Role {
  return input?.enabled === false ? 'admin' : DEFAULT_MUTATION_ROLE;
}

/** Mutation field → policy over its `input` argument. Fields not listed need DEFAULT_MUTATION_ROLE. */
export const MUTATION_POLICIES: Readonly<Record<string, (input: Input) => Role>> = {
  createMacSipModificationTask: requiredRoleForSip,
  modifyImageLaunchPermissions: requiredRoleForLaunchPermissions,
  enableImageImdsV2: requiredRoleForImdsV2,
  setImageBlockPublicAccess: requiredRoleForImageBlockPublicAccess,
  setImageDeregistrationProtection: requiredRoleForDeregistrationProtection,
};

/** The role a call of Mutation.`fieldName` with these arguments needs. */
export function requiredRoleForMutation(fieldName: string, args: Record<string, unknown> | null | undefined): Role {
  const policy = MUTATION_POLICIES[fieldName];
  if (!policy) return DEFAULT_MUTATION_ROLE;
  const input = args?.input;
  return policy(input && typeof input === 'object' ? (input as Record<string, unknown>) : undefined);
}

/** The root-field extension that declares the field's minimum role (`@Extensions({ requiredRole: 'admin' })`). */
export const ROLE_EXTENSION = 'requiredRole';

/**
 * The role one root field call needs: what the field declares (else its operation type's
 * default), raised by the argument-aware policy for mutations. The same answer the auth checker
 * gives field by field, computed for a whole document before any of it runs.
 */
export function requiredRoleForRootField(type: OperationType, fieldName: string, args: Record<string, unknown> | null | undefined, declared?: Role): Role {
  const base = declared ?? requiredRoleForOperationType(type);
  return type === 'mutation' ? maxRole(base, requiredRoleForMutation(fieldName, args)) : base;
}
