/**
 * STS with the real SDK client: GetCallerIdentity, AssumeRole checked against each role's trust
 * policy and ExternalId, role credentials selecting their account, and expiring them.
 */
import { CreateMacSystemIntegrityProtectionModificationTaskCommand, DescribeInstancesCommand, ModifyImageAttributeCommand } from '@aws-sdk/client-ec2';
import { DescribeInstanceInformationCommand, StartAutomationExecutionCommand } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { SIM_ACCESS_KEYS } from '../src/core/contract';
import { SessionStore } from '../src/identity/sessions';
import { MANAGEMENT_ACCOUNT_ID, MEMBER_ACCOUNT_IDS, SUSPENDED_ACCOUNT_ID } from '../src/org/ids';
import { SIM_ROLES } from '../src/org/roles';
import { admin, ec2Client, failure, ssmClient } from './support/sdk';
import { assume, organizationsClient, roleArn, stsClient } from './support/org';
import { suiteSimulator } from './support/suite';

const [MAC_CI, SANDBOX] = MEMBER_ACCOUNT_IDS;
const READ_ONLY = SIM_ROLES.readOnly.name;
const OPERATOR = SIM_ROLES.operator.name;
const denied = (callerArn: string, arn: string) => ({ name: 'AccessDenied', status: 403, message: `User: ${callerArn} is not authorized to perform: sts:AssumeRole on resource: ${arn}` });
const ADMIN_ARN = `arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user/fleetgraph-admin`;

