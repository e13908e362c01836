import { AwsError, scopeKey, scopeOf, type Scope, type ServedAccount } from '../../../src/aws';
import { ErrorCode } from '../../../src/errors/codes';
import type { ScopeLoaders } from '../../../src/loaders';
import { creationScope, scopeHolding } from '../../../src/resolvers/resource-scope';
import type { GatewayContext } from '../../../src/server/context';
import { ScopeFailures } from '../../../src/server/scope-failures';
import { createScopeSelector } from '../../../src/server/scope-selector';

const MGMT = '583914027365';
const CI = '720461938152';
const info = { path: { prev: undefined, key: 'setImageDescription', typename: 'Mutation' }, fieldNodes: [] };

/** A context over `accounts` whose loaders answer from `images` (scope key → image) and record what they were asked. */
function contextOf(accounts: ServedAccount[], images: Record<string, { ownerId: string } | Error> = {}) {
  const asked: string[] = [];
  const scopes = createScopeSelector(() => accounts, { openRegions: false });
  const ctx = {
    scopes,
    scopeFailures: new ScopeFailures(),
    scope: (region?: string | null, accountId?: string | null) => scopes.select({ accountId: accountId ?? accounts[0].id, region: region ?? accounts[0].regions[0] })[0],
    loaders: {
      scope: (s: Scope) => ({
        image: {
          load: async () => {
            asked.push(scopeKey(s));
            const found = images[scopeKey(s)];
            if (found instanceof Error) throw found;
            return found ?? null;
          },
        },
      }),
    },
  } as unknown as GatewayContext;
  return { ctx, asked };
}

const onImage = { label: 'image ami-1', load: (l: ScopeLoaders) => l.image.load('ami-1') as Promise<{ ownerId: string } | null>, prefer: (i: { ownerId: string }, s: Scope) => i.ownerId === s.accountId };
const both: ServedAccount[] = [
  { id: MGMT, regions: ['us-east-1', 'us-west-2'] },
  { id: CI, regions: ['us-east-1'] },
];

describe('the scope a mutation acts in', () => {
  it('one candidate scope: that one, without asking AWS', async () => {
    const { ctx, asked } = contextOf(both);
    expect(await scopeHolding(ctx, info, { accountId: CI }, onImage)).toEqual(scopeOf(CI, 'us-east-1'));
    expect(asked).toEqual([]);
  });

  it('several: the scope that holds it, its owner first when several see it', async () => {
    const { ctx, asked } = contextOf(both, { [`${MGMT}/us-east-1`]: { ownerId: CI }, [`${CI}/us-east-1`]: { ownerId: CI } });
    expect(await scopeHolding(ctx, info, {}, onImage)).toEqual(scopeOf(CI, 'us-east-1'));
    expect(asked).toEqual([`${MGMT}/us-east-1`, `${MGMT}/us-west-2`, `${CI}/us-east-1`]);
  });

  it('held nowhere, in one account: that account (AWS says whether it exists)', async () => {
    const { ctx } = contextOf([{ id: MGMT, regions: ['us-east-1', 'us-west-2'] }]);
    expect(await scopeHolding(ctx, info, {}, onImage)).toEqual(scopeOf(MGMT, 'us-east-1'));
  });

  it('held nowhere, in several accounts: NOT_FOUND; a scope that could not answer is reported too', async () => {
    const denied = new AwsError(ErrorCode.FORBIDDEN, 'Cannot assume role', { awsCode: 'AccessDenied', scope: scopeOf(CI, 'us-east-1') });
    const { ctx } = contextOf(both, { [`${CI}/us-east-1`]: denied });
    await expect(scopeHolding(ctx, info, {}, onImage)).rejects.toMatchObject({
      message: 'image ami-1 is in none of the 3 served scopes (2 accounts): give accountId and region',
      extensions: { code: 'NOT_FOUND' },
    });
    expect(ctx.scopeFailures.take()).toEqual([
      { message: 'Cannot assume role', path: ['setImageDescription'], extensions: { code: 'FORBIDDEN', awsCode: 'AccessDenied', accountId: CI, region: 'us-east-1' } },
    ]);
  });

  it('a creation (nothing to find) needs the account when there are several', () => {
    expect(creationScope(contextOf([both[1]]).ctx, {})).toEqual(scopeOf(CI, 'us-east-1'));
    expect(creationScope(contextOf(both).ctx, { accountId: CI })).toEqual(scopeOf(CI, 'us-east-1'));
    expect(() => creationScope(contextOf(both).ctx, {})).toThrow('accountId is required: this gateway serves 2 accounts');
  });
});
