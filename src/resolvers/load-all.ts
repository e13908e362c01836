/** Every id's row through a loader, in order, the unknown ones left out; the first failure fails the whole. */
export async function loadAll<T>(loader: { loadMany(ids: readonly string[]): Promise<Array<T | null | Error>> }, ids: readonly string[]): Promise<T[]> {
  const found = await loader.loadMany(ids);
  const firstError = found.find((r): r is Error => r instanceof Error);
  if (firstError) throw firstError;
  return found.filter((r): r is T => r !== null && !(r instanceof Error));
}
