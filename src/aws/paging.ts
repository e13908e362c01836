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

/** One page of a list call, already mapped to gateway records. */
export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** Where a page starts and how many rows AWS should return. */
export interface PageRequest {
  maxResults: number;
  nextToken?: string;
}

/** Every item of every page (bounded like allPages). */
export async function allItems<P extends { NextToken?: string }, T>(fetch: (token: string | undefined) => Promise<P>, items: (page: P) => T[], maxPages = 50): Promise<T[]> {
  return (await allPages(fetch, maxPages)).flatMap(items);
}
