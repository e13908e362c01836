/** One page of a list call, already mapped to gateway records. */
export interface AwsPage<T> {
  items: T[];
  nextToken?: string;
}

/** AWS's MaxResults range for a list call. */
export interface PageBounds {
  min: number;
  max: number;
}

/** Fetches the AWS page that starts at `token` (undefined = the first), asking for `maxResults` rows. */
export type PageFetch<T> = (token: string | undefined, maxResults: number) => Promise<AwsPage<T>>;

/** Where one scope stands: the AWS page starting at token `t`, after skipping `s` of its items. */
export interface ScopePosition {
  t: string | null;
  s: number;
}

export interface ScopeRows<T> {
  /** Each row with the position right after it (where a cursor on it resumes). */
  rows: Array<{ node: T; after: ScopePosition }>;
  /** Right after everything examined (past empty filtered pages too). */
  end: ScopePosition;
  /** Nothing follows the last row: the scope is exhausted. */
  complete: boolean;
}

/** Hard stop on pages per scope and request: filtered AWS pages can be short or empty. */
const MAX_FETCHES = 25;

/**
 * Up to `want` rows of one scope from `from`, following NextTokens (bounded). AWS's MaxResults
 * need not match `want`: a position skips the rows of its page already returned.
 */
export async function collectRows<T>(from: ScopePosition, want: number, bounds: PageBounds, fetch: PageFetch<T>): Promise<ScopeRows<T>> {
  const rows: ScopeRows<T>['rows'] = [];
  let token = from.t;
  let skip = from.s;
  for (let fetches = 0; fetches < MAX_FETCHES; fetches++) {
    const maxResults = Math.min(bounds.max, Math.max(bounds.min, want - rows.length + skip));
    const page = await fetch(token ?? undefined, maxResults);
    const items = page.items;
    for (let j = skip; j < items.length; j++) {
      const lastOfPage = j === items.length - 1;
      const after = lastOfPage && page.nextToken ? { t: page.nextToken, s: 0 } : { t: token, s: j + 1 };
      rows.push({ node: items[j], after });
      if (rows.length === want) return { rows, end: after, complete: lastOfPage && !page.nextToken };
    }
    if (!page.nextToken) return { rows, end: { t: token, s: Math.max(skip, items.length) }, complete: true };
    token = page.nextToken;
    skip = 0;
  }
  // Bounded: what we have, and the token to continue from.
  return { rows, end: { t: token, s: 0 }, complete: false };
}
