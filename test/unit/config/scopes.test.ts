import { ConfigError, loadConfig, type Env } from '../../../src/config';

const AWS = { FLEETGRAPH_BACKEND: 'aws', FLEETGRAPH_ALLOW_NO_AUTH: 'true' };
const scopesOf = (env: Env, readFile?: (path: string) => string) => loadConfig({ ...AWS, ...env }, { readFile }).scopes;
const problemsOf = (env: Env, readFile?: (path: string) => string): string[] => {
  try {
    loadConfig({ ...AWS, ...env }, { readFile });
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
};

const MEMBER = '720461938152';
const ROLE = `arn:aws:iam::${MEMBER}:role/FleetGraphReadOnly`;

describe('scopes: accounts', () => {
  it('on AWS, unset: the gateway\'s own account in AWS_REGION', () => {
    expect(scopesOf({})).toEqual({ accounts: { mode: 'self' }, regions: { mode: 'home' } });
  });

  it('on the simulator, unset: its whole organisation through the operator role, every enabled region', () => {
    expect(loadConfig({}).scopes).toEqual({
      accounts: { mode: 'organization', roleName: 'FleetGraphOperator', externalId: 'fleetgraph-operator-7d41c2', exclude: [] },
      regions: { mode: 'discover', fallback: [] },
    });
  });

  it('FLEETGRAPH_ACCOUNTS: a JSON list of accounts with the role to assume, an optional ExternalId and name', () => {
    const accounts = [
      { accountId: '583914027365', name: 'Management' },
      { accountId: MEMBER, roleArn: ROLE, externalId: 'fleetgraph-operator-7d41c2', name: 'Mac CI' },
    ];
    expect(scopesOf({ FLEETGRAPH_ACCOUNTS: JSON.stringify(accounts) }).accounts).toEqual({ mode: 'list', accounts });
  });

  it('FLEETGRAPH_ACCOUNTS=@file reads the list from a file', () => {
    const files: Record<string, string> = { '/etc/fleetgraph/accounts.json': JSON.stringify([{ accountId: MEMBER, roleArn: ROLE }]) };
    expect(scopesOf({ FLEETGRAPH_ACCOUNTS: '@/etc/fleetgraph/accounts.json' }, (p) => files[p]).accounts).toEqual({ mode: 'list', accounts: [{ accountId: MEMBER, roleArn: ROLE }] });
    expect(
      problemsOf({ FLEETGRAPH_ACCOUNTS: '@/nowhere.json' }, () => {
        throw new Error('ENOENT: no such file or directory');
      }),
    ).toEqual(['FLEETGRAPH_ACCOUNTS (/nowhere.json) cannot be read: ENOENT: no such file or directory']);
  });

  it('names every bad entry and field, and never echoes an ExternalId', () => {
    const problems = problemsOf({
      FLEETGRAPH_ACCOUNTS: JSON.stringify([
        { accountId: '7204', roleArn: ROLE },
        { accountId: MEMBER, roleArn: 'arn:aws:iam::841275063918:role/FleetGraphReadOnly' },
        { accountId: MEMBER, roleArn: 'FleetGraphReadOnly', externalId: 'x', nickname: 'ci' },
        { accountId: '841275063918', externalId: 'secret-ish-external-id' },
        { accountId: '583914027365' },
        { accountId: '583914027365' },
        'nope',
      ]),
    });
    expect(problems).toEqual([
      'FLEETGRAPH_ACCOUNTS[0].accountId must be a 12-digit account id (a string)',
      'FLEETGRAPH_ACCOUNTS[1].roleArn is a role of account 841275063918, not of 720461938152',
      'FLEETGRAPH_ACCOUNTS[2] has an unknown key "nickname" (known: accountId, roleArn, externalId, name)',
      'FLEETGRAPH_ACCOUNTS[2].roleArn must be an IAM role ARN like arn:aws:iam::123456789012:role/FleetGraphReadOnly',
      'FLEETGRAPH_ACCOUNTS[2].externalId must be 2-1224 characters of letters, digits and +=,.@:/-',
      "FLEETGRAPH_ACCOUNTS[3].externalId needs a roleArn (it is a condition of the role's trust policy)",
      'FLEETGRAPH_ACCOUNTS[5].accountId 583914027365 is listed twice',
      'FLEETGRAPH_ACCOUNTS[6] must be an object {"accountId", "roleArn", "externalId"?, "name"?}',
    ]);
    expect(problems.join('\n')).not.toContain('secret-ish');
    expect(problemsOf({ FLEETGRAPH_ACCOUNTS: '{"accountId": "720461938152"}' })).toEqual([
      'FLEETGRAPH_ACCOUNTS must be a non-empty JSON array of {"accountId", "roleArn", "externalId"?, "name"?}',
    ]);
    expect(problemsOf({ FLEETGRAPH_ACCOUNTS: '[{accountId: 1}' })).toEqual([
      'FLEETGRAPH_ACCOUNTS is not valid JSON (expected an array of {"accountId", "roleArn", "externalId"?, "name"?}, or @file)',
    ]);
  });

  it('FLEETGRAPH_ORGANIZATION_ROLE_NAME: the organisation, with an ExternalId and accounts left out', () => {
    expect(
      scopesOf({ FLEETGRAPH_ORGANIZATION_ROLE_NAME: 'ops/FleetGraphOperator', FLEETGRAPH_ORGANIZATION_EXTERNAL_ID: 'fleetgraph-operator-7d41c2', FLEETGRAPH_ACCOUNTS_EXCLUDE: '841275063918, 369205817740' })
        .accounts,
    ).toEqual({ mode: 'organization', roleName: 'ops/FleetGraphOperator', externalId: 'fleetgraph-operator-7d41c2', exclude: ['841275063918', '369205817740'] });
  });

  it('refuses contradictions and settings that would be ignored', () => {
    expect(problemsOf({ FLEETGRAPH_ACCOUNTS: JSON.stringify([{ accountId: MEMBER, roleArn: ROLE }]), FLEETGRAPH_ORGANIZATION_ROLE_NAME: 'FleetGraphReadOnly' })).toEqual([
      'set FLEETGRAPH_ACCOUNTS or FLEETGRAPH_ORGANIZATION_ROLE_NAME, not both',
    ]);
    expect(problemsOf({ FLEETGRAPH_ACCOUNTS_EXCLUDE: '841275063918' })).toEqual([
      'FLEETGRAPH_ORGANIZATION_EXTERNAL_ID and FLEETGRAPH_ACCOUNTS_EXCLUDE apply to FLEETGRAPH_ORGANIZATION_ROLE_NAME, which is not set',
    ]);
    expect(problemsOf({ FLEETGRAPH_ORGANIZATION_ROLE_NAME: 'Fleet Graph', FLEETGRAPH_ORGANIZATION_EXTERNAL_ID: 'x', FLEETGRAPH_ACCOUNTS_EXCLUDE: 'sandbox' })).toEqual([
      'FLEETGRAPH_ORGANIZATION_EXTERNAL_ID must be 2-1224 characters of letters, digits and +=,.@:/-',
      'FLEETGRAPH_ACCOUNTS_EXCLUDE contains "sandbox", which is not a 12-digit account id',
      'FLEETGRAPH_ORGANIZATION_ROLE_NAME="Fleet Graph" is not an IAM role name',
    ]);
  });
});

describe('scopes: regions', () => {
  it('a list: exactly those regions (duplicates dropped)', () => {
    expect(scopesOf({ FLEETGRAPH_REGIONS: 'us-east-1, eu-west-1,us-east-1' }).regions).toEqual({ mode: 'list', regions: ['us-east-1', 'eu-west-1'] });
  });

  it('*: every region each account has enabled, with the regions to fall back to when that cannot be listed', () => {
    expect(scopesOf({ FLEETGRAPH_REGIONS: '*' }).regions).toEqual({ mode: 'discover', fallback: [] });
    expect(scopesOf({ FLEETGRAPH_REGIONS: '*,us-east-1,us-west-2' }).regions).toEqual({ mode: 'discover', fallback: ['us-east-1', 'us-west-2'] });
    expect(problemsOf({ FLEETGRAPH_REGIONS: 'us-east-1,*' })).toEqual([
      'FLEETGRAPH_REGIONS may start with "*" (every enabled region), followed by the regions to use when that cannot be listed',
    ]);
  });
});
