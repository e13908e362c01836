/**
 * An Automation execution as the simulator holds it: statuses, steps, and the read-only views
 * (terminal?, current step, progress counters) the API shapes are built from.
 */
import type { RunbookDef, StepDef } from './catalog';

export type ExecStatus =
  | 'Pending'
  | 'InProgress'
  | 'Waiting'
  | 'Success'
  | 'TimedOut'
  | 'Cancelling'
  | 'Cancelled'
  | 'Failed'
  | 'CompletedWithSuccess'
  | 'CompletedWithFailure';

export const TERMINAL: ReadonlySet<string> = new Set(['Success', 'TimedOut', 'Cancelled', 'Failed', 'CompletedWithSuccess', 'CompletedWithFailure', 'Rejected', 'Exited']);

/** Pending → InProgress after this long (queueing + role assumption). */
export const PENDING_MS = 1_000;
/** Cancelling → Cancelled after this long. */
export const CANCEL_MS = 2_000;

export interface StepRun {
  def: StepDef;
  stepExecutionId: string;
  status: ExecStatus | 'Pending';
  startMs?: number;
  endMs?: number;
  inputs?: Record<string, string>;
  outputs?: Record<string, string[]>;
  response?: string;
  responseCode?: string;
  failureMessage?: string;
  failureDetails?: { FailureStage: string; FailureType: string; Details?: Record<string, string[]> };
  /** Planned run time of this step in ms (deterministic per execution and step). */
  durationMs: number;
  /** Set when this step is planned to fail. */
  failWith?: string;
  overriddenParameters?: Record<string, string[]>;
  /** Interactive mode: a StartStep signal asked for this step. */
  startRequested?: boolean;
}

export interface Execution {
  id: string;
  doc: RunbookDef;
  documentVersion: string;
  status: ExecStatus;
  mode: 'Auto' | 'Interactive';
  startMs: number;
  endMs?: number;
  executedBy: string;
  parameters: Record<string, string[]>;
  outputs: Record<string, string[]>;
  failureMessage?: string;
  steps: StepRun[];
  /** Index of the current step; -1 before the first. */
  cur: number;
  targetParameterName?: string;
  targets?: { Key: string; Values: string[] }[];
  resolvedTargets?: { ParameterValues: string[]; Truncated: boolean };
  maxConcurrency?: string;
  maxErrors?: string;
  tags: { Key: string; Value: string }[];
  parentId?: string;
  /** Rate-controlled parent: child executions, launched as concurrency allows. */
  children?: { value: string; id?: string }[];
  clientToken?: string;
  requestFingerprint?: string;
  cancelRequestedMs?: number;
  /** Stop type Complete: finish the current step, run no more. */
  completeRequested?: boolean;
  /** A non-critical step failed with onFailure Continue; still Success. A critical one: final Failed. */
  criticalFailure?: string;
  /** Time of the next scheduled transition (Infinity = waits for a signal). */
  nextEventMs: number;
}

export function isTerminal(e: { status: string }): boolean {
  return TERMINAL.has(e.status);
}
/** Steps done / counters for ProgressCounters. */
export function progress(e: Execution): { TotalSteps: number; SuccessSteps: number; FailedSteps: number; CancelledSteps: number; TimedOutSteps: number } {
  let SuccessSteps = 0;
  let FailedSteps = 0;
  let CancelledSteps = 0;
  let TimedOutSteps = 0;
  for (const s of e.steps) {
    if (s.status === 'Success') SuccessSteps++;
    else if (s.status === 'Failed') FailedSteps++;
    else if (s.status === 'Cancelled') CancelledSteps++;
    else if (s.status === 'TimedOut') TimedOutSteps++;
  }
  return { TotalSteps: e.steps.length, SuccessSteps, FailedSteps, CancelledSteps, TimedOutSteps };
}

export function currentStep(e: Execution): StepRun | undefined {
  if (isTerminal(e) || e.cur < 0) return undefined;
  return e.steps[e.cur];
}
