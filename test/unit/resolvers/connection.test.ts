import { AwsError, scopeOf, type Scope } from '../../../src/aws';
import { ErrorCode } from '../../../src/errors/codes';
import { scopedConnection, type AwsPage, type PageFetch } from '../../../src/resolvers/connection';
import type { ConnectionShape } from '../../../src/schema/common.type';
import { ScopeFailures } from '../../../src/server/scope-failures';

/**
 * A fake AWS list API over `items`, with AWS's habits: MaxResults bounds, short pages, and (with
 * `emptyEvery`) empty pages that still carry a NextToken — the same page for the same token, as
 * AWS's tokens are.
 */
function fakeApi<T>(items: T[], opts: { emptyEvery?: number } = {}) {
  const calls: Array<{ token?: string; max: number }> = [];
  let pages = 0;
  const fetch: PageFetch<T> = async (token, max): Promise<AwsPage<T>> => {
    calls.push({ token, max });
    if (token?.startsWith('e')) return { items: [], nextToken: token.slice(1) };
    const start = token ? Number(token) : 0;
    const page = items.slice(start, start + max);
    const next = start + max < items.length ? String(start + max) : undefined;
    // Every few pages, the way on goes through an empty page.
    const viaEmpty = next !== undefined && opts.emptyEvery !== undefined && ++pages % opts.emptyEvery === 0;
    return { items: page, nextToken: viaEmpty ? `e${next}` : next };
  };
  return { fetch, calls };
}

const info = { path: { prev: undefined, key: 'things', typename: 'Query' }, fieldNodes: [] };
const bounds = { min: 5, max: 50 };
const A = scopeOf('111111111111', 'us-east-1');
const B = scopeOf('111111111111', 'us-west-2');
const C = scopeOf('222222222222', 'us-east-1');

function page<T>(scopes: Scope[], sources: Map<Scope, PageFetch<T>>, first: number, after?: string | null, failures = new ScopeFailures()) {
  return scopedConnection<T>({ info, failures, scopes, page: { first, after, maxPageSize: 1000 }, bounds, source: (s) => sources.get(s) as PageFetch<T> });
}

