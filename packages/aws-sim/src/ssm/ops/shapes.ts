/** Execution → SSM response shapes (timestamps in epoch seconds). */
import { currentStep, type Execution, progress, type StepRun } from '../execution';
import { sec } from '../util';

function defined<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

function targetFields(e: Execution) {
  return {
    TargetParameterName: e.targetParameterName,
    Targets: e.targets,
    ResolvedTargets: e.resolvedTargets ?? { ParameterValues: [], Truncated: false },
    MaxConcurrency: e.maxConcurrency,
    MaxErrors: e.maxErrors,
    Target: e.targetParameterName ? undefined : instanceTarget(e),
  };
}

/** The `Target` member: the resource the execution acts on (first instance-id parameter). */
function instanceTarget(e: Execution): string | undefined {
  for (const [k, v] of Object.entries(e.parameters)) if (/^InstanceIds?$/.test(k) && v.length === 1) return v[0];
  return undefined;
}

export function metadataShape(e: Execution): Record<string, unknown> {
  const cur = currentStep(e);
  return defined({
    AutomationExecutionId: e.id,
    DocumentName: e.doc.name,
    DocumentVersion: e.documentVersion,
    AutomationExecutionStatus: e.status,
    ExecutionStartTime: sec(e.startMs),
    ExecutionEndTime: sec(e.endMs),
    ExecutedBy: e.executedBy,
    LogFile: '',
    Outputs: e.outputs,
    Mode: e.mode,
    ParentAutomationExecutionId: e.parentId,
    CurrentStepName: cur?.def.name,
    CurrentAction: cur?.def.action,
    FailureMessage: e.failureMessage,
    ...targetFields(e),
    AutomationType: 'Local',
  });
}

export function stepShape(s: StepRun): Record<string, unknown> {
  return defined({
    StepName: s.def.name,
    Action: s.def.action,
    TimeoutSeconds: s.def.timeoutSeconds,
    OnFailure: s.def.onFailure ?? 'Abort',
    MaxAttempts: s.def.maxAttempts ?? 1,
    ExecutionStartTime: sec(s.startMs),
    ExecutionEndTime: sec(s.endMs),
    StepStatus: s.status,
    ResponseCode: s.responseCode,
    Inputs: s.inputs,
    Outputs: s.outputs,
    Response: s.response,
    FailureMessage: s.failureMessage,
    FailureDetails: s.failureDetails,
    StepExecutionId: s.stepExecutionId,
    OverriddenParameters: s.overriddenParameters,
    IsEnd: s.def.isEnd ?? false,
    NextStep: s.def.nextStep,
    IsCritical: s.def.isCritical ?? true,
    ValidNextSteps: s.def.nextStep ? [s.def.nextStep] : undefined,
  });
}

export function executionShape(e: Execution): Record<string, unknown> {
  const cur = currentStep(e);
  return defined({
    AutomationExecutionId: e.id,
    DocumentName: e.doc.name,
    DocumentVersion: e.documentVersion,
    ExecutionStartTime: sec(e.startMs),
    ExecutionEndTime: sec(e.endMs),
    AutomationExecutionStatus: e.status,
    StepExecutions: e.steps.map(stepShape),
    StepExecutionsTruncated: false,
    Parameters: e.parameters,
    Outputs: e.outputs,
    FailureMessage: e.failureMessage,
    Mode: e.mode,
    ParentAutomationExecutionId: e.parentId,
    ExecutedBy: e.executedBy,
    CurrentStepName: cur?.def.name,
    CurrentAction: cur?.def.action,
    ...targetFields(e),
    ProgressCounters: progress(e),
    Variables: undefined,
    Tags: undefined,
  });
}
