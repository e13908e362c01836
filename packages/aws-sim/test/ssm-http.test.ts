import {
  DescribeAutomationExecutionsCommand,
  DescribeDocumentCommand,
  DescribeInstanceInformationCommand,
  GetAutomationExecutionCommand,
  GetDocumentCommand,
  ListDocumentsCommand,
  paginateDescribeInstanceInformation,
  SendAutomationSignalCommand,
  SSMClient,
  StartAutomationExecutionCommand,
  StopAutomationExecutionCommand,
  AutomationExecutionNotFoundException,
  InvalidDocument,
  IdempotentParameterMismatch,
} from '@aws-sdk/client-ssm';
import { DEMO_IDS } from '../src/demo';
import { startSimulator, type RunningSimulator } from '../src/front/server';

describe('SSM simulator over HTTP with @aws-sdk/client-ssm', () => {
  let sim: RunningSimulator;
  let ssm: SSMClient;
  let readOnly: SSMClient;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, instances: 40, timeScale: 0, throttling: false });
    const base = { endpoint: sim.url, region: 'us-east-1', maxAttempts: 1 };
    ssm = new SSMClient({ ...base, credentials: { accessKeyId: 'AKIAFLEETGRAPHADMIN1', secretAccessKey: 'x' } });
    readOnly = new SSMClient({ ...base, credentials: { accessKeyId: 'AKIAFLEETGRAPHREADONLY', secretAccessKey: 'x' } });
  });
  afterAll(async () => {
    ssm?.destroy();
    readOnly?.destroy();
    await sim?.close();
  });

  it('reads documents, managed nodes and executions with SDK types (Dates parsed from epoch seconds)', async () => {
    const docs = await ssm.send(new ListDocumentsCommand({ Filters: [{ Key: 'Owner', Values: ['Self'] }] }));
    expect(docs.DocumentIdentifiers?.map((d) => d.Name)).toContain('FleetGraph-ApprovedMacReboot');
    expect(docs.DocumentIdentifiers?.[0].CreatedDate).toBeInstanceOf(Date);
    const d = await ssm.send(new DescribeDocumentCommand({ Name: 'AWS-AddWAFRegionalRuleToWebAcl' }));
    expect(d.Document?.Parameters?.map((p) => p.Name)).toEqual(expect.arrayContaining(['WebACLId', 'ActivatedRulePriority', 'ActivatedRuleType']));
    const content = await ssm.send(new GetDocumentCommand({ Name: 'AWS-AddWAFRegionalRuleToWebAcl' }));
    expect(JSON.parse(content.Content!).schemaVersion).toBe('0.3');
    await expect(ssm.send(new DescribeDocumentCommand({ Name: 'AWS-Nope' }))).rejects.toBeInstanceOf(InvalidDocument);

    let nodes = 0;
    for await (const page of paginateDescribeInstanceInformation({ client: ssm, pageSize: 10 }, {})) nodes += page.InstanceInformationList?.length ?? 0;
    expect(nodes).toBeGreaterThan(10);

    const ex = await ssm.send(new DescribeAutomationExecutionsCommand({ MaxResults: 5 }));
    expect(ex.AutomationExecutionMetadataList).toHaveLength(5);
    expect(ex.AutomationExecutionMetadataList?.[0].ExecutionStartTime).toBeInstanceOf(Date);
    expect(ex.NextToken).toBeDefined();
    const one = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: ex.AutomationExecutionMetadataList![0].AutomationExecutionId }));
    expect(one.AutomationExecution?.StepExecutions?.length).toBeGreaterThan(0);
    const err = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: '00000000-0000-4000-8000-000000000000' })).catch((e) => e);
    expect(err).toBeInstanceOf(AutomationExecutionNotFoundException);
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('runs an approval flow end to end and enforces the read-only key and client tokens', async () => {
    const info = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: 'PlatformTypes', Values: ['MacOS'] }], MaxResults: 5 }));
    const mac = info.InstanceInformationList![0].InstanceId!;
    const denied = await readOnly.send(new StartAutomationExecutionCommand({ DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [mac] } })).catch((e) => e);
    expect(denied.name).toBe('AccessDeniedException');
    const token = '0c6c1a52-6f3e-4b8e-9a51-3d1f5a7b9c21';
    const { AutomationExecutionId: id } = await ssm.send(new StartAutomationExecutionCommand({ DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [mac] }, ClientToken: token }));
    const again = await ssm.send(new StartAutomationExecutionCommand({ DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [mac] }, ClientToken: token }));
    expect(again.AutomationExecutionId).toBe(id);
    await expect(
      ssm.send(new StartAutomationExecutionCommand({ DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [mac], Reason: ['other'] }, ClientToken: token })),
    ).rejects.toBeInstanceOf(IdempotentParameterMismatch);
    sim.clock.advance(60_000);
    const waiting = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id }));
    expect(waiting.AutomationExecution?.AutomationExecutionStatus).toBe('Waiting');
    await ssm.send(new SendAutomationSignalCommand({ AutomationExecutionId: id, SignalType: 'Approve', Payload: { Comment: ['ok'] } }));
    sim.clock.advance(120_000);
    const done = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id }));
    expect(done.AutomationExecution?.AutomationExecutionStatus).toBe('Success');
    expect(done.AutomationExecution?.ExecutionEndTime).toBeInstanceOf(Date);
    const stop = await ssm.send(new StopAutomationExecutionCommand({ AutomationExecutionId: id, Type: 'Cancel' })).catch((e) => e);
    expect(stop.name).toBe('InvalidAutomationStatusUpdateException');
  });

  it('StopAutomationExecution without Type cancels, as AWS defaults to Cancel: Cancelling, then Cancelled', async () => {
    const mac = DEMO_IDS.approvalTargetMac;
    const { AutomationExecutionId: id } = await ssm.send(new StartAutomationExecutionCommand({ DocumentName: 'FleetGraph-ApprovedMacReboot', Parameters: { InstanceId: [mac] } }));
    sim.clock.advance(60_000);
    await ssm.send(new StopAutomationExecutionCommand({ AutomationExecutionId: id }));
    const cancelling = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id }));
    expect(cancelling.AutomationExecution?.AutomationExecutionStatus).toBe('Cancelling');
    sim.clock.advance(5_000);
    const cancelled = await ssm.send(new GetAutomationExecutionCommand({ AutomationExecutionId: id }));
    expect(cancelled.AutomationExecution?.AutomationExecutionStatus).toBe('Cancelled');
    expect(cancelled.AutomationExecution?.StepExecutions?.map((s) => s.StepStatus)).toEqual(['Success', 'Cancelled', 'Pending', 'Pending']);
  });
});
