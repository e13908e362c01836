import { ErrorCode } from '../errors/codes';
import { Batcher } from './batch/batcher';
import { Semaphore } from './batch/semaphore';
import type { Budget } from './budget';
import { ResponseCache, type CacheOptions, type Served } from './cache/response-cache';
import { CallPath, type AnyCommand, type OutputOf } from './call';
import { allItems } from './paging';
import type { ClientPool } from './clients';
import { isAwsError } from './errors';
import type { AwsCallEvent, AwsObserver, AwsService } from './events';
import { scopeKey, type Scope } from './scope';

/** Per id: the record, null when AWS has no such id, or the Error of the call that carried it. */
export type Found<T> = Array<T | null | Error>;

/** A send bound to one scope and service: what a facade's fetch functions get. */
export type ScopedSend = <C extends AnyCommand>(command: C) => Promise<OutputOf<C>>;

/** Id lookups of one kind (instances by id, …), batched across requests per scope. */
export interface LookupKind<V> {
  service: AwsService;
  /** Cache-key part and metric label, e.g. `instance`. */
  kind: string;
  /** The AWS action, for call events answered without a call. */
  action: string;
  /** AWS's limit for one call. */
  maxBatchSize: number;
  /** One batch (distinct ids, sorted): the rows found. May page. */
  fetch(send: ScopedSend, ids: string[], scope: Scope): Promise<Map<string, V>>;
}

/**
 * A lookup that pages through one call per batch (an id filter) and keys each row by its id: the
 * common shape, spelled once.
 */
export function pagedLookup<C extends AnyCommand, R, V>(spec: {
  service: AwsService;
  kind: string;
  action: string;
  maxBatchSize: number;
  command(ids: string[], nextToken: string | undefined): C;
  rows(page: OutputOf<C>): R[];
  id(row: R): string | undefined;
  map(row: R, scope: Scope): V;
}): LookupKind<V> {
  const { command, rows, id, map, ...kind } = spec;
  return {
    ...kind,
    async fetch(send, ids, scope) {
      type Paged = OutputOf<C> & { NextToken?: string };
      const found = await allItems<Paged, R>((token) => send(command(ids, token)) as Promise<Paged>, rows);
      return new Map(found.map((r) => [id(r) ?? '', map(r, scope)]));
    },
  };
}

/** One-resource-per-call reads (DescribeImageAttribute, GetAutomationExecution, …). */
export interface ItemKind<V> {
  service: AwsService;
  kind: string;
  action: string;
  fetch(send: ScopedSend, key: string, scope: Scope): Promise<V>;
}

/**
 * Told what one operation's reads touched (the server's whole-response cache keeps an answer only
 * as long as every part of it may be kept): each scope it used, before its first read there, and
 * the time each cached answer it used was read from AWS.
 */
export interface ReadTracker {
  scope(scope: Scope): void;
  /** An answer came from the cache; AWS gave it at `storedAt` (the cache's clock). */
  cached(storedAt: number): void;
}

/** How one caller sees the core: whether it may use cached answers, and who hears of its calls. */
export interface View {
  /** Skip cached answers (in-flight calls are still shared): the watcher's view of AWS as it is now. */
  fresh: boolean;
  /** When this view's request arrived (the cache's clock): answers fresh then are fresh enough. */
  since?: number;
  report(e: AwsCallEvent): void;
  tracker?: ReadTracker;
}

export interface CoreOptions {
  clients: ClientPool;
  budget: Budget;
  cache: CacheOptions;
  batchWindowMs: number;
  /** Longest wait for a batch under a steady stream (default 20 × window). */
  batchMaxWaitMs?: number;
  /** Calls per batcher in flight before partial batches wait and keep filling. */
  batchMaxInFlight: number;
  /** Concurrency bound per scope for one-resource-per-call APIs. */
  perItemConcurrency: number;
  observer: AwsObserver;
  /** Drop an account's expired assumed-role session (see CallPath). */
  renewCredentials?: (accountId: string, usedSince: number) => boolean;
}

