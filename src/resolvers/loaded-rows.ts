/**
 * The rows a loader found for `keys`, in order, without the ones AWS does not have; the first
 * failed call's error is thrown (a field shows one error rather than a partial list).
 */
export type RowLoader<T> = { loadMany(keys: readonly string[]): Promise<Array<T | null | Error>> };

export async function loadedRows<T>(loader: RowLoader<T>, keys: readonly string[]): Promise<T[]> {
  const found = await loader.loadMany(keys);
  const firstError = found.find((r): r is Error => r instanceof Error);
  if (firstError) throw firstError;
  return found.filter((r): r is T => r !== null && !(r instanceof Error));
}
