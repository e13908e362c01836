import type { ServedAccount } from '../../../src/aws';
import { createScopeSelector } from '../../../src/server/scope-selector';

const MGMT = '583914027365';
const CI = '720461938152';
const accounts: ServedAccount[] = [
  { id: MGMT, regions: ['us-east-1', 'us-west-2'] },
  { id: CI, regions: ['us-east-1'], role: { roleArn: `arn:aws:iam::${CI}:role/FleetGraphReadOnly` } },
];
const keys = (scopes: Array<{ accountId: string; region: string }>) => scopes.map((s) => `${s.accountId}/${s.region}`);
const problemsOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as { extensions: { code: string; problems: unknown } }).extensions;
  }
  throw new Error('expected BAD_USER_INPUT');
};

describe('the scopes a field selects', () => {
  const served = createScopeSelector(() => accounts, { openRegions: false });

  it('are every served scope by default, account by account', () => {
    expect(keys(served.select({}))).toEqual([`${MGMT}/us-east-1`, `${MGMT}/us-west-2`, `${CI}/us-east-1`]);
  });

  it('narrow by accounts and regions; a region an account does not serve is skipped in it', () => {
    expect(keys(served.select({ regions: ['us-west-2'] }))).toEqual([`${MGMT}/us-west-2`]);
    expect(keys(served.select({ accountIds: [CI, CI] }))).toEqual([`${CI}/us-east-1`]);
    expect(keys(served.select({ accountId: MGMT, region: 'us-east-1' }))).toEqual([`${MGMT}/us-east-1`]);
  });

  it('refuse what is not served, every problem at once, echoing only well-formed account ids', () => {
    expect(problemsOf(() => served.select({ accountIds: ['111122223333', 'drop table'], regions: ['eu-west-1', 'mars-1'] }))).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [
        { field: 'accountIds', message: 'account 111122223333 is not served by this gateway (see `accounts`)' },
        { field: 'accountIds', message: 'not a 12-digit account id' },
        { field: 'regions', message: 'Region eu-west-1 is not enabled on this gateway (served: us-east-1, us-west-2)' },
        { field: 'regions', message: 'regions: not an AWS region (FLEETGRAPH_REGIONS lists the ones this gateway serves)' },
      ],
    });
    expect(problemsOf(() => served.select({ region: 'us-east-1', regions: ['us-east-1'] }))).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'region', message: 'give region or regions, not both' }],
    });
    expect(problemsOf(() => served.select({ accountIds: [] }))).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'accountIds', message: 'give at least one account id, or leave it out for every account' }],
    });
    expect(problemsOf(() => served.select({ accountId: CI, region: 'us-west-2' }))).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'regions', message: 'no served scope matches' }],
    });
  });

  it('without FLEETGRAPH_REGIONS on AWS, any region of AWS\'s partitions may be named (and nothing invented)', () => {
    const open = createScopeSelector(() => accounts, { openRegions: true });
    expect(keys(open.select({ region: 'eu-west-1' }))).toEqual([`${MGMT}/eu-west-1`, `${CI}/eu-west-1`]);
    expect(problemsOf(() => open.select({ region: 'xx-east-9' }))).toEqual({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'region', message: 'region: not an AWS region (FLEETGRAPH_REGIONS lists the ones this gateway serves)' }],
    });
  });
});
