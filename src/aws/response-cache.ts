/**
 * Cross-request de-duplication for read calls: identical calls in flight share one promise, and
 * a settled success is reused for `ttlMs`. Mutations clear a region so the next read is fresh.
 */
interface Entry {
  promise: Promise<unknown>;
  /** 0 while in flight; epoch ms after which the value is stale. */
  expiresAt: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 5000,
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && (hit.expiresAt === 0 || hit.expiresAt > now)) return hit.promise as Promise<T>;

    const entry: Entry = { promise: Promise.resolve(), expiresAt: 0 };
    entry.promise = load().then(
      (value) => {
        if (this.entries.get(key) === entry) {
          if (this.ttlMs > 0) entry.expiresAt = Date.now() + this.ttlMs;
          else this.entries.delete(key);
        }
        return value;
      },
      (err: unknown) => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        throw err;
      },
    );
    if (this.entries.size >= this.maxEntries) this.evictExpired(now);
    this.entries.set(key, entry);
    return entry.promise as Promise<T>;
  }

  /** Forget everything cached for keys starting with `prefix` (e.g. one region after a mutation). */
  invalidate(prefix = ''): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private evictExpired(now: number): void {
    for (const [key, e] of this.entries) if (e.expiresAt !== 0 && e.expiresAt <= now) this.entries.delete(key);
    // Still full: drop the oldest settled entries (Map keeps insertion order).
    for (const [key, e] of this.entries) {
      if (this.entries.size < this.maxEntries) break;
      if (e.expiresAt !== 0) this.entries.delete(key);
    }
  }
}
