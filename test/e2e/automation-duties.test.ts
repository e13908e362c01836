import { ListTagsForResourceCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SIM_ACCESS_KEYS, SIM_SECRET_KEY } from '@fleetgraph/aws-sim';
import { generateApiKey, hashApiKey } from '../../src/auth';
import { Harness } from '../support/harness';

/**
 * Separation of duties (issue 12), end to end over HTTP with API keys: who starts a runbook may
 * not approve or reject it (unless admin), and a runbook may assume only an allowed role.
 */
const KEYS = { operatorA: generateApiKey(), operatorB: generateApiKey(), adminA: generateApiKey() };
const ROLES = { operatorA: ['operator'], operatorB: ['operator'], adminA: ['admin'] } as const;
const ALLOWED_ROLE = 'arn:aws:iam::123456789012:role/FleetGraphAutomation';

const START = `mutation($input: StartAutomationExecutionInput!) { startAutomationExecution(input: $input) { execution { id status } } }`;
const SIGNAL = `mutation($input: SendAutomationSignalInput!) { sendAutomationSignal(input: $input) { execution { id status } } }`;
const STATUS = `query($id: String!) { automationExecution(executionId: $id) { status currentStepName } }`;

describe('separation of duties for automations', () => {
  let h: Harness;
  let mac: string;
  beforeAll(async () => {
    h = await Harness.start({
      env: {
        FLEETGRAPH_AUTH_MODE: 'apikey',
        FLEETGRAPH_API_KEYS: JSON.stringify((Object.keys(KEYS) as (keyof typeof KEYS)[]).map((name) => ({ name, roles: ROLES[name], hash: hashApiKey(KEYS[name]) }))),
        FLEETGRAPH_AUTOMATION_ROLE_ARNS: ALLOWED_ROLE,
      },
    });
  });
  beforeEach(async () => {
    await h.reset();
    mac = (await h.world()).instances.macAppleSilicon.running[0];
  });
  afterAll(() => h.close());

  const as = (who: keyof typeof KEYS, query: string, variables: Record<string, unknown>) => h.gql(query, variables, { 'x-api-key': KEYS[who] });

  /** A run of the approval runbook started by `who`, waiting at its approval step. */
  const waitingRun = async (who: keyof typeof KEYS): Promise<string> => {
    const res = await as(who, START, { input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }] } });
    expect(res.errors).toBeUndefined();
    const id = res.data.startAutomationExecution.execution.id as string;
    await h.simAdmin('clock/advance', { seconds: 120 });
    expect((await as(who, STATUS, { id })).data.automationExecution).toEqual({ status: 'WAITING', currentStepName: 'ApproveReboot' });
    return id;
  };

  it("refuses an operator's APPROVE of the run it started, before any signal reaches SSM", async () => {
    const id = await waitingRun('operatorA');
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await as('operatorA', SIGNAL, { input: { executionId: id, signal: 'APPROVE' } });
    });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].message).toBe(
      `Separation of duties: automation execution ${id} was started by the same principal; another operator, or an admin, must approve or reject it`,
    );
    expect(res.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', requiredRole: 'admin', rule: 'SEPARATION_OF_DUTIES' });
    expect(calls['ssm:ListTagsForResource']).toBe(1);
    expect(calls['ssm:SendAutomationSignal']).toBeUndefined();
    expect((await as('operatorA', STATUS, { id })).data.automationExecution.status).toBe('WAITING');
  });

  it('refuses its REJECT too, but not its other signals', async () => {
    const id = await waitingRun('operatorA');
    const reject = await as('operatorA', SIGNAL, { input: { executionId: id, signal: 'REJECT' } });
    expect(reject.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', rule: 'SEPARATION_OF_DUTIES' });
    // RESUME is not a decision: SSM itself refuses it here (the run waits for an approval).
    const resume = await as('operatorA', SIGNAL, { input: { executionId: id, signal: 'RESUME' } });
    expect(resume.errors?.[0].extensions).toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it("lets another operator approve it, and the run goes on", async () => {
    const id = await waitingRun('operatorA');
    const res = await as('operatorB', SIGNAL, { input: { executionId: id, signal: 'APPROVE' } });
    expect(res.errors).toBeUndefined();
    expect(res.data.sendAutomationSignal.execution.id).toBe(id);
    expect((await as('operatorB', STATUS, { id })).data.automationExecution.status).not.toBe('WAITING');
  });

  it('lets an admin approve the run it started itself', async () => {
    const id = await waitingRun('adminA');
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await as('adminA', SIGNAL, { input: { executionId: id, signal: 'APPROVE' } });
    });
    expect(res.errors).toBeUndefined();
    // An admin may in any case: the run's tags are not even read.
    expect(calls['ssm:ListTagsForResource']).toBeUndefined();
    expect(calls['ssm:SendAutomationSignal']).toBe(1);
  });

  it('records who started it as a hashed tag, and keeps that tag key for the gateway', async () => {
    const id = await waitingRun('operatorA');
    // Read as any SSM client would, from the simulator itself.
    const ssm = new SSMClient({ endpoint: h.simUrl, region: 'us-east-1', credentials: { accessKeyId: SIM_ACCESS_KEYS.admin, secretAccessKey: SIM_SECRET_KEY } });
    const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: 'Automation', ResourceId: id }));
    ssm.destroy();
    expect(tags.TagList).toEqual([{ Key: 'fleetgraph:startedBy', Value: expect.stringMatching(/^[0-9a-f]{32}$/) }]);
    expect(JSON.stringify(tags.TagList)).not.toContain('operatorA');

    const spoof = await as('operatorB', START, {
      input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }], tags: [{ key: 'fleetgraph:startedBy', value: 'someone-else' }] },
    });
    expect(spoof.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'tags[0].key', message: 'the fleetgraph: prefix is reserved for the gateway' }] });
  });

  it('refuses an AutomationAssumeRole outside FLEETGRAPH_AUTOMATION_ROLE_ARNS, naming the parameter and never the value', async () => {
    const wanted = 'arn:aws:iam::123456789012:role/EverythingAdmin';
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = await as('operatorA', START, {
        input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }, { name: 'AutomationAssumeRole', values: [wanted] }] },
      });
    });
    expect(res.errors).toHaveLength(1);
    expect(res.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'parameters.AutomationAssumeRole', message: 'is not one of the roles allowed by FLEETGRAPH_AUTOMATION_ROLE_ARNS' }],
    });
    expect(JSON.stringify(res)).not.toContain('EverythingAdmin');
    expect(calls).toEqual({});

    const allowed = await as('operatorA', START, {
      input: { documentName: 'FleetGraph-ApprovedMacReboot', parameters: [{ name: 'InstanceId', values: [mac] }, { name: 'AutomationAssumeRole', values: [ALLOWED_ROLE] }] },
    });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data.startAutomationExecution.execution.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
