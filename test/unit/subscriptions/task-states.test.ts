import { AutomationExecutionStatus as SdkStatus } from '@aws-sdk/client-ssm';
import { ACTIVE_AUTOMATION_STATUSES, AUTOMATION_STATUSES, TERMINAL_AUTOMATION_STATUSES } from '../../../src/aws/ssm/statuses';
import { AutomationExecutionStatus, MacModificationTaskState, TaskEventState } from '../../../src/schema/enums';
import { HostState } from '../../../src/schema/host.type';

describe('task states: one list of automation statuses', () => {
  it("classifies each of the SDK's automation statuses as exactly one of active or terminal", () => {
    expect([...AUTOMATION_STATUSES].sort()).toEqual(Object.values(SdkStatus).sort());
    expect(ACTIVE_AUTOMATION_STATUSES).toEqual([
      'Approved',
      'Cancelling',
      'ChangeCalendarOverrideApproved',
      'InProgress',
      'Pending',
      'PendingApproval',
      'PendingChangeCalendarOverride',
      'RunbookInProgress',
      'Scheduled',
      'Waiting',
    ]);
    expect([...TERMINAL_AUTOMATION_STATUSES].sort()).toEqual([
      'Cancelled',
      'ChangeCalendarOverrideRejected',
      'CompletedWithFailure',
      'CompletedWithSuccess',
      'Exited',
      'Failed',
      'Rejected',
      'Success',
      'TimedOut',
    ]);
  });

  it('TaskEventState names every Mac task state, automation status and Mac host state once', () => {
    const names = Object.keys(TaskEventState);
    const all = [...Object.values(MacModificationTaskState), ...Object.keys(AutomationExecutionStatus), ...Object.values(HostState)];
    expect(names).toEqual(expect.arrayContaining(all));
    expect(names).toHaveLength(new Set(all).size);
    // PENDING, IN_PROGRESS and FAILED are shared by tasks and automations; PENDING by hosts too.
    expect(names).toHaveLength(25);
  });
});
