/**
 * Which accounts and regions the gateway serves: what the configuration says, before anything is
 * asked of AWS. The scope set itself (accounts × regions) is resolved at start (see resolve.ts).
 */

/** One account to serve, as FLEETGRAPH_ACCOUNTS lists it. */
export interface AccountSpec {
  accountId: string;
  /** The role to assume in the account; absent only for the gateway's own account (its own credentials). */
  roleArn?: string;
  /** The role's trust-policy `sts:ExternalId`, when it requires one. */
  externalId?: string;
  /** A display name (Organizations names accounts; a listed account may be named here). */
  name?: string;
}

export type AccountsSetting =
  /** The gateway's own account only (the caller of STS GetCallerIdentity). */
  | { mode: 'self' }
  /** FLEETGRAPH_ACCOUNTS. */
  | { mode: 'list'; accounts: AccountSpec[] }
  /** FLEETGRAPH_ORGANIZATION_ROLE_NAME: the organisation's ACTIVE accounts (Organizations ListAccounts), less `exclude`. */
  | { mode: 'organization'; roleName: string; externalId?: string; exclude: string[] };

export type RegionsSetting =
  /** FLEETGRAPH_REGIONS unset: the default region; a query may still name any region of AWS's partitions. */
  | { mode: 'home' }
  /** A fixed list: every account in each of them, and only them. */
  | { mode: 'list'; regions: string[] }
  /** `*`: every region each account has enabled (EC2 DescribeRegions); `fallback` (or the default region) when that call fails. */
  | { mode: 'discover'; fallback: string[] };

export interface ScopeSettings {
  accounts: AccountsSetting;
  regions: RegionsSetting;
}

/** The session name every assumed role carries: CloudTrail in the member account shows who called. */
export const ROLE_SESSION_NAME = 'FleetGraph';

const PARTITIONS = 'aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc';
/** `arn:aws:iam::123456789012:role/path/Name`; group 1 is the account, group 2 the partition. */
export const ROLE_ARN_RE = new RegExp(`^arn:(${PARTITIONS}):iam::(\\d{12}):role\\/(?:[\\w+=,.@-]+\\/)*[\\w+=,.@-]{1,64}$`);
/** An IAM role name, optionally with its path (`FleetGraphReadOnly`, `ops/FleetGraphReadOnly`). */
export const ROLE_NAME_RE = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
/** STS AssumeRole's ExternalId: 2–1224 characters of `[\w+=,.@:/-]`. */
export const EXTERNAL_ID_RE = /^[\w+=,.@:/-]{2,1224}$/;
export const ACCOUNT_ID_RE = /^\d{12}$/;

/** The role ARN of `roleName` in `accountId` (in the partition of the gateway's own ARN when known). */
export function roleArnOf(accountId: string, roleName: string, partition = 'aws'): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/** The partition of an ARN (`aws`, `aws-cn`, …); `aws` when there is none to read. */
export function partitionOf(arn: string | undefined): string {
  return /^arn:([a-z-]+):/.exec(arn ?? '')?.[1] ?? 'aws';
}
