import { scopeOf, type Scope, type ServedAccount } from '../aws';
import { isRegionName } from '../config';
import { BadUserInputError, type FieldProblem } from '../errors/gateway-error';
import { isKnownRegion } from '../validation/regions';

/** What a query may say about where to look: every argument is optional. */
export interface ScopeArgs {
  accountIds?: readonly string[] | null;
  regions?: readonly string[] | null;
  /** One account (single lookups, mutations, subscriptions). */
  accountId?: string | null;
  /** One region: the contract's shorthand for `regions: [region]`. */
  region?: string | null;
}

export interface ScopeSelector {
  /** The served accounts (home account first). */
  accounts(): readonly ServedAccount[];
  /**
   * The scopes a field's arguments select, account by account: every served scope by default.
   * Unknown accounts, regions not served and contradictory arguments are BAD_USER_INPUT, every
   * problem at once, before any AWS call.
   */
  select(args: ScopeArgs): Scope[];
}

const ACCOUNT_ID_RE = /^\d{12}$/;

/**
 * `openRegions`: FLEETGRAPH_REGIONS is unset on AWS, so a query may name any region of AWS's
 * partitions (each account is then asked there too), as before accounts and regions were
 * configured; otherwise only the served regions exist.
 */
export function createScopeSelector(accounts: () => readonly ServedAccount[], options: { openRegions: boolean }): ScopeSelector {
  return {
    accounts,
    select(args) {
      const problems: FieldProblem[] = [];
      const served = accounts();
      const chosen = chooseAccounts(served, args, problems);
      const regions = chooseRegions(served, args, options.openRegions, problems);
      if (problems.length) throw new BadUserInputError(problems.length === 1 ? problems[0].message : 'Invalid accounts or regions', problems);
      const scopes = chosen.flatMap((a) => (regions ?? a.regions).filter((r) => options.openRegions || a.regions.includes(r)).map((r) => scopeOf(a.id, r)));
      if (!scopes.length) {
        throw new BadUserInputError('No served scope matches these accounts and regions (see `accounts { id regions }`)', [{ field: regions ? 'regions' : 'accountIds', message: 'no served scope matches' }]);
      }
      return scopes;
    },
  };
}

function chooseAccounts(served: readonly ServedAccount[], args: ScopeArgs, problems: FieldProblem[]): readonly ServedAccount[] {
  const [field, ids] = args.accountId !== undefined && args.accountId !== null ? ['accountId', [args.accountId]] : ['accountIds', args.accountIds];
  if (ids === undefined || ids === null) return served;
  if (!ids.length) {
    problems.push({ field, message: 'give at least one account id, or leave it out for every account' });
    return [];
  }
  const chosen: ServedAccount[] = [];
  for (const id of new Set(ids)) {
    const account = served.find((a) => a.id === id);
    if (account) chosen.push(account);
    // An id of the right shape is named (it helps, and it is not a secret); anything else is not echoed.
    else if (ACCOUNT_ID_RE.test(id)) problems.push({ field, message: `account ${id} is not served by this gateway (see \`accounts\`)` });
    else problems.push({ field, message: 'not a 12-digit account id' });
  }
  return chosen;
}

function chooseRegions(served: readonly ServedAccount[], args: ScopeArgs, openRegions: boolean, problems: FieldProblem[]): string[] | undefined {
  const hasRegion = args.region !== undefined && args.region !== null;
  const hasRegions = args.regions !== undefined && args.regions !== null;
  if (hasRegion && hasRegions) {
    problems.push({ field: 'region', message: 'give region or regions, not both' });
    return undefined;
  }
  if (!hasRegion && !hasRegions) return undefined;
  const [field, names] = hasRegion ? ['region', [args.region as string]] : ['regions', args.regions as readonly string[]];
  if (!names.length) {
    problems.push({ field, message: 'give at least one region, or leave it out for every region' });
    return undefined;
  }
  const servedRegions = new Set(served.flatMap((a) => a.regions));
  const regions: string[] = [];
  for (const name of new Set(names)) {
    if (servedRegions.has(name)) regions.push(name);
    // Only the regions of AWS's partitions are ever called; the value is never repeated.
    else if (!isRegionName(name) || !isKnownRegion(name)) problems.push({ field, message: `${field}: not an AWS region (FLEETGRAPH_REGIONS lists the ones this gateway serves)` });
    else if (!openRegions) problems.push({ field, message: `Region ${name} is not enabled on this gateway (served: ${[...servedRegions].join(', ')})` });
    else regions.push(name);
  }
  return regions;
}
