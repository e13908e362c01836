import { MANAGEMENT_ACCOUNT_ID, MEMBER_ACCOUNT_IDS, SIM_ROLES } from '@fleetgraph/aws-sim';
import { scopeOf } from '../../src/aws';
import { Harness } from '../support/harness';
import { refuseAction } from '../support/refusing-proxy';

/**
 * One graph over the organisation (issue 10): the simulator holds a management account and two
 * members × us-east-1 and us-west-2, each scope its own world; the gateway discovers them (as
 * `npm start` does), assumes FleetGraphOperator in the members and answers from every scope at once.
 */
const [MAC_CI, SANDBOX] = MEMBER_ACCOUNT_IDS;
const REGIONS = ['us-east-1', 'us-west-2'];
const ACCOUNTS = [MANAGEMENT_ACCOUNT_ID, MAC_CI, SANDBOX];
const SCOPES = ACCOUNTS.flatMap((accountId) => REGIONS.map((region) => ({ accountId, region })));
const key = (s: { accountId: string; region: string }) => `${s.accountId}/${s.region}`;

/** Every instance id of a scope's world, as the simulator groups them (family → state → ids). */
async function worldInstances(h: Harness, scope: { accountId: string; region: string }): Promise<string[]> {
  const world = await h.world<{ instances: Record<string, Record<string, string[]>> }>(scope);
  return Object.values(world.instances).flatMap((byState) => Object.values(byState).flat()).sort();
}

const INSTANCES = `query($first: Int, $after: String, $accountIds: [String!], $regions: [String!]) {
  instances(first: $first, after: $after, accountIds: $accountIds, regions: $regions) {
    nodes { id accountId region }
    pageInfo { hasNextPage endCursor }
    unavailableScopes { accountId region code message }
  } }`;

type Row = { id: string; accountId: string; region: string };