describe('STS', () => {
  const t = suiteSimulator({ timeScale: 0, throttling: false });

  test('GetCallerIdentity: a long-term key is a user of the management account', async () => {
    const id = await stsClient(t.sim).send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: MANAGEMENT_ACCOUNT_ID, Arn: ADMIN_ARN, UserId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/) });
    const ro = await stsClient(t.sim, SIM_ACCESS_KEYS.readOnly).send(new GetCallerIdentityCommand({}));
    expect(ro.Arn).toBe(`arn:aws:iam::${MANAGEMENT_ACCOUNT_ID}:user/fleetgraph-readonly`);
  });

  test('the Query wire format, unsigned as curl sends it (Version 2011-06-15 selects STS)', async () => {
    const ok = await fetch(t.sim.url, { method: 'POST', body: new URLSearchParams({ Action: 'GetCallerIdentity', Version: '2011-06-15' }) });
    const requestId = ok.headers.get('x-amzn-requestid');
    expect(await ok.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        `<UserId>${(await stsClient(t.sim).send(new GetCallerIdentityCommand({}))).UserId}</UserId><Account>${MANAGEMENT_ACCOUNT_ID}</Account><Arn>${ADMIN_ARN}</Arn>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
    const arn = roleArn(MAC_CI, 'NoSuchRole');
    const no = await fetch(t.sim.url, { method: 'POST', body: new URLSearchParams({ Action: 'AssumeRole', Version: '2011-06-15', RoleArn: arn, RoleSessionName: 'curl' }) });
    expect(no.status).toBe(403);
    expect(await no.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>' +
        `<Message>User: ${ADMIN_ARN} is not authorized to perform: sts:AssumeRole on resource: ${arn}</Message></Error><RequestId>${no.headers.get('x-amzn-requestid')}</RequestId></ErrorResponse>`,
    );
  });

  test('AssumeRole returns ASIA credentials for an hour; they act in the role’s account, in EC2, SSM and STS', async () => {
    const before = Date.now();
    const role = await assume(t.sim, { RoleArn: roleArn(MAC_CI, READ_ONLY), RoleSessionName: 'nightly-inventory' });
    expect(role.accessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(role.sessionToken.length).toBeGreaterThan(100);
    expect(role.expiration.getTime()).toBeGreaterThanOrEqual(Math.floor((before + 3600_000) / 1000) * 1000);
    expect(role.expiration.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
    const id = await stsClient(t.sim, role).send(new GetCallerIdentityCommand({}));
    expect(id).toMatchObject({ Account: MAC_CI, Arn: `arn:aws:sts::${MAC_CI}:assumed-role/${READ_ONLY}/nightly-inventory`, UserId: expect.stringMatching(/^AROA[A-Z2-7]{17}:nightly-inventory$/) });

    const memberEc2 = ec2Client(t.sim, role);
    const member = await memberEc2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    expect(member.Reservations!.map((r) => r.OwnerId)).toEqual(Array(member.Reservations!.length).fill(MAC_CI));
    const management = await t.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 }));
    const ids = (r: typeof member) => r.Reservations!.flatMap((x) => x.Instances!.map((i) => i.InstanceId));
    expect(ids(member)).not.toEqual(ids(management));
    expect((await ssmClient(t.sim, role).send(new DescribeInstanceInformationCommand({}))).InstanceInformationList!.length).toBeGreaterThan(0);
    const stats = await admin(t.sim, 'stats');
    expect(stats.scopes[`${MAC_CI}/us-east-1`].calls).toEqual({ 'ec2:DescribeInstances': 1, 'ssm:DescribeInstanceInformation': 1, 'sts:GetCallerIdentity': 1 });
    memberEc2.destroy();
  });

  test('a read-only role may read but not change: UnauthorizedOperation (EC2), AccessDeniedException naming the role session (SSM)', async () => {
    const role = await assume(t.sim, { RoleArn: roleArn(MAC_CI, READ_ONLY), RoleSessionName: 'viewer' });
    const world = await admin(t.sim, `world?accountId=${MAC_CI}&region=us-east-1`);
    expect(await failure(ec2Client(t.sim, role).send(new ModifyImageAttributeCommand({ ImageId: world.demo.ownedImage, Description: { Value: 'x' } })))).toMatchObject({
      name: 'UnauthorizedOperation',
      status: 403,
    });
    const ssmDenied = await failure(ssmClient(t.sim, role).send(new StartAutomationExecutionCommand({ DocumentName: 'FleetGraph-RestartSsmAgent', Parameters: { InstanceId: [world.demo.idleX86Mac] } })));
    expect(ssmDenied).toMatchObject({ name: 'AccessDeniedException', message: expect.stringContaining(`User: arn:aws:sts::${MAC_CI}:assumed-role/${READ_ONLY}/viewer is not authorized to perform: ssm:StartAutomationExecution`) });
  });

  test('the operator role requires its ExternalId: missing or wrong is AccessDenied (the same answer as any refusal); right, it may mutate', async () => {
    const arn = roleArn(SANDBOX, OPERATOR);
    const sts = stsClient(t.sim);
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'sx' })))).toMatchObject(denied(ADMIN_ARN, arn));
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'sx', ExternalId: 'not-the-one' })))).toMatchObject(denied(ADMIN_ARN, arn));
    const role = await assume(t.sim, { RoleArn: arn, ExternalId: SIM_ROLES.operator.externalId });
    const world = await admin(t.sim, `world?accountId=${SANDBOX}&region=us-east-1`);
    const task = await ec2Client(t.sim, role).send(
      new CreateMacSystemIntegrityProtectionModificationTaskCommand({ InstanceId: world.demo.idleX86Mac, MacSystemIntegrityProtectionStatus: 'disabled' }),
    );
    expect(task.MacModificationTask).toMatchObject({ InstanceId: world.demo.idleX86Mac, TaskState: 'pending' });
    // It landed in the sandbox account's world, not the management account's.
    expect((await admin(t.sim, `world?accountId=${SANDBOX}&region=us-east-1`)).counts.macModificationTasks).toBe(world.counts.macModificationTasks + 1);
    sts.destroy();
  });

  test('AccessDenied for a role that does not exist, an account outside or suspended, and a caller the role does not trust', async () => {
    const sts = stsClient(t.sim);
    for (const arn of [
      roleArn(MAC_CI, 'NoSuchRole'),
      roleArn(SUSPENDED_ACCOUNT_ID, READ_ONLY),
      roleArn('123456789012', READ_ONLY),
      // AWS creates OrganizationAccountAccessRole in member accounts only.
      roleArn(MANAGEMENT_ACCOUNT_ID, SIM_ROLES.organizationAccess.name),
    ]) {
      expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'probe' })))).toMatchObject(denied(ADMIN_ARN, arn));
    }
    await assume(t.sim, { RoleArn: roleArn(MAC_CI, SIM_ROLES.organizationAccess.name) });
    // Roles trust the management account only: a member's session cannot hop to another member.
    const member = await assume(t.sim, { RoleArn: roleArn(MAC_CI, SIM_ROLES.organizationAccess.name), RoleSessionName: 'hop' });
    const target = roleArn(SANDBOX, READ_ONLY);
    expect(await failure(stsClient(t.sim, member).send(new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 'hop2' })))).toMatchObject(
      denied(`arn:aws:sts::${MAC_CI}:assumed-role/${SIM_ROLES.organizationAccess.name}/hop`, target),
    );
    sts.destroy();
  });

  test('invalid input is a ValidationError, before any authorization', async () => {
    const sts = stsClient(t.sim);
    const arn = roleArn(MAC_CI, READ_ONLY);
    // The suspended account would answer AccessDenied: validation comes first.
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: roleArn(SUSPENDED_ACCOUNT_ID, READ_ONLY), RoleSessionName: 'x' })))).toMatchObject({
      name: 'ValidationError',
      status: 400,
      message: "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    });
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'has space' })))).toMatchObject({ name: 'ValidationError' });
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: 'arn:aws:s3:::not-a-role-at-all', RoleSessionName: 'ok' })))).toMatchObject({ name: 'ValidationError', message: 'Request ARN is invalid' });
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'ok', DurationSeconds: 600 })))).toMatchObject({ name: 'ValidationError' });
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'ok', DurationSeconds: 7200 })))).toMatchObject({
      name: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    const short = await assume(t.sim, { RoleArn: arn, DurationSeconds: 900 });
    expect(short.expiration.getTime()).toBeLessThanOrEqual(Date.now() + 900_000);
    sts.destroy();
  });

  test('denyAssumeRole closes one account to AssumeRole; the others stay open; [] or reset opens it again', async () => {
    await admin(t.sim, 'config', { denyAssumeRole: [SANDBOX] });
    const sts = stsClient(t.sim);
    const arn = roleArn(SANDBOX, READ_ONLY);
    expect(await failure(sts.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: 'probe' })))).toMatchObject(denied(ADMIN_ARN, arn));
    await assume(t.sim, { RoleArn: roleArn(MAC_CI, READ_ONLY) });
    expect((await admin(t.sim, 'config')).denyAssumeRole).toEqual([SANDBOX]);
    await admin(t.sim, 'config', { denyAssumeRole: [] });
    await assume(t.sim, { RoleArn: arn });
    await admin(t.sim, 'config', { denyAssumeRole: [SANDBOX] });
    t.sim.reset();
    await assume(t.sim, { RoleArn: arn });
    sts.destroy();
  });

  test('expireSessions: every issued session fails as AWS fails an expired token (EC2 RequestExpired, SSM/Organizations ExpiredTokenException, STS ExpiredToken); new ones work', async () => {
    const role = await assume(t.sim, { RoleArn: roleArn(MAC_CI, READ_ONLY) });
    const mgmtRole = await assume(t.sim, { RoleArn: roleArn(MANAGEMENT_ACCOUNT_ID, READ_ONLY) });
    await admin(t.sim, 'config', { expireSessions: true });
    expect(await failure(ec2Client(t.sim, role).send(new DescribeInstancesCommand({ MaxResults: 5 })))).toMatchObject({ name: 'RequestExpired', status: 400, message: 'Request has expired.' });
    expect(await failure(ssmClient(t.sim, role).send(new DescribeInstanceInformationCommand({})))).toMatchObject({
      name: 'ExpiredTokenException',
      status: 400,
      message: 'The security token included in the request is expired',
    });
    expect(await failure(stsClient(t.sim, role).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'ExpiredToken',
      status: 403,
      message: 'The security token included in the request is expired',
    });
    expect(await failure(organizationsClient(t.sim, mgmtRole).send(new ListAccountsCommand({})))).toMatchObject({ name: 'ExpiredTokenException', status: 400 });
    const fresh = await assume(t.sim, { RoleArn: roleArn(MAC_CI, READ_ONLY) });
    expect((await stsClient(t.sim, fresh).send(new GetCallerIdentityCommand({}))).Account).toBe(MAC_CI);
    // A reset of the world does not bring expired sessions back, nor end live ones.
    t.sim.reset();
    expect(await failure(stsClient(t.sim, role).send(new GetCallerIdentityCommand({})))).toMatchObject({ name: 'ExpiredToken' });
    expect((await stsClient(t.sim, fresh).send(new GetCallerIdentityCommand({}))).Account).toBe(MAC_CI);
  });

  test('a known session key with another session token is refused as an invalid token', async () => {
    const role = await assume(t.sim, { RoleArn: roleArn(MAC_CI, READ_ONLY) });
    const forged = { ...role, sessionToken: `${role.sessionToken.slice(0, -4)}AAAA` };
    expect(await failure(stsClient(t.sim, forged).send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'InvalidClientTokenId',
      status: 403,
      message: 'The security token included in the request is invalid.',
    });
    expect(await failure(ec2Client(t.sim, forged).send(new DescribeInstancesCommand({ MaxResults: 5 })))).toMatchObject({ name: 'AuthFailure', status: 401 });
  });
});

test('sessions expire on the wall clock at their Expiration (what the SDK refreshes against)', () => {
  const store = new SessionStore();
  const t0 = Date.UTC(2026, 10, 30, 9, 0, 0, 250);
  const s = store.issue({ accountId: MAC_CI, roleName: READ_ONLY, sessionName: 'clock', canWrite: false }, 900, t0);
  expect(s.expiresAt).toBe(Date.UTC(2026, 10, 30, 9, 15, 0));
  expect(store.isExpired(s, s.expiresAt - 1)).toBe(false);
  expect(store.isExpired(s, s.expiresAt)).toBe(true);
  expect(store.find(s.accessKeyId, s.sessionToken)).toBe(s);
  expect(store.find(s.accessKeyId, undefined)).toBeUndefined();
});
