import { isAwsError, type Aws } from '../aws';
import { createLoaders } from '../loaders';
import type { Logger } from '../observability/logger';
import type { AutomationExecution } from '../schema/automation.type';
import { TaskEventKind } from '../schema/enums';
import type { MacModificationTask } from '../schema/mac-task.type';
import type { Coordination } from './coordination/coordination';
import type { TaskPubSub } from './pubsub';
import { fingerprint, snapshotOf, toJson, type TaskSnapshot } from './task-event';
import { taskKey, Topics, type TaskRef } from './task-key';

export interface WatcherOptions {
  /** Poll interval right after a change or a mutation. */
  minIntervalMs: number;
  /** Ceiling of the back-off while nothing changes. */
  maxIntervalMs: number;
  /** How often to look for the account's active tasks while a fleet-wide subscriber listens. */
  discoveryIntervalMs: number;
  /** Regions scanned for active tasks. */
  regions: string[];
  /** Scheduler resolution. */
  tickMs?: number;
}

export interface WatcherObserver {
  watchedTasks?(n: number): void;
  pollLag?(seconds: number): void;
}

interface Watched {
  ref: TaskRef;
  listeners: number;
  /** Created or changed through this gateway: watch until terminal. */
  created: boolean;
  /** Created through this gateway: its first observation is an event (previousState null). */
  announceFirst: boolean;
  /** Found by the fleet scan. */
  discovered: boolean;
  intervalMs: number;
  nextAt: number;
  misses: number;
  /** Consecutive failed polls (AWS errors): drives the error back-off. */
  errors: number;
  /** When this replica last saw the task's state (0 = never). */
  lastSeenAt: number;
}

const BACKOFF = 1.5;
/** Same task (not a reused id): same start time, and no way back from a terminal state. */
function sameTask(stored: TaskSnapshot, observed: MacModificationTask | AutomationExecution): boolean {
  const storedStart = stored.macModificationTask?.startTime ?? stored.automationExecution?.startTime ?? null;
  const time = (v: Date | string | null | undefined) => (v ? new Date(v).getTime() : null);
  return time(storedStart) === time(observed.startTime) && !(stored.isTerminal && !observed.isTerminal);
}

/** A task that AWS keeps not finding (eventual consistency aside) stops being polled. */
const MAX_MISSES = 10;

/**
 * Polls watched tasks in batches and publishes each observed change. The set of watched tasks
 * (and so the AWS calls per interval) depends on tasks, never on how many subscribers listen:
 * subscribers only bump a listener count and read the shared snapshot.
 */
export class TaskWatcher {
  private readonly watched = new Map<string, Watched>();
  private readonly pendingSnapshots = new Map<string, Promise<TaskSnapshot | null>>();
  private readonly observing = new Map<string, Promise<void>>();
  private fleetListeners = 0;
  private nextDiscoveryAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    /** A fresh view of AWS: polls must see tasks as they are now, never a cached answer. */
    private readonly aws: Aws,
    private readonly pubsub: TaskPubSub,
    private readonly coordination: Coordination,
    private readonly options: WatcherOptions,
    private readonly logger: Logger,
    private readonly observer: WatcherObserver = {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    await this.coordination.releaseAll();
  }

