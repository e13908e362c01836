import { LRUCache } from 'lru-cache';
import { REQUEST_GRACE_MS, scopeKey, type ReadTracker, type Scope } from '../../aws';

/**
 * The whole-response cache: the HTTP answer of a query, kept for the AWS cache's TTL and shared
 * by identical requests — same document, operation, variables, roles and Accept header (key.ts).
 *
 * - **Fresh by what it read.** Each execution is told (ReadTracker) which scopes it used and how
 *   old the cached AWS answers it used were; its answer is as old as its oldest read. A request
 *   that arrived at `t` takes an answer read at `t − TTL` or later, as the AWS cache would.
 * - **Invalidated by mutations.** A mutation in a scope drops the answers that read that scope,
 *   lets no execution that read it before the mutation store its answer, and stops later requests
 *   joining such an execution.
 * - **Coalesced.** Identical requests while one executes wait for its answer instead of
 *   executing again. An answer read live from AWS is good for every one of them (as a shared AWS
 *   call in flight is); one built on cached AWS answers older than a joiner's arrival allows is
 *   not, and that joiner executes once more.
 * - **Refreshed ahead.** A kept answer asked for in the last quarter of its TTL is answered at once
 *   and run again in the background, reading AWS live, so a dashboard in steady use never waits
 *   for AWS when its answer expires (one refresh per answer at a time; an answer nobody asks for
 *   simply expires).
 * - **Bounded** by estimated bytes and entries (LRU); answers larger than a quarter of the
 *   bound are not kept. Only what the caller marks cacheable is kept (error-free queries).
 */
export interface CachedAnswer {
  status: number;
  headers: ReadonlyArray<readonly [string, string]>;
  /** Encoded once: every request it answers writes these bytes as they are. */
  body: Buffer;
  /** Error codes in the answer (for each request's operation record). */
  errorCodes: string[];
}

export interface Execution {
  answer: CachedAnswer;
  /** May be kept for later requests (an error-free query answer). */
  cacheable: boolean;
}

export interface ResponseCacheOptions {
  /** The AWS cache's TTL; 0 = nothing kept (identical requests arriving together still share). */
  ttlMs: number;
  maxBytes: number;
  maxEntries: number;
  /** The AWS cache's clock (the same timeline as ReadTracker.cached); default Date. */
  clock?: { now(): number };
}

export type Served = 'cache' | 'coalesced' | 'executed';

/** How the cache runs an operation (see Executor). */
export interface RunSpec {
  /** Told which scopes the operation reads and how old the cached AWS answers it uses are. */
  reads: ReadTracker;
  /** AWS answers fresh at this moment are fresh enough (the cache's clock: the request's arrival, or now when it runs again). */
  since: number;
  /**
   * A refresh ahead of expiry: no request waits for it (it was answered from the kept answer), and
   * its AWS reads skip the AWS cache, so the new answer is as fresh as AWS itself.
   */
  refresh: boolean;
}

/** Runs the operation as `run` says; says whether its answer may be kept. */
export type Executor = (run: RunSpec) => Promise<Execution>;

export interface ResponseCacheStats {
  bytes: number;
  entries: number;
}

interface Entry {
  answer: CachedAnswer;
  /** When its oldest part was read from AWS. */
  readAt: number;
  scopes: string[];
}

/** The reads of one execution: its scopes (with the generation each was at) and its oldest cached answer. */
class ExecutionReads implements ReadTracker {
  readonly scopes = new Map<string, number>();
  /** When the oldest cached AWS answer it used was read; Infinity when it used none (all live). */
  oldestCached = Infinity;

  constructor(private readonly cache: WholeResponseCache) {}

  scope(scope: Scope): void {
    const key = scopeKey(scope);
    if (!this.scopes.has(key)) this.scopes.set(key, this.cache.generation(key));
  }

  cached(storedAt: number): void {
    if (storedAt < this.oldestCached) this.oldestCached = storedAt;
  }

  /** No mutation came in any scope since it was first used. */
  unchanged(): boolean {
    for (const [key, generation] of this.scopes) if (this.cache.generation(key) !== generation) return false;
    return true;
  }
}

/** An execution's answer with the age of what it read: `oldestCached` as in ExecutionReads. */
interface Outcome {
  answer: CachedAnswer;
  oldestCached: number;
}

interface Running {
  promise: Promise<Outcome>;
  reads: ExecutionReads;
  startedAt: number;
}

/** A kept answer this far into its TTL is refreshed in the background when asked for. */
const REFRESH_AT = 0.75;

