import type { Clock } from './clock';
import type { Coordination } from './coordination/coordination';
import type { TaskPubSub } from './pubsub';
import { fingerprint, sameTask, snapshotOf, type TaskReading, type TaskSnapshot } from './task-event';
import { taskKey, Topics, type TaskRef } from './task-ref';

export interface Observation {
  /** The state differs from the stored snapshot (or there was none). */
  changed: boolean;
  /** What was published to the task and fleet topics, if anything. */
  published: TaskSnapshot | null;
}

/**
 * What changed: compares each observation with the task's stored snapshot, numbers the changes
 * and publishes them on the task's topic and the fleet topic. Snapshots live in `Coordination`,
 * so every replica numbers one task's changes in one sequence.
 */
export class ChangeFeed {
  /** Tasks created through this gateway: their first observation is an event (previousState null). */
  private readonly announceFirst = new Set<string>();
  private readonly observing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly coordination: Coordination,
    private readonly pubsub: TaskPubSub,
    private readonly clock: Clock,
  ) {}

  /** The task was just created through this gateway: announce its first state. */
  expectCreation(ref: TaskRef): void {
    this.announceFirst.add(taskKey(ref));
  }

  /** The task is no longer watched. */
  forget(ref: TaskRef): void {
    this.announceFirst.delete(taskKey(ref));
  }

  stored(ref: TaskRef): Promise<TaskSnapshot | null> {
    return this.coordination.getSnapshot(taskKey(ref));
  }

  /**
   * Observations of one task run one at a time (a mutation's answer and a poll can arrive
   * together), so each reads the snapshot the previous one wrote and seq never repeats.
   */
  observe(ref: TaskRef, reading: TaskReading): Promise<Observation> {
    return this.serialised(ref, () => this.observeNow(ref, reading));
  }

  /**
   * Record a state as the task's starting point without announcing it (the fleet scan's first
   * sight of a task someone else started). A stored snapshot is kept: polls report changes.
   */
  baseline(ref: TaskRef, reading: TaskReading): Promise<void> {
    return this.serialised(ref, async () => {
      const key = taskKey(ref);
      // A change this gateway made and has yet to observe (a stop that began a host's scrub) is
      // announced by the poll that sees it; a baseline now would swallow that event.
      if (this.announceFirst.has(key) || (await this.coordination.getSnapshot(key))) return;
      await this.coordination.setSnapshot(key, snapshotOf(ref, reading, null, this.clock.now()));
    });
  }

  private serialised<T>(ref: TaskRef, run: () => Promise<T>): Promise<T> {
    const key = taskKey(ref);
    const previous = this.observing.get(key) ?? Promise.resolve();
    const result = previous.then(run);
    const tail = result.catch(() => undefined);
    this.observing.set(key, tail);
    void tail.then(() => {
      if (this.observing.get(key) === tail) this.observing.delete(key);
    });
    return result;
  }

  private async observeNow(ref: TaskRef, reading: TaskReading): Promise<Observation> {
    const key = taskKey(ref);
    const announceFirst = this.announceFirst.delete(key);
    const stored = await this.coordination.getSnapshot(key);
    // Same id, different start time: not this task's past (ids are reused only by simulator resets).
    const previous = stored && sameTask(stored, reading) ? stored : null;
    // Most polls change nothing: compare before building (and copying) the new snapshot.
    if (previous && fingerprint(previous) === fingerprint(reading)) return { changed: false, published: null };
    const next = snapshotOf(ref, reading, previous, this.clock.now());
    // First sight of a task someone else created is a baseline, not an event.
    const announce = previous !== null || announceFirst;
    // Never lower seq: subscribers drop anything at or below what they have seen.
    next.seq = (stored?.seq ?? 0) + (announce ? 1 : 0);
    await this.coordination.setSnapshot(key, next);
    if (!announce) return { changed: true, published: null };
    this.pubsub.publish(Topics.task(ref), next);
    this.pubsub.publish(Topics.fleet, next);
    return { changed: true, published: next };
  }
}