describe('the organisation by default (as npm start serves it)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ organization: true });
  });
  afterAll(() => h.close());

  it('lists the three ACTIVE accounts, each reachable in both regions; the suspended one is not served', async () => {
    const data = await h.data(`{ accounts { id name status regions reachable error { code } } }`);
    expect(data.accounts).toEqual([
      { id: MANAGEMENT_ACCOUNT_ID, name: 'FleetGraph Management', status: 'ACTIVE', regions: REGIONS, reachable: true, error: null },
      { id: MAC_CI, name: 'Mac CI', status: 'ACTIVE', regions: REGIONS, reachable: true, error: null },
      { id: SANDBOX, name: 'Sandbox', status: 'ACTIVE', regions: REGIONS, reachable: true, error: null },
    ]);
  });

  it('instances(first: 1000) returns every scope\'s rows, each with the account and region that hold it', async () => {
    const data = await h.data(INSTANCES, { first: 1000 });
    expect(data.instances.unavailableScopes).toEqual([]);
    expect(data.instances.pageInfo.hasNextPage).toBe(false);
    const rows: Row[] = data.instances.nodes;
    for (const scope of SCOPES) {
      const got = rows.filter((r) => r.accountId === scope.accountId && r.region === scope.region).map((r) => r.id).sort();
      expect([key(scope), got]).toEqual([key(scope), await worldInstances(h, scope)]);
    }
    expect(rows).toHaveLength(40 + 5 * 24);
  });

  it('paging with first: 7 across every scope returns every instance exactly once', async () => {
    const seen: Row[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: any = (await h.data(INSTANCES, { first: 7, after })).instances;
      expect(page.nodes.length).toBeLessThanOrEqual(7);
      seen.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 100);
    const all: Row[] = (await h.data(INSTANCES, { first: 1000 })).instances.nodes;
    expect(seen.map(key).length).toBe(all.length);
    expect(seen.map((r) => `${key(r)}/${r.id}`).sort()).toEqual(all.map((r) => `${key(r)}/${r.id}`).sort());
    expect(pages).toBe(Math.ceil(all.length / 7));
  });

  it('a joined query over 6 scopes costs each scope no more than the same query on that scope alone', async () => {
    const JOINED = `query($accountIds: [String!], $regions: [String!]) { instances(first: 200, accountIds: $accountIds, regions: $regions) {
      nodes { id image { id } macModificationTasks { id } managedNode { pingStatus } } unavailableScopes { code } } }`;
    // Each scope: one page of instances, one DescribeImages (≤ 200 image ids), one Mac-task call
    // (≤ 200 Macs), one DescribeInstanceInformation (≤ 50 instances).
    const bound = { 'ec2:DescribeInstances': 1, 'ec2:DescribeImages': 1, 'ec2:DescribeMacModificationTasks': 1, 'ssm:DescribeInstanceInformation': 1 };
    const joined = await h.scopeCallsDuring(() => h.data(JOINED));
    expect(joined).toEqual(Object.fromEntries(SCOPES.map((s) => [key(s), bound])));
    for (const scope of SCOPES) {
      const alone = await h.scopeCallsDuring(() => h.data(JOINED, { accountIds: [scope.accountId], regions: [scope.region] }));
      expect(alone).toEqual({ [key(scope)]: joined[key(scope)] });
    }
  });

  it('single lookups find an id in whichever scope holds it, one batched call per scope', async () => {
    const [x86] = (await h.world({ accountId: SANDBOX, region: 'us-west-2' })).instances.macX86.running;
    const [home] = (await h.world()).instances.macX86.running;
    const calls = await h.scopeCallsDuring(async () => {
      const data = await h.data(`query($a: String!, $b: String!) { a: instance(instanceId: $a) { id accountId region instanceType } b: instance(instanceId: $b) { id accountId region } }`, {
        a: x86,
        b: home,
      });
      expect(data.a).toEqual({ id: x86, accountId: SANDBOX, region: 'us-west-2', instanceType: 'mac1.metal' });
      expect(data.b).toEqual({ id: home, accountId: MANAGEMENT_ACCOUNT_ID, region: 'us-east-1' });
    });
    expect(calls).toEqual(Object.fromEntries(SCOPES.map((s) => [key(s), { 'ec2:DescribeInstances': 1 }])));
    const narrowed = await h.data(`query($a: String!) { instance(instanceId: $a, accountId: "${MAC_CI}") { id } }`, { a: x86 });
    expect(narrowed.instance).toBeNull();
  });

  it('an account id that is not served is BAD_USER_INPUT, before any AWS call', async () => {
    const calls = await h.callsDuring(async () => {
      const res = await h.gql(INSTANCES, { first: 5, accountIds: [MAC_CI, '111122223333'] });
      expect(res.errors).toEqual([
        expect.objectContaining({ message: 'account 111122223333 is not served by this gateway (see `accounts`)', extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      ]);
      const region = await h.gql(INSTANCES, { first: 5, regions: ['eu-west-1'] });
      expect(region.errors?.[0]).toMatchObject({ message: 'Region eu-west-1 is not enabled on this gateway (served: us-east-1, us-west-2)', extensions: { code: 'BAD_USER_INPUT' } });
    });
    expect(calls).toEqual({});
  });

  it('a member account whose role cannot be assumed: every other scope answers, its scopes are listed as FORBIDDEN', async () => {
    // The gateway holds sessions from start (DescribeRegions); expire them so it must assume again.
    await h.simAdmin('config', { denyAssumeRole: [SANDBOX], expireSessions: true });
    try {
      const res = await h.gql(INSTANCES, { first: 1000 });
      const sandbox = REGIONS.map((region) => ({ accountId: SANDBOX, region }));
      const message = `Cannot assume role arn:aws:iam::${SANDBOX}:role/${SIM_ROLES.operator.name} in account ${SANDBOX} (AccessDenied): User: arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user/fleetgraph-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${SANDBOX}:role/${SIM_ROLES.operator.name}`;
      expect(res.data?.instances.unavailableScopes).toEqual(sandbox.map((s) => ({ ...s, code: 'FORBIDDEN', message })));
      expect(res.errors).toEqual(
        sandbox.map((s) => ({
          message,
          path: ['instances'],
          locations: [{ line: 2, column: 3 }],
          extensions: { code: 'FORBIDDEN', awsCode: 'AccessDenied', requestId: expect.any(String), httpStatus: 403, accountId: s.accountId, region: s.region },
        })),
      );
      const rows: Row[] = res.data?.instances.nodes;
      for (const scope of SCOPES.filter((s) => s.accountId !== SANDBOX)) {
        expect([key(scope), rows.filter((r) => key(r) === key(scope)).map((r) => r.id).sort()]).toEqual([key(scope), await worldInstances(h, scope)]);
      }
      expect(rows.filter((r) => r.accountId === SANDBOX)).toEqual([]);
      // The same answer over WebSocket (graphql-ws runs queries too): rows and the scopes' errors.
      const ws = h.subscribe(INSTANCES, { first: 1000 });
      await ws.done;
      expect(ws.events.map((e) => e.instances.unavailableScopes)).toEqual([sandbox.map((s) => ({ ...s, code: 'FORBIDDEN', message }))]);
      expect(ws.errors.map((e: any) => [e.path, e.extensions.code, e.extensions.accountId, e.extensions.region])).toEqual(
        sandbox.map((s) => [['instances'], 'FORBIDDEN', s.accountId, s.region]),
      );
      const accounts = await h.data(`{ accounts { id reachable error { accountId region code } } }`);
      expect(accounts.accounts).toEqual([
        { id: MANAGEMENT_ACCOUNT_ID, reachable: true, error: null },
        { id: MAC_CI, reachable: true, error: null },
        { id: SANDBOX, reachable: false, error: { accountId: SANDBOX, region: null, code: 'FORBIDDEN' } },
      ]);
    } finally {
      await h.simAdmin('config', { denyAssumeRole: [] });
    }
  });
});