  /** A per-task subscriber starts listening; call the returned function when it stops. */
  addListener(ref: TaskRef): () => void {
    const w = this.ensure(ref);
    w.listeners++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      w.listeners--;
      this.maybeForget(w);
    };
  }

  /** A fleet-wide subscriber starts listening: the watcher scans for active tasks meanwhile. */
  addFleetListener(): () => void {
    this.fleetListeners++;
    if (this.fleetListeners === 1) this.nextDiscoveryAt = 0;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.fleetListeners--;
      if (this.fleetListeners === 0) for (const w of [...this.watched.values()]) this.maybeForget(w);
    };
  }

  /**
   * A mutation created or changed this task: watch it until it ends and poll it soon. The state
   * the mutation returned is an observation in its own right, announced at once (a creation
   * shows up with previousState null).
   */
  async taskActivity(ref: TaskRef, observed?: MacModificationTask | AutomationExecution | null, options: { created?: boolean } = {}): Promise<void> {
    const w = this.ensure(ref);
    w.created = true;
    if (options.created) w.announceFirst = true;
    w.intervalMs = this.options.minIntervalMs;
    w.nextAt = Date.now() + this.options.minIntervalMs;
    if (observed) await this.observe(w, observed, Date.now());
  }

  /**
   * The latest known state: from the shared snapshot when one exists (no AWS call), otherwise one
   * coalesced fetch however many subscribers ask at once. Null when AWS does not know the task.
   */
  async snapshot(ref: TaskRef): Promise<TaskSnapshot | null> {
    const key = taskKey(ref);
    const stored = await this.coordination.getSnapshot(key);
    const w = this.watched.get(key);
    // Trust the stored state when it cannot change any more, or when this replica saw it lately;
    // a snapshot left from an earlier watch may be hours old.
    const recent = w !== undefined && Date.now() - w.lastSeenAt < 2 * this.options.maxIntervalMs;
    if (stored && (stored.isTerminal || recent)) return stored;
    let pending = this.pendingSnapshots.get(key);
    if (!pending) {
      pending = this.fetch([ref])
        .then(async (found) => {
          const observed = found.get(key);
          if (observed instanceof Error) throw observed;
          if (!observed) return null;
          // Through the normal path: a change found this way is published like any other.
          const watched = this.ensure(ref);
          await this.observe(watched, observed, Date.now());
          this.maybeForget(watched);
          return this.coordination.getSnapshot(key);
        })
        .finally(() => this.pendingSnapshots.delete(key));
      this.pendingSnapshots.set(key, pending);
    }
    return pending;
  }

  private ensure(ref: TaskRef): Watched {
    const key = taskKey(ref);
    let w = this.watched.get(key);
    if (!w) {
      w = { ref, listeners: 0, created: false, announceFirst: false, discovered: false, intervalMs: this.options.minIntervalMs, nextAt: Date.now() + this.options.minIntervalMs, misses: 0, errors: 0, lastSeenAt: 0 };
      this.watched.set(key, w);
      this.observer.watchedTasks?.(this.watched.size);
    }
    return w;
  }

  private maybeForget(w: Watched): void {
    const wanted = w.listeners > 0 || w.created || (w.discovered && this.fleetListeners > 0);
    if (!wanted) this.forget(w);
  }

  private forget(w: Watched): void {
    const key = taskKey(w.ref);
    this.watched.delete(key);
    this.observer.watchedTasks?.(this.watched.size);
    // Hand the lease back at once: another replica may still have listeners for this task.
    this.coordination.release(key).catch((err: unknown) => this.logger.warn({ err }, 'could not release a task lease'));
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick()
        .catch((err: unknown) => this.logger.warn({ err }, 'task watcher tick failed'))
        .finally(() => this.schedule());
    }, this.options.tickMs ?? 200);
    this.timer.unref();
  }

  /**
   * One scheduler pass: scan for active tasks if due, then poll every due task we hold the lease
   * for. `force` treats everything as due (tests drive the watcher this way).
   */
  async tick(force = false): Promise<void> {
    const now = Date.now();
    if (this.fleetListeners > 0 && (force || now >= this.nextDiscoveryAt)) {
      this.nextDiscoveryAt = now + this.options.discoveryIntervalMs;
      // A failed scan must not stop the polling of tasks already watched.
      await this.discover().catch((err: unknown) => this.logger.warn({ err }, 'task discovery failed; retrying at the next scan'));
    }
    const due = [...this.watched.values()].filter((w) => force || w.nextAt <= now);
    if (!due.length) return;
    const mine: Watched[] = [];
    await Promise.all(
      due.map(async (w) => {
        if (await this.coordination.acquire(taskKey(w.ref))) mine.push(w);
        else w.nextAt = now + w.intervalMs; // another replica polls it; check the lease again later
      }),
    );
    if (!mine.length) return;
    for (const w of mine) this.observer.pollLag?.(Math.max(0, now - w.nextAt) / 1000);
    const found = await this.fetch(mine.map((w) => w.ref));
    const failed: string[] = [];
    await Promise.all(
      mine.map((w) => {
        const outcome = found.get(taskKey(w.ref)) ?? null;
        if (!(outcome instanceof Error)) return this.observe(w, outcome, now);
        failed.push(isAwsError(outcome) ? outcome.awsCode : outcome.name);
        this.backOffAfterError(w, now);
        return undefined;
      }),
    );
    if (failed.length) this.logger.warn({ failed: failed.length, codes: [...new Set(failed)] }, 'task polls failed; backing off');
  }

  /**
   * AWS refused or failed (throttling, 5xx, permissions): wait longer each time, with jitter, so
   * the watcher eases off the account's token bucket instead of adding to it.
   */
  private backOffAfterError(w: Watched, now: number): void {
    w.errors++;
    const base = Math.min(this.options.maxIntervalMs * 4, this.options.minIntervalMs * 2 ** Math.min(w.errors, 10));
    w.nextAt = now + Math.round(base * (0.75 + Math.random() * 0.5));
  }

  /**
   * Observations of one task run one at a time (a mutation's answer and a poll can arrive
   * together), so each reads the snapshot the previous one wrote and seq never repeats.
   */
  private observe(w: Watched, observed: MacModificationTask | AutomationExecution | null, now: number): Promise<void> {
    const key = taskKey(w.ref);
    const previous = this.observing.get(key) ?? Promise.resolve();
    const run = previous.then(() => this.observeNow(w, observed, now));
    const tail = run.catch(() => undefined);
    this.observing.set(key, tail);
    void tail.then(() => {
      if (this.observing.get(key) === tail) this.observing.delete(key);
    });
    return run;
  }

  private async observeNow(w: Watched, observed: MacModificationTask | AutomationExecution | null, now: number): Promise<void> {
    const key = taskKey(w.ref);
    w.errors = 0;
    if (!observed) {
      w.misses++;
      // Subscribers are waiting on it: keep looking (slowly) rather than leave them hanging.
      if (w.misses >= MAX_MISSES && w.listeners === 0) this.forget(w);
      else w.nextAt = now + (w.misses >= MAX_MISSES ? this.options.maxIntervalMs : w.intervalMs);
      return;
    }
    w.misses = 0;
    w.lastSeenAt = now;
    const stored = await this.coordination.getSnapshot(key);
    // Same id, different start time: not this task's past (ids are reused only by simulator resets).
    const previous = stored && sameTask(stored, observed) ? stored : null;
    const next = toJson(snapshotOf(w.ref, observed, previous, new Date(now)));
    const changed = !previous || fingerprint(previous) !== fingerprint(next);
    if (changed) {
      // First sight of a task someone else created is a baseline, not an event.
      const announce = previous !== null || w.announceFirst;
      // Never lower seq: subscribers drop anything at or below what they have seen.
      next.seq = (stored?.seq ?? 0) + (announce ? 1 : 0);
      await this.coordination.setSnapshot(key, next);
      if (announce) {
        this.pubsub.publish(Topics.task(w.ref), next);
        this.pubsub.publish(Topics.fleet, next);
      }
      w.intervalMs = this.options.minIntervalMs;
    } else {
      w.intervalMs = Math.min(this.options.maxIntervalMs, Math.round(w.intervalMs * BACKOFF));
    }
    w.announceFirst = false;
    w.nextAt = now + w.intervalMs;
    if (next.isTerminal) this.forget(w);
  }

  /**
   * Current states of tasks, batched: Mac tasks 200 ids a call, executions 10 ids a call. A failed
   * batch fails only its own tasks (the outcome is the Error); absent tasks have no entry.
   */
  private async fetch(refs: TaskRef[]): Promise<Map<string, MacModificationTask | AutomationExecution | Error>> {
    const loaders = createLoaders(this.aws);
    const out = new Map<string, MacModificationTask | AutomationExecution | Error>();
    await Promise.all(
      refs.map(async (ref) => {
        const l = loaders.scope(this.aws.scope(ref.region));
        try {
          const found = ref.kind === TaskEventKind.MAC_MODIFICATION_TASK ? await l.macTask.load(ref.id) : await l.execution.load(ref.id);
          if (found) out.set(taskKey(ref), found);
        } catch (err) {
          out.set(taskKey(ref), err instanceof Error ? err : new Error(String(err)));
        }
      }),
    );
    return out;
  }

  /** Fleet scan: active Mac tasks and executions in each region become watched (as baselines). */
  private async discover(): Promise<void> {
    for (const region of this.options.regions) {
      // One replica scans a region at a time, so scan calls do not grow with replicas.
      if (!(await this.coordination.acquire(`discovery:${region}`))) continue;
      const scope = this.aws.scope(region);
      const [tasks, executions] = await Promise.all([this.aws.ec2(scope).activeMacTasks(), this.aws.ssm(scope).activeExecutions()]);
      const now = Date.now();
      const seen: Array<[Watched, MacModificationTask | AutomationExecution]> = [];
      for (const task of tasks) seen.push([this.ensure({ kind: TaskEventKind.MAC_MODIFICATION_TASK, region, id: task.id }), task]);
      for (const exec of executions) seen.push([this.ensure({ kind: TaskEventKind.AUTOMATION_EXECUTION, region, id: exec.id }), exec]);
      for (const [w, observed] of seen) {
        const fresh = !w.discovered;
        w.discovered = true;
        // Record the baseline only; polling (not the scan) reports changes, so no event is doubled.
        if (fresh && !(await this.coordination.getSnapshot(taskKey(w.ref)))) {
          const snap = toJson(snapshotOf(w.ref, observed, null, new Date(now)));
          snap.seq = 0;
          await this.coordination.setSnapshot(taskKey(w.ref), snap);
        }
      }
    }
  }
}
