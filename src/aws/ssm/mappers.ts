import type {
  AutomationExecution as SsmExecution,
  AutomationExecutionMetadata,
  DocumentDescription,
  DocumentIdentifier,
  InstanceInformation,
  StepExecution,
  Target,
} from '@aws-sdk/client-ssm';
import type { AutomationExecution, AutomationParameter, AutomationProgress, AutomationStep, AutomationTarget } from '../../schema/automation.type';
import { toEnumName } from '../../schema/enums';
import { TERMINAL_AUTOMATION_STATUSES } from './statuses';
import type { ManagedNode } from '../../schema/managed-node.type';
import type { Runbook, RunbookParameter, RunbookStep } from '../../schema/runbook.type';
import { IdPattern } from '../../validation/ids';
import type { Scope } from '../scope';

/** SSM SDK shapes → the gateway's records. Pure functions; the scope comes from the call. */

export function mapParameterMap(m: Record<string, string[]> | undefined): AutomationParameter[] {
  return Object.entries(m ?? {}).map(([name, values]) => ({ name, values: values ?? [] }));
}

function mapTargets(targets: Target[] | undefined): AutomationTarget[] {
  return (targets ?? []).map((t) => ({ key: t.Key ?? '', values: t.Values ?? [] }));
}

/** Both Describe (metadata) and Get (full) results share these fields. */
export function mapExecution(e: AutomationExecutionMetadata | SsmExecution, scope: Scope): AutomationExecution {
  const awsStatus = e.AutomationExecutionStatus ?? 'Pending';
  return {
    id: e.AutomationExecutionId ?? '',
    region: scope.region,
    accountId: scope.accountId,
    documentName: e.DocumentName ?? '',
    documentVersion: e.DocumentVersion ?? null,
    status: toEnumName(awsStatus),
    startTime: e.ExecutionStartTime ?? null,
    endTime: e.ExecutionEndTime ?? null,
    executedBy: e.ExecutedBy ?? null,
    mode: e.Mode ?? null,
    outputs: mapParameterMap(e.Outputs),
    failureMessage: e.FailureMessage ?? null,
    currentStepName: e.CurrentStepName ?? null,
    currentAction: e.CurrentAction ?? null,
    targetParameterName: e.TargetParameterName ?? null,
    targets: mapTargets(e.Targets),
    isTerminal: TERMINAL_AUTOMATION_STATUSES.has(awsStatus),
  };
}

export function mapStep(s: StepExecution): AutomationStep {
  return {
    stepExecutionId: s.StepExecutionId ?? null,
    name: s.StepName ?? '',
    action: s.Action ?? '',
    status: toEnumName(s.StepStatus ?? 'Pending'),
    startTime: s.ExecutionStartTime ?? null,
    endTime: s.ExecutionEndTime ?? null,
    // Step inputs are single JSON-ish strings in SSM; outputs are lists.
    inputs: Object.entries(s.Inputs ?? {}).map(([name, value]) => ({ name, values: [value] })),
    outputs: mapParameterMap(s.Outputs),
    failureMessage: s.FailureMessage ?? null,
  };
}

/** Everything GetAutomationExecution tells beyond the summary row. */
export interface ExecutionDetail {
  execution: AutomationExecution;
  parameters: AutomationParameter[];
  steps: AutomationStep[];
  progress: AutomationProgress;
  /** Instance ids named in the parameters, the targets and the resolved targets. */
  targetInstanceIds: string[];
}

export function mapExecutionDetail(e: SsmExecution, scope: Scope): ExecutionDetail {
  return {
    execution: mapExecution(e, scope),
    parameters: mapParameterMap(e.Parameters),
    steps: (e.StepExecutions ?? []).map(mapStep),
    progress: mapProgress(e),
    targetInstanceIds: targetInstanceIds(e),
  };
}

