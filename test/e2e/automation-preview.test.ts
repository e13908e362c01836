import { DEMO_IDS } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

const PREVIEW = `mutation($input: StartAutomationExecutionInput!) { previewAutomationExecution(input: $input) { preview {
  id status statusMessage documentName regions totalAccounts
  stepImpact { mutating nonMutating undetermined } targets { targetType count } steps { name action } } } }`;

const FLOW_LOGS = {
  documentName: 'AWSSupport-EnableVPCFlowLogs',
  parameters: [
    { name: 'ResourceIds', values: ['vpc-0f1ee7a9a9b9c9d90'] },
    { name: 'TrafficType', values: ['ALL'] },
    { name: 'LogDestinationType', values: ['cloud-watch-logs'] },
  ],
};

/** previewAutomationExecution: what a run would do, where — and nothing runs. */
describe('automation preview', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());
  const executionCount = async () => (await h.data(`{ automationExecutions(first: 1000) { pageSize } }`)).automationExecutions.pageSize;

  it('AWSSupport-EnableVPCFlowLogs: a preview of its steps and the resources it would touch; nothing starts', async () => {
    const before = await executionCount();
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = (await h.data(PREVIEW, { input: FLOW_LOGS })).previewAutomationExecution.preview;
    });
    expect(res).toMatchObject({
      status: 'SUCCESS',
      statusMessage: null,
      documentName: 'AWSSupport-EnableVPCFlowLogs',
      regions: ['us-east-1'],
      totalAccounts: 1,
      stepImpact: { mutating: 0, nonMutating: 1, undetermined: 3 },
      targets: [{ targetType: 'AWS::EC2::VPC', count: 1 }],
    });
    expect(res.steps.map((s: any) => s.action)).toEqual(['aws:branch', 'aws:executeScript', 'aws:executeScript', 'aws:executeScript']);
    expect(calls).toEqual({ 'ssm:GetDocument': 1, 'ssm:StartExecutionPreview': 1, 'ssm:GetExecutionPreview': 1 });
    expect(await executionCount()).toBe(before);

    const again = (await h.data(`{ automationPreview(previewId: "${res.id}") { id status stepImpact { undetermined } documentName } }`)).automationPreview;
    expect(again).toEqual({ id: res.id, status: 'SUCCESS', stepImpact: { undetermined: 3 }, documentName: null });
    expect((await h.data(`{ automationPreview(previewId: "00000000-0000-4000-8000-000000000000") { id } }`)).automationPreview).toBeNull();
  });

  it('is checked like a start: the runbook’s parameters, before any preview is asked for', async () => {
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await h.gql(PREVIEW, { input: { documentName: 'AWSSupport-EnableVPCFlowLogs', parameters: [{ name: 'Nope', values: ['x'] }] } });
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.problems.map((p: any) => p.message)).toEqual([
      expect.stringMatching(/^unknown parameter Nope/),
      'missing required parameter LogDestinationType',
      'missing required parameter ResourceIds',
      'missing required parameter TrafficType',
    ]);
    expect(calls).toEqual({ 'ssm:GetDocument': 1 });
    const missing = await h.gql(PREVIEW, { input: { documentName: 'No-Such-Runbook' } });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('rate-controlled targets: the instances it would run on; targets matching nothing come back FAILED', async () => {
    const input = { documentName: 'FleetGraph-ApprovedMacReboot', targetParameterName: 'InstanceId', parameters: [{ name: 'Reason', values: ['patch'] }] };
    const ok = (await h.data(PREVIEW, { input: { ...input, targets: [{ key: 'InstanceIds', values: [DEMO_IDS.idleX86Mac, DEMO_IDS.idleAppleSiliconMac] }] } }))
      .previewAutomationExecution.preview;
    expect(ok.targets).toEqual([{ targetType: 'AWS::EC2::Instance', count: 2 }]);
    const none = (await h.data(PREVIEW, { input: { ...input, targets: [{ key: 'tag:Name', values: ['no-such-name'] }] } })).previewAutomationExecution.preview;
    expect(none).toMatchObject({ status: 'FAILED', statusMessage: 'The specified targets did not resolve to any resources.', stepImpact: null, targets: [] });
  });
});
