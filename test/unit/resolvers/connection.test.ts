import { decodeCursor, encodeCursor, paginate, type AwsPage } from '../../../src/resolvers/connection';
import type { ConnectionShape } from '../../../src/schema/common.type';

/** A fake AWS list API over `items`, with AWS's habits: MaxResults bounds, short and empty pages. */
function fakeApi(items: number[], opts: { emptyEvery?: number } = {}) {
  const calls: Array<{ token?: string; max: number }> = [];
  let served = 0;
  const fetch = async (token: string | undefined, max: number): Promise<AwsPage<number>> => {
    calls.push({ token, max });
    const start = token ? Number(token) : 0;
    served++;
    if (opts.emptyEvery && served % opts.emptyEvery === 0 && start < items.length) return { items: [], nextToken: String(start) };
    const page = items.slice(start, start + max);
    const next = start + max < items.length ? String(start + max) : undefined;
    return { items: page, nextToken: next };
  };
  return { fetch, calls };
}

async function all(items: number[], first: number, opts: { emptyEvery?: number } = {}) {
  const api = fakeApi(items, opts);
  const seen: number[] = [];
  let after: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const c: ConnectionShape<number> = await paginate({ first, after, maxPageSize: 1000 }, { min: 5, max: 50 }, api.fetch);
    seen.push(...c.nodes);
    if (!c.pageInfo.hasNextPage) break;
    after = c.pageInfo.endCursor;
  }
  return { seen, calls: api.calls };
}

describe('paginate (Relay connections over NextToken)', () => {
  const items = Array.from({ length: 103 }, (_, i) => i);

  it.each([1, 3, 5, 7, 50, 51, 103, 200])('first: %i visits every item once, in order', async (first) => {
    expect((await all(items, first)).seen).toEqual(items);
  });

  it('survives empty pages that still carry a NextToken', async () => {
    expect((await all(items, 10, { emptyEvery: 3 })).seen).toEqual(items);
  });

  it('asks AWS for at least its MinResults and at most its MaxResults', async () => {
    const { calls } = await all(items, 2);
    expect(calls.every((c) => c.max >= 5 && c.max <= 50)).toBe(true);
    const big = await all(items, 200);
    expect(big.calls.map((c) => c.max)).toEqual([50, 50, 50]);
  });

  it('resumes right after any edge', async () => {
    const api = fakeApi(items);
    const page = await paginate({ first: 20, maxPageSize: 1000 }, { min: 5, max: 50 }, api.fetch);
    const next = await paginate({ first: 4, after: page.edges[12].cursor, maxPageSize: 1000 }, { min: 5, max: 50 }, api.fetch);
    expect(next.nodes).toEqual([13, 14, 15, 16]);
  });

  it('first: 0 costs no AWS call; the end of the data says hasNextPage false', async () => {
    const api = fakeApi(items);
    const none = await paginate({ first: 0, maxPageSize: 1000 }, { min: 5, max: 50 }, api.fetch);
    expect(none.nodes).toEqual([]);
    expect(api.calls).toEqual([]);
    const exact = await paginate({ first: 103, maxPageSize: 1000 }, { min: 5, max: 50 }, api.fetch);
    expect(exact.nodes).toHaveLength(103);
    expect(exact.pageInfo.hasNextPage).toBe(false);
  });

  it('cursors are opaque and tamper-evident', () => {
    expect(decodeCursor(encodeCursor({ t: 'abc', s: 3 }))).toEqual({ t: 'abc', s: 3 });
    for (const bad of ['', 'xyz', Buffer.from('fg1:{"t":1,"s":-1}').toString('base64url'), Buffer.from('{"t":null,"s":0}').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(/Invalid cursor/);
    }
  });
});
