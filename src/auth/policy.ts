import { isRole, maxRole, type Role } from './roles';

/**
 * Which role each operation needs. Most of it is static (queries and subscriptions: viewer;
 * mutations: operator), but some mutations are dangerous only with some inputs — making an AMI
 * public, turning SIP protections off — so those policies look at the arguments.
 *
 * Inputs are read as plain GraphQL argument objects (enum values are their names), so the same
 * functions serve the auth checker, resolvers and tests. Each mutation names its role and policy
 * in its own declaration (`@RequiresRole`, requires-role.ts), so a rename keeps them.
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

/** A policy over a root field's `input` argument: the role this call needs (at least the field's own). */
export type RolePolicy = (input: Input) => Role;

/** The root-field extension that declares the field's minimum role (`@RequiresRole('operator')`). */
export const ROLE_EXTENSION = 'requiredRole';
/** The root-field extension holding its argument-aware RolePolicy (`@RequiresRole('operator', requiredRoleForSip)`). */
export const ROLE_POLICY_EXTENSION = 'rolePolicy';

/** What a schema field carries: graphql-js keeps type-graphql's `@Extensions` on `extensions`. */
interface FieldWithExtensions {
  extensions?: Readonly<Record<string, unknown>> | null;
}

/** The role the field declares in its own declaration, if any. */
export function declaredRoleOf(field: FieldWithExtensions): Role | undefined {
  const declared = field.extensions?.[ROLE_EXTENSION];
  return isRole(declared) ? declared : undefined;
}

/** The argument-aware policy the field declares, if any. */
export function rolePolicyOf(field: FieldWithExtensions): RolePolicy | undefined {
  const policy = field.extensions?.[ROLE_POLICY_EXTENSION];
  return typeof policy === 'function' ? (policy as RolePolicy) : undefined;
}

/** The role one call of the field needs with these arguments: its base role, raised by its own policy. */
export function requiredRoleForCall(field: FieldWithExtensions, base: Role, args: Record<string, unknown> | null | undefined): Role {
  const policy = rolePolicyOf(field);
  if (!policy) return base;
  const input = args?.input;
  return maxRole(base, policy(input && typeof input === 'object' ? (input as Record<string, unknown>) : undefined));
}

/**
 * The role one root field call needs: what the field declares (else its operation type's
 * default), raised by the field's argument-aware policy. The same answer the auth checker gives
 * field by field, computed for a whole document before any of it runs.
 */
export function requiredRoleForRootField(type: OperationType, field: FieldWithExtensions, args: Record<string, unknown> | null | undefined): Role {
  return requiredRoleForCall(field, declaredRoleOf(field) ?? requiredRoleForOperationType(type), args);
}
