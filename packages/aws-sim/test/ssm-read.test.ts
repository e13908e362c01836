import { ACCOUNT, makeWorld, READONLY, T0 } from './support/ssm-world';

describe('SSM simulator: documents', () => {
  const w = makeWorld();

  it('lists the runbook catalog from the docs plus the account runbooks, paginated to the last page', () => {
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const r = w.call('ListDocuments', { MaxResults: 4, ...(token ? { NextToken: token } : {}) });
      expect(r.DocumentIdentifiers.length).toBeLessThanOrEqual(4);
      names.push(...r.DocumentIdentifiers.map((d: any) => d.Name));
      token = r.NextToken;
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(names.length / 4));
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(18);
    for (const n of ['AWSSupport-EnableVPCFlowLogs', 'AWSConfigRemediation-RemoveVPCDefaultSecurityGroupRules', 'AWS-AddWAFRegionalRuleToWebAcl', 'FleetGraph-ApprovedMacReboot']) {
      expect(names).toContain(n);
    }
    const one = w.call('ListDocuments', { Filters: [{ Key: 'Name', Values: ['AWSSupport-EnableVPC'] }] }).DocumentIdentifiers[0];
    expect(one).toMatchObject({ Name: 'AWSSupport-EnableVPCFlowLogs', Owner: 'Amazon', DocumentType: 'Automation', DocumentFormat: 'JSON', SchemaVersion: '0.3' });
    expect(typeof one.CreatedDate).toBe('number');
  });

  it('filters by owner (Self / Amazon / All), name prefix, keyword, platform and the legacy filter list', () => {
    const self = w.call('ListDocuments', { Filters: [{ Key: 'Owner', Values: ['Self'] }] }).DocumentIdentifiers;
    expect(self.map((d: any) => d.Name).sort()).toEqual(['FleetGraph-ApprovedMacReboot', 'FleetGraph-RestartSsmAgent', 'FleetGraph-RunInstanceHealthCheck']);
    expect(self.every((d: any) => d.Owner === ACCOUNT)).toBe(true);
    const amazon = w.call('ListDocuments', { Filters: [{ Key: 'Owner', Values: ['Amazon'] }] }).DocumentIdentifiers;
    expect(amazon.every((d: any) => d.Owner === 'Amazon')).toBe(true);
    const all = w.call('ListDocuments', { Filters: [{ Key: 'Owner', Values: ['All'] }] }).DocumentIdentifiers;
    expect(all.length).toBe(self.length + amazon.length);
    const waf = w.call('ListDocuments', { Filters: [{ Key: 'Name', Values: ['AWS-AddWAF'] }] }).DocumentIdentifiers;
    expect(waf.map((d: any) => d.Name)).toEqual(['AWS-AddWAFRegionalRuleToRuleGroup', 'AWS-AddWAFRegionalRuleToWebAcl']);
    expect(w.call('ListDocuments', { Filters: [{ Key: 'SearchKeyword', Values: ['workspace'] }] }).DocumentIdentifiers.length).toBe(2);
    expect(w.call('ListDocuments', { Filters: [{ Key: 'PlatformTypes', Values: ['MacOS'] }, { Key: 'Owner', Values: ['Self'] }] }).DocumentIdentifiers.length).toBe(3);
    expect(w.call('ListDocuments', { DocumentFilterList: [{ key: 'Owner', value: 'Self' }] }).DocumentIdentifiers.length).toBe(3);
  });

  it('rejects bad ListDocuments input', () => {
    expect(w.error('ListDocuments', { MaxResults: 0 }).code).toBe('ValidationException');
    expect(w.error('ListDocuments', { MaxResults: 51 }).code).toBe('ValidationException');
    expect(w.error('ListDocuments', { NextToken: 'garbage' }).code).toBe('InvalidNextToken');
    expect(w.error('ListDocuments', { Filters: [{ Key: 'Colour', Values: ['red'] }] }).code).toBe('InvalidFilterKey');
    expect(w.error('ListDocuments', { Filters: [{ Key: 'Owner', Values: ['Nobody'] }] }).code).toBe('InvalidFilterValue');
    // a token only works with the filters it was issued for
    const t = w.call('ListDocuments', { MaxResults: 2 }).NextToken;
    expect(w.error('ListDocuments', { MaxResults: 2, NextToken: t, Filters: [{ Key: 'Owner', Values: ['Amazon'] }] }).code).toBe('InvalidNextToken');
  });

  it('describes a document with its real parameters; required = no default', () => {
    const d = w.call('DescribeDocument', { Name: 'AWSSupport-EnableVPCFlowLogs' }).Document;
    expect(d).toMatchObject({ Name: 'AWSSupport-EnableVPCFlowLogs', Owner: 'Amazon', Status: 'Active', DocumentType: 'Automation', SchemaVersion: '0.3', DocumentFormat: 'JSON' });
    expect(d.DocumentVersion).toBe(d.LatestVersion);
    expect(d.DefaultVersion).toBe(d.LatestVersion);
    const p = Object.fromEntries(d.Parameters.map((x: any) => [x.Name, x]));
    expect(Object.keys(p)).toEqual(expect.arrayContaining(['AutomationAssumeRole', 'LogDestinationType', 'ResourceIds', 'TrafficType', 'DeliverLogsPermissionArn']));
    expect(p.ResourceIds).toMatchObject({ Type: 'StringList' });
    expect(p.ResourceIds.DefaultValue).toBeUndefined();
    expect(p.TrafficType.DefaultValue).toBeUndefined();
    expect(p.AutomationAssumeRole.DefaultValue).toBe('');
    expect(p.LogDestinationType.Description).toMatch(/^\(Required\)/);
    const ip = Object.fromEntries(w.call('DescribeDocument', { Name: 'AWSSupport-SetupIPMonitoringFromVPC' }).Document.Parameters.map((x: any) => [x.Name, x]));
    expect(ip.InstanceType.DefaultValue).toBe('t3.micro');
    expect(ip.CloudWatchLogGroupRetentionInDays.DefaultValue).toBe('7');
    expect(w.call('DescribeDocument', { Name: 'AWS-AddWAFRegionalRuleToWebAcl', DocumentVersion: '1' }).Document.DocumentVersion).toBe('1');
  });

  it('fails DescribeDocument/GetDocument for unknown names and versions', () => {
    expect(w.error('DescribeDocument', { Name: 'AWS-NoSuchRunbook' }).code).toBe('InvalidDocument');
    expect(w.error('GetDocument', { Name: 'AWS-NoSuchRunbook' }).code).toBe('InvalidDocument');
    expect(w.error('DescribeDocument', { Name: 'FleetGraph-RestartSsmAgent', DocumentVersion: '7' }).code).toBe('InvalidDocumentVersion');
    expect(w.error('DescribeDocument', { Name: 'FleetGraph-RestartSsmAgent', DocumentVersion: 'v1' }).code).toBe('ValidationException');
    expect(w.error('DescribeDocument', {}).code).toBe('ValidationException');
  });

  it('returns Automation document content (schema 0.3, mainSteps, assumeRole, aws:approve)', () => {
    const r = w.call('GetDocument', { Name: 'FleetGraph-ApprovedMacReboot' });
    expect(r).toMatchObject({ Name: 'FleetGraph-ApprovedMacReboot', DocumentType: 'Automation', DocumentFormat: 'JSON', Status: 'Active' });
    const doc = JSON.parse(r.Content);
    expect(doc.schemaVersion).toBe('0.3');
    expect(doc.assumeRole).toBe('{{ AutomationAssumeRole }}');
    expect(doc.parameters.InstanceId).toEqual({ type: 'String', description: expect.stringMatching(/^\(Required\)/) });
    expect(doc.mainSteps.map((s: any) => s.action)).toContain('aws:approve');
    const flow = JSON.parse(w.call('GetDocument', { Name: 'AWSSupport-EnableVPCFlowLogs' }).Content);
    expect(flow.mainSteps[0]).toMatchObject({ action: 'aws:branch' });
    expect(flow.parameters.LogDestinationType.allowedValues).toEqual(['cloud-watch-logs', 's3']);
    expect(flow.parameters.ResourceIds).not.toHaveProperty('default');
    const yaml = w.call('GetDocument', { Name: 'FleetGraph-RestartSsmAgent', DocumentFormat: 'YAML' });
    expect(yaml.DocumentFormat).toBe('YAML');
    expect(yaml.Content).toMatch(/^schemaVersion: "0.3"/);
  });
});

