import { setKey } from '../../../src/aws/cache/keys';
import { estimateBytes, ResponseCache } from '../../../src/aws/cache/response-cache';
import { scopeOf } from '../../../src/aws/scope';

const scope = scopeOf('210987654321', 'us-east-1');
const other = scopeOf('210987654321', 'eu-west-1');

function clock() {
  let t = 1000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('response cache', () => {
  it('shares an identical read in flight, then answers from the cache until the TTL passes (checked on read)', async () => {
    const c = clock();
    const cache = new ResponseCache({ ttlMs: 2000, maxBytes: 1_000_000, maxEntries: 100, clock: c });
    let loads = 0;
    let release!: (v: string) => void;
    const load = () => {
      loads++;
      return new Promise<string>((r) => (release = r));
    };
    const a = cache.read(scope, 'k', load);
    const b = cache.read(scope, 'k', load);
    expect([a.served, b.served]).toEqual(['loaded', 'coalesced']);
    release('v1');
    expect(await b.promise).toBe('v1');
    expect(cache.read(scope, 'k', load).served).toBe('cache');
    c.advance(2000);
    expect(cache.read(scope, 'k', load).served).toBe('cache');
    c.advance(1);
    expect(cache.read(scope, 'k', load).served).toBe('loaded');
    expect(loads).toBe(2);
    // The coalesced read missed the cache too (it was answered by the read in flight).
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 3 });
  });

  it('a request may use answers that were fresh when it arrived, even once the TTL has passed since', async () => {
    const c = clock();
    const cache = new ResponseCache({ ttlMs: 2000, maxBytes: 1_000_000, maxEntries: 100, clock: c });
    const arrived = c.now();
    c.advance(500);
    await cache.read(scope, 'k', async () => 'answer').promise;
    c.advance(5000);
    // Fetched 500 ms after this request arrived: as fresh for it as an instant answer would have been.
    expect(cache.read(scope, 'k', async () => 'again', { since: arrived }).served).toBe('cache');
    // A request arriving now needs a newer one.
    expect(cache.read(scope, 'k', async () => 'again', { since: c.now() }).served).toBe('loaded');
    // Nobody gets an answer read more than the TTL before they arrived.
    const storedAt = arrived + 500;
    expect(cache.peek(scope, 'k', storedAt + 2000)).toEqual({ value: 'answer' });
    expect(cache.peek(scope, 'k', storedAt + 2001)).toBeUndefined();
  });

  it('fresh reads skip the cache but still share a read in flight', async () => {
    const cache = new ResponseCache({ ttlMs: 60_000, maxBytes: 1_000_000, maxEntries: 100 });
    await cache.read(scope, 'k', async () => 'old').promise;
    const fresh = cache.read(scope, 'k', async () => 'new', { fresh: true });
    expect(fresh.served).toBe('loaded');
    expect(cache.read(scope, 'k', async () => 'other', { fresh: true }).served).toBe('coalesced');
    expect(await fresh.promise).toBe('new');
  });

  it('caches null answers ("no such id") and never errors', async () => {
    const cache = new ResponseCache({ ttlMs: 60_000, maxBytes: 1_000_000, maxEntries: 100 });
    await cache.read(scope, 'gone', async () => null).promise;
    expect(cache.peek(scope, 'gone')).toEqual({ value: null });
    await expect(cache.read(scope, 'bad', () => Promise.reject(new Error('boom'))).promise).rejects.toThrow('boom');
    expect(cache.peek(scope, 'bad')).toBeUndefined();
  });

  it('stays within its byte bound, evicting least recently used entries', async () => {
    const maxBytes = 50_000;
    const cache = new ResponseCache({ ttlMs: 60_000, maxBytes, maxEntries: 10_000 });
    const row = { id: 'i-0123456789abcdef0', tags: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: 'v'.repeat(40) })) };
    for (let i = 0; i < 500; i++) {
      await cache.read(scope, `page-${i}`, async () => Array.from({ length: 5 }, () => row)).promise;
      expect(cache.stats().bytes).toBeLessThanOrEqual(maxBytes);
    }
    const entrySize = estimateBytes(Array.from({ length: 5 }, () => row)) + 2 * 'page-499'.length + 2 * '210987654321/us-east-1|'.length + 8;
    expect(cache.stats().entries).toBe(Math.floor(maxBytes / entrySize));
    expect(cache.peek(scope, 'page-499')).toBeDefined();
    expect(cache.peek(scope, 'page-0')).toBeUndefined();
  });

  it('a mutation in a scope drops its answers and its reads in flight, and an earlier read never writes back', async () => {
    const cache = new ResponseCache({ ttlMs: 60_000, maxBytes: 1_000_000, maxEntries: 100 });
    await cache.read(scope, 'a', async () => 'cached').promise;
    await cache.read(other, 'a', async () => 'elsewhere').promise;
    let release!: (v: string) => void;
    const slow = cache.read(scope, 'b', () => new Promise<string>((r) => (release = r)));
    cache.invalidate(scope);
    expect(cache.peek(scope, 'a')).toBeUndefined();
    expect(cache.peek(other, 'a')).toEqual({ value: 'elsewhere' });
    // A read after the mutation does not join the one started before it.
    expect(cache.read(scope, 'b', async () => 'after').served).toBe('loaded');
    release('before');
    await slow.promise;
    await new Promise((r) => setImmediate(r));
    expect(cache.peek(scope, 'b')).toEqual({ value: 'after' });
  });

  it('TTL 0 keeps only in-flight sharing', async () => {
    const cache = new ResponseCache({ ttlMs: 0, maxBytes: 1_000_000, maxEntries: 100 });
    await cache.read(scope, 'k', async () => 'v').promise;
    expect(cache.read(scope, 'k', async () => 'v2').served).toBe('loaded');
    expect(cache.stats()).toMatchObject({ bytes: 0, entries: 0 });
  });
});

describe('cache keys for id sets', () => {
  it('are the same whatever the order of ids, values, filters or object keys', () => {
    expect(setKey({ query: { instanceIds: ['i-b', 'i-a'], states: ['running'] }, page: { maxResults: 5 } })).toBe(
      setKey({ page: { maxResults: 5 }, query: { states: ['running'], instanceIds: ['i-a', 'i-b', 'i-a'] } }),
    );
    expect(setKey({ tags: [{ key: 'b', values: ['2', '1'] }, { key: 'a' }] })).toBe(setKey({ tags: [{ key: 'a' }, { values: ['1', '2'], key: 'b' }] }));
    expect(setKey({ ids: ['i-a'], maxResults: 5 })).not.toBe(setKey({ ids: ['i-a'], maxResults: 6 }));
  });
});
