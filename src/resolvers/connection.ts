import type { GraphQLResolveInfo } from 'graphql';
import { isAwsError, scopeKey, type Scope } from '../aws';
import { BadUserInputError } from '../errors/gateway-error';
import type { ConnectionShape } from '../schema/common.type';
import type { ScopeFailures } from '../server/scope-failures';
import { collectRows, type AwsPage, type PageBounds, type PageFetch, type ScopeRows } from './scope-rows';

export type { AwsPage, PageBounds, PageFetch } from './scope-rows';

/**
 * Relay connections over every selected scope (account × region) at once. Each scope is asked
 * concurrently for up to `first` rows; the page takes them scope by scope, in the served order.
 * A cursor is opaque and holds, for every scope of the query, where it stands: "the AWS page that
 * starts at token T, after skipping S of its items", or done — so any edge resumes every scope
 * exactly where it stopped, and paging returns each row exactly once.
 */
type Position = { t: string | null; s: number } | 'done';
type Positions = Map<string, Position>;

const PREFIX = 'fg2:';

function encodeCursor(positions: Positions): string {
  const p: Record<string, [string | null, number] | 0> = {};
  for (const [key, pos] of positions) p[key] = pos === 'done' ? 0 : [pos.t, pos.s];
  return Buffer.from(PREFIX + JSON.stringify({ p })).toString('base64url');
}

const badCursor = (why = 'invalid cursor') => new BadUserInputError('Invalid cursor: pass a cursor returned by this query', [{ field: 'after', message: why }]);

/** The positions of exactly `keys` (a cursor of another query, or of other scopes, is refused). */
function decodeCursor(cursor: string, keys: string[]): Positions {
  let parsed: unknown;
  try {
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    if (!text.startsWith(PREFIX)) throw badCursor();
    parsed = (JSON.parse(text.slice(PREFIX.length)) as { p?: unknown }).p;
  } catch {
    throw badCursor();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw badCursor();
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length !== keys.length || !keys.every((k) => k in (parsed as object))) throw badCursor('the cursor is for other accounts or regions');
  const positions: Positions = new Map();
  for (const [key, v] of entries) {
    if (v === 0) positions.set(key, 'done');
    else if (Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || v[0] === null) && Number.isInteger(v[1]) && v[1] >= 0) positions.set(key, { t: v[0], s: v[1] });
    else throw badCursor();
  }
  return positions;
}

export function assertFirst(first: number, maxPageSize: number): void {
  if (!Number.isInteger(first) || first < 0 || first > maxPageSize) {
    throw new BadUserInputError(`first must be between 0 and ${maxPageSize}`, [{ field: 'first', message: `between 0 and ${maxPageSize}` }]);
  }
}

export interface ScopedConnectionArgs<T> {
  /** The field being resolved: failed scopes are reported at its path. */
  info: Pick<GraphQLResolveInfo, 'path' | 'fieldNodes'>;
  failures: ScopeFailures;
  scopes: Scope[];
  page: { first: number; after?: string | null; maxPageSize: number };
  bounds: PageBounds;
  /** One scope's page fetch (its list call, or rows already in memory). */
  source(scope: Scope): PageFetch<T>;
}

type Outcome<T> = { scope: Scope; key: string; start: Position; rows?: ScopeRows<T>; error?: unknown };

/**
 * One page over every scope. A scope that fails (AWS refused, throttled past its deadline, 5xx, a
 * role that cannot be assumed) is left out: it is listed in `unavailableScopes`, reported as an
 * error at this field's path, and keeps its position in the cursors, so paging on retries it.
 */
export async function scopedConnection<T>(args: ScopedConnectionArgs<T>): Promise<ConnectionShape<T>> {
  const { first, after, maxPageSize } = args.page;
  assertFirst(first, maxPageSize);
  const keys = args.scopes.map(scopeKey);
  const start: Positions = after ? decodeCursor(after, keys) : new Map(keys.map((k) => [k, { t: null, s: 0 }]));
  if (first === 0) return toConnection([], true, after ?? null, []);

  const outcomes: Outcome<T>[] = await Promise.all(
    args.scopes.map(async (scope, i): Promise<Outcome<T>> => {
      const key = keys[i];
      const from = start.get(key) as Position;
      if (from === 'done') return { scope, key, start: from };
      try {
        return { scope, key, start: from, rows: await collectRows(from, first, args.bounds, args.source(scope)) };
      } catch (error) {
        return { scope, key, start: from, error };
      }
    }),
  );
  const unexpected = outcomes.find((o) => o.error !== undefined && !isAwsError(o.error));
  if (unexpected) throw unexpected.error;

  const unavailableScopes = outcomes.flatMap((o) => {
    if (!isAwsError(o.error)) return [];
    args.failures.add(args.info, o.error);
    return [{ accountId: o.scope.accountId, region: o.scope.region, code: o.error.code, message: o.error.message }];
  });

  // A scope with nothing (left) to give is done in every cursor, whatever the order.
  const positions: Positions = new Map(outcomes.map((o) => [o.key, o.rows && !o.rows.rows.length && o.rows.complete ? 'done' : o.start]));
  const edges: { cursor: string; node: T }[] = [];
  for (const o of outcomes) {
    const got = o.rows;
    if (!got) continue;
    for (let j = 0; j < got.rows.length && edges.length < first; j++) {
      const last = j === got.rows.length - 1;
      positions.set(o.key, last ? (got.complete ? 'done' : got.end) : got.rows[j].after);
      edges.push({ cursor: encodeCursor(positions), node: got.rows[j].node });
    }
  }
  // Failed scopes are not counted: their rows are missing either way (unavailableScopes says so),
  // and a client paging "while hasNextPage" must not loop on an account that refuses it.
  const hasNextPage = outcomes.some((o) => o.rows !== undefined && positions.get(o.key) !== 'done');
  return toConnection(edges, hasNextPage, null, unavailableScopes);
}

function toConnection<T>(edges: { cursor: string; node: T }[], hasNextPage: boolean, fallbackEnd: string | null, unavailableScopes: ConnectionShape<T>['unavailableScopes']): ConnectionShape<T> {
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageSize: edges.length,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : fallbackEnd },
    unavailableScopes,
  };
}

/** A scope's rows already in memory (looked up by id through a loader): one "page", no token. */
export function rowsInMemory<T>(load: () => Promise<T[]>): PageFetch<T> {
  return async (token) => {
    if (token !== undefined) throw badCursor();
    return { items: await load() };
  };
}

/**
 * A page fetch over a facade's list call that also primes the operation's id loader with every
 * row, so a later lookup of one of them in the same operation costs nothing.
 */
export function primingPages<T extends { id: string }>(
  list: (page: { maxResults: number; nextToken?: string }) => Promise<AwsPage<T>>,
  loader: { prime(id: string, row: NoInfer<T>): unknown },
): PageFetch<T> {
  return async (nextToken, maxResults) => {
    const page = await list({ maxResults, nextToken });
    for (const row of page.items) loader.prime(row.id, row);
    return page;
  };
}