describe('SSM simulator: seeded automation executions', () => {
  const w = makeWorld();

  it('has executions in every basic status, with 36-char ids, some targeting seeded instances', () => {
    const all: any[] = [];
    let token: string | undefined;
    do {
      const r = w.call('DescribeAutomationExecutions', { MaxResults: 7, ...(token ? { NextToken: token } : {}) });
      all.push(...r.AutomationExecutionMetadataList);
      token = r.NextToken;
    } while (token);
    expect(all.length).toBe(40);
    expect(new Set(all.map((e) => e.AutomationExecutionId)).size).toBe(40);
    expect(all.every((e) => e.AutomationExecutionId.length === 36)).toBe(true);
    const statuses = new Set(all.map((e) => e.AutomationExecutionStatus));
    for (const s of ['Pending', 'InProgress', 'Waiting', 'Success', 'TimedOut', 'Cancelling', 'Cancelled', 'Failed']) expect(statuses).toContain(s);
    // newest first
    const starts = all.map((e) => e.ExecutionStartTime);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    const ids = new Set(w.instances.map((i) => i.instanceId));
    expect(all.filter((e) => e.Target && ids.has(e.Target)).length).toBeGreaterThan(3);
    expect(all[0]).toMatchObject({ AutomationType: 'Local', Mode: expect.any(String), ExecutedBy: expect.stringMatching(/^arn:aws:/) });
    const done = all.find((e) => e.AutomationExecutionStatus === 'Success');
    expect(done.ExecutionEndTime).toBeGreaterThan(done.ExecutionStartTime);
    const failed = all.find((e) => e.AutomationExecutionStatus === 'Failed');
    expect(failed.FailureMessage).toEqual(expect.any(String));
    const waiting = all.find((e) => e.AutomationExecutionStatus === 'Waiting' && e.DocumentName === 'FleetGraph-ApprovedMacReboot');
    expect(waiting).toMatchObject({ CurrentStepName: 'ApproveReboot', CurrentAction: 'aws:approve' });
  });

  it('filters by ExecutionId, DocumentNamePrefix, ExecutionStatus and start time', () => {
    const all = w.call('DescribeAutomationExecutions', { MaxResults: 50 }).AutomationExecutionMetadataList;
    const ten = all.slice(0, 10).map((e: any) => e.AutomationExecutionId);
    const byId = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionId', Values: [...ten, ] }] }).AutomationExecutionMetadataList;
    expect(byId.map((e: any) => e.AutomationExecutionId).sort()).toEqual([...ten].sort());
    const unknown = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionId', Values: ['00000000-0000-4000-8000-000000000000'] }] });
    expect(unknown.AutomationExecutionMetadataList).toEqual([]);
    const fg = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'DocumentNamePrefix', Values: ['FleetGraph-'] }] }).AutomationExecutionMetadataList;
    expect(fg.length).toBeGreaterThan(0);
    expect(fg.every((e: any) => e.DocumentName.startsWith('FleetGraph-'))).toBe(true);
    const st = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Failed', 'TimedOut'] }] }).AutomationExecutionMetadataList;
    expect(st.length).toBe(all.filter((e: any) => ['Failed', 'TimedOut'].includes(e.AutomationExecutionStatus)).length);
    const cut = new Date(T0 - 3 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const before = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'StartTimeBefore', Values: [cut] }] }).AutomationExecutionMetadataList;
    const after = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'StartTimeAfter', Values: [cut] }] }).AutomationExecutionMetadataList;
    expect(before.length + after.length).toBe(40);
    expect(before.every((e: any) => e.ExecutionStartTime * 1000 < T0 - 3 * 86_400_000)).toBe(true);
    const both = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Success'] }, { Key: 'DocumentNamePrefix', Values: ['FleetGraph-'] }] }).AutomationExecutionMetadataList;
    expect(both.every((e: any) => e.AutomationExecutionStatus === 'Success' && e.DocumentName.startsWith('FleetGraph-'))).toBe(true);
  });

  it('enforces the documented limits and errors', () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect(w.error('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionId', Values: Array(11).fill(id) }] }).code).toBe('ValidationException');
    expect(w.error('DescribeAutomationExecutions', { Filters: Array(11).fill({ Key: 'ExecutionStatus', Values: ['Success'] }) }).code).toBe('ValidationException');
    expect(w.error('DescribeAutomationExecutions', { Filters: [] }).code).toBe('ValidationException');
    expect(w.error('DescribeAutomationExecutions', { Filters: [{ Key: 'Colour', Values: ['x'] }] }).code).toBe('ValidationException');
    expect(w.error('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Done'] }] }).code).toBe('InvalidFilterValue');
    expect(w.error('DescribeAutomationExecutions', { Filters: [{ Key: 'StartTimeAfter', Values: ['yesterday'] }] }).code).toBe('InvalidFilterValue');
    expect(w.error('DescribeAutomationExecutions', { MaxResults: 0 }).code).toBe('ValidationException');
    expect(w.error('DescribeAutomationExecutions', { MaxResults: 51 }).code).toBe('ValidationException');
    expect(w.error('DescribeAutomationExecutions', { NextToken: 'nope' }).code).toBe('InvalidNextToken');
    expect(w.error('GetAutomationExecution', { AutomationExecutionId: 'short' }).code).toBe('ValidationException');
    expect(w.error('GetAutomationExecution', { AutomationExecutionId: id }).code).toBe('AutomationExecutionNotFoundException');
    expect(w.error('DescribeAutomationStepExecutions', { AutomationExecutionId: id }).code).toBe('AutomationExecutionNotFoundException');
  });

  it('returns full executions with steps, parameters, outputs and progress counters', () => {
    const list = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Failed'] }] }).AutomationExecutionMetadataList;
    const e = w.call('GetAutomationExecution', { AutomationExecutionId: list[0].AutomationExecutionId }).AutomationExecution;
    expect(e.AutomationExecutionStatus).toBe('Failed');
    expect(e.FailureMessage).toEqual(expect.any(String));
    const failedStep = e.StepExecutions.find((s: any) => s.StepStatus === 'Failed');
    expect(failedStep).toMatchObject({ StepName: expect.any(String), Action: expect.stringMatching(/^aws:/), FailureMessage: expect.any(String), StepExecutionId: expect.any(String) });
    const idx = e.StepExecutions.indexOf(failedStep);
    expect(e.StepExecutions.slice(idx + 1).every((s: any) => s.StepStatus === 'Pending')).toBe(true);
    expect(e.ProgressCounters).toMatchObject({ TotalSteps: e.StepExecutions.length, FailedSteps: 1 });
    expect(typeof e.ExecutionStartTime).toBe('number');
    expect(e.Parameters).toEqual(expect.any(Object));
    const ok = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Success'] }, { Key: 'DocumentNamePrefix', Values: ['FleetGraph-RunInstanceHealthCheck'] }] }).AutomationExecutionMetadataList;
    if (ok.length) {
      const s = w.call('GetAutomationExecution', { AutomationExecutionId: ok[0].AutomationExecutionId }).AutomationExecution;
      expect(s.Outputs['PublishReport.ReportUrl'][0]).toMatch(/^s3:\/\//);
      expect(s.StepExecutions[0].Inputs.Service).toBe('"ssm"');
    }
  });

  it('pages step executions forwards and backwards with filters', () => {
    const id = w.call('DescribeAutomationExecutions', { Filters: [{ Key: 'ExecutionStatus', Values: ['Success'] }] }).AutomationExecutionMetadataList.find(
      (e: any) => w.call('GetAutomationExecution', { AutomationExecutionId: e.AutomationExecutionId }).AutomationExecution.StepExecutions.length >= 3,
    ).AutomationExecutionId;
    const full = w.call('GetAutomationExecution', { AutomationExecutionId: id }).AutomationExecution.StepExecutions.map((s: any) => s.StepName);
    const collect = (reverse: boolean) => {
      const names: string[] = [];
      let token: string | undefined;
      do {
        const r = w.call('DescribeAutomationStepExecutions', { AutomationExecutionId: id, MaxResults: 2, ReverseOrder: reverse, ...(token ? { NextToken: token } : {}) });
        names.push(...r.StepExecutions.map((s: any) => s.StepName));
        token = r.NextToken;
      } while (token);
      return names;
    };
    expect(collect(false)).toEqual(full);
    expect(collect(true)).toEqual([...full].reverse());
    const succ = w.call('DescribeAutomationStepExecutions', { AutomationExecutionId: id, Filters: [{ Key: 'StepExecutionStatus', Values: ['Success'] }] }).StepExecutions;
    expect(succ.every((s: any) => s.StepStatus === 'Success')).toBe(true);
    expect(w.call('DescribeAutomationStepExecutions', { AutomationExecutionId: id, Filters: [{ Key: 'StepName', Values: [full[1]] }] }).StepExecutions).toHaveLength(1);
    expect(w.error('DescribeAutomationStepExecutions', { AutomationExecutionId: id, MaxResults: 51 }).code).toBe('ValidationException');
    expect(w.error('DescribeAutomationStepExecutions', { AutomationExecutionId: id, Filters: [{ Key: 'Bogus', Values: ['x'] }] }).code).toBe('ValidationException');
  });

  it('is deterministic per seed and rebuilt by reset()', () => {
    const ids = (x: ReturnType<typeof makeWorld>) => x.call('DescribeAutomationExecutions', { MaxResults: 50 }).AutomationExecutionMetadataList.map((e: any) => e.AutomationExecutionId);
    const a = makeWorld(40, 7);
    const b = makeWorld(40, 7);
    expect(ids(a)).toEqual(ids(b));
    expect(ids(makeWorld(40, 8))).not.toEqual(ids(a));
    const before = ids(a);
    a.call('StartAutomationExecution', { DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: [a.instances[1].instanceId] } });
    expect(ids(a)).toHaveLength(41);
    a.ssm.reset();
    expect(ids(a)).toEqual(before);
  });

  it('read-only callers can read', () => {
    expect(w.call('DescribeAutomationExecutions', { MaxResults: 1 }, READONLY).AutomationExecutionMetadataList).toHaveLength(1);
  });
});
