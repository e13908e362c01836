import { apiKeyEnv, TEST_KEYS } from '../support/api-keys';
import { Harness } from '../support/harness';

/** Every mutation, and every refused one, leaves one structured audit event. */
describe('audit log', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ captureLogs: true, env: apiKeyEnv() });
  });
  afterAll(() => h.close());

  const auditEvents = () => h.logs.map((l) => JSON.parse(l)).filter((e) => e.audit === true);

  it('records principal, operation, targets, client token, dry run, outcome and AWS request id', async () => {
    const w = await h.world();
    const instanceId = w.idleRunningMac.macX86[0];
    const op = { 'x-api-key': TEST_KEYS.operator };
    const SIP = `mutation($i: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $i) { task { id } dryRun { code } } }`;

    const ok = await h.gql(SIP, { i: { instanceId, status: 'ENABLED', clientToken: 'audit-token-1' } }, op);
    const taskId = ok.data.createMacSipModificationTask.task.id;
    await h.gql(SIP, { i: { instanceId, status: 'ENABLED', dryRun: true } }, op);
    await h.gql(SIP, { i: { instanceId: w.instances.linux.running[0], status: 'ENABLED' } }, op);
    await h.gql(SIP, { i: { instanceId, status: 'DISABLED' } }, op); // needs admin

    const events = auditEvents();
    expect(events.map((e) => [e.operation, e.outcome])).toEqual([
      ['createMacSipModificationTask', 'success'],
      ['createMacSipModificationTask', 'dry-run'],
      ['createMacSipModificationTask', 'error'],
      ['createMacSipModificationTask', 'refused'],
    ]);
    expect(events[0]).toMatchObject({
      principal: { id: 'apikey:test-operator', name: 'test-operator', kind: 'apiKey' },
      targetIds: { instanceId, taskId },
      clientToken: 'audit-token-1',
      dryRun: false,
      awsRequestId: expect.stringMatching(/\S{8,}/),
      requestId: expect.any(String),
    });
    expect(events[1]).toMatchObject({ dryRun: true, awsRequestId: expect.any(String) });
    expect(events[2]).toMatchObject({ errorCode: 'PRECONDITION_FAILED', awsRequestId: expect.any(String) });
    expect(events[3]).toMatchObject({ errorCode: 'FORBIDDEN' });
  });
});