function targetInstanceIds(e: SsmExecution): string[] {
  const values = [
    ...Object.values(e.Parameters ?? {}).flat(),
    ...(e.Targets ?? []).filter((t) => t.Key === 'ParameterValues' || t.Key === 'InstanceIds').flatMap((t) => t.Values ?? []),
    ...(e.ResolvedTargets?.ParameterValues ?? []),
  ];
  // Parameter values may be comma-separated lists (StringList passed as one string).
  const ids = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  return [...new Set(ids.filter((v) => IdPattern.instance.test(v)))];
}

const DONE_STEP = new Set(['Success', 'Failed', 'Cancelled', 'TimedOut', 'CompletedWithSuccess', 'CompletedWithFailure', 'Rejected', 'Exited']);

export function mapProgress(e: SsmExecution): AutomationProgress {
  const steps = e.StepExecutions ?? [];
  const c = e.ProgressCounters;
  const count = (status: string) => steps.filter((s) => s.StepStatus === status).length;
  return {
    totalSteps: c?.TotalSteps ?? steps.length,
    completedSteps: steps.filter((s) => DONE_STEP.has(s.StepStatus ?? '')).length,
    successSteps: c?.SuccessSteps ?? count('Success'),
    failedSteps: c?.FailedSteps ?? count('Failed'),
    cancelledSteps: c?.CancelledSteps ?? count('Cancelled'),
    timedOutSteps: c?.TimedOutSteps ?? count('TimedOut'),
  };
}

export function mapManagedNode(i: InstanceInformation, scope: Scope): ManagedNode {
  return {
    instanceId: i.InstanceId ?? '',
    accountId: scope.accountId,
    region: scope.region,
    pingStatus: i.PingStatus ?? null,
    agentVersion: i.AgentVersion ?? null,
    platformType: i.PlatformType ?? null,
    platformName: i.PlatformName ?? null,
    platformVersion: i.PlatformVersion ?? null,
    lastPingDateTime: i.LastPingDateTime ?? null,
  };
}

/**
 * ListDocuments rows carry no description: it stays undefined ("not read yet"), and the Runbook
 * resolver reads it through DescribeDocument when a client asks for it.
 */
export function mapRunbook(d: DocumentIdentifier | DocumentDescription, scope: Scope): Runbook {
  return {
    name: d.Name ?? '',
    region: scope.region,
    accountId: scope.accountId,
    description: 'Description' in d ? (d.Description ?? null) : undefined,
    owner: d.Owner ?? null,
    documentVersion: d.DocumentVersion ?? null,
    platformTypes: d.PlatformTypes ?? [],
  };
}

/** The parts of an Automation document (schemaVersion 0.3) the gateway reads. */
interface DocumentContent {
  description?: string;
  parameters?: Record<string, { type?: string; description?: string; default?: unknown; allowedValues?: unknown[]; allowedPattern?: string }>;
  mainSteps?: Array<{ name?: string; action?: string }>;
}

export interface ParsedRunbookContent {
  parameters: RunbookParameter[];
  steps: RunbookStep[];
}

/** GetDocument's Content is JSON (or YAML, which this gateway asks SSM not to return). */
export function parseRunbookContent(content: string | undefined): ParsedRunbookContent {
  let doc: DocumentContent = {};
  try {
    doc = content ? (JSON.parse(content) as DocumentContent) : {};
  } catch {
    doc = {};
  }
  const parameters = Object.entries(doc.parameters ?? {}).map(([name, p]): RunbookParameter => {
    const hasDefault = p.default !== undefined;
    return {
      name,
      type: p.type ?? 'String',
      description: p.description ?? null,
      required: !hasDefault,
      defaultValue: hasDefault ? (typeof p.default === 'string' ? p.default : JSON.stringify(p.default)) : null,
      allowedValues: (p.allowedValues ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))),
      allowedPattern: p.allowedPattern ?? null,
    };
  });
  const steps = (doc.mainSteps ?? []).map((s) => ({ name: s.name ?? '', action: s.action ?? '' }));
  return { parameters, steps };
}
