/**
 * The Automation state machine. Time comes only from the caller (`now`, from the SimClock); every
 * transition is stamped with the simulated time it *would* have happened at, so the history is
 * the same however often the world is polled.
 */
import type { RunbookDef } from './catalog';
import { CANCEL_MS, type ExecStatus, type Execution, isTerminal, PENDING_MS, type StepRun } from './execution';
import { stepOutputs } from './step-outputs';
import { effectiveParameters, planFailures, plannedDurationMs, resolvedInputs } from './step-plan';

export interface NewExecution {
  id: string;
  doc: RunbookDef;
  documentVersion: string;
  mode: 'Auto' | 'Interactive';
  startMs: number;
  executedBy: string;
  parameters: Record<string, string[]>;
  stepIds: string[];
  tags?: { Key: string; Value: string }[];
  parentId?: string;
}

export function createExecution(n: NewExecution): Execution {
  const failures = planFailures(n.doc, n.parameters);
  const e: Execution = {
    id: n.id,
    doc: n.doc,
    documentVersion: n.documentVersion,
    status: 'Pending',
    mode: n.mode,
    startMs: n.startMs,
    executedBy: n.executedBy,
    parameters: effectiveParameters(n.doc, n.parameters),
    outputs: {},
    steps: n.doc.steps.map((def, i) => ({
      def,
      stepExecutionId: n.stepIds[i],
      status: 'Pending',
      durationMs: plannedDurationMs(n.id, def),
      ...(failures.has(def.name) ? { failWith: failures.get(def.name) } : {}),
    })),
    cur: -1,
    tags: n.tags ?? [],
    ...(n.parentId ? { parentId: n.parentId } : {}),
    nextEventMs: n.startMs + PENDING_MS,
  };
  for (const o of n.doc.outputs) e.outputs[o] = ['No output available yet because the step is not successfully executed'];
  return e;
}

// ------------------------------------------------------------------ transitions

function beginStep(e: Execution, idx: number, at: number): void {
  e.cur = idx;
  const s = e.steps[idx];
  if (e.mode === 'Interactive' && s.status === 'Pending' && s.startMs === undefined && !s.startRequested) {
    // Interactive: each step waits for a StartStep signal.
    e.status = 'Waiting';
    e.nextEventMs = Infinity;
    return;
  }
  s.status = 'InProgress';
  s.startMs = at;
  s.inputs = resolvedInputs(s.def, e.parameters, e.id);
  if (s.def.action === 'aws:approve') {
    s.status = 'Waiting';
    e.status = 'Waiting';
    const timeout = s.def.timeoutSeconds ?? 7 * 24 * 3600;
    e.nextEventMs = at + timeout * 1000;
    return;
  }
  e.status = 'InProgress';
  e.nextEventMs = at + s.durationMs;
}

function finish(e: Execution, status: ExecStatus, at: number, failureMessage?: string): void {
  e.status = status;
  e.endMs = at;
  e.nextEventMs = Infinity;
  if (failureMessage) e.failureMessage = failureMessage;
  for (const o of e.doc.outputs) {
    const [stepName, outName] = o.split('.');
    const s = e.steps.find((x) => x.def.name === stepName);
    const v = s?.status === 'Success' ? s.outputs?.[outName] : undefined;
    if (v) e.outputs[o] = v;
  }
}

/** After step `idx` ended at `at` (its status already set), decide where the execution goes. */
function afterStep(e: Execution, idx: number, at: number): void {
  const s = e.steps[idx];
  if (s.status === 'Failed' || s.status === 'TimedOut' || s.status === 'Cancelled') {
    const onFailure = s.def.onFailure ?? 'Abort';
    if (onFailure === 'Continue' || onFailure.startsWith('step:')) {
      if (s.def.isCritical !== false) e.criticalFailure = s.failureMessage ?? `Step ${s.def.name} ${s.status}`;
      if (onFailure.startsWith('step:')) {
        const j = e.steps.findIndex((x) => x.def.name === onFailure.slice(5));
        if (j >= 0) return goTo(e, j, at);
      }
    } else {
      const status: ExecStatus = s.status === 'TimedOut' ? 'TimedOut' : s.status === 'Cancelled' ? 'Cancelled' : 'Failed';
      return finish(e, status, at, s.failureMessage);
    }
  }
  if (e.completeRequested) return finish(e, e.criticalFailure ? 'Failed' : 'Success', at, e.criticalFailure);
  if (s.def.isEnd) return finish(e, e.criticalFailure ? 'Failed' : 'Success', at, e.criticalFailure);
  const next = s.def.nextStep ? e.steps.findIndex((x) => x.def.name === s.def.nextStep) : idx + 1;
  if (next < 0 || next >= e.steps.length) return finish(e, e.criticalFailure ? 'Failed' : 'Success', at, e.criticalFailure);
  goTo(e, next, at);
}

function goTo(e: Execution, idx: number, at: number): void {
  beginStep(e, idx, at);
}

