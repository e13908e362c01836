import { LRUCache } from 'lru-cache';
import { scopeKey, type Scope } from '../scope';

export interface CacheOptions {
  /** How long a read stays fresh; 0 keeps only in-flight coalescing. */
  ttlMs: number;
  /** Bound on the estimated size of everything cached. */
  maxBytes: number;
  /** Bound on the number of entries. */
  maxEntries: number;
  /** The clock TTLs are measured with (tests); default performance.now. */
  clock?: { now(): number };
}

export interface CacheStats {
  bytes: number;
  entries: number;
  hits: number;
  misses: number;
}

/** Boxed so `null` ("AWS has no such id") can be cached like any other answer. */
interface Box {
  value: unknown;
  /** When the answer was read from AWS (the cache's clock). */
  storedAt: number;
}

/**
 * How long after its arrival a request may still use answers that were fresh when it arrived.
 * Entries live this much longer than the TTL (bounded by bytes and entries like any other).
 */
export const REQUEST_GRACE_MS = 30_000;

/** Which answers a read accepts: fresh now, or fresh when its request arrived. */
export interface ReadOptions {
  /** Skip cached answers (in-flight reads are still shared). */
  fresh?: boolean;
  /** When the request arrived (the cache's clock): answers fresh at that moment are fresh enough. */
  since?: number;
}

export type Served = 'cache' | 'coalesced' | 'loaded';

/**
 * The cross-request cache of AWS reads, keyed by scope: an LRU bounded by estimated bytes and by
 * entries (lru-cache's maxSize), TTL checked on read, and identical reads in flight shared. A
 * mutation in a scope invalidates that scope: its entries and in-flight reads are dropped, and a
 * read that started before the mutation does not write its (possibly stale) answer back.
 */
export class ResponseCache {
  private readonly lru: LRUCache<string, Box> | undefined;
  private readonly inflight = new Map<string, Promise<unknown>>();
  private readonly generations = new Map<string, number>();
  private hits = 0;
  private misses = 0;
  private readonly ttlMs: number;
  private readonly clock: { now(): number };

  constructor(options: CacheOptions) {
    this.ttlMs = options.ttlMs;
    this.clock = options.clock ?? Date;
    if (options.ttlMs > 0 && options.maxBytes > 0 && options.maxEntries > 0) {
      this.lru = new LRUCache<string, Box>({
        max: options.maxEntries,
        maxSize: options.maxBytes,
        sizeCalculation: (box, key) => estimateBytes(box.value) + 2 * key.length + 8,
        // Freshness is checked on read against the reader's arrival (see peek); this TTL only
        // drops entries no request can use any more. No timers per entry.
        ttl: options.ttlMs + REQUEST_GRACE_MS,
        ttlAutopurge: false,
        updateAgeOnGet: false,
        ...(options.clock ? { perf: options.clock, ttlResolution: 0 } : {}),
      });
    }
  }

  /**
   * The cached answer for `key` in `scope` if it is fresh for this reader: read from AWS within the
   * TTL before now, or before `since`, when the reader's request arrived. So concurrent requests
   * that queue behind each other share one answer, and none gets older data than the TTL allows
   * for the moment it asked.
   */
  peek<T>(scope: Scope, key: string, since?: number): { value: T } | undefined {
    const box = this.fresh(scope, key, since);
    return box ? { value: box.value as T } : undefined;
  }

  /** The fresh entry itself: its answer and when it was read from AWS (the cache's clock). */
  fresh(scope: Scope, key: string, since?: number): Readonly<Box> | undefined {
    const box = this.lru?.get(fullKey(scope, key));
    const from = Math.min(since ?? Infinity, this.clock.now()) - this.ttlMs;
    const fresh = box !== undefined && box.storedAt >= from;
    if (fresh) this.hits++;
    else this.misses++;
    return fresh ? box : undefined;
  }

  /** Store an answer read while the scope was at `generation`; skipped if a mutation came since. */
  put(scope: Scope, key: string, value: unknown, generation: number): void {
    if (this.lru && this.generation(scope) === generation) this.lru.set(fullKey(scope, key), { value, storedAt: this.clock.now() });
  }

  /** The cache's clock, for readers to stamp their arrival with. */
  now(): number {
    return this.clock.now();
  }

  generation(scope: Scope): number {
    return this.generations.get(scopeKey(scope)) ?? 0;
  }

  /**
   * A cached read: a fresh answer from the cache (unless `fresh`), else the identical read already in
   * flight, else `load()`, whose answer is cached.
   */
  read<T>(scope: Scope, key: string, load: () => Promise<T>, options: ReadOptions = {}): { promise: Promise<T>; served: Served; storedAt?: number } {
    if (!options.fresh) {
      const hit = this.fresh(scope, key, options.since);
      if (hit) return { promise: Promise.resolve(hit.value as T), served: 'cache', storedAt: hit.storedAt };
    }
    const k = fullKey(scope, key);
    const pending = this.inflight.get(k);
    if (pending) return { promise: pending as Promise<T>, served: 'coalesced' };
    const generation = this.generation(scope);
    const promise = load().then((value) => {
      this.put(scope, key, value, generation);
      return value;
    });
    this.inflight.set(k, promise);
    const done = () => {
      if (this.inflight.get(k) === promise) this.inflight.delete(k);
    };
    promise.then(done, done);
    return { promise, served: 'loaded' };
  }

  /** A mutation happened in `scope`: forget its answers, and let no earlier read write back. */
  invalidate(scope: Scope): void {
    const sk = scopeKey(scope);
    this.generations.set(sk, (this.generations.get(sk) ?? 0) + 1);
    const prefix = `${sk}|`;
    for (const k of this.inflight.keys()) if (k.startsWith(prefix)) this.inflight.delete(k);
    if (this.lru) for (const k of [...this.lru.keys()]) if (k.startsWith(prefix)) this.lru.delete(k);
  }

  stats(): CacheStats {
    return { bytes: this.lru?.calculatedSize ?? 0, entries: this.lru?.size ?? 0, hits: this.hits, misses: this.misses };
  }
}

function fullKey(scope: Scope, key: string): string {
  return `${scopeKey(scope)}|${key}`;
}

/**
 * Size of a cached answer: its JSON length in UTF-16 bytes plus a per-object allowance, a fair
 * stand-in for its heap size (records of strings, numbers, dates and small arrays).
 */
export function estimateBytes(value: unknown): number {
  if (value === null || value === undefined) return 16;
  const json = JSON.stringify(value);
  return 2 * (json?.length ?? 8) + 64;
}
