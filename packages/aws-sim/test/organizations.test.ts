/**
 * Organizations with the real SDK client: ListAccounts (management account only, paginated, with
 * one SUSPENDED account so "ACTIVE only" is testable) and DescribeOrganization (any member).
 */
import { DescribeOrganizationCommand, ListAccountsCommand, paginateListAccounts } from '@aws-sdk/client-organizations';
import { MANAGEMENT_ACCOUNT_ID, MEMBER_ACCOUNT_IDS, ORGANIZATION_ARN, ORGANIZATION_ID, SUSPENDED_ACCOUNT_ID } from '../src/org/ids';
import { SIM_ROLES } from '../src/org/roles';
import { failure } from './support/sdk';
import { assume, organizationsClient, roleArn } from './support/org';
import { suiteSimulator } from './support/suite';

const accountArn = (id: string) => `arn:aws:organizations::${MANAGEMENT_ACCOUNT_ID}:account/${ORGANIZATION_ID}/${id}`;

describe('Organizations (3 accounts, the default)', () => {
  const t = suiteSimulator({ timeScale: 0, throttling: false });

  test('ListAccounts from the management account: every account with its State, the suspended one included', async () => {
    const { Accounts, NextToken } = await organizationsClient(t.sim).send(new ListAccountsCommand({}));
    expect(NextToken).toBeUndefined();
    expect(Accounts!.map((a) => [a.Id, a.Name, a.State, a.Arn])).toEqual([
      [MANAGEMENT_ACCOUNT_ID, 'FleetGraph Management', 'ACTIVE', accountArn(MANAGEMENT_ACCOUNT_ID)],
      [MEMBER_ACCOUNT_IDS[0], 'Mac CI', 'ACTIVE', accountArn(MEMBER_ACCOUNT_IDS[0])],
      [MEMBER_ACCOUNT_IDS[1], 'Sandbox', 'ACTIVE', accountArn(MEMBER_ACCOUNT_IDS[1])],
      [SUSPENDED_ACCOUNT_ID, 'Legacy Builds', 'SUSPENDED', accountArn(SUSPENDED_ACCOUNT_ID)],
    ]);
    expect(Accounts![1]).toMatchObject({ Email: 'aws-mac-ci@fleetgraph.example.com', JoinedMethod: 'CREATED', JoinedTimestamp: expect.any(Date) });
  });

  test('ListAccounts pages with MaxResults (1–20) and NextToken; a bad token or MaxResults is InvalidInputException', async () => {
    const client = organizationsClient(t.sim);
    const pages: string[][] = [];
    for await (const page of paginateListAccounts({ client, pageSize: 3 }, {})) pages.push(page.Accounts!.map((a) => a.Id!));
    expect(pages).toEqual([[MANAGEMENT_ACCOUNT_ID, ...MEMBER_ACCOUNT_IDS.slice(0, 2)], [SUSPENDED_ACCOUNT_ID]]);
    expect(await failure(client.send(new ListAccountsCommand({ NextToken: 'not-a-token' })))).toMatchObject({ name: 'InvalidInputException', status: 400 });
    expect(await failure(client.send(new ListAccountsCommand({ MaxResults: 21 })))).toMatchObject({ name: 'InvalidInputException' });
    expect(await failure(client.send(new ListAccountsCommand({ MaxResults: 0 })))).toMatchObject({ name: 'InvalidInputException' });
  });

  test('ListAccounts from a member account is AccessDeniedException, as AWS answers members', async () => {
    const member = await assume(t.sim, { RoleArn: roleArn(MEMBER_ACCOUNT_IDS[0], SIM_ROLES.organizationAccess.name) });
    expect(await failure(organizationsClient(t.sim, member).send(new ListAccountsCommand({})))).toMatchObject({
      name: 'AccessDeniedException',
      status: 400,
      message: "You don't have permissions to access this resource.",
    });
  });

  test('DescribeOrganization answers any account of the organisation the same', async () => {
    const expected = {
      Id: ORGANIZATION_ID,
      Arn: ORGANIZATION_ARN,
      FeatureSet: 'ALL',
      MasterAccountId: MANAGEMENT_ACCOUNT_ID,
      MasterAccountArn: accountArn(MANAGEMENT_ACCOUNT_ID),
      MasterAccountEmail: 'aws-management@fleetgraph.example.com',
      AvailablePolicyTypes: [{ Type: 'SERVICE_CONTROL_POLICY', Status: 'ENABLED' }],
    };
    expect((await organizationsClient(t.sim).send(new DescribeOrganizationCommand({}))).Organization).toEqual(expected);
    const member = await assume(t.sim, { RoleArn: roleArn(MEMBER_ACCOUNT_IDS[1], SIM_ROLES.readOnly.name) });
    expect((await organizationsClient(t.sim, member).send(new DescribeOrganizationCommand({}))).Organization).toEqual(expected);
  });
});

describe('Organizations (SIM_ACCOUNTS=6)', () => {
  const t = suiteSimulator({ timeScale: 0, throttling: false, accounts: 6, instances: 18 });

  test('six accounts: the management account, five members (derived ids past the fixed four), and the suspended one', async () => {
    const { Accounts } = await organizationsClient(t.sim).send(new ListAccountsCommand({}));
    const ids = Accounts!.map((a) => a.Id!);
    expect(ids).toHaveLength(7);
    expect(ids.slice(0, 5)).toEqual([MANAGEMENT_ACCOUNT_ID, ...MEMBER_ACCOUNT_IDS]);
    expect(ids[5]).toMatch(/^\d{12}$/);
    expect(new Set(ids).size).toBe(7);
    expect(Accounts!.filter((a) => a.State === 'ACTIVE')).toHaveLength(6);
  });
});
