import type { TaskSnapshot } from '../task-event';

/**
 * What replicas share about watched tasks: who polls each one (a lease) and its latest
 * snapshot (so a replica that takes a lease over does not re-announce old changes, and
 * subscribers on any replica get the current state without an AWS call).
 */
export interface Coordination {
  /** Take or extend this replica's lease on `key`; false when another replica holds it. */
  acquire(key: string): Promise<boolean>;
  /** Give up one lease (the task is no longer watched here). */
  release(key: string): Promise<void>;
  /** Give up this replica's leases (shutdown), so others take over at once. */
  releaseAll(): Promise<void>;
  getSnapshot(key: string): Promise<TaskSnapshot | null>;
  setSnapshot(key: string, snapshot: TaskSnapshot): Promise<void>;
  close(): Promise<void>;
}

/** One process: every lease is ours, snapshots live in memory. */
export class MemoryCoordination implements Coordination {
  private readonly snapshots = new Map<string, TaskSnapshot>();
  async acquire(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  async releaseAll(): Promise<void> {}
  async getSnapshot(key: string): Promise<TaskSnapshot | null> {
    return this.snapshots.get(key) ?? null;
  }
  async setSnapshot(key: string, snapshot: TaskSnapshot): Promise<void> {
    this.snapshots.set(key, snapshot);
    // Bounded: terminal snapshots of long-gone tasks are not worth keeping forever.
    if (this.snapshots.size > 10_000) {
      for (const [k, s] of this.snapshots) {
        if (s.isTerminal) this.snapshots.delete(k);
        if (this.snapshots.size <= 8_000) break;
      }
    }
  }
  async close(): Promise<void> {}
}
