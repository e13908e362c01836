import { AutomationExecutionStatus as SdkStatus } from '@aws-sdk/client-ssm';

/**
 * The one list of SSM Automation statuses and what each means. Keyed by the SDK's own type, so a
 * status added to the SDK fails the typecheck here until someone says whether it is terminal:
 * a guess would either end subscriptions early or poll finished runs forever.
 */
type AwsAutomationStatus = (typeof SdkStatus)[keyof typeof SdkStatus];

/** Terminal: nothing more happens (SSM docs: terminal execution states). Active: still running or waiting. */
const PHASE = {
  Pending: 'active',
  InProgress: 'active',
  Waiting: 'active',
  Cancelling: 'active',
  PendingApproval: 'active',
  Approved: 'active',
  RunbookInProgress: 'active',
  Scheduled: 'active',
  PendingChangeCalendarOverride: 'active',
  ChangeCalendarOverrideApproved: 'active',
  Success: 'terminal',
  TimedOut: 'terminal',
  Cancelled: 'terminal',
  Failed: 'terminal',
  CompletedWithSuccess: 'terminal',
  CompletedWithFailure: 'terminal',
  Rejected: 'terminal',
  ChangeCalendarOverrideRejected: 'terminal',
  Exited: 'terminal',
} as const satisfies Record<AwsAutomationStatus, 'active' | 'terminal'>;

/** Every automation (and step) status, as AWS spells them (`InProgress`). */
export const AUTOMATION_STATUSES: readonly string[] = Object.values(SdkStatus);

/** Statuses of executions still running or waiting (the watcher's fleet scan filters on these). */
export const ACTIVE_AUTOMATION_STATUSES: readonly string[] = AUTOMATION_STATUSES.filter((s) => PHASE[s as AwsAutomationStatus] === 'active');

/** Statuses after which nothing more happens. */
export const TERMINAL_AUTOMATION_STATUSES: ReadonlySet<string> = new Set(AUTOMATION_STATUSES.filter((s) => PHASE[s as AwsAutomationStatus] === 'terminal'));
