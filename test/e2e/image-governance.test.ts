import { DEMO_IDS } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

const MINUTE = 60_000;
const DAY = 86_400_000;
const EPOCH = Date.parse('2026-11-01T12:00:00.000Z');

const BPA = `mutation($input: SetImageBlockPublicAccessInput!) { setImageBlockPublicAccess(input: $input) {
  requestedState message dryRun { wouldSucceed code } imageBlockPublicAccess { state managedBy region } } }`;
const PERMS = `mutation($input: ModifyImageLaunchPermissionsInput!) { modifyImageLaunchPermissions(input: $input) { image { id public } } }`;
const PROTECT = `mutation($input: SetImageDeregistrationProtectionInput!) { setImageDeregistrationProtection(input: $input) { image { id deregistrationProtection } dryRun { code } } }`;
const DEPRECATE = `mutation($input: SetImageDeprecationInput!) { setImageDeprecation(input: $input) { image { id deprecationTime } dryRun { code } } }`;

/** AMI governance: block public access for AMIs, deregistration protection, deprecation, last launch. */
describe('AMI governance', () => {
  let h: Harness;
  let image: string;
  beforeAll(async () => {
    h = await Harness.start();
  });
  beforeEach(async () => {
    await h.reset();
    const w = await h.world();
    image = w.images.ownedPrivate.find((id: string) => id !== DEMO_IDS.ownedImage && !w.images.withProductCode.includes(id));
  });
  afterAll(() => h.close());
  const bpa = async () => (await h.data(`{ imageBlockPublicAccess { state managedBy region } }`)).imageBlockPublicAccess;

  it('with block public access on, making an AMI public is refused before AWS, naming the setting', async () => {
    expect(await bpa()).toEqual({ state: 'UNBLOCKED', managedBy: 'account', region: 'us-east-1' });
    const on = (await h.data(BPA, { input: { state: 'BLOCK_NEW_SHARING' } })).setImageBlockPublicAccess;
    expect(on).toEqual({
      requestedState: 'BLOCK_NEW_SHARING',
      message: 'AWS applies the change within 10 minutes; until then imageBlockPublicAccess still reports the previous state.',
      dryRun: null,
      imageBlockPublicAccess: { state: 'UNBLOCKED', managedBy: 'account', region: 'us-east-1' },
    });
    await h.simAdmin('clock/advance', { ms: 10 * MINUTE });
    expect((await bpa()).state).toBe('BLOCK_NEW_SHARING');

    let refused: any;
    const calls = await h.callsDuring(async () => {
      refused = await h.gql(PERMS, { input: { imageId: image, add: [{ group: 'ALL' }], confirmPublic: true } });
    });
    expect(refused.errors?.[0].extensions).toEqual({ code: 'PRECONDITION_FAILED', setting: 'imageBlockPublicAccess', state: 'BLOCK_NEW_SHARING' });
    expect(refused.errors?.[0].message).toMatch(/^Block public access for AMIs is on in \d{12} \/ us-east-1 \(imageBlockPublicAccess: BLOCK_NEW_SHARING\)/);
    expect(calls).toEqual({ 'ec2:GetImageBlockPublicAccessState': 1 });
    // Sharing with an account is not public sharing: it goes through.
    const shared = await h.callsDuring(() => h.data(PERMS, { input: { imageId: image, add: [{ userId: '098765432109' }] } }));
    expect(shared['ec2:ModifyImageAttribute']).toBe(1);
    expect(shared['ec2:GetImageBlockPublicAccessState']).toBeUndefined();
  });

  it('setImageBlockPublicAccess dry runs both ways', async () => {
    const dry = (await h.data(BPA, { input: { state: 'BLOCK_NEW_SHARING', dryRun: true } })).setImageBlockPublicAccess;
    expect(dry).toMatchObject({ requestedState: null, message: null, dryRun: { wouldSucceed: true, code: 'DryRunOperation' } });
    await h.simAdmin('clock/advance', { ms: 10 * MINUTE });
    expect((await bpa()).state).toBe('UNBLOCKED');
  });

  it('deregistration protection and deprecation: set, shown on the image, taken away', async () => {
    const fields = `{ image(imageId: "${DEMO_IDS.ownedImage}") { deregistrationProtection deprecationTime lastLaunchedTime } }`;
    const demo = (await h.data(fields)).image;
    expect(demo.deregistrationProtection).toBe('enabled-with-cooldown');
    expect(Date.parse(demo.lastLaunchedTime)).toBeLessThanOrEqual(EPOCH - DAY);

    const on = (await h.data(PROTECT, { input: { imageId: image, enabled: true, withCooldown: true } })).setImageDeregistrationProtection;
    expect(on).toEqual({ image: { id: image, deregistrationProtection: 'enabled-with-cooldown' }, dryRun: null });
    const off = (await h.data(PROTECT, { input: { imageId: image, enabled: false } })).setImageDeregistrationProtection;
    expect(off.image.deregistrationProtection).toBe('disabled');

    const at = new Date(EPOCH + 30 * DAY + 20_000).toISOString();
    const dep = (await h.data(DEPRECATE, { input: { imageId: image, deprecateAt: at } })).setImageDeprecation;
    expect(dep.image.deprecationTime).toBe(new Date(EPOCH + 30 * DAY).toISOString());
    const cancelled = (await h.data(DEPRECATE, { input: { imageId: image, cancel: true } })).setImageDeprecation;
    expect(cancelled.image.deprecationTime).toBeNull();
    const past = await h.gql(DEPRECATE, { input: { imageId: image, deprecateAt: new Date(EPOCH - DAY).toISOString() } });
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', awsCode: 'InvalidParameterValue' });
  });

  it('validates before AWS: deprecateAt xor cancel; a cooldown only when enabling', async () => {
    const calls = await h.callsDuring(async () => {
      const neither = await h.gql(DEPRECATE, { input: { imageId: image } });
      expect(neither.errors?.[0].extensions?.problems).toEqual([{ field: 'deprecateAt', message: 'give deprecateAt, or cancel: true — exactly one of them' }]);
      const both = await h.gql(DEPRECATE, { input: { imageId: image, cancel: true, deprecateAt: new Date(EPOCH + DAY).toISOString() } });
      expect(both.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const cooldown = await h.gql(PROTECT, { input: { imageId: image, enabled: false, withCooldown: true } });
      expect(cooldown.errors?.[0].extensions?.problems[0].field).toBe('withCooldown');
    });
    expect(calls).toEqual({});
  });
});