describe('role sessions', () => {
  let h: Harness;
  beforeAll(async () => {
    // One attempt per call: the counts below are AWS's answers, not the SDK's retries.
    h = await Harness.start({ organization: true, env: { FLEETGRAPH_REGIONS: 'us-east-1', FLEETGRAPH_AWS_MAX_ATTEMPTS: '1' } });
  });
  afterAll(() => h.close());

  it('are assumed once per account, with the session name FleetGraph, and shared by every call', async () => {
    const calls = await h.callsDuring(() => h.data(`{ instances(first: 5, accountIds: ["${MAC_CI}"]) { pageSize } automationExecutions(first: 5, accountIds: ["${MAC_CI}"]) { pageSize } }`));
    // The session from start (no DescribeRegions with a fixed list: the first use assumes the role).
    expect(calls).toEqual({ 'sts:AssumeRole': 1, 'ec2:DescribeInstances': 1, 'ssm:DescribeAutomationExecutions': 1 });
    // STS names the session in the assumed role's ARN (and so does CloudTrail in the member account).
    expect(await h.gateway.aws.callerIdentity(scopeOf(MAC_CI, 'us-east-1'))).toEqual({
      accountId: MAC_CI,
      arn: `arn:aws:sts::${MAC_CI}:assumed-role/${SIM_ROLES.operator.name}/FleetGraph`,
    });
  });

  it('expired before their time (revoked): the refused call is retried once with a fresh session', async () => {
    await h.simAdmin('config', { expireSessions: true });
    const calls = await h.callsDuring(async () => {
      const data = await h.data(`{ instances(first: 5, accountIds: ["${MAC_CI}"]) { pageSize unavailableScopes { code } } }`);
      expect(data.instances).toEqual({ pageSize: 5, unavailableScopes: [] });
    });
    expect(calls).toEqual({ 'ec2:DescribeInstances': 2, 'sts:AssumeRole': 1 });
  });
});

describe('an ExternalId the role does not expect', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({
      env: { FLEETGRAPH_ORGANIZATION_ROLE_NAME: SIM_ROLES.operator.name, FLEETGRAPH_ORGANIZATION_EXTERNAL_ID: 'not-the-external-id', FLEETGRAPH_REGIONS: 'us-east-1', FLEETGRAPH_ACCOUNTS: '' },
    });
  });
  afterAll(() => h.close());

  it('makes every member unreachable (AccessDenied, as AWS says it: no word of the ExternalId); the home account still answers', async () => {
    const res = await h.gql(`{ accounts { id reachable error { code message } } instances(first: 1000) { pageSize unavailableScopes { accountId region code } } }`);
    const data = res.data;
    expect(res.errors?.map((e) => [e.path, e.extensions?.code, e.extensions?.awsCode, e.extensions?.accountId])).toEqual([
      [['instances'], 'FORBIDDEN', 'AccessDenied', MAC_CI],
      [['instances'], 'FORBIDDEN', 'AccessDenied', SANDBOX],
    ]);
    const denied = (account: string) => ({
      code: 'FORBIDDEN',
      message: `Cannot assume role arn:aws:iam::${account}:role/${SIM_ROLES.operator.name} in account ${account} (AccessDenied): User: arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user/fleetgraph-admin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${account}:role/${SIM_ROLES.operator.name}`,
    });
    expect(data.accounts).toEqual([
      { id: MANAGEMENT_ACCOUNT_ID, reachable: true, error: null },
      { id: MAC_CI, reachable: false, error: denied(MAC_CI) },
      { id: SANDBOX, reachable: false, error: denied(SANDBOX) },
    ]);
    expect(data.instances).toEqual({
      pageSize: 40,
      unavailableScopes: [
        { accountId: MAC_CI, region: 'us-east-1', code: 'FORBIDDEN' },
        { accountId: SANDBOX, region: 'us-east-1', code: 'FORBIDDEN' },
      ],
    });
    expect(JSON.stringify(res)).not.toContain('not-the-external-id');
  });
});

