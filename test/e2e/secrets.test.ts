import request from 'supertest';
import { apiKeyEnv, TEST_KEYS } from '../support/api-keys';
import { Harness } from '../support/harness';

/**
 * Secrets never leave: a canary in MacCredentials (success and error paths), in a wrong API key
 * and in a bearer token must be absent from every log line (audit included), every response,
 * every subscription payload and /metrics.
 */
const CANARY = 'CANARY-7f3a9c-s3cr3t';

describe('secrets stay secret', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ captureLogs: true, env: { ...apiKeyEnv(), FLEETGRAPH_AUTH_MODE: 'apikey' } });
  });
  afterAll(() => h.close());

  it('a canary password, API key and token appear nowhere', async () => {
    const w = await h.world();
    const admin = { 'x-api-key': TEST_KEYS.admin };
    const transcript: string[] = [];
    const call = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = admin) => {
      const res = await request(h.gateway.httpServer).post('/graphql').set({ 'content-type': 'application/json', ...headers }).send({ query, variables });
      transcript.push(JSON.stringify(res.headers), res.text);
      return res.body;
    };

    const events = h.subscribe(`subscription { taskEvents { kind taskId state previousState instanceId macModificationTask { id instanceId tags { key value } sipConfiguration { status } } } }`, undefined, h.wsClient({ apiKey: TEST_KEYS.viewer }));
    await h.untilMetric('graphql_active_subscriptions', (n) => n >= 1);

    const creds = { rootVolumeUsername: 'ec2-user', rootVolumePassword: CANARY, internalDiskPassword: CANARY };
    const SIP = `mutation($i: CreateMacSipModificationTaskInput!) { createMacSipModificationTask(input: $i) { clientToken task { id state } dryRun { code message } } }`;
    const VOD = `mutation($i: CreateMacVolumeOwnershipDelegationTaskInput!) { createMacVolumeOwnershipDelegationTask(input: $i) { clientToken task { id state } dryRun { code message } } }`;
    const [arm0, arm1, arm2] = w.idleRunningMac.macAppleSilicon;
    const x86 = w.idleRunningMac.macX86[0];

    // Successes (the wrong password fails the task later, inside "AWS").
    const created = await call(SIP, { i: { instanceId: arm0, status: 'DISABLED', macCredentials: creds, clientToken: 'canary-token-1' } });
    expect(created.data.createMacSipModificationTask.task.state).toBe('PENDING');
    await call(VOD, { i: { instanceId: arm1, macCredentials: creds } });
    await call(SIP, { i: { instanceId: x86, status: 'ENABLED', macCredentials: creds, dryRun: true } });
    // Error paths: idempotency mismatch (credentials are part of the parameters), AWS refusals,
    // gateway validation, a non-Mac instance, an unknown instance.
    const mismatch = await call(SIP, { i: { instanceId: arm0, status: 'DISABLED', macCredentials: { ...creds, rootVolumeUsername: 'admin' }, clientToken: 'canary-token-1' } });
    expect(mismatch.errors[0].extensions.code).toMatch(/CONFLICT|PRECONDITION_FAILED/);
    const invalid = await call(SIP, { i: { instanceId: arm2, status: 'DISABLED', macCredentials: { ...creds, rootVolumePassword: 'x'.repeat(300) + CANARY }, tags: [{ key: 'aws:x', value: CANARY }] } });
    expect(invalid.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const notMac = await call(VOD, { i: { instanceId: w.instances.linux.running[0], macCredentials: creds } });
    expect(notMac.errors[0].extensions.code).toBe('PRECONDITION_FAILED');
    const unknown = await call(VOD, { i: { instanceId: 'i-0123456789abcdef0', macCredentials: creds } });
    expect(unknown.errors[0].extensions.code).toBe('NOT_FOUND');
    // A read-only role is refused (and the refusal is audited) with the canary in the input.
    const refused = await call(VOD, { i: { instanceId: arm2, macCredentials: creds } }, { 'x-api-key': TEST_KEYS.viewer });
    expect(refused.errors[0].extensions.code).toBe('FORBIDDEN');
    // Canary credentials as authentication.
    const badKey = await call(`{ runbooks { pageSize } }`, undefined, { 'x-api-key': `fgk_${CANARY}` });
    expect(badKey.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const badToken = await call(`{ runbooks { pageSize } }`, undefined, { authorization: `Bearer ${CANARY}.${CANARY}.${CANARY}` });
    expect(badToken.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // A typo in the input: graphql-js would echo the whole invalid value, password included.
    const typo = await call(VOD, { i: { instanceId: arm2, macCredentials: { ...creds, internalDiskPasword: CANARY } } });
    expect(typo.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(typo.errors[0].message).toBe('Variable "$i" at "i.macCredentials": "internalDiskPasword" is not a field of MacCredentialsInput');
    const wrongType = await call(VOD, { i: { instanceId: arm2, macCredentials: { ...creds, rootVolumePassword: 12345 } } });
    expect(wrongType.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(wrongType.errors[0].message).not.toContain('12345');
    const overWs = h.subscribe(VOD, { i: { instanceId: arm2, macCredentials: { ...creds, internalDiskPasword: CANARY } } }, h.wsClient({ apiKey: TEST_KEYS.admin }));
    await overWs.done;
    transcript.push(JSON.stringify(overWs.errors), JSON.stringify(overWs.events));
    expect(JSON.stringify(overWs.errors)).toContain('BAD_USER_INPUT');
    // The other mutations, through their error paths.
    await call(`mutation { setImageDescription(input: { imageId: "ami-0123456789abcdef0", description: "${CANARY}" }) { image { id } } }`, undefined, { 'x-api-key': `fgk_${CANARY}` });

    // Let the task fail (wrong password) and the watcher publish it.
    await h.simAdmin('clock/advance', { seconds: 3600 });
    await h.gateway.watcher.tick(true);
    await events.waitFor(2);

    const metrics = await request(h.gateway.httpServer).get('/metrics');
    const everything = [...transcript, ...h.logs, JSON.stringify(events.events), JSON.stringify(events.errors), metrics.text].join('\n');
    expect(h.logs.filter((l) => l.includes('"audit":true')).length).toBeGreaterThanOrEqual(8);
    expect(everything).toContain('PENDING');
    expect(everything.includes(CANARY)).toBe(false);
    expect(everything.includes(TEST_KEYS.admin)).toBe(false);
    expect(everything.includes(TEST_KEYS.viewer)).toBe(false);
    events.stop();
  });
});
