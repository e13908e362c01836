import { MAX_MISSES, PollSchedule, startTicking } from '../../../src/subscriptions/poll-schedule';
import { FakeClock, LeasedCoordination } from './fakes';

const MIN = 1000;
const MAX = 5000;

describe('when to poll', () => {
  let clock: FakeClock;
  let leases: LeasedCoordination;
  let jitter: number;
  let schedule: PollSchedule;
  const start = () => clock.now();
  beforeEach(() => {
    clock = new FakeClock();
    leases = new LeasedCoordination();
    jitter = 0.5;
    schedule = new PollSchedule({ minIntervalMs: MIN, maxIntervalMs: MAX }, leases, clock, () => jitter);
  });

  /** The delay before the next poll, from now. */
  const wait = (key: string) => (schedule.nextPollAt(key) as number) - clock.now();

  it('polls a new task one minimum interval after it is added, and not before', async () => {
    const t0 = start();
    schedule.add('a');
    expect(schedule.nextPollAt('a')).toBe(t0 + MIN);
    clock.advance(MIN - 1);
    expect(await schedule.claimDue()).toEqual([]);
    clock.advance(1);
    expect(await schedule.claimDue()).toEqual([{ key: 'a', lagMs: 0 }]);
    clock.advance(250);
    expect(await schedule.claimDue()).toEqual([{ key: 'a', lagMs: 250 }]); // still due: it has not been polled
    expect(await schedule.claimDue(true)).toEqual([{ key: 'a', lagMs: 250 }]);
  });

  it('backs off ×1.5 while nothing changes, up to the maximum', () => {
    schedule.add('a');
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      schedule.unchanged('a');
      waits.push(wait('a'));
    }
    expect(waits).toEqual([1500, 2250, 3375, 5000, 5000, 5000]);
  });

  it('speeds up to the minimum after a change or a mutation', () => {
    schedule.add('a');
    for (let i = 0; i < 4; i++) schedule.unchanged('a');
    schedule.changed('a');
    expect(wait('a')).toBe(MIN);
    for (let i = 0; i < 4; i++) schedule.unchanged('a');
    expect(wait('a')).toBe(MAX);
    schedule.speedUp('a');
    expect(wait('a')).toBe(MIN);
    schedule.unchanged('a');
    expect(wait('a')).toBe(1500);
  });

  it('backs off exponentially while AWS fails, with ±25% jitter, capped at 4× the maximum', () => {
    schedule.add('a');
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      schedule.failed('a');
      waits.push(wait('a'));
    }
    expect(waits).toEqual([2000, 4000, 8000, 16000, 20000, 20000]);
    jitter = 0;
    schedule.failed('a');
    expect(wait('a')).toBe(15000);
    jitter = 0.999;
    schedule.failed('a');
    expect(wait('a')).toBe(24990);
    // A successful poll ends the error streak: the next failure starts over.
    schedule.unchanged('a');
    jitter = 0.5;
    schedule.failed('a');
    expect(wait('a')).toBe(2000);
  });

  it('keeps looking for a task AWS does not find, at the slowest pace after many misses', () => {
    schedule.add('a');
    const misses: number[] = [];
    for (let i = 0; i < MAX_MISSES; i++) {
      misses.push(schedule.missing('a'));
      if (i < MAX_MISSES - 1) expect(wait('a')).toBe(MIN);
    }
    expect(misses.at(-1)).toBe(10);
    expect(wait('a')).toBe(MAX);
    schedule.changed('a'); // found after all: misses start over
    expect(schedule.missing('a')).toBe(1);
  });

  it('polls only tasks whose lease it holds; others are checked again one interval later', async () => {
    schedule.add('mine');
    schedule.add('theirs');
    leases.heldElsewhere.add('theirs');
    clock.advance(MIN);
    expect(await schedule.claimDue()).toEqual([{ key: 'mine', lagMs: 0 }]);
    expect(wait('theirs')).toBe(MIN);
    leases.heldElsewhere.clear(); // the other replica died; its lease expired
    clock.advance(MIN);
    expect((await schedule.claimDue()).map((d) => d.key).sort()).toEqual(['mine', 'theirs']);
  });

  it('hands the lease back when a task stops being scheduled', async () => {
    schedule.add('a');
    await schedule.remove('a');
    await schedule.remove('a');
    expect(leases.released).toEqual(['a']);
    expect(schedule.has('a')).toBe(false);
    schedule.changed('a'); // a late answer for a removed task changes nothing
    expect(schedule.has('a')).toBe(false);
  });

  it('trusts a stored state only within two maximum intervals of seeing it', () => {
    schedule.add('a');
    expect(schedule.seenRecently('a')).toBe(false);
    schedule.unchanged('a');
    clock.advance(2 * MAX - 1);
    expect(schedule.seenRecently('a')).toBe(true);
    clock.advance(1);
    expect(schedule.seenRecently('a')).toBe(false);
    expect(schedule.seenRecently('unknown')).toBe(false);
  });
});

describe('the scheduler heartbeat', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ticks every interval, never two at once, and stops after the tick in progress', async () => {
    const log: string[] = [];
    let finish: (() => void) | undefined;
    const ticker = startTicking(
      () =>
        new Promise<void>((resolve) => {
          log.push('start');
          finish = () => {
            log.push('end');
            resolve();
          };
        }),
      200,
    );
    await jest.advanceTimersByTimeAsync(199);
    expect(log).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['start']);
    await jest.advanceTimersByTimeAsync(1000); // the tick is still running: no second one
    expect(log).toEqual(['start']);
    finish?.();
    await jest.advanceTimersByTimeAsync(200);
    expect(log).toEqual(['start', 'end', 'start']);
    const stopped = ticker.stop();
    finish?.();
    await stopped;
    await jest.advanceTimersByTimeAsync(1000);
    expect(log).toEqual(['start', 'end', 'start', 'end']);
  });
});
