/**
 * The simulated AWS Organizations (awsJson1_1, `X-Amz-Target: AWSOrganizationsV20161128.<Op>`):
 * ListAccounts — from the management account only, as AWS allows — and DescribeOrganization,
 * which AWS allows from any account of the organisation.
 */
import { ActionTable, tableService } from '../core/actions';
import { Caller, SimError, SimService } from '../core/contract';
import { paginate } from '../core/json-pagination';
import { Organization, accountArn, findAccount } from '../org/organization';

type Body = Record<string, unknown>;
type Handler = (body: Body, caller: Caller) => unknown;

const denied = () => new SimError('AccessDeniedException', "You don't have permissions to access this resource.");
const invalidInput = (message: string) => new SimError('InvalidInputException', message);

/** ListAccounts' MaxResults: 1–20. */
function maxResults(body: Body): number {
  const v = body.MaxResults;
  if (v === undefined || v === null) return 20;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new SimError('SerializationException', 'Unexpected value type for MaxResults');
  if (v < 1) throw invalidInput('You provided a value that is less than the minimum allowed value.');
  if (v > 20) throw invalidInput('You provided a value that exceeds the maximum allowed value.');
  return v;
}

export function createOrganizationsService(org: Organization): SimService<Body, unknown> {
  const listAccounts: Handler = (body, caller) => {
    if (caller.accountId !== org.managementAccountId) throw denied();
    const nextToken = body.NextToken;
    if (nextToken !== undefined && typeof nextToken !== 'string') throw new SimError('SerializationException', 'Unexpected value type for NextToken');
    // Listed in the organisation's order (management first): the key is the position.
    const indexed = org.accounts.map((a, i) => ({ a, key: String(i).padStart(6, '0') }));
    const { page, nextToken: next } = paginate('ListAccounts', indexed, (x) => x.key, {
      nextToken,
      maxResults: maxResults(body),
      filters: null,
      invalid: () => invalidInput('The provided token is not valid.'),
    });
    return {
      Accounts: page.map(({ a }) => ({
        Id: a.id,
        Arn: accountArn(org, a.id),
        Email: a.email,
        Name: a.name,
        // `Status` was retired on 9 September 2026; `State` replaces it.
        State: a.state,
        JoinedMethod: a.joinedMethod,
        JoinedTimestamp: a.joinedTimestamp / 1000,
      })),
      ...(next ? { NextToken: next } : {}),
    };
  };

  const describeOrganization: Handler = (_body, caller) => {
    if (!findAccount(org, caller.accountId)) throw new SimError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.');
    const management = findAccount(org, org.managementAccountId)!;
    return {
      Organization: {
        Id: org.id,
        Arn: org.arn,
        FeatureSet: 'ALL',
        MasterAccountArn: accountArn(org, management.id),
        MasterAccountId: management.id,
        MasterAccountEmail: management.email,
        AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
      },
    };
  };

  const actions: ActionTable<Handler> = {
    ListAccounts: { run: listAccounts, mutating: false },
    DescribeOrganization: { run: describeOrganization, mutating: false },
  };

  // The organisation is fixed at start: nothing to reset.
  return tableService<Body, unknown>('organizations', actions, (action) => new SimError('InvalidAction', `Unknown operation ${action}`));
}
