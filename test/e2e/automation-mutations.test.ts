import { SIM_ACCESS_KEYS } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

const START = `mutation($input: StartAutomationExecutionInput!) {
  startAutomationExecution(input: $input) { clientToken execution { id documentName status mode isTerminal } }
}`;
const STOP = `mutation($input: StopAutomationExecutionInput!) { stopAutomationExecution(input: $input) { execution { id status isTerminal } } }`;
const SIGNAL = `mutation($input: SendAutomationSignalInput!) { sendAutomationSignal(input: $input) { execution { id status currentStepName } } }`;
const EXEC = `query($id: String!) { automationExecution(executionId: $id) { status isTerminal currentStepName failureMessage
  steps { name action status failureMessage } progress { totalSteps completedSteps } outputs { name values } } }`;

describe('automation mutations', () => {
  let h: Harness;
  let world: any;
  let mac: string;
  beforeAll(async () => {
    h = await Harness.start();
  });
  beforeEach(async () => {
    await h.reset();
    world = await h.world();
    mac = world.instances.macAppleSilicon.running[0];
  });
  afterAll(() => h.close());

  const exec = async (id: string) => (await h.data(EXEC, { id })).automationExecution;
  const advance = (seconds: number) => h.simAdmin('clock/advance', { seconds });

  it('checks parameters against the runbook before calling SSM and reports every problem at once', async () => {
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await h.gql(START, {
        input: {
          documentName: 'AWSSupport-EnableVPCFlowLogs',
          parameters: [
            { name: 'TrafficType', values: ['SOME'] },
            { name: 'LogDestinationType', values: ['s3', 'cloud-watch-logs'] },
            { name: 'Colour', values: ['blue'] },
          ],
        },
      });
    });
    expect(res.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors[0].extensions.problems.map((p: any) => p.message)).toEqual([
      'TrafficType must be one of ACCEPT | REJECT | ALL',
      'LogDestinationType is a String: give exactly one value',
      expect.stringMatching(/^unknown parameter Colour; the runbook declares: /),
      'missing required parameter ResourceIds',
    ]);
    expect(calls).toEqual({ 'ssm:GetDocument': 1 });
  });

  it('checks types: integers and booleans', async () => {
    const res = await h.gql(START, {
      input: { documentName: 'AWSConfigRemediation-EnableVPCFlowLogsToS3Bucket', parameters: [{ name: 'MaxAggregationInterval', values: ['ten'] }] },
    });
    const messages = res.errors?.[0].extensions?.problems.map((p: any) => p.message);
    expect(messages).toContain('MaxAggregationInterval must be an integer');
  });

  it('returns NOT_FOUND for an unknown runbook, without starting anything', async () => {
    const res = await h.gql(START, { input: { documentName: 'No-Such-Runbook' } });
    expect(res.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('runs a runbook through its approval step to SUCCESS', async () => {
    const started = (await h.data(START, { input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }] } }))
      .startAutomationExecution;
    expect(started.clientToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.execution).toMatchObject({ documentName: 'FleetGraph-ApprovedMacReboot', isTerminal: false });
    const id = started.execution.id;

    await advance(120);
    const waiting = await exec(id);
    expect(waiting.status).toBe('WAITING');
    expect(waiting.currentStepName).toBe('ApproveReboot');
    expect(waiting.steps.find((s: any) => s.name === 'ApproveReboot').status).toBe('WAITING');

    const early = await h.gql(SIGNAL, { input: { executionId: id, signal: 'RESUME' } });
    expect(early.errors?.[0].extensions?.code).toBe('PRECONDITION_FAILED');

    const approved = (await h.data(SIGNAL, { input: { executionId: id, signal: 'APPROVE', payload: [{ name: 'Comment', values: ['ok'] }] } })).sendAutomationSignal;
    expect(approved.execution.id).toBe(id);
    await advance(600);
    const done = await exec(id);
    expect(done).toMatchObject({ status: 'SUCCESS', isTerminal: true });
    expect(done.steps.every((s: any) => s.status === 'SUCCESS')).toBe(true);
    expect(done.progress.completedSteps).toBe(done.progress.totalSteps);
  });

  it('a REJECT fails the execution at the approval step', async () => {
    const id = (await h.data(START, { input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }] } }))
      .startAutomationExecution.execution.id;
    await advance(120);
    await h.data(SIGNAL, { input: { executionId: id, signal: 'REJECT' } });
    await advance(10);
    const e = await exec(id);
    expect(e.isTerminal).toBe(true);
    expect(e.status).toBe('FAILED');
  });

  it('CANCEL stops a running execution', async () => {
    const id = (await h.data(START, { input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }] } }))
      .startAutomationExecution.execution.id;
    const stopped = (await h.data(STOP, { input: { executionId: id, type: 'CANCEL' } })).stopAutomationExecution.execution;
    expect(['CANCELLING', 'CANCELLED']).toContain(stopped.status);
    await advance(10);
    expect((await exec(id)).status).toBe('CANCELLED');
    const again = await h.gql(STOP, { input: { executionId: id, type: 'CANCEL' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED', awsCode: 'InvalidAutomationStatusUpdateException' });
  });

  it('a failing step fails the execution with its message', async () => {
    const id = (
      await h.data(START, {
        input: {
          documentName: 'FleetGraph-RunInstanceHealthCheck',
          parameters: [
            { name: 'InstanceIds', values: [mac] },
            { name: 'FailAtStep', values: ['RunHealthCheck'] },
          ],
        },
      })
    ).startAutomationExecution.execution.id;
    await advance(600);
    const e = await exec(id);
    expect(e.status).toBe('FAILED');
    const step = e.steps.find((s: any) => s.name === 'RunHealthCheck');
    expect(step.status).toBe('FAILED');
    expect(step.failureMessage).toBeTruthy();
    expect(e.failureMessage).toBeTruthy();
  });

  it('replays a client token to the same execution; other parameters with it are a CONFLICT', async () => {
    const token = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';
    const input = { documentName: 'FleetGraph-RestartSsmAgent', parameters: [{ name: 'InstanceId', values: [mac] }], clientToken: token };
    const a = (await h.data(START, { input })).startAutomationExecution;
    const b = (await h.data(START, { input })).startAutomationExecution;
    expect(b.execution.id).toBe(a.execution.id);
    expect(b.clientToken).toBe(token);
    const other = await h.gql(START, { input: { ...input, parameters: [{ name: 'InstanceId', values: [world.instances.linux.running[0]] }] } });
    expect(other.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', awsCode: 'IdempotentParameterMismatch' });
    const badToken = await h.gql(START, { input: { ...input, clientToken: 'not-a-uuid' } });
    expect(badToken.errors?.[0].extensions?.problems).toEqual([{ field: 'clientToken', message: 'must be a UUID (SSM requires that form)' }]);
  });

  it('INTERACTIVE mode waits for START_STEP, which needs a StepName payload', async () => {
    const id = (
      await h.data(START, { input: { documentName: 'FleetGraph-RestartSsmAgent', mode: 'INTERACTIVE', parameters: [{ name: 'InstanceId', values: [mac] }] } })
    ).startAutomationExecution.execution.id;
    const noStep = await h.gql(SIGNAL, { input: { executionId: id, signal: 'START_STEP' } });
    expect(noStep.errors?.[0].extensions?.problems[0].field).toBe('payload');
    await advance(5);
    const e = await exec(id);
    const first = e.steps[0].name;
    await h.data(SIGNAL, { input: { executionId: id, signal: 'START_STEP', payload: [{ name: 'StepName', values: [first] }] } });
    await advance(60);
    expect((await exec(id)).steps[0].status).toBe('SUCCESS');
  });

  it('unknown executions are NOT_FOUND; the read-only key is FORBIDDEN', async () => {
    const res = await h.gql(STOP, { input: { executionId: '00000000-0000-4000-8000-000000000000' } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', awsCode: 'AutomationExecutionNotFoundException' });
    const ro = await Harness.start({ accessKeyId: SIM_ACCESS_KEYS.readOnly });
    try {
      const denied = await ro.gql(START, { input: { documentName: 'FleetGraph-RestartSsmAgent', parameters: [{ name: 'InstanceId', values: [mac] }] } });
      expect(denied.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', awsCode: 'AccessDeniedException' });
    } finally {
      await ro.close();
    }
  });
});
