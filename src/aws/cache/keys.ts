/**
 * Cache keys for queries whose lists are sets (ids, states, types, tag filters): object keys sorted,
 * every array sorted and de-duplicated, so the same ids in another order hit the same entry.
 */
export function setKey(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    const byJson = new Map(items.map((v) => [JSON.stringify(v), v]));
    return [...byJson.keys()].sort().map((k) => byJson.get(k));
  }
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined && v !== null)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
