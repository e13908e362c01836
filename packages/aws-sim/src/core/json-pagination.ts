/**
 * NextToken handling for the JSON protocols (SSM, Organizations). Tokens are opaque to clients: base64url JSON naming the operation, a
 * fingerprint of the request's filters and the sort key of the last item returned, so a page
 * boundary survives items being added or removed between calls.
 */
import { SimError } from './contract';
import { stableStringify } from './json';
import { hash32 } from './rng';

interface TokenBody {
  o: string;
  f: number;
  k: string;
}

/** SSM's answer to a token it did not issue (services with another answer pass theirs). */
export function invalidToken(): SimError {
  return new SimError('InvalidNextToken', 'The specified token is not valid.');
}

export function filterFingerprint(filters: unknown): number {
  return hash32(stableStringify(filters ?? null));
}

/**
 * One page of `items` (already filtered and sorted ascending by `keyOf`, keys unique).
 */
export function paginate<T>(
  op: string,
  items: readonly T[],
  keyOf: (t: T) => string,
  opts: { nextToken?: string; maxResults: number; filters: unknown; invalid?: () => SimError },
): { page: T[]; nextToken?: string } {
  const f = filterFingerprint(opts.filters);
  const invalid = opts.invalid ?? invalidToken;
  let start = 0;
  if (opts.nextToken !== undefined) {
    let body: TokenBody;
    try {
      body = JSON.parse(Buffer.from(opts.nextToken, 'base64url').toString('utf8')) as TokenBody;
    } catch {
      throw invalid();
    }
    if (!body || body.o !== op || body.f !== f || typeof body.k !== 'string') throw invalid();
    // first item with key > last returned key (binary search: items sorted by key)
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keyOf(items[mid]) <= body.k) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const page = items.slice(start, start + opts.maxResults);
  const more = start + opts.maxResults < items.length;
  if (!more || page.length === 0) return { page };
  const token: TokenBody = { o: op, f, k: keyOf(page[page.length - 1]) };
  return { page, nextToken: Buffer.from(JSON.stringify(token), 'utf8').toString('base64url') };
}