/**
 * The shared machinery behind the facades: one call path, one cache, one batcher per scope ×
 * lookup kind and one concurrency bound per scope × per-item kind. Facades are thin and made per
 * call; everything that must be shared across requests lives here.
 */
export class AwsCore {
  readonly cache: ResponseCache;
  readonly calls: CallPath;
  private readonly batchers = new Map<string, Batcher<unknown>>();
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly invalidationListeners = new Set<(scope: Scope) => void>();

  constructor(private readonly options: CoreOptions) {
    this.cache = new ResponseCache(options.cache);
    this.calls = new CallPath(options.clients, options.budget, (scope) => this.invalidate(scope), { renewCredentials: options.renewCredentials });
  }

  get observer(): AwsObserver {
    return this.options.observer;
  }

  /** Every AWS call's event, to the observer (or nowhere). */
  readonly report = (e: AwsCallEvent): void => this.options.observer.call?.(e);

  send(scope: Scope, service: AwsService, report: (e: AwsCallEvent) => void): ScopedSend {
    return (command) => this.calls.send(scope, service, command, report);
  }

  /** A mutating call; the scope's cached reads are dropped afterwards. */
  write<C extends AnyCommand>(view: View, scope: Scope, service: AwsService, command: C): Promise<OutputOf<C>> {
    return this.calls.send(scope, service, command, view.report, true);
  }

  /**
   * Rows for `ids` in input order: a record, null (AWS has no such id) or the Error of the call
   * that carried it. Cached answers first, then calls in flight, then the scope's shared batch.
   */
  async lookup<V>(view: View, scope: Scope, kind: LookupKind<V>, ids: readonly string[]): Promise<Found<V>> {
    const distinct = [...new Set(ids)];
    const request = {};
    const served = new Map<string, Promise<V | null>>();
    let fromCache = 0;
    let joinedInFlight = 0;
    for (const id of distinct) {
      const hit = view.fresh ? undefined : this.cache.fresh(scope, `${kind.kind}|${id}`, view.since);
      if (hit) {
        fromCache++;
        view.tracker?.cached(hit.storedAt);
        served.set(id, Promise.resolve(hit.value as V | null));
        continue;
      }
      const { promise, joined } = this.batcher(scope, kind).load(id, request);
      if (joined === 'inflight') joinedInFlight++;
      served.set(id, promise);
    }
    if (distinct.length) this.noteServed(view, scope, kind, fromCache === distinct.length ? 'cache' : fromCache + joinedInFlight === distinct.length ? 'coalesced' : 'loaded');
    const settled = new Map<string, V | null | Error>();
    await Promise.all(
      [...served].map(([id, p]) =>
        p.then(
          (v) => void settled.set(id, v),
          (err: unknown) => void settled.set(id, err instanceof Error ? err : new Error(String(err))),
        ),
      ),
    );
    return ids.map((id) => settled.get(id) as V | null | Error);
  }

  /** A one-resource read: cached, shared while in flight, at most `perItemConcurrency` per scope and kind at once. */
  item<V>(view: View, scope: Scope, kind: ItemKind<V>, key: string): Promise<V> {
    const send = this.send(scope, kind.service, this.report);
    const { promise, served, storedAt } = this.cache.read(scope, `${kind.kind}|${key}`, () => this.bounded(scope, kind.kind, () => kind.fetch(send, key, scope)), view);
    if (storedAt !== undefined) view.tracker?.cached(storedAt);
    this.noteServed(view, scope, kind, served);
    return promise;
  }

  /** A list page (or any other read) keyed by its canonical query: cached and shared while in flight. */
  read<V>(view: View, scope: Scope, what: { service: AwsService; kind: string; action: string }, key: string, load: (send: ScopedSend) => Promise<V>): Promise<V> {
    const send = this.send(scope, what.service, view.report);
    const { promise, served, storedAt } = this.cache.read(scope, `${what.kind}|${key}`, () => load(send), view);
    if (storedAt !== undefined) view.tracker?.cached(storedAt);
    this.noteServed(view, scope, what, served);
    return promise;
  }

