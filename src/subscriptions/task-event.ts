import type { AutomationExecution } from '../schema/automation.type';
import { TaskEventKind } from '../schema/enums';
import type { MacModificationTask } from '../schema/mac-task.type';
import type { TaskRef } from './task-key';

/**
 * What the watcher publishes and keeps as a task's latest snapshot. Plain JSON (dates as ISO
 * strings) so it crosses Redis unchanged; it never holds request data, let alone secrets.
 */
export interface TaskSnapshot {
  kind: TaskEventKind;
  taskId: string;
  region: string;
  /** Increases by one per observed change; subscribers use it to skip what they have seen. */
  seq: number;
  state: string;
  previousState: string | null;
  currentStepName: string | null;
  at: string;
  isTerminal: boolean;
  instanceId: string | null;
  documentName: string | null;
  macModificationTask: MacModificationTask | null;
  automationExecution: AutomationExecution | null;
}

/** What distinguishes one observable state from the next (automation step changes count). */
export function fingerprint(s: Pick<TaskSnapshot, 'state' | 'currentStepName'>): string {
  return `${s.state}|${s.currentStepName ?? ''}`;
}

export function snapshotOf(ref: TaskRef, observed: MacModificationTask | AutomationExecution, previous: TaskSnapshot | null, at: Date): TaskSnapshot {
  const mac = ref.kind === TaskEventKind.MAC_MODIFICATION_TASK ? (observed as MacModificationTask) : null;
  const auto = ref.kind === TaskEventKind.AUTOMATION_EXECUTION ? (observed as AutomationExecution) : null;
  const state = mac ? mac.state : (auto as AutomationExecution).status;
  const currentStepName = auto?.currentStepName ?? null;
  return {
    kind: ref.kind,
    taskId: ref.id,
    region: ref.region,
    seq: (previous?.seq ?? 0) + 1,
    state,
    previousState: previous?.state ?? null,
    currentStepName,
    at: at.toISOString(),
    isTerminal: observed.isTerminal,
    instanceId: mac?.instanceId ?? null,
    documentName: auto?.documentName ?? null,
    macModificationTask: mac,
    automationExecution: auto,
  };
}

/** JSON turns Dates into strings; the DateTime scalar serialises both, so payloads stay usable. */
export function toJson(s: TaskSnapshot): TaskSnapshot {
  return JSON.parse(JSON.stringify(s)) as TaskSnapshot;
}
