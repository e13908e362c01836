import type { ConnectionShape } from '../schema/common.type';
import { BadUserInputError } from '../errors/gateway-error';

/**
 * Relay connections over AWS NextToken pagination. A cursor is an opaque wrapper around
 * "the AWS page that starts at token T, after skipping S of its items", so `first` need not
 * match AWS's MaxResults range and any edge can be resumed from.
 */
interface CursorState {
  t: string | null;
  s: number;
}

const PREFIX = 'fg1:';

export function encodeCursor(state: CursorState): string {
  return Buffer.from(PREFIX + JSON.stringify(state)).toString('base64url');
}

export function decodeCursor(cursor: string): CursorState {
  const bad = () => new BadUserInputError('Invalid cursor: pass a cursor returned by this API', [{ field: 'after', message: 'invalid cursor' }]);
  let text: string;
  try {
    text = Buffer.from(cursor, 'base64url').toString('utf8');
  } catch {
    throw bad();
  }
  if (!text.startsWith(PREFIX)) throw bad();
  try {
    const state = JSON.parse(text.slice(PREFIX.length)) as Partial<CursorState>;
    if ((typeof state.t !== 'string' && state.t !== null) || !Number.isInteger(state.s) || (state.s as number) < 0) throw bad();
    return { t: state.t, s: state.s as number };
  } catch {
    throw bad();
  }
}

export interface AwsPage<T> {
  items: T[];
  nextToken?: string;
}

export interface PageBounds {
  /** AWS's MaxResults range for the call. */
  min: number;
  max: number;
}

export function assertFirst(first: number, maxPageSize: number): void {
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw new BadUserInputError(`first must be between 0 and ${maxPageSize}`, [{ field: 'first', message: `between 0 and ${maxPageSize}` }]);
  }
}

/** Hard stop on pages per connection request: filtered AWS pages can be short or empty. */
const MAX_FETCHES = 25;

export async function paginate<T>(
  args: { first: number; after?: string | null; maxPageSize: number },
  bounds: PageBounds,
  fetch: (token: string | undefined, maxResults: number) => Promise<AwsPage<T>>,
): Promise<ConnectionShape<T>> {
  assertFirst(args.first, args.maxPageSize);
  const start = args.after ? decodeCursor(args.after) : { t: null, s: 0 };
  const edges: { cursor: string; node: T }[] = [];
  if (args.first === 0) return toConnection(edges, true, args.after ?? null);

  let token = start.t;
  let skip = start.s;
  for (let fetches = 0; fetches < MAX_FETCHES; fetches++) {
    const wanted = args.first - edges.length + skip;
    const maxResults = Math.min(bounds.max, Math.max(bounds.min, wanted));
    const page = await fetch(token ?? undefined, maxResults);
    const items = page.items;
    for (let j = skip; j < items.length && edges.length < args.first; j++) {
      const exhausted = j === items.length - 1;
      const cursor = exhausted && page.nextToken ? { t: page.nextToken, s: 0 } : { t: token, s: j + 1 };
      edges.push({ cursor: encodeCursor(cursor), node: items[j] });
      if (edges.length === args.first) {
        const more = !exhausted || Boolean(page.nextToken);
        return toConnection(edges, more, null);
      }
    }
    if (!page.nextToken) return toConnection(edges, false, null);
    token = page.nextToken;
    skip = 0;
  }
  // Bounded: report what we have and let the client continue from the last token.
  return toConnection(edges, true, token ? encodeCursor({ t: token, s: 0 }) : null);
}

/** A connection over items already in memory (e.g. looked up by id through a loader). */
export function connectionFromArray<T>(all: T[], args: { first: number; after?: string | null; maxPageSize: number }): ConnectionShape<T> {
  assertFirst(args.first, args.maxPageSize);
  const start = args.after ? decodeCursor(args.after) : { t: null, s: 0 };
  if (start.t !== null) throw new BadUserInputError('Invalid cursor for this query', [{ field: 'after', message: 'invalid cursor' }]);
  const slice = all.slice(start.s, start.s + args.first);
  const edges = slice.map((node, i) => ({ cursor: encodeCursor({ t: null, s: start.s + i + 1 }), node }));
  return toConnection(edges, start.s + slice.length < all.length, args.after ?? null);
}

function toConnection<T>(edges: { cursor: string; node: T }[], hasNextPage: boolean, fallbackEnd: string | null): ConnectionShape<T> {
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageSize: edges.length,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : fallbackEnd },
  };
}

/**
 * A page fetch for `paginate` over a facade's list call that also primes the operation's id loader
 * with every row, so a later lookup of one of them in the same operation costs nothing.
 */
export function primingPages<T extends { id: string }>(
  list: (page: { maxResults: number; nextToken?: string }) => Promise<AwsPage<T>>,
  loader: { prime(id: string, row: NoInfer<T>): unknown },
): (token: string | undefined, maxResults: number) => Promise<AwsPage<T>> {
  return async (nextToken, maxResults) => {
    const page = await list({ maxResults, nextToken });
    for (const row of page.items) loader.prime(row.id, row);
    return page;
  };
}
