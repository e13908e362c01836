import { RefreshingCredentials, REFRESH_BEFORE_EXPIRY_MS, type TemporaryCredentials } from '../../../src/aws/accounts/refreshing-credentials';

/** AssumeRole on a clock the test moves: each call issues the next session, valid for an hour. */
function sts(clock: { now: number }) {
  let issued = 0;
  const pending: Array<{ resolve: (c: TemporaryCredentials) => void; reject: (e: Error) => void }> = [];
  return {
    calls: () => issued,
    /** Answers at once, or waits for settle() when `manual`. */
    assume: (manual = false) => (): Promise<TemporaryCredentials> => {
      issued++;
      const creds = { accessKeyId: `ASIA${issued}`, secretAccessKey: 's', sessionToken: `t${issued}`, expiration: new Date(clock.now + 3600_000) };
      if (!manual) return Promise.resolve(creds);
      return new Promise((resolve, reject) => pending.push({ resolve: () => resolve(creds), reject }));
    },
    settle: (err?: Error) => {
      for (const p of pending.splice(0)) (err ? p.reject(err) : p.resolve(undefined as never));
    },
  };
}

describe('one account\'s assumed-role credentials', () => {
  it('are assumed once and shared, by concurrent callers too', async () => {
    const clock = { now: 0 };
    const s = sts(clock);
    const creds = new RefreshingCredentials(s.assume(true), () => clock.now);
    const both = Promise.all([creds.get(), creds.get()]);
    s.settle();
    const [a, b] = await both;
    expect(a.accessKeyId).toBe('ASIA1');
    expect(b).toBe(a);
    expect((await creds.get()).accessKeyId).toBe('ASIA1');
    expect(s.calls()).toBe(1);
  });

  it('are renewed before they expire, not after', async () => {
    const clock = { now: 0 };
    const s = sts(clock);
    const creds = new RefreshingCredentials(s.assume(), () => clock.now);
    await creds.get();
    clock.now = 3600_000 - REFRESH_BEFORE_EXPIRY_MS - 1;
    expect((await creds.get()).accessKeyId).toBe('ASIA1');
    clock.now += 1;
    expect((await creds.get()).accessKeyId).toBe('ASIA2');
    expect(s.calls()).toBe(2);
  });

  it('a failed AssumeRole is not kept: the next call asks again', async () => {
    const clock = { now: 0 };
    let fail = true;
    let calls = 0;
    const creds = new RefreshingCredentials(async () => {
      calls++;
      if (fail) throw new Error('AccessDenied');
      return { accessKeyId: 'ASIA', secretAccessKey: 's' };
    }, () => clock.now);
    await expect(creds.get()).rejects.toThrow('AccessDenied');
    fail = false;
    expect((await creds.get()).accessKeyId).toBe('ASIA');
    expect(calls).toBe(2);
  });

  it('revoked early (AWS says expired): dropped once, however many calls were refused with them', async () => {
    const clock = { now: 1000 };
    const s = sts(clock);
    const creds = new RefreshingCredentials(s.assume(), () => clock.now);
    await creds.get();
    const refusedCallStarted = clock.now;
    clock.now += 10;
    creds.invalidate(refusedCallStarted);
    expect((await creds.get()).accessKeyId).toBe('ASIA2');
    // A second call refused with the old session (it started before the renewal) changes nothing.
    creds.invalidate(refusedCallStarted);
    expect((await creds.get()).accessKeyId).toBe('ASIA2');
    expect(s.calls()).toBe(2);
  });
});
