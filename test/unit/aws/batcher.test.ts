import { Batcher } from '../../../src/aws/batch/batcher';

/** A load function whose calls the test completes by hand. */
function manualLoad() {
  const calls: Array<{ ids: string[]; resolve(rows: Map<string, string>): void; reject(err: unknown): void }> = [];
  const load = (ids: string[]) =>
    new Promise<Map<string, string>>((resolve, reject) => {
      calls.push({ ids, resolve, reject });
    });
  const answer = (i: number) => calls[i].resolve(new Map(calls[i].ids.filter((id) => !id.startsWith('x')).map((id) => [id, `row:${id}`])));
  return { calls, load, answer };
}

/** Fake time moves `ms`; the batcher's after-I/O check (a real setImmediate) then runs. */
async function tick(ms = 0): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
  await new Promise((resolve) => setImmediate(resolve));
  await jest.advanceTimersByTimeAsync(0);
}

describe('cross-request batcher', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('joins ids asked within the window into one call, each id once, and answers each caller', async () => {
    const { calls, load, answer } = manualLoad();
    const dispatched: Array<[number, number]> = [];
    const b = new Batcher<string>({ maxBatchSize: 200, windowMs: 5, maxInFlight: 1, load, onDispatch: (ids, requests) => dispatched.push([ids, requests]) });
    const r1 = {};
    const r2 = {};
    const a = b.load('a', r1).promise;
    const b1 = b.load('b', r1).promise;
    const b2 = b.load('b', r2).promise;
    const x = b.load('x-unknown', r2).promise;
    await tick(4);
    expect(calls).toHaveLength(0);
    await tick(1);
    expect(calls.map((c) => c.ids)).toEqual([['a', 'b', 'x-unknown']]);
    expect(dispatched).toEqual([[3, 2]]);
    answer(0);
    expect(await Promise.all([a, b1, b2, x])).toEqual(['row:a', 'row:b', 'row:b', null]);
  });

  it('a stream of ids keeps the batch open until it pauses for a window, but never past maxWaitMs', async () => {
    const { calls, load } = manualLoad();
    const b = new Batcher<string>({ maxBatchSize: 200, windowMs: 5, maxWaitMs: 40, maxInFlight: 1, load });
    // One id every 4 ms (less than the window): still one batch at 20 ms.
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      void b.load(id, {});
      await tick(4);
    }
    expect(calls).toHaveLength(0);
    await tick(5);
    expect(calls.map((c) => c.ids)).toEqual([['a', 'b', 'c', 'd', 'e']]);

    // A stream that never pauses goes at maxWaitMs.
    const other = new Batcher<string>({ maxBatchSize: 200, windowMs: 5, maxWaitMs: 40, maxInFlight: 1, load });
    for (let i = 0; i < 15; i++) {
      void other.load(`s${i}`, {});
      await tick(3);
    }
    expect(calls.map((c) => c.ids.length)).toEqual([5, 14]);
  });

  it('sends a full batch at once, at exactly maxBatchSize ids', async () => {
    const { calls, load, answer } = manualLoad();
    const b = new Batcher<string>({ maxBatchSize: 3, windowMs: 1000, maxInFlight: 1, load });
    for (const id of ['a', 'b', 'c', 'd']) void b.load(id, {});
    expect(calls.map((c) => c.ids)).toEqual([['a', 'b', 'c']]);
    await tick(1000);
    // The rest is due, but waits (and keeps filling) while the full call is in flight.
    expect(calls).toHaveLength(1);
    answer(0);
    await tick(0);
    expect(calls.map((c) => c.ids)).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('an id already in a call in flight joins that call instead of starting another', async () => {
    const { calls, load, answer } = manualLoad();
    const b = new Batcher<string>({ maxBatchSize: 200, windowMs: 5, maxInFlight: 1, load });
    const first = b.load('a', {});
    await tick(5);
    const again = b.load('a', {});
    expect(again.joined).toBe('inflight');
    expect(again.promise).toBe(first.promise);
    answer(0);
    expect(await again.promise).toBe('row:a');
    await tick(0);
    // Settled: the next ask is a new call.
    expect(b.load('a', {}).joined).toBe('new');
  });

  it('while a call is in flight, a partial batch keeps filling instead of going out', async () => {
    const { calls, load, answer } = manualLoad();
    const b = new Batcher<string>({ maxBatchSize: 200, windowMs: 5, maxInFlight: 1, load });
    void b.load('a', {});
    await tick(5);
    void b.load('b', {});
    await tick(50);
    void b.load('c', {});
    await tick(50);
    expect(calls.map((c) => c.ids)).toEqual([['a']]);
    answer(0);
    await tick(0);
    expect(calls.map((c) => c.ids)).toEqual([['a'], ['b', 'c']]);
  });

  it("a call's failure reaches only the ids it carried", async () => {
    const { calls, load, answer } = manualLoad();
    const b = new Batcher<string>({ maxBatchSize: 2, windowMs: 5, maxInFlight: 2, load });
    const [a, bb, c] = ['a', 'b', 'c'].map((id) => b.load(id, {}).promise);
    await tick(5);
    calls[0].reject(new Error('AWS said no'));
    answer(1);
    await expect(a).rejects.toThrow('AWS said no');
    await expect(bb).rejects.toThrow('AWS said no');
    await expect(c).resolves.toBe('row:c');
  });

  it('after forgetInFlight (a mutation), the same id starts a new call', async () => {
    const { calls, load } = manualLoad();
    const b = new Batcher<string>({ maxBatchSize: 1, windowMs: 5, maxInFlight: 2, load });
    void b.load('a', {});
    b.forgetInFlight();
    expect(b.load('a', {}).joined).toBe('new');
    expect(calls).toHaveLength(2);
  });

  it('says when it is idle', async () => {
    const { load, answer } = manualLoad();
    let idle = 0;
    const b = new Batcher<string>({ maxBatchSize: 5, windowMs: 5, maxInFlight: 1, load, onIdle: () => idle++ });
    const p = b.load('a', {}).promise;
    expect(b.idle).toBe(false);
    await tick(5);
    answer(0);
    await p;
    await tick(0);
    expect(b.idle).toBe(true);
    expect(idle).toBe(1);
  });
});
