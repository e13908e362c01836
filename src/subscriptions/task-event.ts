import type { AutomationExecution } from '../schema/automation.type';
import type { TaskEventKind } from '../schema/enums';
import type { MacHost } from '../schema/host.type';
import type { MacModificationTask } from '../schema/mac-task.type';
import type { TaskRef } from './task-ref';

/** The kind-specific objects a snapshot carries (one set, the others null). */
export interface TaskPayloads {
  macModificationTask: MacModificationTask | null;
  automationExecution: AutomationExecution | null;
  macHost: MacHost | null;
}

const NO_PAYLOADS: TaskPayloads = { macModificationTask: null, automationExecution: null, macHost: null };

/** What a task kind reads off an observed item: everything the watcher decides on. */
export interface TaskReading {
  /** GraphQL enum name, e.g. IN_PROGRESS. */
  state: string;
  /** Nothing more happens on its own: the watch ends here. */
  isTerminal: boolean;
  /**
   * The terminal state can be left again by a later action (a Mac host AVAILABLE after its scrub
   * goes PENDING at its next stop). Such a stored state is not trusted as current, and leaving it
   * continues the same history (same seq line, previousState set) instead of starting another task.
   */
  canReopen?: boolean;
  /** When the task started: a different start under the same id is another task (ids are reused). */
  startedAt: Date | string | null;
  currentStepName: string | null;
  instanceId: string | null;
  documentName: string | null;
  payloads: Partial<TaskPayloads>;
}

/**
 * What the watcher publishes and keeps as a task's latest snapshot. Plain JSON (dates as ISO
 * strings) so it crosses Redis unchanged; it never holds request data, let alone secrets.
 */
export interface TaskSnapshot extends TaskPayloads {
  kind: TaskEventKind;
  taskId: string;
  accountId: string;
  region: string;
  /** Increases by one per announced change; subscribers use it to skip what they have seen. */
  seq: number;
  state: string;
  previousState: string | null;
  currentStepName: string | null;
  at: string;
  startedAt: string | null;
  isTerminal: boolean;
  /** See TaskReading.canReopen (absent: a terminal state is final). */
  canReopen?: boolean;
  instanceId: string | null;
  documentName: string | null;
}

/** What distinguishes one observable state from the next (automation step changes count). */
export function fingerprint(s: Pick<TaskSnapshot, 'state' | 'currentStepName'>): string {
  return `${s.state}|${s.currentStepName ?? ''}`;
}

const isoOrNull = (v: Date | string | null): string | null => (v ? new Date(v).toISOString() : null);

/** The snapshot of an observation, following `previous` (its seq is the caller's to set). */
export function snapshotOf(ref: TaskRef, reading: TaskReading, previous: TaskSnapshot | null, at: number): TaskSnapshot {
  return toJson({
    ...NO_PAYLOADS,
    ...reading.payloads,
    kind: ref.kind,
    taskId: ref.id,
    accountId: ref.accountId,
    region: ref.region,
    seq: previous?.seq ?? 0,
    state: reading.state,
    previousState: previous?.state ?? null,
    currentStepName: reading.currentStepName,
    at: new Date(at).toISOString(),
    startedAt: isoOrNull(reading.startedAt),
    isTerminal: reading.isTerminal,
    ...(reading.canReopen ? { canReopen: true } : {}),
    instanceId: reading.instanceId,
    documentName: reading.documentName,
  });
}

/**
 * Same task (not a reused id): same start time, and no way back from a terminal state unless that
 * state can reopen (a Mac host's next scrub is the same host's history).
 */
export function sameTask(stored: TaskSnapshot, reading: TaskReading): boolean {
  return stored.startedAt === isoOrNull(reading.startedAt) && !(stored.isTerminal && !stored.canReopen && !reading.isTerminal);
}

/** A stored state that cannot change any more: it may be served as current without asking AWS. */
export const isFinal = (s: TaskSnapshot): boolean => s.isTerminal && !s.canReopen;

/** JSON turns Dates into strings; the DateTime scalar serialises both, so payloads stay usable. */
function toJson(s: TaskSnapshot): TaskSnapshot {
  return JSON.parse(JSON.stringify(s)) as TaskSnapshot;
}
