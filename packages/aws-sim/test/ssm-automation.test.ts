import { makeWorld, READONLY, runUntil } from './support/ssm-world';

const TERMINAL = ['Success', 'Failed', 'Cancelled', 'TimedOut'];

describe('SSM simulator: StartAutomationExecution and the state machine', () => {
  it('runs a runbook step by step on the simulated clock to Success', () => {
    const w = makeWorld();
    const inst = w.instances[1].instanceId;
    const { AutomationExecutionId: id } = w.call('StartAutomationExecution', { DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: [inst] } });
    expect(id).toHaveLength(36);
    let e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e).toMatchObject({ AutomationExecutionStatus: 'Pending', Mode: 'Auto', DocumentName: 'FleetGraph-RestartSsmAgent', DocumentVersion: '1' });
    expect(e.Parameters.InstanceId).toEqual([inst]);
    expect(e.ExecutedBy).toMatch(/fleetgraph-admin$/);
    w.clock.advance(1_500);
    e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e).toMatchObject({ AutomationExecutionStatus: 'InProgress', CurrentStepName: 'RestartAgent', CurrentAction: 'aws:runCommand' });
    expect(e.StepExecutions[0]).toMatchObject({ StepStatus: 'InProgress' });
    expect(JSON.parse(e.StepExecutions[0].Inputs.InstanceIds)).toEqual([inst]);
    e = runUntil(w, id, (x) => TERMINAL.includes(x.AutomationExecutionStatus));
    expect(e.AutomationExecutionStatus).toBe('Success');
    expect(e.StepExecutions.map((s: any) => s.StepStatus)).toEqual(['Success', 'Success']);
    expect(e.ProgressCounters).toEqual({ TotalSteps: 2, SuccessSteps: 2, FailedSteps: 0, CancelledSteps: 0, TimedOutSteps: 0 });
    const [a, b] = e.StepExecutions;
    expect(b.ExecutionStartTime).toBe(a.ExecutionEndTime);
    expect(a.ExecutionEndTime - a.ExecutionStartTime).toBeGreaterThanOrEqual(5);
    expect(a.ExecutionEndTime - a.ExecutionStartTime).toBeLessThanOrEqual(30);
    expect(e.ExecutionEndTime).toBe(b.ExecutionEndTime);
    expect(a.Outputs.CommandId[0]).toHaveLength(36);
    // the same history however often it is polled
    const meta = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionId', Values: [id] }] }).AutomationExecutionMetadataList[0];
    expect(meta).toMatchObject({ AutomationExecutionStatus: 'Success', ExecutionEndTime: e.ExecutionEndTime, Target: inst });
  });

  it('approval flow: waits at aws:approve, Approve moves on to Success', () => {
    const w = makeWorld();
    const mac = w.instances.find((i) => i.platform === 'macOS' && i.state === 'running')!.instanceId;
    const { AutomationExecutionId: id } = w.call('StartAutomationExecution', { DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [mac], Reason: ['kernel panic'] } });
    let e = runUntil(w, id, (x) => x.AutomationExecutionStatus === 'Waiting');
    expect(e).toMatchObject({ CurrentStepName: 'ApproveReboot', CurrentAction: 'aws:approve' });
    expect(e.StepExecutions[1]).toMatchObject({ StepStatus: 'Waiting', TimeoutSeconds: 604800 });
    expect(JSON.parse(e.StepExecutions[1].Inputs.Message)).toBe(`Reboot EC2 Mac instance ${mac}: kernel panic`);
    // still waiting 10 minutes later
    w.clock.advance(600_000);
    expect(w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution.AutomationExecutionStatus).toBe('Waiting');
    // signals that don't apply here
    expect(w.error('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'StartStep', Payload: { StepName: ['RebootInstance'] } }).code).toBe('InvalidAutomationSignalException');
    expect(w.error('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'Approve' }, READONLY).code).toBe('AccessDeniedException');
    w.call('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'Approve', Payload: { Comment: ['go ahead'] } });
    e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e.StepExecutions[1]).toMatchObject({ StepStatus: 'Success', Outputs: { ApprovalStatus: ['Approved'] } });
    expect(e).toMatchObject({ AutomationExecutionStatus: 'InProgress', CurrentStepName: 'RebootInstance' });
    e = runUntil(w, id, (x) => TERMINAL.includes(x.AutomationExecutionStatus));
    expect(e.AutomationExecutionStatus).toBe('Success');
    expect(e.Outputs['DescribeMacInstance.InstanceState']).toEqual(['running']);
    expect(w.error('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'Approve' }).code).toBe('InvalidAutomationSignalException');
  });

  it('Reject fails the approval step and the execution; an unanswered approval times out', () => {
    const w = makeWorld();
    const mac = w.instances[0].instanceId;
    const { AutomationExecutionId: id } = w.call('StartAutomationExecution', { DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [mac] } });
    runUntil(w, id, (x) => x.AutomationExecutionStatus === 'Waiting');
    w.call('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'Reject', Payload: { Comment: ['not now'] } });
    const e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e.AutomationExecutionStatus).toBe('Failed');
    expect(e.FailureMessage).toMatch(/rejected.*not now/);
    expect(e.StepExecutions.map((s: any) => s.StepStatus)).toEqual(['Success', 'Failed', 'Pending', 'Pending']);

    const { AutomationExecutionId: id2 } = w.call('StartAutomationExecution', { DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [mac] } });
    w.clock.advance(6 * 86_400_000);
    expect(w.call('GetAutomationExecution', { AutomationExecutionId: id2 }).AutomationExecution.AutomationExecutionStatus).toBe('Waiting');
    w.clock.advance(86_400_000 + 60_000); // 7 days after the approval step began
    const t = w.call('GetAutomationExecution', { AutomationExecutionId: id2 }).AutomationExecution;
    expect(t.AutomationExecutionStatus).toBe('TimedOut');
    expect(t.StepExecutions[1].StepStatus).toBe('TimedOut');
    expect(t.ProgressCounters.TimedOutSteps).toBe(1);
  });

  it('a step fails deterministically on FailAtStep / a "fail" parameter value', () => {
    const w = makeWorld();
    const ids = [w.instances[1].instanceId, w.instances[2].instanceId];
    const { AutomationExecutionId: id } = w.call('StartAutomationExecution', {
      DocumentName: 'FleetGraph-RunInstanceHealthCheck',
      Parameters: { InstanceIds: ids, FailAtStep: ['RunHealthCheck'] },
    });
    const e = runUntil(w, id, (x) => TERMINAL.includes(x.AutomationExecutionStatus));
    expect(e.AutomationExecutionStatus).toBe('Failed');
    expect(e.StepExecutions.map((s: any) => s.StepStatus)).toEqual(['Success', 'Success', 'Failed', 'Pending']);
    expect(e.StepExecutions[2].FailureMessage).toMatch(/FailAtStep=RunHealthCheck/);
    expect(e.FailureMessage).toBe(e.StepExecutions[2].FailureMessage);
    expect(JSON.parse(e.StepExecutions[1].Inputs.InstanceIds)).toEqual(ids);

    // onFailure Continue + isCritical false: the execution still succeeds
    const { AutomationExecutionId: id2 } = w.call('StartAutomationExecution', {
      DocumentName: 'FleetGraph-RunInstanceHealthCheck',
      Parameters: { InstanceIds: ids, FailAtStep: ['CollectDiagnostics'] },
    });
    const e2 = runUntil(w, id2, (x) => TERMINAL.includes(x.AutomationExecutionStatus));
    expect(e2.AutomationExecutionStatus).toBe('Success');
    expect(e2.StepExecutions.map((s: any) => s.StepStatus)).toEqual(['Success', 'Failed', 'Success', 'Success']);

    // an AWS runbook with a parameter value "fail"
    const { AutomationExecutionId: id3 } = w.call('StartAutomationExecution', {
      DocumentName: 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules',
      Parameters: { GroupId: ['fail'], AutomationAssumeRole: ['arn:aws:iam::123456789012:role/AutomationServiceRole'] },
    });
    const e3 = runUntil(w, id3, (x) => TERMINAL.includes(x.AutomationExecutionStatus));
    expect(e3.AutomationExecutionStatus).toBe('Failed');
    expect(e3.StepExecutions[0].StepStatus).toBe('Failed');
  });

  it('Cancel goes Cancelling → Cancelled; stopping a finished execution is an error; Complete ends after the running step', () => {
    const w = makeWorld();
    const { AutomationExecutionId: id } = w.call('StartAutomationExecution', { DocumentName: 'AWSSupport-TerminateIPMonitoringFromVPC', Parameters: { AutomationExecutionId: ['11111111-1111-4111-8111-111111111111'], InstanceId: [w.instances[1].instanceId], SubnetId: ['subnet-0123456789abcdef0'] } });
    w.clock.advance(8_000);
    w.call('StopAutomationExecution', { AutomationExecutionId: id, Type: 'Cancel' });
    let e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e.AutomationExecutionStatus).toBe('Cancelling');
    expect(w.error('StopAutomationExecution', { AutomationExecutionId: id }).code).toBe('InvalidAutomationStatusUpdateException');
    w.clock.advance(5_000);
    e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e.AutomationExecutionStatus).toBe('Cancelled');
    expect(e.StepExecutions[0].StepStatus).toBe('Cancelled');
    expect(e.ProgressCounters.CancelledSteps).toBe(1);
    expect(w.error('StopAutomationExecution', { AutomationExecutionId: id }).code).toBe('InvalidAutomationStatusUpdateException');
    expect(w.error('StopAutomationExecution', { AutomationExecutionId: '00000000-0000-4000-8000-000000000000' }).code).toBe('AutomationExecutionNotFoundException');
    expect(w.error('StopAutomationExecution', { AutomationExecutionId: id, Type: 'Pause' }).code).toBe('ValidationException');

    const { AutomationExecutionId: c } = w.call('StartAutomationExecution', { DocumentName: 'FleetGraph-RunInstanceHealthCheck', Parameters: { InstanceIds: [w.instances[1].instanceId] } });
    w.clock.advance(3_000);
    w.call('StopAutomationExecution', { AutomationExecutionId: c, Type: 'Complete' });
    const done = runUntil(w, c, (x) => TERMINAL.includes(x.AutomationExecutionStatus));
    expect(done.AutomationExecutionStatus).toBe('Success');
    expect(done.StepExecutions.map((s: any) => s.StepStatus)).toEqual(['Success', 'Pending', 'Pending', 'Pending']);
  });

  it('Interactive mode waits for StartStep per step; StopStep stops a running step', () => {
    const w = makeWorld();
    const { AutomationExecutionId: id } = w.call('StartAutomationExecution', { DocumentName: 'FleetGraph-RestartSsmAgent', Mode: 'Interactive', Parameters: { InstanceId: [w.instances[1].instanceId] } });
    w.clock.advance(60_000);
    let e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e).toMatchObject({ AutomationExecutionStatus: 'Waiting', Mode: 'Interactive', CurrentStepName: 'RestartAgent' });
    expect(e.StepExecutions[0].StepStatus).toBe('Pending');
    expect(w.error('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'StartStep', Payload: { StepName: ['Nope'] } }).code).toBe('AutomationStepNotFoundException');
    expect(w.error('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'StartStep' }).code).toBe('InvalidAutomationSignalException');
    w.call('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'StartStep', Payload: { StepName: ['RestartAgent'] } });
    e = runUntil(w, id, (x) => x.StepExecutions[0].StepStatus === 'Success');
    expect(e).toMatchObject({ AutomationExecutionStatus: 'Waiting', CurrentStepName: 'WaitForOnline' });
    w.call('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'StartStep', Payload: { StepName: ['WaitForOnline'] } });
    e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e.AutomationExecutionStatus).toBe('InProgress');
    w.call('SendAutomationSignal', { AutomationExecutionId: id, SignalType: 'StopStep', Payload: { StepExecutionId: [e.StepExecutions[1].StepExecutionId] } });
    e = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(e.StepExecutions[1].StepStatus).toBe('Cancelled');
    expect(e.AutomationExecutionStatus).toBe('Cancelled');
  });

  it('client tokens are idempotent; a reused token with other parameters is a mismatch', () => {
    const w = makeWorld();
    const token = '8f0b1b3c-2d4e-4f60-8a7b-9c0d1e2f3a4b';
    const req = { DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: [w.instances[1].instanceId] }, ClientToken: token };
    const a = w.call('StartAutomationExecution', req).AutomationExecutionId;
    w.clock.advance(60_000);
    expect(w.call('StartAutomationExecution', req).AutomationExecutionId).toBe(a);
    expect(w.call('StartAutomationExecution', { ...req, ClientToken: token.toUpperCase() }).AutomationExecutionId).toBe(a);
    expect(w.error('StartAutomationExecution', { ...req, Parameters: { InstanceId: [w.instances[2].instanceId] } }).code).toBe('IdempotentParameterMismatch');
    expect(w.error('StartAutomationExecution', { ...req, ClientToken: 'my-token' }).code).toBe('ValidationException');
    const all = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'DocumentNamePrefix', Values: ['FleetGraph-RestartSsmAgent'] }, { Key: 'StartTimeAfter', Values: ['2026-01-01T11:59:00Z'] }] });
    expect(all.AutomationExecutionMetadataList.map((e: any) => e.AutomationExecutionId)).toEqual([a]);
  });

  it('validates the document, version and parameters', () => {
    const w = makeWorld();
    const e = (body: Record<string, unknown>) => w.error('StartAutomationExecution', body).code;
    expect(e({ DocumentName: 'AWS-NoSuchRunbook' })).toBe('AutomationDefinitionNotFoundException');
    expect(e({ DocumentName: 'FleetGraph-RestartSsmAgent', DocumentVersion: '9', Parameters: { InstanceId: ['i-1'] } })).toBe('AutomationDefinitionVersionNotFoundException');
    expect(e({ DocumentName: 'FleetGraph-RestartSsmAgent' })).toBe('InvalidAutomationExecutionParametersException');
    expect(e({ DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: ['i-1'], Colour: ['red'] } })).toBe('InvalidAutomationExecutionParametersException');
    expect(e({ DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: ['i-1', 'i-2'] } })).toBe('InvalidAutomationExecutionParametersException');
    expect(e({ DocumentName: 'AWSSupport-EnableVPCFlowLogs', Parameters: { LogDestinationType: ['ftp'], ResourceIds: ['vpc-1'], TrafficType: ['ALL'] } })).toBe('InvalidAutomationExecutionParametersException');
    expect(e({ DocumentName: 'AWS-AddWAFRegionalRuleToWebAcl', Parameters: { WebACLId: ['x'], ActivatedRulePriority: ['high'], ActivatedRuleRuleId: ['r'] } })).toBe('InvalidAutomationExecutionParametersException');
    expect(e({ DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: ['i-1'] }, Mode: 'Manual' })).toBe('ValidationException');
    expect(e({ DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: ['i-1'] }, Tags: Array(6).fill({ Key: 'k', Value: 'v' }) })).toBe('ValidationException');
    expect(e({ DocumentName: 'FleetGraph-RestartSsmAgent', TargetParameterName: 'InstanceId' })).toBe('InvalidAutomationExecutionParametersException');
    expect(e({ DocumentName: 'FleetGraph-RestartSsmAgent', TargetParameterName: 'InstanceId', Targets: [{ Key: 'tag:Team', Values: ['none'] }] })).toBe('InvalidTarget');
    expect(w.error('StartAutomationExecution', { DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: ['i-1'] } }, READONLY).code).toBe('AccessDeniedException');
    const ok = w.call('StartAutomationExecution', { DocumentName: 'AWSSupport-EnableVPCFlowLogs', DocumentVersion: '1', Parameters: { LogDestinationType: ['s3'], ResourceIds: ['vpc-1', 'vpc-2'], TrafficType: ['ALL'] } });
    const got = w.call('GetAutomationExecution', { AutomationExecutionId: ok.AutomationExecutionId }).AutomationExecution;
    expect(got.DocumentVersion).toBe('1');
    expect(got.Parameters.ResourceIds).toEqual(['vpc-1', 'vpc-2']);
  });

  it('rate control: Targets + TargetParameterName launch child executions within MaxConcurrency', () => {
    const w = makeWorld();
    const targets = w.instances.slice(1, 6).map((i) => i.instanceId);
    const { AutomationExecutionId: id } = w.call('StartAutomationExecution', {
      DocumentName: 'FleetGraph-RestartSsmAgent',
      TargetParameterName: 'InstanceId',
      Targets: [{ Key: 'ParameterValues', Values: targets }],
      MaxConcurrency: '2',
      MaxErrors: '1',
    });
    w.clock.advance(2_000);
    let p = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution;
    expect(p).toMatchObject({ AutomationExecutionStatus: 'InProgress', TargetParameterName: 'InstanceId', MaxConcurrency: '2', ResolvedTargets: { ParameterValues: targets, Truncated: false } });
    const kids = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ParentExecutionId', Values: [id] }] }).AutomationExecutionMetadataList;
    expect(kids).toHaveLength(2);
    p = runUntil(w, id, (x) => TERMINAL.includes(x.AutomationExecutionStatus), 60 * 60_000);
    expect(p.AutomationExecutionStatus).toBe('Success');
    expect(p.StepExecutions.every((s: any) => s.Action === 'aws:executeAutomation' && s.StepStatus === 'Success')).toBe(true);
    const all = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ParentExecutionId', Values: [id] }] }).AutomationExecutionMetadataList;
    expect(all.map((k: any) => k.Target).sort()).toEqual([...targets].sort());
    expect(all.every((k: any) => k.ParentAutomationExecutionId === id && k.AutomationExecutionStatus === 'Success')).toBe(true);
    // tag:Name targets resolve against the EC2 instances
    const byName = w.call('StartAutomationExecution', { DocumentName: 'FleetGraph-RestartSsmAgent', TargetParameterName: 'InstanceId', Targets: [{ Key: 'tag:Name', Values: ['node-1', 'node-2'] }] });
    const q = w.call('GetAutomationExecution', { AutomationExecutionId: byName.AutomationExecutionId }).AutomationExecution;
    expect(q.ResolvedTargets.ParameterValues.sort()).toEqual([w.instances[1].instanceId, w.instances[2].instanceId].sort());
  });

  it('allows at most 100 running automations', () => {
    const w = makeWorld();
    const running = () => w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Pending', 'InProgress', 'Waiting', 'Cancelling'] }] }).AutomationExecutionMetadataList.length;
    const start = () => w.call('StartAutomationExecution', { DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [w.instances[0].instanceId] } });
    const already = running();
    for (let i = already; i < 100; i++) start();
    expect(w.error('StartAutomationExecution', { DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [w.instances[0].instanceId] } }).code).toBe(
      'AutomationExecutionLimitExceededException',
    );
    // capacity frees up when executions finish (approvals time out after 7 days)
    w.clock.advance(8 * 86_400_000);
    expect(start().AutomationExecutionId).toHaveLength(36);
  });

  it('unknown operations are rejected', () => {
    const w = makeWorld();
    expect(w.error('DeleteEverything').code).toBe('InvalidAction');
    const s = w.ssm.worldSummary() as any;
    expect(s.executions).toBe(40);
    expect(s.runbooks.filter((r: any) => r.approval).map((r: any) => r.name)).toEqual(['FleetGraph-ApprovedMacReboot']);
  });
});
