/** DescribeAutomationExecutions, GetAutomationExecution, DescribeAutomationStepExecutions. */
import { SimError } from '../../core/contract';
import type { Execution, StepRun } from '../execution';
import { paginate } from '../../core/json-pagination';
import { constraintError, optInt, requireString } from '../util';
import { sortKey, type SsmWorld } from '../world';
import { type KeyValues, parseFilters, parseTimeValue } from './filters';
import { executionShape, metadataShape, stepShape } from './shapes';

export const EXECUTION_FILTER_KEYS = [
  'DocumentNamePrefix',
  'ExecutionStatus',
  'ExecutionId',
  'ParentExecutionId',
  'CurrentAction',
  'StartTimeBefore',
  'StartTimeAfter',
  'AutomationType',
  'TagKey',
  'TargetResourceGroup',
  'AutomationSubtype',
  'OpsItemId',
] as const;

export const STATUSES = [
  'Pending',
  'InProgress',
  'Waiting',
  'Success',
  'TimedOut',
  'Cancelling',
  'Cancelled',
  'Failed',
  'PendingApproval',
  'Approved',
  'Rejected',
  'Scheduled',
  'RunbookInProgress',
  'PendingChangeCalendarOverride',
  'ChangeCalendarOverrideApproved',
  'ChangeCalendarOverrideRejected',
  'CompletedWithSuccess',
  'CompletedWithFailure',
  'Exited',
];

const STEP_FILTER_KEYS = [
  'StartTimeBefore',
  'StartTimeAfter',
  'StepExecutionStatus',
  'StepExecutionId',
  'StepName',
  'Action',
  'ParentStepExecutionId',
  'ParentStepIteration',
  'ParentStepIteratorValue',
] as const;

export function validateExecutionId(body: Record<string, unknown>): string {
  const id = requireString(body, 'AutomationExecutionId');
  if (id.length !== 36) {
    throw constraintError(id, 'automationExecutionId', `Member must have length ${id.length < 36 ? 'greater' : 'less'} than or equal to 36`);
  }
  return id;
}

export function getExecutionOrThrow(world: SsmWorld, id: string): Execution {
  const e = world.executions.get(id);
  if (!e) throw new SimError('AutomationExecutionNotFoundException', `There is no AutomationExecution with id: ${id}`);
  return e;
}

/**
 * ListTagsForResource for ResourceType `Automation` (the tags StartAutomationExecution was given;
 * GetAutomationExecution carries none). The simulator keeps tags on automations only: the other
 * resource types AWS accepts (Document, ManagedInstance, …) answer InvalidResourceType here.
 */
export function listAutomationTags(world: SsmWorld, body: Record<string, unknown>) {
  const type = requireString(body, 'ResourceType');
  const id = requireString(body, 'ResourceId');
  if (type !== 'Automation') throw new SimError('InvalidResourceType', 'The resource type is not valid. For example, if you are attempting to tag an EC2 instance, the instance must be a registered managed node.');
  const e = world.executions.get(id);
  if (!e) throw new SimError('InvalidResourceId', 'The resource ID is not valid. Verify that you entered the correct ID and try again.');
  return { TagList: e.tags.map((t) => ({ Key: t.Key, Value: t.Value })) };
}

function executionPredicate(f: KeyValues): (e: Execution) => boolean {
  const vals = f.Values;
  switch (f.Key) {
    case 'DocumentNamePrefix':
      return (e) => vals.some((v) => e.doc.name.startsWith(v));
    case 'ExecutionStatus': {
      const bad = vals.find((v) => !STATUSES.includes(v));
      if (bad) throw new SimError('InvalidFilterValue', `The filter value ${bad} is not valid for ExecutionStatus.`);
      return (e) => vals.includes(e.status);
    }
    case 'ExecutionId':
      return (e) => vals.includes(e.id);
    case 'ParentExecutionId':
      return (e) => !!e.parentId && vals.includes(e.parentId);
    case 'CurrentAction':
      return (e) => {
        const s = e.cur >= 0 && !['Success', 'Failed', 'Cancelled', 'TimedOut'].includes(e.status) ? e.steps[e.cur] : undefined;
        return !!s && vals.includes(s.def.action);
      };
    case 'StartTimeBefore': {
      const t = Math.min(...vals.map((v) => parseTimeValue(v, f.Key)));
      return (e) => e.startMs < t;
    }
    case 'StartTimeAfter': {
      const t = Math.max(...vals.map((v) => parseTimeValue(v, f.Key)));
      return (e) => e.startMs > t;
    }
    case 'AutomationType': {
      const bad = vals.find((v) => v !== 'Local' && v !== 'CrossAccount');
      if (bad) throw new SimError('InvalidFilterValue', `The filter value ${bad} is not valid for AutomationType.`);
      return () => vals.includes('Local');
    }
    case 'TagKey':
      return (e) => e.tags.some((t) => vals.includes(t.Key));
    case 'AutomationSubtype':
    case 'TargetResourceGroup':
    case 'OpsItemId':
      return () => false;
    default:
      throw new SimError('InvalidFilterKey', `The filter key ${f.Key} is not valid.`);
  }
}

