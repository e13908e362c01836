import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import type { AwsCore } from '../core';
import { allItems } from '../paging';
import type { Scope } from '../scope';

/** An account of the organisation, as Organizations ListAccounts reports it. */
export interface OrganizationAccount {
  id: string;
  name?: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, … (`State`; the retired `Status` when an old endpoint sends only that). */
  state?: string;
}

/** ListAccounts' largest page. */
const LIST_ACCOUNTS_MAX_RESULTS = 20;

/**
 * Every account of the organisation (Organizations ListAccounts, paged). Only the management
 * account or a delegated administrator may call it; anyone else gets AccessDeniedException.
 */
export async function listOrganizationAccounts(core: AwsCore, scope: Scope): Promise<OrganizationAccount[]> {
  const send = core.send(scope, 'organizations', core.report);
  const accounts = await allItems(
    (NextToken) => send(new ListAccountsCommand({ MaxResults: LIST_ACCOUNTS_MAX_RESULTS, NextToken })),
    (page) => page.Accounts ?? [],
    // 20 a page: 100 pages hold the default quota of 10 000 accounts.
    100,
  );
  return accounts
    .filter((a) => a.Id)
    .map((a) => ({ id: a.Id as string, name: a.Name, state: a.State ?? a.Status }));
}

/** The regions the scope's account has enabled (EC2 DescribeRegions without AllRegions). */
export async function enabledRegions(core: AwsCore, scope: Scope): Promise<string[]> {
  const send = core.send(scope, 'ec2', core.report);
  const out = await send(new DescribeRegionsCommand({}));
  return (out.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => Boolean(r));
}
