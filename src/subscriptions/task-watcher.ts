import { isAwsError, scopeKey, type Aws, type Scope } from '../aws';
import { createLoaders } from '../loaders';
import type { Logger } from '../observability/logger';
import type { TaskEventKind } from '../schema/enums';
import { ChangeFeed } from './change-feed';
import { systemClock, type Clock } from './clock';
import type { Coordination } from './coordination/coordination';
import { FleetDiscovery } from './fleet-discovery';
import { defaultKinds, type KindRegistry } from './kinds';
import { MAX_MISSES, PollSchedule, startTicking } from './poll-schedule';
import type { TaskPubSub } from './pubsub';
import { isFinal, type TaskSnapshot } from './task-event';
import { scopeOfTask, taskKey, type TaskRef } from './task-ref';
import { WatchReasons, type WatchView } from './watch-reasons';

export interface WatcherOptions {
  /** Poll interval right after a change or a mutation. */
  minIntervalMs: number;
  /** Ceiling of the back-off while nothing changes. */
  maxIntervalMs: number;
  /** How often to look for active tasks while a fleet-wide subscriber listens. */
  discoveryIntervalMs: number;
  /** The scopes (account × region) the fleet scan covers. */
  scopes: () => readonly Scope[];
  /** Scheduler resolution. */
  tickMs?: number;
}

export interface WatcherObserver {
  watchedTasks?(n: number): void;
  pollLag?(seconds: number): void;
}

export interface WatcherDeps {
  /** A fresh view of AWS: polls must see tasks as they are now, never a cached answer. */
  aws: Aws;
  pubsub: TaskPubSub;
  coordination: Coordination;
  logger: Logger;
  observer?: WatcherObserver;
  kinds?: KindRegistry;
  clock?: Clock;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

/** What one scheduler pass did (tests wait for the events it names instead of sleeping). */
export interface TickReport {
  polled: number;
  published: TaskSnapshot[];
}

type Fetched = { ref: TaskRef; outcome: unknown };

/**
 * Polls watched tasks in batches and publishes each observed change. It composes the parts:
 * why a task is watched (`WatchReasons`), when it is polled (`PollSchedule`), what changed
 * (`ChangeFeed`) and what the fleet has running (`FleetDiscovery`); kinds come from the
 * registry. AWS calls per interval depend on tasks, never on how many subscribers listen.
 */
export class TaskWatcher {
  private readonly reasons: WatchReasons;
  private readonly schedule: PollSchedule;
  private readonly feed: ChangeFeed;
  private readonly discovery: FleetDiscovery;
  private readonly kinds: KindRegistry;
  private readonly pendingSnapshots = new Map<string, Promise<TaskSnapshot | null>>();
  private ticker: { stop(): Promise<void> } | undefined;

  constructor(
    private readonly deps: WatcherDeps,
    private readonly options: WatcherOptions,
  ) {
    const clock = deps.clock ?? systemClock;
    this.kinds = deps.kinds ?? defaultKinds();
    this.schedule = new PollSchedule(options, deps.coordination, clock, deps.random);
    this.feed = new ChangeFeed(deps.coordination, deps.pubsub, clock);
    this.reasons = new WatchReasons({
      watched: (ref) => {
        this.schedule.add(taskKey(ref));
        deps.observer?.watchedTasks?.(this.reasons.size);
      },
      unwatched: (ref) => {
        this.feed.forget(ref);
        this.schedule.remove(taskKey(ref)).catch((err: unknown) => deps.logger.warn({ err }, 'could not release a task lease'));
        deps.observer?.watchedTasks?.(this.reasons.size);
      },
    });
    this.discovery = new FleetDiscovery(deps.aws, this.kinds, this.reasons, this.feed, deps.coordination, clock, deps.logger, {
      intervalMs: options.discoveryIntervalMs,
      scopes: options.scopes,
    });
  }

  start(): void {
    this.ticker ??= startTicking(async () => {
      await this.tick().catch((err: unknown) => this.deps.logger.warn({ err }, 'task watcher tick failed'));
    }, this.options.tickMs ?? 200);
  }

  async stop(): Promise<void> {
    await this.ticker?.stop();
    this.ticker = undefined;
    await this.deps.coordination.releaseAll();
  }

  /** Which tasks are watched and why, read-only. */
  get watching(): WatchView {
    return this.reasons;
  }

  /** How errors name a kind of task: "Mac modification task". */
  labelOf(kind: TaskEventKind): string {
    return this.kinds.get(kind).label;
  }

  /** A per-task subscriber starts listening; call the returned function when it stops. */
  addListener(ref: TaskRef): () => void {
    return this.reasons.addListener(ref);
  }

