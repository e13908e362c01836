import type { Aws, Scope } from '../../aws';
import type { ScopeLoaders } from '../../loaders';
import type { TaskEventKind } from '../../schema/enums';
import type { TaskReading } from '../task-event';

/**
 * How one kind of watched thing is fetched, read and discovered. The scheduler knows nothing
 * else about kinds: watching another kind is one more entry in the registry.
 */
export interface TaskKind<T = unknown> {
  readonly kind: TaskEventKind;
  /** How errors name it: "Mac modification task". */
  readonly label: string;
  /**
   * Current state of each id in one scope, in order: the item, null when AWS does not know it,
   * or the Error of the batch that failed. Through the scope's loaders, so ids are batched.
   */
  fetch(loaders: ScopeLoaders, ids: readonly string[]): Promise<Array<T | null | Error>>;
  /** The scope's items still in progress, i.e. not terminal (fleet discovery). */
  active(aws: Aws, scope: Scope): Promise<T[]>;
  idOf(item: T): string;
  read(item: T): TaskReading;
}

/** The kinds the watcher handles, by TaskEventKind. */
export class KindRegistry {
  private readonly byKind = new Map<TaskEventKind, TaskKind>();

  constructor(kinds: readonly TaskKind<any>[]) {
    for (const k of kinds) {
      if (this.byKind.has(k.kind)) throw new Error(`task kind ${k.kind} registered twice`);
      this.byKind.set(k.kind, k);
    }
  }

  get(kind: TaskEventKind): TaskKind {
    const k = this.byKind.get(kind);
    if (!k) throw new Error(`no task kind ${kind} is registered`);
    return k;
  }

  all(): TaskKind[] {
    return [...this.byKind.values()];
  }
}
