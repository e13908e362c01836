import { TaskEventKind } from '../schema/enums';

/** A watched task: what it is, where it is. */
export interface TaskRef {
  kind: TaskEventKind;
  region: string;
  id: string;
}

export const taskKey = (t: TaskRef): string => `${t.kind}:${t.region}:${t.id}`;

/** PubSub topics: one per task (per-task subscriptions) and one fleet-wide stream. */
export const Topics = {
  task: (t: TaskRef) => `task:${taskKey(t)}`,
  fleet: 'task-events',
} as const;