export function describeAutomationExecutions(world: SsmWorld, body: Record<string, unknown>) {
  const filters = parseFilters(body.Filters, { member: 'Filters', maxFilters: 10, maxValues: 10, maxValueLength: 150, enumKeys: EXECUTION_FILTER_KEYS });
  const max = optInt(body, 'MaxResults', 1, 50) ?? 50;
  const preds = (filters ?? []).map(executionPredicate);
  let items = world.sortedExecutions();
  // fast path for id lookups (the gateway's batch loads)
  const idFilter = filters?.find((f) => f.Key === 'ExecutionId');
  if (idFilter) {
    items = idFilter.Values.map((id) => world.executions.get(id)).filter((e): e is Execution => !!e);
    items = [...new Set(items)].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
  }
  if (preds.length) items = items.filter((e) => preds.every((p) => p(e)));
  const { page, nextToken } = paginate('DescribeAutomationExecutions', items, sortKey, {
    nextToken: body.NextToken as string | undefined,
    maxResults: max,
    filters: filters ?? null,
  });
  return { AutomationExecutionMetadataList: page.map(metadataShape), ...(nextToken ? { NextToken: nextToken } : {}) };
}

export function getAutomationExecution(world: SsmWorld, body: Record<string, unknown>) {
  const e = getExecutionOrThrow(world, validateExecutionId(body));
  return { AutomationExecution: executionShape(e) };
}

function stepPredicate(f: KeyValues): (s: StepRun) => boolean {
  const vals = f.Values;
  switch (f.Key) {
    case 'StepExecutionStatus': {
      const bad = vals.find((v) => !STATUSES.includes(v));
      if (bad) throw new SimError('InvalidFilterValue', `The filter value ${bad} is not valid for StepExecutionStatus.`);
      return (s) => vals.includes(s.status);
    }
    case 'StepExecutionId':
      return (s) => vals.includes(s.stepExecutionId);
    case 'StepName':
      return (s) => vals.includes(s.def.name);
    case 'Action':
      return (s) => vals.includes(s.def.action);
    case 'StartTimeBefore': {
      const t = Math.min(...vals.map((v) => parseTimeValue(v, f.Key)));
      return (s) => s.startMs !== undefined && s.startMs < t;
    }
    case 'StartTimeAfter': {
      const t = Math.max(...vals.map((v) => parseTimeValue(v, f.Key)));
      return (s) => s.startMs !== undefined && s.startMs > t;
    }
    default:
      return () => false; // loop-related keys: no loop steps in the simulator
  }
}

export function describeAutomationStepExecutions(world: SsmWorld, body: Record<string, unknown>) {
  const id = validateExecutionId(body);
  const filters = parseFilters(body.Filters, { member: 'Filters', maxFilters: 6, maxValues: 10, maxValueLength: 150, enumKeys: STEP_FILTER_KEYS });
  const max = optInt(body, 'MaxResults', 1, 50) ?? 50;
  const e = getExecutionOrThrow(world, id);
  const reverse = body.ReverseOrder === true;
  const preds = (filters ?? []).map(stepPredicate);
  // every step of the runbook is listed, not-yet-run ones as Pending (as in GetAutomationExecution)
  const indexed = e.steps.map((s, i) => ({ s, i }));
  let items = indexed.filter(({ s }) => preds.every((p) => p(s)));
  if (reverse) items = items.reverse();
  const n = e.steps.length;
  const key = (x: { i: number }) => String(reverse ? n - x.i : x.i).padStart(6, '0');
  const { page, nextToken } = paginate(`DescribeAutomationStepExecutions/${id}/${reverse ? 'r' : 'f'}`, items, key, {
    nextToken: body.NextToken as string | undefined,
    maxResults: max,
    filters: filters ?? null,
  });
  return { StepExecutions: page.map(({ s }) => stepShape(s)), ...(nextToken ? { NextToken: nextToken } : {}) };
}