  invalidate(scope: Scope): void {
    this.cache.invalidate(scope);
    const prefix = `${scopeKey(scope)}|`;
    for (const [k, b] of this.batchers) if (k.startsWith(prefix)) b.forgetInFlight();
    for (const listener of this.invalidationListeners) listener(scope);
  }

  /** `listener` hears of every invalidation (a mutation in the scope); returns its removal. */
  onInvalidate(listener: (scope: Scope) => void): () => void {
    this.invalidationListeners.add(listener);
    return () => this.invalidationListeners.delete(listener);
  }

  private noteServed(view: View, scope: Scope, what: { service: AwsService; kind: string; action: string }, served: Served): void {
    if (served === 'loaded') return;
    view.report({ service: what.service, action: what.action, region: scope.region, accountId: scope.accountId, outcome: 'cached', durationMs: 0 });
    this.observer.saved?.({ service: what.service, kind: what.kind, reason: served === 'cache' ? 'cache' : 'coalescing', calls: 1 });
  }

  private batcher<V>(scope: Scope, kind: LookupKind<V>): Batcher<V> {
    const key = `${scopeKey(scope)}|${kind.kind}`;
    let b = this.batchers.get(key) as Batcher<V> | undefined;
    if (b) return b;
    const send = this.send(scope, kind.service, this.report);
    const batcher: Batcher<V> = new Batcher<V>({
      maxBatchSize: kind.maxBatchSize,
      windowMs: this.options.batchWindowMs,
      maxWaitMs: this.options.batchMaxWaitMs,
      maxInFlight: this.options.batchMaxInFlight,
      load: async (ids) => {
        const generation = this.cache.generation(scope);
        const found = await fetchSplitting(send, kind, [...ids].sort(), scope);
        for (const id of ids) this.cache.put(scope, `${kind.kind}|${id}`, found.get(id) ?? null, generation);
        return found;
      },
      onDispatch: (ids, requests) => {
        this.observer.batch?.({ service: kind.service, kind: kind.kind, ids, requests });
        if (requests > 1) this.observer.saved?.({ service: kind.service, kind: kind.kind, reason: 'batching', calls: requests - 1 });
      },
      onIdle: () => {
        if (this.batchers.get(key) === batcher) this.batchers.delete(key);
      },
    });
    b = batcher;
    this.batchers.set(key, b as Batcher<unknown>);
    return b;
  }

  private async bounded<T>(scope: Scope, kind: string, task: () => Promise<T>): Promise<T> {
    const key = `${scopeKey(scope)}|${kind}`;
    let s = this.semaphores.get(key);
    if (!s) {
      s = new Semaphore(this.options.perItemConcurrency);
      this.semaphores.set(key, s);
    }
    try {
      return await s.run(task);
    } finally {
      if (s.idle && this.semaphores.get(key) === s) this.semaphores.delete(key);
    }
  }
}

/** AWS refused the batch because of one of its ids (unknown or malformed), not because of the call. */
function isItemError(err: unknown): boolean {
  if (!isAwsError(err)) return false;
  if (err.code === ErrorCode.NOT_FOUND) return true;
  return err.code === ErrorCode.BAD_USER_INPUT && (err.awsCode.endsWith('.Malformed') || err.awsCode === 'ValidationException');
}

/**
 * Some APIs fail a whole call for one unknown id (DescribeMacModificationTasks by ids has no id
 * filter). Such a batch is bisected: one bad id among n costs about 2·log2(n) extra calls, not n,
 * and ends as its own null.
 */
async function fetchSplitting<V>(send: ScopedSend, kind: LookupKind<V>, ids: string[], scope: Scope): Promise<Map<string, V>> {
  try {
    return await kind.fetch(send, ids, scope);
  } catch (err) {
    if (!isItemError(err)) throw err;
    if (ids.length === 1) return new Map();
    const mid = Math.ceil(ids.length / 2);
    const [a, b] = await Promise.all([fetchSplitting(send, kind, ids.slice(0, mid), scope), fetchSplitting(send, kind, ids.slice(mid), scope)]);
    return new Map([...a, ...b]);
  }
}
