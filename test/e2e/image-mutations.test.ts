import { SIM_ACCESS_KEYS } from '@fleetgraph/aws-sim';
import { Harness } from '../support/harness';

const PERMS = `mutation($input: ModifyImageLaunchPermissionsInput!) {
  modifyImageLaunchPermissions(input: $input) { dryRun { wouldSucceed code } image { id public launchPermissions { group userId organizationArn organizationalUnitArn } } }
}`;
const DESCRIBE = `mutation($input: SetImageDescriptionInput!) { setImageDescription(input: $input) { dryRun { wouldSucceed code } image { id description } } }`;
const IMDS = `mutation($input: EnableImageImdsV2Input!) { enableImageImdsV2(input: $input) { dryRun { wouldSucceed code } image { id imdsSupport } } }`;
const ORG = 'arn:aws:organizations::123456789012:organization/o-abcdefghij';
const OU = 'arn:aws:organizations::123456789012:ou/o-abcdefghij/ou-ab12-cdefghij';

describe('image attribute mutations', () => {
  // A long shared-cache TTL on purpose: mutations must still be visible at once.
  let h: Harness;
  let world: any;
  let image: string;
  beforeAll(async () => {
    h = await Harness.start({ env: { FLEETGRAPH_CACHE_TTL_MS: '60000' } });
  });
  beforeEach(async () => {
    await h.reset();
    world = await h.world();
    image = world.images.ownedPrivate.find((id: string) => !world.images.withProductCode.includes(id) && !world.images.imdsV2.includes(id));
  });
  afterAll(() => h.close());

  const perms = async (id: string) => (await h.data(`{ image(imageId: "${id}") { public launchPermissions { group userId organizationArn organizationalUnitArn } } }`)).image;

  it('grants launch permission to one account (the AWS example), visible on the next query despite caching', async () => {
    const before = await perms(image);
    expect(before.launchPermissions.some((p: any) => p.userId === '098765432109')).toBe(false);
    let res: any;
    const calls = await h.callsDuring(async () => {
      res = (await h.data(PERMS, { input: { imageId: image, add: [{ userId: '098765432109' }] } })).modifyImageLaunchPermissions;
    });
    expect(calls['ec2:ModifyImageAttribute']).toBe(1);
    expect(res.dryRun).toBeNull();
    expect(res.image.launchPermissions).toContainEqual({ group: null, userId: '098765432109', organizationArn: null, organizationalUnitArn: null });
    expect((await perms(image)).launchPermissions).toContainEqual({ group: null, userId: '098765432109', organizationArn: null, organizationalUnitArn: null });
  });

  it('adds and removes in one call, organizations and OUs included', async () => {
    await h.data(PERMS, { input: { imageId: image, add: [{ userId: '098765432109' }, { organizationArn: ORG }] } });
    const res = (await h.data(PERMS, { input: { imageId: image, add: [{ organizationalUnitArn: OU }], remove: [{ userId: '098765432109' }] } })).modifyImageLaunchPermissions;
    const lp = res.image.launchPermissions;
    expect(lp.some((p: any) => p.userId === '098765432109')).toBe(false);
    expect(lp.some((p: any) => p.organizationArn === ORG)).toBe(true);
    expect(lp.some((p: any) => p.organizationalUnitArn === OU)).toBe(true);
  });

  it('makes an AMI public (the AWS example) only with confirmPublic: true', async () => {
    let refused: any;
    const calls = await h.callsDuring(async () => {
      refused = await h.gql(PERMS, { input: { imageId: image, add: [{ group: 'ALL' }] } });
    });
    expect(calls).toEqual({});
    expect(refused.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(refused.errors[0].extensions.problems).toEqual([{ field: 'confirmPublic', message: expect.stringContaining('public') }]);
    expect((await perms(image)).public).toBe(false);

    const res = (await h.data(PERMS, { input: { imageId: image, add: [{ group: 'ALL' }], confirmPublic: true } })).modifyImageLaunchPermissions;
    expect(res.image.public).toBe(true);
    expect(res.image.launchPermissions).toContainEqual({ group: 'ALL', userId: null, organizationArn: null, organizationalUnitArn: null });
    const back = (await h.data(PERMS, { input: { imageId: image, remove: [{ group: 'ALL' }] } })).modifyImageLaunchPermissions;
    expect(back.image.public).toBe(false);
  });

  it('refuses to make an image with a product code public, with AWS’s error', async () => {
    const res = await h.gql(PERMS, { input: { imageId: world.images.withProductCode[0], add: [{ group: 'ALL' }], confirmPublic: true } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', awsCode: 'OperationNotPermitted' });
    expect(res.errors?.[0].message).toMatch(/product code/);
  });

  it('validates principals: exactly one field each, 12-digit accounts, organization ARNs — all problems at once', async () => {
    const res = await h.gql(PERMS, {
      input: { imageId: image, add: [{ userId: '12345', group: 'ALL' }, { organizationArn: 'arn:nope' }, {}], confirmPublic: true },
    });
    expect(res.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions?.problems.map((p: any) => p.field)).toEqual(['add[0]', 'add[0].userId', 'add[1].organizationArn', 'add[2]']);
    const nothing = await h.gql(PERMS, { input: { imageId: image } });
    expect(nothing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses changes to images the account does not own (AuthFailure → FORBIDDEN)', async () => {
    const res = await h.gql(DESCRIBE, { input: { imageId: world.images.shared[0], description: 'mine now' } });
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', awsCode: 'AuthFailure' });
  });

  it('sets the description, and rejects one over 255 characters', async () => {
    const res = (await h.data(DESCRIBE, { input: { imageId: image, description: 'Golden macOS 15 build agent' } })).setImageDescription;
    expect(res.image).toEqual({ id: image, description: 'Golden macOS 15 build agent' });
    expect((await h.data(`{ image(imageId: "${image}") { description } }`)).image.description).toBe('Golden macOS 15 build agent');
    const long = await h.gql(DESCRIBE, { input: { imageId: image, description: 'd'.repeat(256) } });
    expect(long.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('enables IMDSv2-only only with confirmIrreversible: true', async () => {
    const refused = await h.gql(IMDS, { input: { imageId: image, confirmIrreversible: false } });
    expect(refused.errors?.[0].extensions?.problems[0].field).toBe('confirmIrreversible');
    expect((await h.data(`{ image(imageId: "${image}") { imdsSupport } }`)).image.imdsSupport).toBeNull();
    const res = (await h.data(IMDS, { input: { imageId: image, confirmIrreversible: true } })).enableImageImdsV2;
    expect(res.image).toEqual({ id: image, imdsSupport: 'v2.0' });
  });

  it('dry runs every image mutation both ways without changing anything', async () => {
    const dry = { dryRun: true };
    const a = (await h.data(PERMS, { input: { imageId: image, add: [{ userId: '098765432109' }], ...dry } })).modifyImageLaunchPermissions;
    const b = (await h.data(DESCRIBE, { input: { imageId: image, description: 'x', ...dry } })).setImageDescription;
    const c = (await h.data(IMDS, { input: { imageId: image, confirmIrreversible: true, ...dry } })).enableImageImdsV2;
    for (const r of [a, b, c]) expect(r).toEqual({ image: null, dryRun: { wouldSucceed: true, code: 'DryRunOperation' } });
    const after = await h.data(`{ image(imageId: "${image}") { description imdsSupport launchPermissions { userId } } }`);
    expect(after.image.imdsSupport).toBeNull();
    expect(after.image.launchPermissions.some((p: any) => p.userId === '098765432109')).toBe(false);

    const ro = await Harness.start({ accessKeyId: SIM_ACCESS_KEYS.readOnly });
    try {
      const denied = (await ro.data(DESCRIBE, { input: { imageId: image, description: 'x', dryRun: true } })).setImageDescription;
      expect(denied.dryRun).toEqual({ wouldSucceed: false, code: 'UnauthorizedOperation' });
    } finally {
      await ro.close();
    }
  });
});
