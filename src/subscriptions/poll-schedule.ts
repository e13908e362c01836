import type { Clock } from './clock';
import type { Coordination } from './coordination/coordination';

export interface PollScheduleOptions {
  /** Poll interval right after a change or a mutation. */
  minIntervalMs: number;
  /** Ceiling of the idle back-off while nothing changes. */
  maxIntervalMs: number;
}

/** Each unchanged poll waits this much longer than the last, up to the ceiling. */
export const IDLE_BACKOFF = 1.5;
/** A task AWS keeps not finding (eventual consistency aside) is given up after this many polls. */
export const MAX_MISSES = 10;
/** Error back-off doubles per consecutive failure, capped at 2^10 × min and at 4 × max. */
const MAX_ERROR_DOUBLINGS = 10;
const ERROR_CEILING_FACTOR = 4;

interface Slot {
  intervalMs: number;
  nextAt: number;
  /** Consecutive failed polls (AWS errors): drives the error back-off. */
  errors: number;
  /** Consecutive polls that did not find the task. */
  misses: number;
  /** When this replica last saw the task's state (0 = never). */
  lastSeenAt: number;
}

export interface DuePoll {
  key: string;
  /** How late the poll runs compared with when it was due. */
  lagMs: number;
}

/**
 * When each watched task is polled next: soon after a change or a mutation, backing off ×1.5
 * while nothing changes, and exponentially (with jitter) while AWS fails. Only the replica that
 * holds a task's lease (through `Coordination`) polls it, so polls do not grow with replicas.
 */
export class PollSchedule {
  private readonly slots = new Map<string, Slot>();

  constructor(
    private readonly options: PollScheduleOptions,
    private readonly coordination: Coordination,
    private readonly clock: Clock,
    /** Jitter source in [0, 1). */
    private readonly random: () => number = Math.random,
  ) {}

  /** Start scheduling a task: first poll one minimum interval from now. */
  add(key: string): void {
    if (this.slots.has(key)) return;
    this.slots.set(key, { intervalMs: this.options.minIntervalMs, nextAt: this.clock.now() + this.options.minIntervalMs, errors: 0, misses: 0, lastSeenAt: 0 });
  }

  /** Stop scheduling a task and hand its lease back at once (another replica may still want it). */
  async remove(key: string): Promise<void> {
    if (!this.slots.delete(key)) return;
    await this.coordination.release(key);
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  /** When the task is polled next (epoch ms), or undefined when it is not scheduled. */
  nextPollAt(key: string): number | undefined {
    return this.slots.get(key)?.nextAt;
  }

  /**
   * The due tasks whose lease this replica holds (`force`: every task, due or not). A task leased
   * elsewhere is checked again one interval later.
   */
  async claimDue(force = false): Promise<DuePoll[]> {
    const now = this.clock.now();
    const due = [...this.slots].filter(([, s]) => force || s.nextAt <= now);
    const mine: DuePoll[] = [];
    await Promise.all(
      due.map(async ([key, slot]) => {
        if (await this.coordination.acquire(key)) mine.push({ key, lagMs: Math.max(0, now - slot.nextAt) });
        else slot.nextAt = now + slot.intervalMs;
      }),
    );
    return mine;
  }

  /** A mutation touched the task: poll it soon, as after a change. */
  speedUp(key: string): void {
    this.reset(this.slots.get(key));
  }

  /** The poll saw a change: back to the minimum interval. */
  changed(key: string): void {
    this.reset(this.seen(key));
  }

  /** The poll saw no change: wait ×1.5 longer, up to the maximum. */
  unchanged(key: string): void {
    const slot = this.seen(key);
    if (!slot) return;
    slot.intervalMs = Math.min(this.options.maxIntervalMs, Math.round(slot.intervalMs * IDLE_BACKOFF));
    slot.nextAt = this.clock.now() + slot.intervalMs;
  }

  /**
   * AWS refused or failed (throttling, 5xx, permissions): wait longer each time, with jitter
   * (×0.75–1.25), so the watcher eases off the account's token bucket instead of adding to it.
   */
  failed(key: string): void {
    const slot = this.slots.get(key);
    if (!slot) return;
    slot.errors++;
    const { minIntervalMs, maxIntervalMs } = this.options;
    const base = Math.min(maxIntervalMs * ERROR_CEILING_FACTOR, minIntervalMs * 2 ** Math.min(slot.errors, MAX_ERROR_DOUBLINGS));
    slot.nextAt = this.clock.now() + Math.round(base * (0.75 + this.random() * 0.5));
  }

  /** AWS did not find the task. Returns the consecutive misses; past MAX_MISSES it is polled at the slowest pace. */
  missing(key: string): number {
    const slot = this.slots.get(key);
    if (!slot) return 0;
    slot.errors = 0;
    slot.misses++;
    slot.nextAt = this.clock.now() + (slot.misses >= MAX_MISSES ? this.options.maxIntervalMs : slot.intervalMs);
    return slot.misses;
  }

  /** This replica saw the task's state within two maximum intervals (its stored state is current). */
  seenRecently(key: string): boolean {
    const slot = this.slots.get(key);
    return slot !== undefined && slot.lastSeenAt > 0 && this.clock.now() - slot.lastSeenAt < 2 * this.options.maxIntervalMs;
  }

  private seen(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    slot.errors = 0;
    slot.misses = 0;
    slot.lastSeenAt = this.clock.now();
    return slot;
  }

  private reset(slot: Slot | undefined): void {
    if (!slot) return;
    slot.intervalMs = this.options.minIntervalMs;
    slot.nextAt = this.clock.now() + slot.intervalMs;
  }
}

/** The scheduler's heartbeat: `tick` every `everyMs` (never overlapping) until stopped. */
export function startTicking(tick: () => Promise<void>, everyMs: number): { stop(): Promise<void> } {
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => {
      current = tick().finally(schedule);
    }, everyMs);
    timer.unref();
  };
  schedule();
  return {
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
