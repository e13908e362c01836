/**
 * The simulated AWS Organization: a management account, SIM_ACCOUNTS − 1 member accounts and one
 * SUSPENDED account, each with the same enabled regions (SIM_REGIONS). Every ACTIVE account ×
 * enabled region is a scope with its own world; the suspended account has none.
 */
import type { RegionInfo } from '../core/contract';
import {
  MANAGEMENT_ACCOUNT_ID,
  ORGANIZATION_ARN,
  ORGANIZATION_ID,
  SUSPENDED_ACCOUNT_ID,
  memberAccountId,
} from './ids';

export type AccountState = 'ACTIVE' | 'SUSPENDED';

export interface SimAccount {
  id: string;
  name: string;
  email: string;
  state: AccountState;
  management: boolean;
  joinedMethod: 'CREATED' | 'INVITED';
  /** Epoch ms. */
  joinedTimestamp: number;
}


export interface Organization {
  id: string;
  arn: string;
  managementAccountId: string;
  /** Every account of the organisation, the management account first, the suspended one last. */
  accounts: SimAccount[];
  /** The regions every account has enabled, in order (the first is the default region). */
  enabledRegions: string[];
  /** Every region DescribeRegions `AllRegions=true` lists: the enabled ones and one opt-in region left disabled. */
  allRegions: RegionInfo[];
}

export const DEFAULT_ACCOUNTS = 3;
export const DEFAULT_REGIONS: readonly string[] = ['us-east-1', 'us-west-2'];

/** Regions AWS enables only on request (the rest are on for every account). */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-south-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
  'ca-west-1', 'eu-central-2', 'eu-south-1', 'eu-south-2', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1',
];

export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d$/;

const NAMES = ['Mac CI', 'Sandbox', 'Production Apps', 'Data Platform'];
const EMAIL_DOMAIN = 'fleetgraph.example.com';
/** When the accounts joined (fixed, so the organisation is the same on every start). */
const JOINED = Date.UTC(2024, 2, 4, 9, 0);

export function buildOrganization(accounts: number, regions: readonly string[]): Organization {
  if (!Number.isInteger(accounts) || accounts < 1) throw new Error(`accounts must be an integer >= 1, got ${accounts}`);
  if (regions.length === 0) throw new Error('regions must name at least one region');
  for (const r of regions) if (!REGION_RE.test(r)) throw new Error(`not a region name: ${JSON.stringify(r)}`);
  if (new Set(regions).size !== regions.length) throw new Error(`regions are listed twice: ${regions.join(',')}`);
  const list: SimAccount[] = [
    { id: MANAGEMENT_ACCOUNT_ID, name: 'FleetGraph Management', email: `aws-management@${EMAIL_DOMAIN}`, state: 'ACTIVE', management: true, joinedMethod: 'CREATED', joinedTimestamp: JOINED },
  ];
  for (let n = 0; n < accounts - 1; n++) {
    const name = NAMES[n] ?? `Member ${n + 1}`;
    list.push({
      id: memberAccountId(n),
      name,
      email: `aws-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}@${EMAIL_DOMAIN}`,
      state: 'ACTIVE',
      management: false,
      joinedMethod: n % 2 === 0 ? 'CREATED' : 'INVITED',
      joinedTimestamp: JOINED + (n + 1) * 86_400_000 * 17,
    });
  }
  list.push({ id: SUSPENDED_ACCOUNT_ID, name: 'Legacy Builds', email: `aws-legacy-builds@${EMAIL_DOMAIN}`, state: 'SUSPENDED', management: false, joinedMethod: 'INVITED', joinedTimestamp: JOINED + 5 * 86_400_000 });
  const optIn = (r: string) => OPT_IN_REGIONS.includes(r);
  const disabledOptIn = ['ap-east-1', 'me-south-1', 'af-south-1'].find((r) => !regions.includes(r))!;
  return {
    id: ORGANIZATION_ID,
    arn: ORGANIZATION_ARN,
    managementAccountId: MANAGEMENT_ACCOUNT_ID,
    accounts: list,
    enabledRegions: [...regions],
    allRegions: [
      ...regions.map((name): RegionInfo => ({ name, optInStatus: optIn(name) ? 'opted-in' : 'opt-in-not-required' })),
      { name: disabledOptIn, optInStatus: 'not-opted-in' },
    ],
  };
}

export function activeAccounts(org: Organization): SimAccount[] {
  return org.accounts.filter((a) => a.state === 'ACTIVE');
}

export function findAccount(org: Organization, id: string): SimAccount | undefined {
  return org.accounts.find((a) => a.id === id);
}

/** `arn:aws:organizations::<management>:account/<org id>/<account id>` */
export function accountArn(org: Organization, accountId: string): string {
  return `arn:aws:organizations::${org.managementAccountId}:account/${org.id}/${accountId}`;
}
