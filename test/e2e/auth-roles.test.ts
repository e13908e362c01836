import WebSocket from 'ws';
import { apiKeyEnv, TEST_KEYS } from '../support/api-keys';
import { Harness } from '../support/harness';

type Role = 'viewer' | 'operator' | 'admin';
const RANK: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

/**
 * Every operation × every role, over HTTP and over WebSocket: nothing succeeds for a role below
 * its requirement, and unauthenticated calls are UNAUTHENTICATED. Mutations run as dry runs
 * where they can, so the matrix changes nothing it does not have to.
 */
describe('roles', () => {
  let h: Harness;
  let w: any;
  beforeAll(async () => {
    h = await Harness.start({ env: apiKeyEnv() });
    w = await h.world();
  });
  afterAll(() => h.close());

  const ops = (): Array<{ name: string; required: Role; query: string; variables?: Record<string, unknown> }> => {
    const mac = w.idleRunningMac.macX86[0];
    const arm = w.idleRunningMac.macAppleSilicon[0];
    const image = w.images.ownedPrivate.find((id: string) => !w.images.withProductCode.includes(id));
    const creds = { rootVolumeUsername: 'ec2-user', rootVolumePassword: 'fleetgraph-demo', internalDiskPassword: 'fleetgraph-demo' };
    const exec = '00000000-0000-4000-8000-000000000000';
    return [
      { name: 'instance', required: 'viewer', query: `{ instance(instanceId: "${mac}") { id } }` },
      { name: 'instances', required: 'viewer', query: `{ instances(first: 1) { pageSize } }` },
      { name: 'image', required: 'viewer', query: `{ image(imageId: "${image}") { id } }` },
      { name: 'images', required: 'viewer', query: `{ images(first: 1) { pageSize } }` },
      { name: 'macModificationTask', required: 'viewer', query: `{ macModificationTask(taskId: "${w.macTasks.byState.successful[0]}") { id } }` },
      { name: 'macModificationTasks', required: 'viewer', query: `{ macModificationTasks(first: 1) { pageSize } }` },
      { name: 'automationExecution', required: 'viewer', query: `{ automationExecution(executionId: "${exec}") { id } }` },
      { name: 'automationExecutions', required: 'viewer', query: `{ automationExecutions(first: 1) { pageSize } }` },
      { name: 'runbook', required: 'viewer', query: `{ runbook(name: "FleetGraph-RestartSsmAgent") { name } }` },
      { name: 'runbooks', required: 'viewer', query: `{ runbooks(first: 1) { pageSize } }` },
      {
        name: 'createMacSipModificationTask (enable)',
        required: 'operator',
        query: `mutation { createMacSipModificationTask(input: { instanceId: "${mac}", status: ENABLED, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      {
        name: 'createMacSipModificationTask (disable: admin)',
        required: 'admin',
        query: `mutation { createMacSipModificationTask(input: { instanceId: "${mac}", status: DISABLED, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      {
        name: 'createMacSipModificationTask (one protection disabled: admin)',
        required: 'admin',
        query: `mutation { createMacSipModificationTask(input: { instanceId: "${mac}", status: ENABLED, configuration: { nvramProtections: DISABLED }, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      {
        name: 'createMacVolumeOwnershipDelegationTask',
        required: 'operator',
        query: `mutation($c: MacCredentialsInput!) { createMacVolumeOwnershipDelegationTask(input: { instanceId: "${arm}", macCredentials: $c, dryRun: true }) { dryRun { wouldSucceed } } }`,
        variables: { c: creds },
      },
      {
        name: 'modifyImageLaunchPermissions (account)',
        required: 'operator',
        query: `mutation { modifyImageLaunchPermissions(input: { imageId: "${image}", add: [{ userId: "098765432109" }], dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      {
        name: 'modifyImageLaunchPermissions (public: admin)',
        required: 'admin',
        query: `mutation { modifyImageLaunchPermissions(input: { imageId: "${image}", add: [{ group: ALL }], confirmPublic: true, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      { name: 'setImageDescription', required: 'operator', query: `mutation { setImageDescription(input: { imageId: "${image}", description: "x", dryRun: true }) { dryRun { wouldSucceed } } }` },
      {
        name: 'enableImageImdsV2 (admin)',
        required: 'admin',
        query: `mutation { enableImageImdsV2(input: { imageId: "${image}", confirmIrreversible: true, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      {
        name: 'startAutomationExecution',
        required: 'operator',
        query: `mutation { startAutomationExecution(input: { documentName: "No-Such-Runbook" }) { clientToken } }`,
      },
      { name: 'stopAutomationExecution', required: 'operator', query: `mutation { stopAutomationExecution(input: { executionId: "${exec}" }) { clientToken } }` },
      { name: 'sendAutomationSignal', required: 'operator', query: `mutation { sendAutomationSignal(input: { executionId: "${exec}", signal: APPROVE }) { clientToken } }` },
      { name: 'macHost', required: 'viewer', query: `{ macHost(hostId: "${w.demo.releasableMacHost}") { id } }` },
      { name: 'macHosts', required: 'viewer', query: `{ macHosts(first: 1) { pageSize } }` },
      { name: 'imageBlockPublicAccess', required: 'viewer', query: `{ imageBlockPublicAccess { state } }` },
      { name: 'automationPreview', required: 'viewer', query: `{ automationPreview(previewId: "${exec}") { id } }` },
      ...(['startInstances', 'stopInstances', 'rebootInstances'] as const).map((m) => ({
        name: m,
        required: 'operator' as Role,
        query: `mutation { ${m}(input: { instanceIds: ["${mac}"], dryRun: true }) { dryRun { wouldSucceed } } }`,
      })),
      {
        name: 'releaseMacHost',
        required: 'operator',
        query: `mutation { releaseMacHost(input: { hostId: "${w.demo.releasableMacHost}", confirmRelease: true, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      { name: 'setImageBlockPublicAccess (admin)', required: 'admin', query: `mutation { setImageBlockPublicAccess(input: { state: BLOCK_NEW_SHARING, dryRun: true }) { dryRun { wouldSucceed } } }` },
      {
        name: 'setImageDeregistrationProtection (on)',
        required: 'operator',
        query: `mutation { setImageDeregistrationProtection(input: { imageId: "${image}", enabled: true, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      {
        name: 'setImageDeregistrationProtection (off: admin)',
        required: 'admin',
        query: `mutation { setImageDeregistrationProtection(input: { imageId: "${image}", enabled: false, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      {
        name: 'setImageDeprecation',
        required: 'operator',
        query: `mutation { setImageDeprecation(input: { imageId: "${image}", cancel: true, dryRun: true }) { dryRun { wouldSucceed } } }`,
      },
      { name: 'previewAutomationExecution', required: 'operator', query: `mutation { previewAutomationExecution(input: { documentName: "No-Such-Runbook" }) { preview { id } } }` },
    ];
  };

  const codes = (errors: any[] | undefined) => (errors ?? []).map((e) => e.extensions?.code);

  it('HTTP: every operation × role', async () => {
    const rows: string[] = [];
    for (const op of ops()) {
      for (const role of ['viewer', 'operator', 'admin'] as Role[]) {
        const res = await h.gql(op.query, op.variables, { 'x-api-key': TEST_KEYS[role] });
        const allowed = RANK[role] >= RANK[op.required];
        const denied = codes(res.errors).includes('FORBIDDEN') && res.errors!.some((e) => e.extensions?.requiredRole === op.required);
        rows.push(`${op.name} as ${role}: ${denied ? 'denied' : 'allowed'}`);
        expect({ op: op.name, role, denied }).toEqual({ op: op.name, role, denied: !allowed });
        if (allowed) expect(codes(res.errors)).not.toContain('UNAUTHENTICATED');
      }
      const anonymous = await h.gql(op.query, op.variables);
      expect(anonymous.status).toBe(401);
      expect(codes(anonymous.errors)).toEqual(['UNAUTHENTICATED']);
      const wrong = await h.gql(op.query, op.variables, { authorization: 'ApiKey fgk_not-a-real-key' });
      expect(codes(wrong.errors)).toEqual(['UNAUTHENTICATED']);
    }
    // Each operation is denied to every role ranked below its requirement, and to nobody else.
    const expectedDenials = ops().reduce((n, o) => n + RANK[o.required] - 1, 0);
    expect(rows.filter((r) => r.endsWith('denied'))).toHaveLength(expectedDenials);
  });

  it('WebSocket: the same matrix, and a refused connection closes with 4403', async () => {
    for (const role of ['viewer', 'operator', 'admin'] as Role[]) {
      const client = h.wsClient({ apiKey: TEST_KEYS[role] });
      for (const op of ops()) {
        const sub = h.subscribe(op.query, op.variables, client);
        await sub.done;
        const denied = JSON.stringify(sub.errors).includes('FORBIDDEN');
        expect({ op: op.name, role, denied }).toEqual({ op: op.name, role, denied: RANK[role] < RANK[op.required] });
      }
      // Subscriptions need viewer: every role may open one.
      const sub = h.subscribe(`subscription { macModificationTaskUpdated(taskId: "${w.macTasks.byState.failed[0]}") { state } }`, undefined, client);
      await sub.done;
      expect(sub.events.map((e) => e.macModificationTaskUpdated.state)).toEqual(['FAILED']);
      await client.dispose();
    }

    for (const params of [undefined, { apiKey: 'fgk_wrong' }]) {
      const ws = new WebSocket(h.gateway.wsUrl, 'graphql-transport-ws');
      const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload: params })));
      expect(await closed).toBe(4403);
    }
  });
});