  /** A fleet-wide subscriber starts listening: the watcher scans for active tasks meanwhile. */
  addFleetListener(): () => void {
    const release = this.reasons.addFleetListener();
    if (this.reasons.fleetListeners === 1) this.discovery.dueNow();
    return release;
  }

  /**
   * A mutation created or changed this task: watch it until it ends and poll it soon. The state
   * the mutation returned is an observation in its own right, announced at once (a creation
   * shows up with previousState null).
   */
  async taskActivity(ref: TaskRef, observed?: unknown, options: { created?: boolean } = {}): Promise<void> {
    this.reasons.mutated(ref);
    if (options.created) this.feed.expectCreation(ref);
    this.schedule.speedUp(taskKey(ref));
    if (observed) await this.observe(ref, observed);
  }

  /**
   * The latest known state: from the shared snapshot when it is current (no AWS call), otherwise
   * one coalesced fetch however many subscribers ask at once. Null when AWS does not know the task.
   */
  async snapshot(ref: TaskRef): Promise<TaskSnapshot | null> {
    const key = taskKey(ref);
    const stored = await this.feed.stored(ref);
    // Trust the stored state when it cannot change any more, or when this replica saw it lately;
    // a snapshot left from an earlier watch may be hours old (a host AVAILABLE then may scrub now).
    if (stored && (isFinal(stored) || this.schedule.seenRecently(key))) return stored;
    let pending = this.pendingSnapshots.get(key);
    if (!pending) {
      pending = this.fetch([ref])
        .then(async ([{ outcome }]) => {
          if (outcome instanceof Error) throw outcome;
          if (!outcome) return null;
          // Through the normal path: a change found this way is published like any other.
          await this.observe(ref, outcome);
          return this.feed.stored(ref);
        })
        .finally(() => this.pendingSnapshots.delete(key));
      this.pendingSnapshots.set(key, pending);
    }
    return pending;
  }

  /**
   * One scheduler pass: scan for active tasks if due, then poll every due task whose lease this
   * replica holds. `force` treats everything as due (tests drive the watcher this way).
   */
  async tick(force = false): Promise<TickReport> {
    await this.discovery.runIfDue(force);
    const due = await this.schedule.claimDue(force);
    for (const d of due) this.deps.observer?.pollLag?.(d.lagMs / 1000);
    const refs = due.map((d) => this.reasons.refByKey(d.key)).filter((r): r is TaskRef => r !== undefined);
    const published: TaskSnapshot[] = [];
    const failed: string[] = [];
    const fetched = refs.length ? await this.fetch(refs) : [];
    await Promise.all(
      fetched.map(async ({ ref, outcome }) => {
        if (outcome instanceof Error) {
          failed.push(isAwsError(outcome) ? outcome.awsCode : outcome.name);
          this.schedule.failed(taskKey(ref));
        } else if (!outcome) {
          // Subscribers are waiting on it: they keep it watched (polled slowly) rather than hang.
          if (this.schedule.missing(taskKey(ref)) >= MAX_MISSES) this.reasons.gaveUp(ref);
        } else {
          const event = await this.observe(ref, outcome);
          if (event) published.push(event);
        }
      }),
    );
    if (failed.length) this.deps.logger.warn({ failed: failed.length, codes: [...new Set(failed)] }, 'task polls failed; backing off');
    return { polled: refs.length, published };
  }

  /** An observed state goes through the change feed, then decides the task's next poll. */
  private async observe(ref: TaskRef, item: unknown): Promise<TaskSnapshot | null> {
    const reading = this.kinds.get(ref.kind).read(item);
    const { changed, published } = await this.feed.observe(ref, reading);
    const key = taskKey(ref);
    if (reading.isTerminal) this.reasons.ended(ref);
    else if (changed) this.schedule.changed(key);
    else this.schedule.unchanged(key);
    return published;
  }

  /**
   * Current states, batched per kind and scope by the kind's loader (Mac tasks 200 ids a call,
   * executions 10). A failed batch fails only its own tasks (their outcome is the Error).
   */
  private async fetch(refs: TaskRef[]): Promise<Fetched[]> {
    const loaders = createLoaders(this.deps.aws);
    const groups = new Map<string, TaskRef[]>();
    for (const ref of refs) {
      const group = `${ref.kind}|${scopeKey(scopeOfTask(ref))}`;
      const members = groups.get(group);
      if (members) members.push(ref);
      else groups.set(group, [ref]);
    }
    const results = await Promise.all(
      [...groups.values()].map(async (group) => {
        const kind = this.kinds.get(group[0].kind);
        const outcomes = await kind.fetch(loaders.scope(scopeOfTask(group[0])), group.map((r) => r.id)).catch((err: unknown) => group.map(() => asError(err)));
        return group.map((ref, i) => ({ ref, outcome: outcomes[i] }));
      }),
    );
    return results.flat();
  }
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)));
