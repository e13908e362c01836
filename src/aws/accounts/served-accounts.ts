import { ErrorCode } from '../../errors/codes';
import type { AwsCore } from '../core';
import { isAwsError } from '../errors';
import type { Identity } from '../identity';
import { scopeOf } from '../scope';
import { enabledRegions, listOrganizationAccounts } from './discovery';
import type { RoleAccess } from './role-credentials';
import { partitionOf, roleArnOf, type AccountSpec, type ScopeSettings } from './settings';

/** One account the gateway serves, and how it reaches it. */
export interface ServedAccount {
  id: string;
  name?: string;
  /** The organisation's `State` of the account (ACTIVE), when it came from Organizations. */
  status?: string;
  /** Its regions, in order: each is one scope. */
  regions: string[];
  /** The role assumed in it; absent for the gateway's own account (its own credentials). */
  role?: RoleAccess;
}

/** The accounts could not be established; one line per problem, fit for an operator. */
export class ScopeSetupError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ScopeSetupError';
  }
}

export interface ResolveOptions {
  settings: ScopeSettings;
  identity: Identity;
  /** AWS_REGION: where account-level calls go (Organizations, DescribeRegions) and the region of `home` mode. */
  defaultRegion: string;
  /** Makes the role credentials of an account usable before its regions are discovered. */
  registerRole(accountId: string, access: RoleAccess): void;
  warn(facts: Record<string, unknown>, message: string): void;
}

/**
 * The served accounts and their regions, from the settings: the gateway's own account, the
 * FLEETGRAPH_ACCOUNTS list, or the organisation's ACTIVE accounts (Organizations ListAccounts); then
 * the regions — the default one, the configured list, or each account's enabled regions (EC2
 * DescribeRegions, concurrently; the fallback list when that fails). Problems that make the
 * configuration unusable throw a ScopeSetupError listing every one.
 */
export async function resolveServedAccounts(core: AwsCore, options: ResolveOptions): Promise<ServedAccount[]> {
  const accounts = await resolveAccounts(core, options);
  for (const a of accounts) if (a.role) options.registerRole(a.id, a.role);
  const { regions } = options.settings;
  if (regions.mode !== 'discover') {
    const list = regions.mode === 'list' ? regions.regions : [options.defaultRegion];
    return accounts.map((a) => ({ ...a, regions: [...list] }));
  }
  const fallback = regions.fallback.length ? regions.fallback : [options.defaultRegion];
  return Promise.all(
    accounts.map(async (a) => {
      try {
        const found = await enabledRegions(core, scopeOf(a.id, options.defaultRegion));
        if (found.length) return { ...a, regions: found };
      } catch (err) {
        options.warn(
          { accountId: a.id, awsCode: isAwsError(err) ? err.awsCode : undefined, fallback },
          'FLEETGRAPH_REGIONS=*: EC2 DescribeRegions failed in this account; serving the fallback regions',
        );
      }
      return { ...a, regions: [...fallback] };
    }),
  );
}

async function resolveAccounts(core: AwsCore, options: ResolveOptions): Promise<Array<Omit<ServedAccount, 'regions'>>> {
  const { settings, identity } = options;
  const self = identity.accountId;
  switch (settings.accounts.mode) {
    case 'self':
      return [{ id: self }];
    case 'list':
      return listedAccounts(settings.accounts.accounts, self);
    case 'organization':
      return organizationAccounts(core, options, settings.accounts);
  }
}

function listedAccounts(specs: AccountSpec[], self: string): Array<Omit<ServedAccount, 'regions'>> {
  const problems = specs
    .filter((s) => !s.roleArn && s.accountId !== self)
    .map((s) => `FLEETGRAPH_ACCOUNTS: account ${s.accountId} has no roleArn and is not the gateway's own account (${self}): give the role to assume in it`);
  if (problems.length) throw new ScopeSetupError(problems);
  return specs.map((s) => ({
    id: s.accountId,
    ...(s.name ? { name: s.name } : {}),
    ...(s.roleArn ? { role: { roleArn: s.roleArn, ...(s.externalId ? { externalId: s.externalId } : {}) } } : {}),
  }));
}

async function organizationAccounts(
  core: AwsCore,
  options: ResolveOptions,
  setting: { roleName: string; externalId?: string; exclude: string[] },
): Promise<Array<Omit<ServedAccount, 'regions'>>> {
  const self = options.identity.accountId;
  let listed;
  try {
    listed = await listOrganizationAccounts(core, scopeOf(self, options.defaultRegion));
  } catch (err) {
    const why = isAwsError(err) ? `${err.awsCode}: ${err.message}` : err instanceof Error ? err.message : String(err);
    const hint = isAwsError(err, ErrorCode.FORBIDDEN)
      ? ' — run the gateway with credentials of the management account or a delegated administrator, or list the accounts in FLEETGRAPH_ACCOUNTS'
      : '';
    throw new ScopeSetupError([`FLEETGRAPH_ORGANIZATION_ROLE_NAME: Organizations ListAccounts failed (${why})${hint}`]);
  }
  const excluded = new Set(setting.exclude);
  const unknown = setting.exclude.filter((id) => !listed.some((a) => a.id === id));
  if (unknown.length) options.warn({ accounts: unknown }, 'FLEETGRAPH_ACCOUNTS_EXCLUDE names accounts that are not in the organisation');
  const partition = partitionOf(options.identity.arn);
  const active = listed.filter((a) => a.state === 'ACTIVE' && !excluded.has(a.id));
  if (!active.length) throw new ScopeSetupError(['FLEETGRAPH_ORGANIZATION_ROLE_NAME: the organisation has no ACTIVE account left to serve (see FLEETGRAPH_ACCOUNTS_EXCLUDE)']);
  // The gateway's own account first: its scopes are the ones /readyz probes and the default of single lookups.
  active.sort((a, b) => Number(b.id === self) - Number(a.id === self));
  return active.map((a) => ({
    id: a.id,
    ...(a.name ? { name: a.name } : {}),
    ...(a.state ? { status: a.state } : {}),
    // The gateway's own account is reached with its own credentials (AWS creates no
    // OrganizationAccountAccessRole in the management account, and the caller needs none).
    ...(a.id === self ? {} : { role: { roleArn: roleArnOf(a.id, setting.roleName, partition), ...(setting.externalId ? { externalId: setting.externalId } : {}) } }),
  }));
}
