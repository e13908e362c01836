import { MANAGEMENT_ACCOUNT_ID, MEMBER_ACCOUNT_IDS } from '@fleetgraph/aws-sim';
import type { AwsCallEvent } from '../../src/aws';
import { Harness } from '../support/harness';

/**
 * A scope is the unit AWS throttles and answers in: one scope's trouble (its request budget spent,
 * a region its account has not enabled) costs that scope only.
 */
const [MAC_CI, SANDBOX] = MEMBER_ACCOUNT_IDS;
const LIST = `query($accountIds: [String!], $regions: [String!]) { instances(first: 200, accountIds: $accountIds, regions: $regions) {
  nodes { accountId region } unavailableScopes { accountId region code } } }`;

const countByScope = (nodes: Array<{ accountId: string; region: string }>) =>
  nodes.reduce<Record<string, number>>((m, n) => ({ ...m, [`${n.accountId}/${n.region}`]: (m[`${n.accountId}/${n.region}`] ?? 0) + 1 }), {});

describe('budgets per scope', () => {
  let h: Harness;
  const calls: AwsCallEvent[] = [];
  beforeAll(async () => {
    h = await Harness.start({
      organization: true,
      onAwsCall: (e) => calls.push(e),
      env: {
        FLEETGRAPH_REGIONS: 'us-east-1,us-west-2',
        // One DescribeInstances token per scope, refilled so slowly that none comes back during the test.
        FLEETGRAPH_AWS_BUDGET_SHARE: '1',
        FLEETGRAPH_AWS_BUDGETS: JSON.stringify({ 'ec2-describe': { capacity: 1.2, refillPerSecond: 0.001 } }),
        FLEETGRAPH_AWS_BUDGET_DEADLINE_MS: '100',
      },
    });
  });
  afterAll(() => h.close());

  it('one scope spending its budget never slows another: its rows are missing (AWS_THROTTLED), every other scope answers at once', async () => {
    const hot = { accountId: MAC_CI, region: 'us-east-1' };
    const spent = await h.data(LIST, { accountIds: [hot.accountId], regions: [hot.region] });
    expect(spent.instances.unavailableScopes).toEqual([]);

    calls.length = 0;
    const res = await h.gql(LIST);
    expect(res.data?.instances.unavailableScopes).toEqual([{ ...hot, code: 'AWS_THROTTLED' }]);
    expect(res.errors?.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'AWS_THROTTLED', awsCode: 'GatewayBudgetExceeded', accountId: hot.accountId, region: hot.region, retryAfterMs: expect.any(Number) }),
    ]);
    expect(countByScope(res.data?.instances.nodes)).toEqual({
      [`${MANAGEMENT_ACCOUNT_ID}/us-east-1`]: 40,
      [`${MANAGEMENT_ACCOUNT_ID}/us-west-2`]: 24,
      [`${MAC_CI}/us-west-2`]: 24,
      [`${SANDBOX}/us-east-1`]: 24,
      [`${SANDBOX}/us-west-2`]: 24,
    });
    // Every other scope's call went out without waiting for a token; the hot scope's never went out.
    const described = calls.filter((e) => e.action === 'DescribeInstances');
    expect(described.map((e) => [`${e.accountId}/${e.region}`, e.budgetWaitMs]).sort()).toEqual(
      [`${MANAGEMENT_ACCOUNT_ID}/us-east-1`, `${MANAGEMENT_ACCOUNT_ID}/us-west-2`, `${MAC_CI}/us-west-2`, `${SANDBOX}/us-east-1`, `${SANDBOX}/us-west-2`].map((k) => [k, 0]),
    );
    expect((await h.simAdmin('stats')) as { throttled: Record<string, number> }).toMatchObject({ throttled: {} });
  });
});

describe('a region an account has not enabled', () => {
  let h: Harness;
  beforeAll(async () => {
    // ap-east-1 is an opt-in region none of the simulated accounts has enabled.
    h = await Harness.start({ organization: true, env: { FLEETGRAPH_REGIONS: 'us-east-1,ap-east-1', FLEETGRAPH_AWS_MAX_ATTEMPTS: '1' } });
  });
  afterAll(() => h.close());

  it('fails its own scopes (as AWS refuses them: AuthFailure), never the query', async () => {
    const res = await h.gql(LIST);
    expect(res.data?.instances.unavailableScopes).toEqual([MANAGEMENT_ACCOUNT_ID, MAC_CI, SANDBOX].map((accountId) => ({ accountId, region: 'ap-east-1', code: 'FORBIDDEN' })));
    expect(res.errors?.map((e) => [e.extensions?.accountId, e.extensions?.region, e.extensions?.awsCode])).toEqual(
      [MANAGEMENT_ACCOUNT_ID, MAC_CI, SANDBOX].map((accountId) => [accountId, 'ap-east-1', 'AuthFailure']),
    );
    expect(countByScope(res.data?.instances.nodes)).toEqual({ [`${MANAGEMENT_ACCOUNT_ID}/us-east-1`]: 40, [`${MAC_CI}/us-east-1`]: 24, [`${SANDBOX}/us-east-1`]: 24 });
  });
});
