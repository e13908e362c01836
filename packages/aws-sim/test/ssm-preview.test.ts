/**
 * StartExecutionPreview / GetExecutionPreview through the real SDK: what a run would do, where and
 * to how many resources — and that nothing runs.
 */
import { DescribeAutomationExecutionsCommand, GetExecutionPreviewCommand, SSMClient, StartExecutionPreviewCommand } from '@aws-sdk/client-ssm';
import { SIM_ACCESS_KEYS } from '../src/core/contract';
import { DEMO_IDS } from '../src/demo';
import { admin, failure, ssmClient } from './support/sdk';
import { suiteSimulator } from './support/suite';

const t = suiteSimulator({ timeScale: 0, throttling: false });
let ssm: SSMClient;
beforeAll(() => {
  ssm = ssmClient(t.sim);
});
afterAll(() => ssm.destroy());

const executions = async () => (await ssm.send(new DescribeAutomationExecutionsCommand({ MaxResults: 50 }))).AutomationExecutionMetadataList!.length;

test('AWSSupport-EnableVPCFlowLogs: a preview of its steps’ impact, region, account and resources; nothing starts', async () => {
  const before = await admin(t.sim, 'stats');
  const countBefore = await executions();
  const { ExecutionPreviewId: id } = await ssm.send(
    new StartExecutionPreviewCommand({
      DocumentName: 'AWSSupport-EnableVPCFlowLogs',
      ExecutionInputs: {
        Automation: {
          Parameters: { ResourceIds: ['vpc-0f1ee7a9a9b9c9d90', 'subnet-0f1ee700000000000'], TrafficType: ['ALL'], LogDestinationType: ['cloud-watch-logs'] },
        },
      },
    }),
  );
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const out = await ssm.send(new GetExecutionPreviewCommand({ ExecutionPreviewId: id }));
  expect(out).toMatchObject({
    ExecutionPreviewId: id,
    Status: 'Success',
    ExecutionPreview: {
      Automation: {
        StepPreviews: { NonMutating: 1, Undetermined: 3 },
        Regions: ['us-east-1'],
        TargetPreviews: expect.arrayContaining([
          { Count: 1, TargetType: 'AWS::EC2::VPC' },
          { Count: 1, TargetType: 'AWS::EC2::Subnet' },
        ]),
        TotalAccounts: 1,
      },
    },
  });
  expect(out.EndedAt).toEqual(new Date(Date.parse('2026-11-01T12:00:00Z')));
  expect(await executions()).toBe(countBefore);
  const after = await admin(t.sim, 'stats');
  expect(after.calls['ssm:StartAutomationExecution'] ?? 0).toBe(before.calls['ssm:StartAutomationExecution'] ?? 0);
});

test('rate-controlled targets resolve to instances; targets that match nothing end the preview Failed', async () => {
  const { ExecutionPreviewId: id } = await ssm.send(
    new StartExecutionPreviewCommand({
      DocumentName: 'FleetGraph-ApprovedMacReboot',
      ExecutionInputs: { Automation: { TargetParameterName: 'InstanceId', Targets: [{ Key: 'InstanceIds', Values: [DEMO_IDS.idleX86Mac, DEMO_IDS.idleAppleSiliconMac] }], Parameters: { Reason: ['patch'] } } },
    }),
  );
  const out = await ssm.send(new GetExecutionPreviewCommand({ ExecutionPreviewId: id }));
  expect(out.ExecutionPreview).toMatchObject({ Automation: { TargetPreviews: [{ Count: 2, TargetType: 'AWS::EC2::Instance' }] } });
  const none = await ssm.send(
    new StartExecutionPreviewCommand({
      DocumentName: 'FleetGraph-ApprovedMacReboot',
      ExecutionInputs: { Automation: { TargetParameterName: 'InstanceId', Targets: [{ Key: 'tag:Name', Values: ['no-such-name'] }], Parameters: { Reason: ['patch'] } } },
    }),
  );
  expect(await ssm.send(new GetExecutionPreviewCommand({ ExecutionPreviewId: none.ExecutionPreviewId }))).toMatchObject({
    Status: 'Failed',
    StatusMessage: 'The specified targets did not resolve to any resources.',
  });
});

test('the same checks as StartAutomationExecution, as ValidationException; unknown preview ids; read-only callers', async () => {
  expect(await failure(ssm.send(new StartExecutionPreviewCommand({ DocumentName: 'AWSSupport-EnableVPCFlowLogs' })))).toMatchObject({
    name: 'ValidationException',
    status: 400,
    message: 'Parameter "LogDestinationType" is required, but was not provided.',
  });
  expect(await failure(ssm.send(new StartExecutionPreviewCommand({ DocumentName: 'No-Such-Runbook' })))).toMatchObject({ name: 'ValidationException' });
  expect(
    await failure(ssm.send(new StartExecutionPreviewCommand({ DocumentName: 'FleetGraph-ApprovedMacReboot', ExecutionInputs: { Automation: { Parameters: { Nope: ['x'] } } } }))),
  ).toMatchObject({ name: 'ValidationException', message: 'Parameter "Nope" is not defined in the document.' });
  expect(await failure(ssm.send(new GetExecutionPreviewCommand({ ExecutionPreviewId: '00000000-0000-4000-8000-000000000000' })))).toMatchObject({
    name: 'ResourceNotFoundException',
  });
  expect(await failure(ssm.send(new GetExecutionPreviewCommand({ ExecutionPreviewId: 'short' })))).toMatchObject({ name: 'ValidationException' });
  const ro = ssmClient(t.sim, SIM_ACCESS_KEYS.readOnly);
  expect(await failure(ro.send(new StartExecutionPreviewCommand({ DocumentName: 'AWSSupport-EnableVPCFlowLogs' })))).toMatchObject({ name: 'AccessDeniedException' });
  ro.destroy();
});
