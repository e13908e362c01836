import { scopeOf, type Scope } from '../aws';
import type { TaskEventKind } from '../schema/enums';

/** A watched task: what it is and exactly where it lives (account × region), so ids never meet across scopes. */
export interface TaskRef {
  kind: TaskEventKind;
  accountId: string;
  region: string;
  id: string;
}

export function taskRef(kind: TaskEventKind, scope: Scope, id: string): TaskRef {
  return { kind, accountId: scope.accountId, region: scope.region, id };
}

export const scopeOfTask = (t: TaskRef): Scope => scopeOf(t.accountId, t.region);

/** The key of everything kept per task: schedule, lease, snapshot, topic. */
export const taskKey = (t: TaskRef): string => `${t.kind}:${t.accountId}:${t.region}:${t.id}`;

/** PubSub topics: one per task (per-task subscriptions) and one fleet-wide stream. */
export const Topics = {
  task: (t: TaskRef) => `task:${taskKey(t)}`,
  fleet: 'task-events',
} as const;
