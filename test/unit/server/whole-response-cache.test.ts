import { scopeOf } from '../../../src/aws/scope';
import { WholeResponseCache, type CachedAnswer, type Execution, type RunSpec } from '../../../src/server/response-cache/cache';
import { responseKey } from '../../../src/server/response-cache/key';

const east = scopeOf('210987654321', 'us-east-1');
const west = scopeOf('210987654321', 'eu-west-1');

function clock() {
  let t = 10_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const answerOf = (text: string): CachedAnswer => ({ status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(text), errorCodes: [] });

/** An operation the test finishes by hand: what it read, and its answer. */
function executions() {
  const runs: Array<{ spec: RunSpec; finish(text: string, opts?: { cacheable?: boolean; cachedAt?: number; scopes?: typeof east[] }): void; fail(err: Error): void }> = [];
  const execute = (spec: RunSpec) =>
    new Promise<Execution>((resolve, reject) => {
      runs.push({
        spec,
        finish: (text, opts = {}) => {
          for (const s of opts.scopes ?? [east]) spec.reads.scope(s);
          if (opts.cachedAt !== undefined) spec.reads.cached(opts.cachedAt);
          resolve({ answer: answerOf(text), cacheable: opts.cacheable ?? true });
        },
        fail: reject,
      });
    });
  return { runs, execute };
}

const text = async (p: Promise<CachedAnswer> | undefined, a?: CachedAnswer) => (a ?? (await p!)).body.toString();

describe('whole-response cache', () => {
  const make = (c: ReturnType<typeof clock>, maxBytes = 1_000_000) => new WholeResponseCache({ ttlMs: 2000, maxBytes, maxEntries: 100, clock: c });

  it('identical requests while one executes share its execution; later ones get the kept answer until the TTL passes', async () => {
    const c = clock();
    const cache = make(c);
    const { runs, execute } = executions();
    const a = cache.answer('k', c.now(), execute);
    const b = cache.answer('k', c.now(), execute);
    expect([a.served, b.served]).toEqual(['executed', 'coalesced']);
    expect(runs).toHaveLength(1);
    runs[0].finish('one');
    expect([await text(a.promise), await text(b.promise)]).toEqual(['one', 'one']);

    c.advance(1000);
    const hit = cache.answer('k', c.now(), execute);
    expect(hit.served).toBe('cache');
    expect(await text(undefined, hit.answer)).toBe('one');
    c.advance(1001);
    expect(cache.answer('k', c.now(), execute).served).toBe('executed');
    expect(runs).toHaveLength(2);
  });

  it('an answer built on cached AWS reads is as old as its oldest read', async () => {
    const c = clock();
    const cache = make(c);
    const { runs, execute } = executions();
    const first = cache.answer('k', c.now(), execute);
    runs[0].finish('old parts', { cachedAt: c.now() - 1500 });
    await first.promise;
    c.advance(501);
    expect(cache.answer('k', c.now(), execute).served).toBe('executed');
  });

  it('a mutation in a scope the answer read drops it and keeps a running execution from storing or being joined', async () => {
    const c = clock();
    const cache = make(c);
    const { runs, execute } = executions();
    const kept = cache.answer('east', c.now(), execute);
    runs[0].finish('east answer', { scopes: [east] });
    await kept.promise;
    const westKept = cache.answer('west', c.now(), execute);
    runs[1].finish('west answer', { scopes: [west] });
    await westKept.promise;

    cache.invalidate(east);
    expect(cache.answer('east', c.now(), execute).served).toBe('executed');
    expect(cache.answer('west', c.now(), execute).served).toBe('cache');

    // runs[2] is the east execution just started: it read east before the next mutation.
    runs[2].spec.reads.scope(east);
    cache.invalidate(east);
    const after = cache.answer('east', c.now(), execute);
    expect(after.served).toBe('executed');
    runs[2].finish('before the mutation');
    runs[3].finish('after the mutation');
    expect(await text(after.promise)).toBe('after the mutation');
    expect(await text(undefined, cache.answer('east', c.now(), execute).answer)).toBe('after the mutation');
  });

  it('keeps only what the caller marks cacheable (answers with errors execute every time)', async () => {
    const c = clock();
    const cache = make(c);
    const { runs, execute } = executions();
    const a = cache.answer('k', c.now(), execute);
    runs[0].finish('partial', { cacheable: false });
    await a.promise;
    expect(cache.answer('k', c.now(), execute).served).toBe('executed');
    expect(cache.stats().entries).toBe(0);
  });

  it('a kept answer asked for in the last quarter of its TTL is answered at once and refreshed once in the background, live', async () => {
    const c = clock();
    const cache = make(c);
    const { runs, execute } = executions();
    const a = cache.answer('k', c.now(), execute);
    runs[0].finish('v1');
    await a.promise;
    c.advance(1499);
    expect(cache.answer('k', c.now(), execute).served).toBe('cache');
    expect(runs).toHaveLength(1);
    c.advance(1);
    const during = [cache.answer('k', c.now(), execute), cache.answer('k', c.now(), execute)];
    expect(during.map((d) => d.served)).toEqual(['cache', 'cache']);
    expect(await text(undefined, during[0].answer)).toBe('v1');
    expect(runs).toHaveLength(2);
    expect(runs[1].spec.refresh).toBe(true);
    runs[1].finish('v2');
    await Promise.resolve();
    await Promise.resolve();
    c.advance(1000);
    const next = cache.answer('k', c.now(), execute);
    expect(next.served).toBe('cache');
    expect(await text(undefined, next.answer)).toBe('v2');
  });

  it('a joined execution whose cached reads are too old for a later arrival runs again for it', async () => {
    const c = clock();
    const cache = make(c);
    const { runs, execute } = executions();
    const first = cache.answer('k', c.now(), execute);
    c.advance(1000);
    const joiner = cache.answer('k', c.now(), execute);
    expect(joiner.served).toBe('coalesced');
    // The first execution used an AWS answer read 1.5 s before the first request arrived: too old for the joiner.
    runs[0].finish('stale for the joiner', { cachedAt: 10_000 - 1500 });
    expect(await text(first.promise)).toBe('stale for the joiner');
    await new Promise((r) => setImmediate(r));
    expect(runs).toHaveLength(2);
    runs[1].finish('fresh');
    expect(await text(joiner.promise)).toBe('fresh');
  });

  it('answers larger than a quarter of the byte bound are not kept; 0 bytes keeps nothing but still coalesces', async () => {
    const c = clock();
    const small = make(c, 4000);
    const { runs, execute } = executions();
    const big = small.answer('k', c.now(), execute);
    runs[0].finish('x'.repeat(2000));
    await big.promise;
    expect(small.stats()).toEqual({ bytes: 0, entries: 0 });

    const none = new WholeResponseCache({ ttlMs: 2000, maxBytes: 0, maxEntries: 100, clock: c });
    const x = none.answer('k', c.now(), execute);
    const y = none.answer('k', c.now(), execute);
    expect([x.served, y.served]).toEqual(['executed', 'coalesced']);
    runs[1].finish('shared');
    expect(await text(y.promise)).toBe('shared');
    expect(none.answer('k', c.now(), execute).served).toBe('executed');
  });
});

describe('whole-response cache key', () => {
  const base = { query: '{ instances { nodes { id } } }', operationName: undefined, variables: {}, roles: ['viewer'], accept: 'application/json' };

  it('differs by roles, variables, operation, Accept and document; not by the order roles are listed in', () => {
    const k = responseKey(base);
    expect(responseKey({ ...base, roles: ['operator'] })).not.toBe(k);
    expect(responseKey({ ...base, variables: { first: 5 } })).not.toBe(k);
    expect(responseKey({ ...base, operationName: 'A' })).not.toBe(k);
    expect(responseKey({ ...base, accept: 'application/graphql-response+json' })).not.toBe(k);
    expect(responseKey({ ...base, query: '{ instances { nodes { id name } } }' })).not.toBe(k);
    expect(responseKey({ ...base, roles: ['viewer', 'operator'] })).toBe(responseKey({ ...base, roles: ['operator', 'viewer'] }));
  });
});
