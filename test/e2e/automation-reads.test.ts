import { Harness } from '../support/harness';

const EXEC_FIELDS = `id region documentName documentVersion status startTime endTime executedBy mode failureMessage currentStepName isTerminal
  outputs { name values } targets { key values }`;

describe('automation executions and runbooks (reads)', () => {
  let h: Harness;
  let ssm: any;
  beforeAll(async () => {
    h = await Harness.start();
    ssm = (await h.world()).ssm;
  });
  afterAll(() => h.close());

  async function allExecutions(filter?: unknown): Promise<any[]> {
    const out: any[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const data: any = await h.data(`query($f: AutomationExecutionFilter, $a: String) { automationExecutions(filter: $f, first: 20, after: $a) { nodes { id documentName status isTerminal } pageInfo { hasNextPage endCursor } } }`, {
        f: filter,
        a: after,
      });
      out.push(...data.automationExecutions.nodes);
      if (!data.automationExecutions.pageInfo.hasNextPage) return out;
      after = data.automationExecutions.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  it('pages through every execution, with statuses in upper snake case', async () => {
    const all = await allExecutions();
    expect(all).toHaveLength(ssm.executions);
    expect(new Set(all.map((e) => e.id)).size).toBe(ssm.executions);
    const counts: Record<string, number> = {};
    for (const e of all) counts[e.status] = (counts[e.status] ?? 0) + 1;
    const expected = Object.fromEntries(Object.entries(ssm.executionsByStatus).map(([k, v]) => [k.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase(), v]));
    expect(counts).toEqual(expected);
    for (const s of ['SUCCESS', 'FAILED', 'IN_PROGRESS', 'WAITING', 'CANCELLED']) expect(counts[s]).toBeGreaterThan(0);
  });

  it('filters by status and document name prefix', async () => {
    const failed = await allExecutions({ statuses: ['FAILED', 'TIMED_OUT'] });
    expect(failed.length).toBe((ssm.executionsByStatus.Failed ?? 0) + (ssm.executionsByStatus.TimedOut ?? 0));
    expect(failed.every((e) => e.isTerminal)).toBe(true);
    const fleet = await allExecutions({ documentNamePrefix: 'FleetGraph-' });
    expect(fleet.length).toBeGreaterThan(0);
    expect(fleet.every((e) => e.documentName.startsWith('FleetGraph-'))).toBe(true);
  });

  it('loads many executions by id ten per DescribeAutomationExecutions call', async () => {
    const ids = (await allExecutions()).slice(0, 25).map((e) => e.id);
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(`query($ids: [String!]) { automationExecutions(filter: { executionIds: $ids }, first: 100) { nodes { id } } }`, { ids });
    });
    expect(data.automationExecutions.nodes.map((n: any) => n.id)).toEqual(ids);
    expect(calls).toEqual({ 'ssm:DescribeAutomationExecutions': 3 });
  });

  it('shows one execution with steps, progress, parameters, runbook and target instances', async () => {
    const [withTarget] = (await allExecutions({ documentNamePrefix: 'FleetGraph-ApprovedMacReboot' })).filter((e) => e.status === 'SUCCESS');
    expect(withTarget).toBeDefined();
    let data: any;
    const calls = await h.callsDuring(async () => {
      data = await h.data(
        `query($id: String!) { automationExecution(executionId: $id) { ${EXEC_FIELDS}
          parameters { name values }
          steps { name action status startTime endTime inputs { name values } outputs { name values } failureMessage }
          progress { totalSteps completedSteps successSteps failedSteps }
          runbook { name owner documentVersion }
          targetInstances { id isMac } } }`,
        { id: withTarget.id },
      );
    });
    const e = data.automationExecution;
    expect(e).toMatchObject({ id: withTarget.id, status: 'SUCCESS', isTerminal: true, documentName: 'FleetGraph-ApprovedMacReboot' });
    expect(e.steps.map((s: any) => s.action)).toContain('aws:approve');
    expect(e.steps.every((s: any) => s.status === 'SUCCESS')).toBe(true);
    expect(e.progress).toEqual({ totalSteps: e.steps.length, completedSteps: e.steps.length, successSteps: e.steps.length, failedSteps: 0 });
    expect(e.runbook).toMatchObject({ name: 'FleetGraph-ApprovedMacReboot', owner: expect.any(String) });
    const instanceParam = e.parameters.find((p: any) => p.name === 'InstanceId');
    expect(e.targetInstances).toEqual([{ id: instanceParam.values[0], isMac: true }]);
    expect(calls).toEqual({
      'ssm:DescribeAutomationExecutions': 1,
      'ssm:GetAutomationExecution': 1,
      'ssm:DescribeDocument': 1,
      'ec2:DescribeInstances': 1,
    });
  });

  it('shows a failed execution with the failing step and its message', async () => {
    const failed = (await allExecutions({ statuses: ['FAILED'] }))[0];
    const data = await h.data(`{ automationExecution(executionId: "${failed.id}") { status failureMessage steps { name status failureMessage } } }`);
    const e = data.automationExecution;
    expect(e.status).toBe('FAILED');
    expect(e.failureMessage).toBeTruthy();
    expect(e.steps.some((s: any) => s.status === 'FAILED' && s.failureMessage)).toBe(true);
  });

  it('returns null for an unknown execution id and BAD_USER_INPUT for a malformed one', async () => {
    const data = await h.data(`{ automationExecution(executionId: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(data.automationExecution).toBeNull();
    const bad = await h.gql(`{ automationExecution(executionId: "nope") { id } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists runbooks by owner and name prefix, and pages to the end', async () => {
    const list = async (filter?: unknown) => {
      const out: any[] = [];
      let after: string | null = null;
      for (let i = 0; i < 50; i++) {
        const d: any = await h.data(`query($f: RunbookFilter, $a: String) { runbooks(filter: $f, first: 7, after: $a) { nodes { name owner } pageInfo { hasNextPage endCursor } } }`, { f: filter, a: after });
        out.push(...d.runbooks.nodes);
        if (!d.runbooks.pageInfo.hasNextPage) return out;
        after = d.runbooks.pageInfo.endCursor;
      }
      throw new Error('too many pages');
    };
    const all = await list();
    expect(all.map((r) => r.name).sort()).toEqual(ssm.runbooks.map((r: any) => r.name).sort());
    const mine = await list({ owner: 'Self' });
    expect(mine.map((r) => r.name).sort()).toEqual(ssm.runbooks.filter((r: any) => r.owner === 'Self').map((r: any) => r.name).sort());
    const support = await list({ namePrefix: 'AWSSupport-' });
    expect(support.length).toBeGreaterThan(0);
    expect(support.every((r) => r.name.startsWith('AWSSupport-'))).toBe(true);
    const bad = await h.gql(`{ runbooks(filter: { owner: "Someone" }) { nodes { name } } }`);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it("parses a runbook's parameters from the document: type, required, default, allowed values", async () => {
    const data = await h.data(`{ runbook(name: "AWSSupport-EnableVPCFlowLogs") { name owner description parameters { name type required defaultValue allowedValues } steps { name action } } }`);
    const rb = data.runbook;
    expect(rb.owner).toBe('Amazon');
    const p = Object.fromEntries(rb.parameters.map((x: any) => [x.name, x]));
    expect(p.TrafficType).toMatchObject({ type: 'String', required: true, allowedValues: ['ACCEPT', 'REJECT', 'ALL'] });
    expect(p.LogDestinationType).toMatchObject({ required: true, allowedValues: ['cloud-watch-logs', 's3'] });
    expect(p.ResourceIds).toMatchObject({ type: 'StringList', required: true });
    expect(p.AutomationAssumeRole.required).toBe(false);
    expect(rb.steps.map((s: any) => s.action)).toContain('aws:branch');
    const missing = await h.data(`{ runbook(name: "No-Such-Runbook") { name } }`);
    expect(missing.runbook).toBeNull();
  });
});
