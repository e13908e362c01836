/**
 * The IAM roles of the organisation's accounts and their trust policies, as STS AssumeRole checks
 * them. Every role trusts the management account (`arn:aws:iam::<management>:root`) and only it;
 * some also require an ExternalId.
 */
import { findAccount, type Organization } from './organization';

export interface RoleDef {
  name: string;
  /** Mutations allowed (a read-only role gets UnauthorizedOperation / AccessDeniedException). */
  canWrite: boolean;
  /** The trust policy's `sts:ExternalId` condition, when it has one. */
  externalId?: string;
  /** Also in the management account (AWS creates OrganizationAccountAccessRole in members only). */
  inManagementAccount: boolean;
  /** IAM's MaxSessionDuration (seconds); the default, one hour. */
  maxSessionSeconds: number;
}

export const SIM_ROLES = {
  /** What AWS Organizations creates in accounts it creates: full access, no ExternalId. Members only. */
  organizationAccess: { name: 'OrganizationAccountAccessRole', canWrite: true, inManagementAccount: false, maxSessionSeconds: 3600 },
  /** A read-only role for FleetGraph: no ExternalId. */
  readOnly: { name: 'FleetGraphReadOnly', canWrite: false, inManagementAccount: true, maxSessionSeconds: 3600 },
  /** An operator role for FleetGraph (mutations): its trust policy requires this ExternalId. */
  operator: { name: 'FleetGraphOperator', canWrite: true, externalId: 'fleetgraph-operator-7d41c2', inManagementAccount: true, maxSessionSeconds: 3600 },
} as const satisfies Record<string, RoleDef>;

const ROLES: readonly RoleDef[] = Object.values(SIM_ROLES);

export const ROLE_ARN_RE = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

/** The role `name` in account `accountId`, if that account is an ACTIVE account of the organisation and has it. */
export function findRole(org: Organization, accountId: string, name: string): RoleDef | undefined {
  const account = findAccount(org, accountId);
  if (!account || account.state !== 'ACTIVE') return undefined;
  return ROLES.find((r) => r.name === name && (r.inManagementAccount || !account.management));
}

/** Does the role's trust policy let `callerAccountId` assume it with this ExternalId? */
export function trusts(org: Organization, role: RoleDef, callerAccountId: string, externalId: string | undefined): boolean {
  if (callerAccountId !== org.managementAccountId) return false;
  return role.externalId === undefined || role.externalId === externalId;
}

/** Roles per account, for GET /_sim/world. */
export function roleSummary(org: Organization): { name: string; canWrite: boolean; externalId?: string; accounts: string[] }[] {
  return ROLES.map((r) => ({
    name: r.name,
    canWrite: r.canWrite,
    ...(r.externalId ? { externalId: r.externalId } : {}),
    accounts: org.accounts.filter((a) => findRole(org, a.id, r.name)).map((a) => a.id),
  }));
}
