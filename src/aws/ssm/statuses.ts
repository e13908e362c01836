import { AutomationExecutionStatus } from '@aws-sdk/client-ssm';

/** SSM's automation (and step) statuses, from the SDK's own enum so new ones appear without a code change. */
export const AUTOMATION_STATUSES: readonly string[] = Object.values(AutomationExecutionStatus);

/** Statuses of executions still running or waiting (the watcher's fleet scan). */
export const ACTIVE_AUTOMATION_STATUSES: readonly string[] = [
  'Pending',
  'InProgress',
  'Waiting',
  'Cancelling',
  'PendingApproval',
  'Approved',
  'RunbookInProgress',
  'Scheduled',
  'PendingChangeCalendarOverride',
  'ChangeCalendarOverrideApproved',
];