export class WholeResponseCache {
  private readonly lru?: LRUCache<string, Entry>;
  private readonly running = new Map<string, Running>();
  private readonly generations = new Map<string, number>();
  private readonly clock: { now(): number };
  private readonly ttlMs: number;

  constructor(options: ResponseCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.clock = options.clock ?? Date;
    if (options.ttlMs > 0 && options.maxBytes > 0 && options.maxEntries > 0) {
      this.lru = new LRUCache<string, Entry>({
        max: options.maxEntries,
        maxSize: options.maxBytes,
        maxEntrySize: Math.max(1, Math.floor(options.maxBytes / 4)),
        // The body's bytes, the key (a JS string: up to two bytes a character) and the headers' share.
        sizeCalculation: (entry, key) => entry.answer.body.length + 2 * key.length + 256,
        // Freshness is checked on read against the reader's arrival; this only drops what no request can use.
        ttl: options.ttlMs + REQUEST_GRACE_MS,
        ttlAutopurge: false,
        updateAgeOnGet: false,
        ...(options.clock ? { perf: options.clock, ttlResolution: 0 } : {}),
      });
    }
  }

  generation(scope: string): number {
    return this.generations.get(scope) ?? 0;
  }

  /**
   * The answer for `key` for a request that arrived at `arrivedAt` (the cache's clock): a fresh
   * one kept, else the identical execution's in flight, else `execute`'s. `execute` runs at most
   * once per call: when the execution joined turned out older than this request allows.
   */
  answer(key: string, arrivedAt: number, execute: Executor): { answer?: CachedAnswer; promise?: Promise<CachedAnswer>; served: Served } {
    const entry = this.lru?.get(key);
    if (entry && entry.readAt >= arrivedAt - this.ttlMs) {
      if (this.clock.now() - entry.readAt >= REFRESH_AT * this.ttlMs && !this.running.has(key)) {
        // Nobody waits for it; a failed refresh leaves the kept answer to expire.
        this.run(key, this.clock.now(), execute, true).catch(() => undefined);
      }
      return { answer: entry.answer, served: 'cache' };
    }
    const running = this.running.get(key);
    if (!running) return { promise: this.run(key, arrivedAt, execute).then((r) => r.answer), served: 'executed' };
    // An execution that used no cached answer read AWS live, while this request waited: as fresh as
    // sharing an AWS call in flight (what the AWS layer does, whatever its TTL).
    const promise = running.promise.then(
      (r) => (r.oldestCached >= arrivedAt - this.ttlMs ? r.answer : this.runAgain(key, arrivedAt, execute)),
      () => this.runAgain(key, arrivedAt, execute),
    );
    return { promise, served: 'coalesced' };
  }

  /** A mutation in `scope`: drop what read it, and let nothing that read it before store or be joined. */
  invalidate(scope: Scope): void {
    const key = scopeKey(scope);
    this.generations.set(key, this.generation(key) + 1);
    for (const [k, r] of this.running) if (r.reads.scopes.has(key)) this.running.delete(k);
    if (!this.lru) return;
    for (const [k, entry] of this.lru.entries()) if (entry.scopes.includes(key)) this.lru.delete(k);
  }

  stats(): ResponseCacheStats {
    return { bytes: this.lru?.calculatedSize ?? 0, entries: this.lru?.size ?? 0 };
  }

  /**
   * After joining an execution whose answer was too old for this request: one started since this
   * request arrived reads nothing older than its arrival allows (the others that came back too
   * old join it rather than each executing), else a new one.
   */
  private runAgain(key: string, arrivedAt: number, execute: Executor): Promise<CachedAnswer> {
    const running = this.running.get(key);
    const fresh = running && running.startedAt >= arrivedAt ? running.promise : this.run(key, this.clock.now(), execute);
    return fresh.then((r) => r.answer);
  }

  private run(key: string, since: number, execute: Executor, refresh = false): Promise<Outcome> {
    const reads = new ExecutionReads(this);
    const promise = execute({ reads, since, refresh }).then(({ answer, cacheable }) => {
      // Kept as read at its start, or at its oldest cached part if older.
      const readAt = Math.min(reads.oldestCached, since);
      if (cacheable && this.lru && reads.unchanged()) this.lru.set(key, { answer, readAt, scopes: [...reads.scopes.keys()] });
      return { answer, oldestCached: reads.oldestCached };
    });
    const running: Running = { promise, reads, startedAt: since };
    this.running.set(key, running);
    const done = () => {
      if (this.running.get(key) === running) this.running.delete(key);
    };
    promise.then(done, done);
    return promise;
  }
}
