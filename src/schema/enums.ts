import { registerEnumType } from 'type-graphql';
import { AUTOMATION_STATUSES } from '../aws/ssm/statuses';
import { HostState } from './host.type';

/** GraphQL enums use UPPER_SNAKE names; these helpers convert to and from AWS's spellings. */
export function toEnumName(awsValue: string): string {
  return awsValue
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toUpperCase();
}

export enum InstanceState {
  PENDING = 'PENDING',
  RUNNING = 'RUNNING',
  SHUTTING_DOWN = 'SHUTTING_DOWN',
  TERMINATED = 'TERMINATED',
  STOPPING = 'STOPPING',
  STOPPED = 'STOPPED',
}
registerEnumType(InstanceState, { name: 'InstanceState' });
/** EC2 `instance-state-name` values. */
export const instanceStateToAws = (s: InstanceState): string => s.toLowerCase().replace('_', '-');

export enum MacModificationTaskType {
  SIP_MODIFICATION = 'SIP_MODIFICATION',
  VOLUME_OWNERSHIP_DELEGATION = 'VOLUME_OWNERSHIP_DELEGATION',
}
registerEnumType(MacModificationTaskType, { name: 'MacModificationTaskType' });

export enum MacModificationTaskState {
  PENDING = 'PENDING',
  IN_PROGRESS = 'IN_PROGRESS',
  SUCCESSFUL = 'SUCCESSFUL',
  FAILED = 'FAILED',
}
registerEnumType(MacModificationTaskState, { name: 'MacModificationTaskState' });
/** EC2 spells these `sip-modification`, `in-progress`, … */
export const macEnumToAws = (s: string): string => s.toLowerCase().replace(/_/g, '-');

export enum SipSetting {
  ENABLED = 'ENABLED',
  DISABLED = 'DISABLED',
}
registerEnumType(SipSetting, { name: 'SipSetting' });

export enum LaunchPermissionGroup {
  ALL = 'ALL',
}
registerEnumType(LaunchPermissionGroup, { name: 'LaunchPermissionGroup', description: 'The only EC2 launch-permission group: everyone (public).' });

/**
 * SSM's AutomationExecutionStatus, generated from the SDK's own enum so new statuses appear
 * without a code change: `InProgress` → `IN_PROGRESS`.
 */
export const AutomationExecutionStatus: Record<string, string> = Object.fromEntries(
  AUTOMATION_STATUSES.map((v) => [toEnumName(v), toEnumName(v)]),
);
export type AutomationExecutionStatus = string;
registerEnumType(AutomationExecutionStatus, { name: 'AutomationExecutionStatus', description: "SSM's automation and step statuses." });
const STATUS_TO_AWS = new Map(AUTOMATION_STATUSES.map((v) => [toEnumName(v), v]));
export const automationStatusToAws = (s: string): string => STATUS_TO_AWS.get(s) ?? s;

export enum AutomationMode {
  AUTO = 'AUTO',
  INTERACTIVE = 'INTERACTIVE',
}
registerEnumType(AutomationMode, { name: 'AutomationMode' });

export enum StopType {
  COMPLETE = 'COMPLETE',
  CANCEL = 'CANCEL',
}
registerEnumType(StopType, { name: 'StopType' });

export enum AutomationSignal {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
  RESUME = 'RESUME',
  START_STEP = 'START_STEP',
  STOP_STEP = 'STOP_STEP',
}
registerEnumType(AutomationSignal, { name: 'AutomationSignal' });

export enum TaskEventKind {
  MAC_MODIFICATION_TASK = 'MAC_MODIFICATION_TASK',
  AUTOMATION_EXECUTION = 'AUTOMATION_EXECUTION',
  /** A Mac Dedicated Host's state (PENDING while it scrubs, then AVAILABLE). */
  MAC_HOST = 'MAC_HOST',
}
registerEnumType(TaskEventKind, {
  name: 'TaskEventKind',
  valuesConfig: { MAC_HOST: { description: "A Mac Dedicated Host's state: PENDING while AWS scrubs it after its Mac stopped, then AVAILABLE." } },
});

/**
 * Every state a task event can report: Mac modification task states, Automation statuses and
 * Mac host states (names shared, such as PENDING or FAILED, appear once), so `taskEvents`
 * filters are checked by GraphQL validation.
 */
export const TaskEventState: Record<string, string> = Object.fromEntries(
  [...Object.values(MacModificationTaskState), ...Object.keys(AutomationExecutionStatus), ...Object.values(HostState)].map((name) => [name, name]),
);
export type TaskEventState = string;
registerEnumType(TaskEventState, { name: 'TaskEventState', description: 'A Mac modification task state, an Automation execution status or a Mac host state.' });