function completeStep(e: Execution, s: StepRun, at: number): void {
  s.endMs = at;
  if (s.failWith) {
    s.status = 'Failed';
    s.failureMessage = s.failWith;
    s.failureDetails = { FailureStage: 'Execution', FailureType: 'Verification', Details: { Reason: [s.failWith] } };
    s.responseCode = s.def.action === 'aws:runCommand' ? '1' : undefined;
  } else {
    s.status = 'Success';
    s.outputs = stepOutputs(e, s);
  }
  afterStep(e, e.steps.indexOf(s), at);
}

/**
 * Advance one execution to `now`. Returns true if anything changed. Children of a rate-controlled
 * parent are separate executions; the parent is advanced by the service (it needs the world).
 */
export function advance(e: Execution, now: number): boolean {
  let changed = false;
  for (let guard = 0; guard < 10_000 && !isTerminal(e) && e.nextEventMs <= now; guard++) {
    changed = true;
    const at = e.nextEventMs;
    if (e.status === 'Cancelling') {
      const s = e.steps[e.cur];
      if (s && (s.status === 'InProgress' || s.status === 'Waiting')) {
        s.status = 'Cancelled';
        s.endMs = at;
      }
      finish(e, 'Cancelled', at);
      break;
    }
    if (e.status === 'Pending') {
      beginStep(e, 0, at);
      continue;
    }
    const s = e.steps[e.cur];
    if (!s) {
      finish(e, 'Success', at);
      break;
    }
    if (s.status === 'Waiting') {
      // approval timed out
      s.status = 'TimedOut';
      s.endMs = at;
      s.failureMessage = `Step timed out while step is verifying the approval. The approval request was not approved within ${s.def.timeoutSeconds ?? 604800} seconds.`;
      afterStep(e, e.cur, at);
      continue;
    }
    if (s.status === 'InProgress') {
      completeStep(e, s, at);
      continue;
    }
    e.nextEventMs = Infinity;
  }
  return changed;
}

// ------------------------------------------------------------------ operator actions

export function requestCancel(e: Execution, now: number): void {
  e.status = 'Cancelling';
  e.cancelRequestedMs = now;
  e.nextEventMs = now + CANCEL_MS;
}

/** Stop type Complete: the running step finishes; nothing after it runs; a waiting step is cancelled. */
export function requestComplete(e: Execution, now: number): void {
  e.completeRequested = true;
  const s = e.steps[e.cur];
  if (e.status === 'Pending' || !s) return finish(e, 'Success', now);
  if (s.status === 'Waiting' || (s.status === 'Pending' && e.mode === 'Interactive')) {
    if (s.status === 'Waiting') {
      s.status = 'Cancelled';
      s.endMs = now;
    }
    return finish(e, e.criticalFailure ? 'Failed' : 'Success', now, e.criticalFailure);
  }
}

export function approve(e: Execution, now: number, approver: string, comment?: string): void {
  const s = e.steps[e.cur];
  s.status = 'Success';
  s.endMs = now;
  s.outputs = {
    ApprovalStatus: ['Approved'],
    ApproverDecisions: [JSON.stringify([{ approver, decision: 'Approved', comment: comment ?? '', decisionTime: new Date(now).toISOString() }])],
  };
  afterStep(e, e.cur, now);
}

export function reject(e: Execution, now: number, approver: string, comment?: string): void {
  const s = e.steps[e.cur];
  s.status = 'Failed';
  s.endMs = now;
  s.outputs = {
    ApprovalStatus: ['Rejected'],
    ApproverDecisions: [JSON.stringify([{ approver, decision: 'Rejected', comment: comment ?? '', decisionTime: new Date(now).toISOString() }])],
  };
  s.failureMessage = `Step fails when it is verifying the approval. The approval request was rejected by ${approver}${comment ? `: ${comment}` : ''}.`;
  s.failureDetails = { FailureStage: 'Execution', FailureType: 'Verification', Details: { Reason: ['Rejected'] } };
  afterStep(e, e.cur, now);
}

/** Interactive mode: run step `idx` now. */
export function startStep(e: Execution, idx: number, now: number): void {
  e.steps[idx].startRequested = true;
  beginStep(e, idx, now);
}

/** Interactive mode: stop the running step; the execution then waits for the next StartStep. */
export function stopStep(e: Execution, idx: number, now: number): void {
  const s = e.steps[idx];
  s.status = 'Cancelled';
  s.endMs = now;
  s.failureMessage = 'Step was cancelled by a StopStep signal.';
  const next = idx + 1;
  if (s.def.isEnd || next >= e.steps.length) return finish(e, 'Cancelled', now);
  e.cur = next;
  e.status = 'Waiting';
  e.nextEventMs = Infinity;
}


/** Terminal transition for a rate-controlled parent. */
export function finishParent(p: Execution, status: ExecStatus, at: number, failureMessage?: string): void {
  p.status = status;
  p.endMs = at;
  p.nextEventMs = Infinity;
  if (failureMessage) p.failureMessage = failureMessage;
}