describe('FLEETGRAPH_REGIONS=* when DescribeRegions is denied', () => {
  it('serves the fallback regions in every account, and says so once per account', async () => {
    let proxy: Awaited<ReturnType<typeof refuseAction>> | undefined;
    const h = await Harness.start({
      organization: true,
      captureLogs: true,
      env: { FLEETGRAPH_REGIONS: '*,us-west-2' },
      endpoint: async (sim) => (proxy = await refuseAction(sim, 'DescribeRegions')),
    });
    try {
      expect(proxy?.refused()).toBe(3);
      const data = await h.data(`{ accounts { id regions } instances(first: 1000) { nodes { region } unavailableScopes { code } } }`);
      expect(data.accounts).toEqual(ACCOUNTS.map((id) => ({ id, regions: ['us-west-2'] })));
      expect(new Set(data.instances.nodes.map((n: { region: string }) => n.region))).toEqual(new Set(['us-west-2']));
      expect(data.instances.nodes).toHaveLength(3 * 24);
      const warnings = h.logs.map((l) => JSON.parse(l)).filter((l) => l.msg.startsWith('FLEETGRAPH_REGIONS=*'));
      expect(warnings.map((w) => [w.accountId, w.awsCode, w.fallback])).toEqual(ACCOUNTS.map((id) => [id, 'UnauthorizedOperation', ['us-west-2']]));
    } finally {
      await h.close();
    }
  });

  it('with no fallback list, serves the default region', async () => {
    const h = await Harness.start({ organization: true, env: { FLEETGRAPH_REGIONS: '*' }, endpoint: (sim) => refuseAction(sim, 'DescribeRegions') });
    try {
      expect((await h.data(`{ accounts { regions } }`)).accounts).toEqual(ACCOUNTS.map(() => ({ regions: ['us-east-1'] })));
    } finally {
      await h.close();
    }
  });
});

describe('account settings that cannot work stop the start, one line per problem', () => {
  it('listed accounts without a role that are not the gateway\'s own', async () => {
    const accounts = [{ accountId: MANAGEMENT_ACCOUNT_ID }, { accountId: MAC_CI }, { accountId: SANDBOX, name: 'Sandbox' }];
    await expect(Harness.start({ env: { FLEETGRAPH_ACCOUNTS: JSON.stringify(accounts) } })).rejects.toMatchObject({
      name: 'ScopeSetupError',
      problems: [MAC_CI, SANDBOX].map(
        (id) => `FLEETGRAPH_ACCOUNTS: account ${id} has no roleArn and is not the gateway's own account (${MANAGEMENT_ACCOUNT_ID}): give the role to assume in it`,
      ),
    });
  });

  it('an organisation the credentials may not list', async () => {
    let proxy: Awaited<ReturnType<typeof refuseAction>> | undefined;
    await expect(
      Harness.start({ organization: true, endpoint: async (sim) => (proxy = await refuseAction(sim, 'AWSOrganizationsV20161128.ListAccounts')) }),
    ).rejects.toMatchObject({
      name: 'ScopeSetupError',
      problems: [
        "FLEETGRAPH_ORGANIZATION_ROLE_NAME: Organizations ListAccounts failed (AccessDeniedException: You don't have permissions to access this resource.) — run the gateway with credentials of the management account or a delegated administrator, or list the accounts in FLEETGRAPH_ACCOUNTS",
      ],
    });
    expect(proxy?.refused()).toBe(1);
  });
});
