export interface BatcherOptions<V> {
  /** AWS's limit for one call (e.g. 200 values in an EC2 filter). */
  maxBatchSize: number;
  /**
   * The quiet period that closes a batch: it goes once no new id has joined for this long (so a
   * stream of concurrent requests keeps filling it), or once it is full, or at `maxWaitMs`.
   */
  windowMs: number;
  /** The longest an id waits for company however busy the stream (default 20 × windowMs). */
  maxWaitMs?: number;
  /**
   * Calls of this batcher in flight at once before a partial batch stops going out and keeps
   * filling instead (a full one always goes). Under load each call then carries whatever arrived
   * during the previous one, so calls track AWS's pace rather than the arrival rate.
   */
  maxInFlight: number;
  /** One call for `ids` (distinct, at most maxBatchSize): the rows found; absent ids get null. */
  load(ids: string[]): Promise<Map<string, V>>;
  /** A call went out carrying `ids` ids for `requests` distinct callers. */
  onDispatch?(ids: number, requests: number): void;
  /** Nothing pending and nothing in flight: the owner may drop this batcher. */
  onIdle?(): void;
}

/** How a load was served: it joined a call already in flight, joined a batch still open, or opened one. */
export type Joined = 'inflight' | 'pending' | 'new';

interface Deferred<V> {
  promise: Promise<V | null>;
  resolve(v: V | null): void;
  reject(e: unknown): void;
}

function deferred<V>(): Deferred<V> {
  let resolve!: (v: V | null) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<V | null>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * Process-wide batching of id lookups for one scope and one kind: ids asked for by concurrent
 * requests within the window go out in one AWS call, each id at most once (an id already in a
 * call in flight joins that call). Callers never cancel a shared call: a request that goes away
 * simply stops waiting, and a call's failure reaches only the ids it carried.
 */
export class Batcher<V> {
  private pending = new Map<string, Deferred<V>>();
  private pendingRequests = new Set<object>();
  private readonly inFlightIds = new Map<string, Promise<V | null>>();
  private inFlightCalls = 0;
  private timer: NodeJS.Timeout | undefined;
  /** The open batch's window has passed; it goes out as soon as a call slot frees up. */
  private due = false;
  private openedAt = 0;
  private lastJoinedAt = 0;
  private readonly maxWaitMs: number;

  constructor(private readonly options: BatcherOptions<V>) {
    this.maxWaitMs = options.maxWaitMs ?? 20 * options.windowMs;
  }

  load(id: string, request: object): { promise: Promise<V | null>; joined: Joined } {
    const inFlight = this.inFlightIds.get(id);
    if (inFlight) return { promise: inFlight, joined: 'inflight' };
    this.pendingRequests.add(request);
    const open = this.pending.get(id);
    if (open) return { promise: open.promise, joined: 'pending' };
    const d = deferred<V>();
    const now = Date.now();
    if (!this.pending.size) this.openedAt = now;
    this.lastJoinedAt = now;
    this.pending.set(id, d);
    if (this.pending.size >= this.options.maxBatchSize) this.dispatch();
    else if (!this.timer && !this.due) this.wait(this.options.windowMs);
    return { promise: d.promise, joined: 'new' };
  }

  /**
   * Closes the batch after a quiet window. The check runs after the event loop's pending I/O
   * (setImmediate), so requests that queued up while the process was busy still join.
   */
  private wait(ms: number): void {
    this.timer = setTimeout(() => {
      setImmediate(() => {
        this.timer = undefined;
        if (this.due || !this.pending.size) return;
        const now = Date.now();
        const quiet = now - this.lastJoinedAt;
        if (quiet < this.options.windowMs && now - this.openedAt < this.maxWaitMs) return this.wait(this.options.windowMs - quiet);
        this.due = true;
        if (this.inFlightCalls < this.options.maxInFlight) this.dispatch();
      });
    }, ms);
  }

  /** Later loads start new calls instead of joining ones in flight (after a mutation). */
  forgetInFlight(): void {
    this.inFlightIds.clear();
  }

  get idle(): boolean {
    return this.pending.size === 0 && this.inFlightCalls === 0;
  }

  private dispatch(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.due = false;
    if (!this.pending.size) return;
    const batch = this.pending;
    const requests = this.pendingRequests.size;
    this.pending = new Map();
    this.pendingRequests = new Set();
    for (const [id, d] of batch) this.inFlightIds.set(id, d.promise);
    this.inFlightCalls++;
    this.options.onDispatch?.(batch.size, requests);
    let call: Promise<Map<string, V>>;
    try {
      call = this.options.load([...batch.keys()]);
    } catch (err) {
      call = Promise.reject(err);
    }
    call
      .then(
        (found) => {
          for (const [id, d] of batch) d.resolve(found.get(id) ?? null);
        },
        (err: unknown) => {
          for (const d of batch.values()) d.reject(err);
        },
      )
      .finally(() => {
        this.inFlightCalls--;
        for (const [id, d] of batch) if (this.inFlightIds.get(id) === d.promise) this.inFlightIds.delete(id);
        if (this.due && this.inFlightCalls < this.options.maxInFlight) this.dispatch();
        if (this.idle) this.options.onIdle?.();
      });
  }
}
