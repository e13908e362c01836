/** Small helpers shared by the loaders: chunking, bounded concurrency, paging to the end. */

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Run `fn` over `items` with at most `limit` in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Follow NextToken until the end. A runaway token loop would cost money and time, so the page
 * count is bounded; batch lookups never legitimately need more than a few pages.
 */
export async function allPages<P extends { NextToken?: string }>(fetch: (token: string | undefined) => Promise<P>, maxPages = 50): Promise<P[]> {
  const pages: P[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    pages.push(page);
    token = page.NextToken;
  } while (token && pages.length < maxPages);
  return pages;
}

/** DataLoader wants one result (or Error) per key, in key order. */
export function inKeyOrder<V>(keys: readonly string[], byKey: Map<string, V>, missing: V): V[] {
  return keys.map((k) => (byKey.has(k) ? (byKey.get(k) as V) : missing));
}
