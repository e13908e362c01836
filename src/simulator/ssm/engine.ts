/**
 * Automation executions and their state machine. Time comes only from the caller (`now`, from the
 * SimClock); every transition is stamped with the simulated time it *would* have happened at, so
 * the history is the same however often the world is polled.
 */
import type { RunbookDef, StepDef } from './catalog';
import { documentDefault } from './catalog';
import { hash32 } from './util';

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

/** Deterministic step duration: 5–30 s, aws:sleep uses its Duration, branches are quick. */
export function plannedDurationMs(execId: string, step: StepDef): number {
  if (step.action === 'aws:branch') return 1_000;
  if (step.action === 'aws:sleep') {
    const m = /^PT(?:(\d+)M)?(?:(\d+)S)?$/.exec(String(step.inputs.Duration ?? ''));
    if (m) return ((Number(m[1] ?? 0) * 60) + Number(m[2] ?? 0)) * 1000 || 30_000;
  }
  return (5 + (hash32(`${execId}/${step.name}`) % 26)) * 1000;
}

/** `{{ Param }}` references in a step's inputs. */
function referencedParams(inputs: unknown, acc = new Set<string>()): Set<string> {
  if (typeof inputs === 'string') {
    for (const m of inputs.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)) acc.add(m[1]);
  } else if (Array.isArray(inputs)) {
    for (const v of inputs) referencedParams(v, acc);
  } else if (inputs && typeof inputs === 'object') {
    for (const v of Object.values(inputs)) referencedParams(v, acc);
  }
  return acc;
}

/** Which step fails for these parameters, and why (see custom-runbooks.ts for the convention). */
export function planFailures(doc: RunbookDef, params: Record<string, string[]>): Map<string, string> {
  const out = new Map<string, string>();
  if (doc.failAtStepParameter) {
    const target = params[doc.failAtStepParameter]?.[0];
    const step = doc.steps.find((s) => s.name === target);
    if (step) {
      out.set(step.name, `Step fails when it is Execute/Cancelling action. Simulated failure requested by ${doc.failAtStepParameter}=${target}. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.`);
    }
  }
  const failing = Object.entries(params)
    .filter(([, v]) => v.some((x) => x.toLowerCase() === 'fail'))
    .map(([k]) => k);
  if (failing.length) {
    for (const s of doc.steps) {
      const refs = referencedParams(s.inputs);
      const p = failing.find((f) => refs.has(f));
      if (p && !out.has(s.name)) {
        out.set(s.name, `Step fails when it is Execute/Cancelling action. An error occurred (InvalidParameterValue) when calling the ${String(s.inputs.Api ?? s.action)} operation: Invalid value 'fail' for ${p}. Please refer to Automation Service Troubleshooting Guide for more diagnosis details.`);
        break;
      }
    }
  }
  return out;
}

function substitute(value: unknown, params: Record<string, string[]>, execId: string): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/.exec(value);
    if (whole && params[whole[1]] && params[whole[1]].length !== 1) return params[whole[1]];
    return value.replace(/\{\{\s*([A-Za-z0-9_:.]+)\s*\}\}/g, (m, name: string) => {
      if (name === 'automation:EXECUTION_ID') return execId;
      const v = params[name];
      return v ? v.join(',') : m;
    });
  }
  if (Array.isArray(value)) return value.flatMap((v) => {
    const s = substitute(v, params, execId);
    return Array.isArray(s) && typeof v === 'string' ? s : [s];
  });
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, params, execId)]));
  }
  return value;
}

/** StepExecution.Inputs: each input JSON-encoded, parameters substituted (as SSM shows them). */
function resolvedInputs(step: StepDef, params: Record<string, string[]>, execId: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(step.inputs)) out[k] = JSON.stringify(substitute(v, params, execId));
  return out;
}

/** Parameters with defaults filled in, as GetAutomationExecution reports them. */
export function effectiveParameters(doc: RunbookDef, given: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of doc.parameters) {
    if (given[p.name]) out[p.name] = given[p.name];
    else {
      const d = documentDefault(p);
      out[p.name] = d === undefined || d === '' ? (p.type === 'String' ? [''] : []) : p.type === 'StringList' ? d.split(',').map((s) => s.trim()) : [d];
    }
  }
  return out;
}

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

function stepOutputs(e: Execution, s: StepRun): Record<string, string[]> | undefined {
  const out: Record<string, string[]> = {};
  const short = hash32(`${e.id}/${s.def.name}/out`).toString(16).padStart(8, '0');
  switch (s.def.action) {
    case 'aws:runCommand':
      out.CommandId = [`${short}-${e.id.slice(9, 13)}-4${short.slice(0, 3)}-8${short.slice(3, 6)}-${e.id.slice(-12)}`];
      out.Status = ['Success'];
      out.ResponseCode = ['0'];
      out.Output = [`${s.def.description}\n---Output truncated---`];
      break;
    case 'aws:executeScript':
      out.OutputPayload = [JSON.stringify({ Payload: Object.fromEntries((s.def.outputs ?? []).map((o) => [o, simulatedOutput(e, s, o)])) })];
      break;
    case 'aws:approve':
      break;
    case 'aws:branch':
      out.NextStep = [e.steps[e.steps.indexOf(s) + 1]?.def.name ?? 'end'];
      break;
    default:
      break;
  }
  for (const o of s.def.outputs ?? []) out[o] = [simulatedOutput(e, s, o)];
  return Object.keys(out).length ? out : undefined;
}

function simulatedOutput(e: Execution, s: StepRun, name: string): string {
  if (name === 'InstanceState') return 'running';
  if (name === 'HealthStatus') return 'Healthy';
  if (name === 'ReportUrl') return `s3://fleetgraph-reports/${e.id}.json`;
  if (name === 'WorkspaceId') return `ws-${hash32(e.id).toString(36).padStart(9, '0').slice(0, 9)}`;
  return JSON.stringify({ Status: 'Success', Step: s.def.name, Output: name });
}

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

/** Terminal transition for a rate-controlled parent. */
export function finishParent(p: Execution, status: ExecStatus, at: number, failureMessage?: string): void {
  p.status = status;
  p.endMs = at;
  p.nextEventMs = Infinity;
  if (failureMessage) p.failureMessage = failureMessage;
}
