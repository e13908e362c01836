import DataLoader from 'dataloader';

/** A loader over a one-resource-per-call read: each key its own call (the facade bounds and caches them). */
export function itemLoader<V>(read: (key: string) => Promise<V>): DataLoader<string, V> {
  return new DataLoader<string, V>((keys) => Promise.all(keys.map((k) => read(k).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))))));
}