/** Page through everything with `first`, collecting the nodes. */
async function all<T>(scopes: Scope[], sources: Map<Scope, PageFetch<T>>, first: number) {
  const seen: T[] = [];
  let after: string | null = null;
  let pages = 0;
  for (; pages < 1000; pages++) {
    const c: ConnectionShape<T> = await page(scopes, sources, first, after);
    seen.push(...c.nodes);
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  return { seen, pages: pages + 1 };
}

describe('one scope: Relay connections over NextToken', () => {
  const items = Array.from({ length: 103 }, (_, i) => i);
  const one = (api: { fetch: PageFetch<number> }) => new Map([[A, api.fetch]]);

  it.each([1, 3, 5, 7, 50, 51, 103, 200])('first: %i visits every item once, in order', async (first) => {
    expect((await all([A], one(fakeApi(items)), first)).seen).toEqual(items);
  });

  it('survives empty pages that still carry a NextToken', async () => {
    expect((await all([A], one(fakeApi(items, { emptyEvery: 3 })), 10)).seen).toEqual(items);
  });

  it('asks AWS for at least its MinResults and at most its MaxResults', async () => {
    const small = fakeApi(items);
    await all([A], one(small), 2);
    expect(small.calls.every((c) => c.max >= 5 && c.max <= 50)).toBe(true);
    const big = fakeApi(items);
    await all([A], one(big), 200);
    expect(big.calls.map((c) => c.max)).toEqual([50, 50, 50]);
  });

  it('resumes right after any edge', async () => {
    const api = one(fakeApi(items));
    const first = await page([A], api, 20);
    const next = await page([A], api, 4, first.edges[12].cursor);
    expect(next.nodes).toEqual([13, 14, 15, 16]);
  });

  it('first: 0 costs no AWS call; the end of the data says hasNextPage false', async () => {
    const api = fakeApi(items);
    const none = await page([A], one(api), 0);
    expect(none.nodes).toEqual([]);
    expect(api.calls).toEqual([]);
    const exact = await page([A], one(api), 103);
    expect(exact.nodes).toHaveLength(103);
    expect(exact.pageInfo.hasNextPage).toBe(false);
  });
});

describe('several scopes at once', () => {
  const rows = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag}${i}`);
  const sources = () =>
    new Map<Scope, PageFetch<string>>([
      [A, fakeApi(rows('a', 40)).fetch],
      [B, fakeApi(rows('b', 0)).fetch],
      [C, fakeApi(rows('c', 24), { emptyEvery: 2 }).fetch],
    ]);

  it.each([1, 7, 24, 63, 64, 1000])('first: %i returns every row of every scope exactly once', async (first) => {
    const { seen } = await all([A, B, C], sources(), first);
    expect(seen).toEqual([...rows('a', 40), ...rows('c', 24)]);
  });

  it('asks every scope at once, each for at most one page of its own', async () => {
    const apis = [fakeApi(rows('a', 40)), fakeApi(rows('b', 3)), fakeApi(rows('c', 24))];
    const c = await page([A, B, C], new Map([[A, apis[0].fetch], [B, apis[1].fetch], [C, apis[2].fetch]]), 1000);
    expect(c.pageSize).toBe(67);
    expect(apis.map((a) => a.calls.length)).toEqual([1, 1, 1]);
  });

  it('resumes every scope where it stopped, from any edge', async () => {
    const src = sources();
    const first = await page([A, B, C], src, 50);
    expect(first.nodes.slice(38, 42)).toEqual(['a38', 'a39', 'c0', 'c1']);
    const next = await page([A, B, C], src, 3, first.edges[40].cursor);
    expect(next.nodes).toEqual(['c1', 'c2', 'c3']);
  });

  it('a failing scope is listed and reported; the others answer, and its rows come when it recovers', async () => {
    let broken = true;
    const c = fakeApi(rows('c', 5));
    const src = new Map<Scope, PageFetch<string>>([
      [A, fakeApi(rows('a', 3)).fetch],
      [C, (t, m) => (broken ? Promise.reject(new AwsError(ErrorCode.FORBIDDEN, 'Cannot assume role', { awsCode: 'AccessDenied', scope: C })) : c.fetch(t, m))],
    ]);
    const failures = new ScopeFailures();
    const got = await page([A, C], src, 10, null, failures);
    expect(got.nodes).toEqual(['a0', 'a1', 'a2']);
    expect(got.unavailableScopes).toEqual([{ accountId: C.accountId, region: C.region, code: 'FORBIDDEN', message: 'Cannot assume role' }]);
    expect(failures.take()).toEqual([
      { message: 'Cannot assume role', path: ['things'], extensions: { code: 'FORBIDDEN', awsCode: 'AccessDenied', accountId: C.accountId, region: C.region } },
    ]);
    // Nothing more that answered: no next page; the end cursor still holds C at its start.
    expect(got.pageInfo.hasNextPage).toBe(false);
    broken = false;
    const retried = await page([A, C], src, 10, got.pageInfo.endCursor);
    expect(retried.nodes).toEqual(rows('c', 5));
    expect(retried.unavailableScopes).toEqual([]);
  });

  it('an unexpected (non-AWS) failure fails the field: it is a bug, not a scope being down', async () => {
    const src = new Map<Scope, PageFetch<string>>([
      [A, fakeApi(rows('a', 3)).fetch],
      [C, () => Promise.reject(new TypeError('boom'))],
    ]);
    await expect(page([A, C], src, 10)).rejects.toThrow('boom');
  });

  it('cursors are opaque, tamper-evident and belong to their scopes', async () => {
    const src = sources();
    const got = await page([A, B, C], src, 5);
    const cursor = got.pageInfo.endCursor as string;
    await expect(page([A, C], src, 5, cursor)).rejects.toThrow('Invalid cursor: pass a cursor returned by this query');
    for (const bad of ['xyz', Buffer.from('fg2:{"p":{"x":[1,-1]}}').toString('base64url'), Buffer.from('fg1:{"t":null,"s":0}').toString('base64url')]) {
      await expect(page([A], src, 5, bad)).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
