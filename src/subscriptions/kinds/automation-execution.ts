import type { AutomationExecution } from '../../schema/automation.type';
import { TaskEventKind } from '../../schema/enums';
import type { TaskKind } from './task-kind';

/** SSM Automation executions: 10 ids per DescribeAutomationExecutions (the loader batches them); step changes are changes. */
export const automationExecutionKind: TaskKind<AutomationExecution> = {
  kind: TaskEventKind.AUTOMATION_EXECUTION,
  label: 'Automation execution',
  fetch: (loaders, ids) => loaders.execution.loadMany(ids),
  active: (aws, scope) => aws.ssm(scope).activeExecutions(),
  idOf: (execution) => execution.id,
  read: (execution) => ({
    state: execution.status,
    isTerminal: execution.isTerminal,
    startedAt: execution.startTime ?? null,
    currentStepName: execution.currentStepName ?? null,
    instanceId: null,
    documentName: execution.documentName,
    payloads: { automationExecution: execution },
  }),
};
