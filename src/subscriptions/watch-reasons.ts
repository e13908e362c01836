import { taskKey, type TaskRef } from './task-ref';

/**
 * Why a task is watched:
 * - `listener`: a per-task subscriber listens (while the count is above zero);
 * - `mutation`: a mutation through this gateway created or changed it (until it ends);
 * - `discovered`: the fleet scan found it active (while a `taskEvents` subscriber listens).
 * A task is watched exactly while it has a reason.
 */
export type WatchReason = 'listener' | 'mutation' | 'discovered';

interface Entry {
  ref: TaskRef;
  listeners: number;
  reasons: Set<WatchReason>;
}

export interface WatchEvents {
  /** A task gained its first reason. */
  watched(ref: TaskRef): void;
  /** A task lost its last reason. */
  unwatched(ref: TaskRef): void;
}

/** What others may read of the watched set (tests wait on `onChange` instead of sleeping). */
export type WatchView = Pick<WatchReasons, 'reasonsFor' | 'isWatched' | 'listenersOf' | 'fleetListeners' | 'size' | 'refs' | 'onChange'>;

/** The set of watched tasks and their reasons, and the count of fleet-wide listeners. */
export class WatchReasons {
  private readonly entries = new Map<string, Entry>();
  private fleet = 0;
  private readonly changeListeners = new Set<() => void>();

  constructor(private readonly events: WatchEvents) {}

  /** A per-task subscriber starts listening; the returned function ends it (once). */
  addListener(ref: TaskRef): () => void {
    const entry = this.entry(ref);
    entry.listeners++;
    this.add(entry, 'listener');
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The task may have ended (and been dropped) since; a later watch of it is another entry.
      if (this.entries.get(taskKey(ref)) !== entry) return;
      if (--entry.listeners === 0) this.remove(entry, ['listener']);
      else this.changed();
    };
  }

  /** A fleet-wide subscriber starts listening; the returned function ends it (once). */
  addFleetListener(): () => void {
    this.fleet++;
    this.changed();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.fleet === 0) for (const entry of [...this.entries.values()]) this.remove(entry, ['discovered']);
      this.changed();
    };
  }

  /** A mutation created or changed the task: watch it until it ends. */
  mutated(ref: TaskRef): void {
    this.add(this.entry(ref), 'mutation');
  }

  /**
   * The fleet scan found the task active. Kept only while a fleet listener exists; true when
   * this is news (the task was not known as discovered yet).
   */
  discovered(ref: TaskRef): boolean {
    if (this.fleet === 0) return false;
    const entry = this.entry(ref);
    if (entry.reasons.has('discovered')) return false;
    this.add(entry, 'discovered');
    return true;
  }

  /** The task reached a terminal state: nothing more will happen, so every reason ends. */
  ended(ref: TaskRef): void {
    const entry = this.entries.get(taskKey(ref));
    if (entry) this.remove(entry, ['listener', 'mutation', 'discovered']);
  }

  /** AWS keeps not finding the task: only listeners (who wait on it) keep it watched. */
  gaveUp(ref: TaskRef): void {
    const entry = this.entries.get(taskKey(ref));
    if (entry) this.remove(entry, ['mutation', 'discovered']);
  }

  reasonsFor(ref: TaskRef): ReadonlySet<WatchReason> {
    return this.entries.get(taskKey(ref))?.reasons ?? new Set();
  }

  isWatched(ref: TaskRef): boolean {
    return this.entries.has(taskKey(ref));
  }

  listenersOf(ref: TaskRef): number {
    return this.entries.get(taskKey(ref))?.listeners ?? 0;
  }

  get fleetListeners(): number {
    return this.fleet;
  }

  get size(): number {
    return this.entries.size;
  }

  refs(): TaskRef[] {
    return [...this.entries.values()].map((e) => e.ref);
  }

  /** The watched task with this key (see `taskKey`). */
  refByKey(key: string): TaskRef | undefined {
    return this.entries.get(key)?.ref;
  }

  /** Called after every change of listeners or reasons (tests wait on it instead of sleeping). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private entry(ref: TaskRef): Entry {
    const key = taskKey(ref);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { ref, listeners: 0, reasons: new Set() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private add(entry: Entry, reason: WatchReason): void {
    const first = entry.reasons.size === 0;
    entry.reasons.add(reason);
    if (first) this.events.watched(entry.ref);
    this.changed();
  }

  private remove(entry: Entry, reasons: WatchReason[]): void {
    for (const r of reasons) entry.reasons.delete(r);
    if (entry.reasons.size === 0 && this.entries.get(taskKey(entry.ref)) === entry) {
      this.entries.delete(taskKey(entry.ref));
      entry.listeners = 0;
      this.events.unwatched(entry.ref);
    }
    this.changed();
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }
}
