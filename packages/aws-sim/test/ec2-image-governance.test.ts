/**
 * AMI governance through the real SDK: block public access for AMIs (with AWS's up-to-10-minute
 * switch), deregistration protection, deprecation, and the DescribeImages fields that show them.
 */
import {
  DescribeImageAttributeCommand,
  DescribeImagesCommand,
  DisableImageBlockPublicAccessCommand,
  DisableImageDeprecationCommand,
  DisableImageDeregistrationProtectionCommand,
  EnableImageBlockPublicAccessCommand,
  EnableImageDeprecationCommand,
  EnableImageDeregistrationProtectionCommand,
  GetImageBlockPublicAccessStateCommand,
  Image,
  ModifyImageAttributeCommand,
} from '@aws-sdk/client-ec2';
import { SIM_ACCESS_KEYS } from '../src/core/contract';
import { SIM_EPOCH_START } from '../src/core/clock';
import { DEMO_IDS } from '../src/demo';
import { WorldSummary, admin, ec2Client, failure } from './support/sdk';
import { suiteSimulator } from './support/suite';

const t = suiteSimulator({ timeScale: 0, throttling: false });
const MINUTE = 60_000;
const DAY = 86_400_000;

const image = async (id: string): Promise<Image> => (await t.ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images![0];
const bpa = async () => (await t.ec2.send(new GetImageBlockPublicAccessStateCommand({}))).ImageBlockPublicAccessState;
/** An owned private AMI with nothing set on it (not the protected demo image, no product code). */
const privateImage = () => {
  const w = t.sim.world() as WorldSummary;
  return w.images.ownedPrivate.find((id) => id !== DEMO_IDS.ownedImage && !w.images.withProductCode.includes(id))!;
};

describe('block public access for AMIs', () => {
  test('unblocked by default (the account has public AMIs); enabling takes effect after up to 10 minutes', async () => {
    expect(await t.ec2.send(new GetImageBlockPublicAccessStateCommand({}))).toMatchObject({ ImageBlockPublicAccessState: 'unblocked', ManagedBy: 'account' });
    const on = await t.ec2.send(new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'block-new-sharing' }));
    expect(on.ImageBlockPublicAccessState).toBe('block-new-sharing');
    expect(await bpa()).toBe('unblocked');
    await admin(t.sim, 'clock/advance', { ms: 10 * MINUTE });
    expect(await bpa()).toBe('block-new-sharing');
  });

  test('while on, making an AMI public is OperationNotPermitted with AWS’s message; existing public AMIs stay public', async () => {
    const img = privateImage();
    await t.ec2.send(new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'block-new-sharing' }));
    await admin(t.sim, 'clock/advance', { ms: 10 * MINUTE });
    const refused = await failure(t.ec2.send(new ModifyImageAttributeCommand({ ImageId: img, LaunchPermission: { Add: [{ Group: 'all' }] } })));
    expect(refused).toEqual(
      expect.objectContaining({
        name: 'OperationNotPermitted',
        status: 400,
        message:
          'You can’t publicly share this image because block public access for AMIs is enabled for this account. To publicly share the image, you must call the DisableImageBlockPublicAccess API.',
      }),
    );
    expect((await image(img)).Public).toBe(false);
    expect((await image(DEMO_IDS.ownedPublicImage)).Public).toBe(true);
    // Sharing with an account is still allowed.
    await t.ec2.send(new ModifyImageAttributeCommand({ ImageId: img, LaunchPermission: { Add: [{ UserId: '098765432109' }] } }));
    await t.ec2.send(new DisableImageBlockPublicAccessCommand({}));
    expect(await bpa()).toBe('block-new-sharing');
    await admin(t.sim, 'clock/advance', { ms: 10 * MINUTE });
    await t.ec2.send(new ModifyImageAttributeCommand({ ImageId: img, LaunchPermission: { Add: [{ Group: 'all' }] } }));
    expect((await image(img)).Public).toBe(true);
  });

  test('DryRun, the read-only key, and a wrong state value', async () => {
    expect(await failure(t.ec2.send(new GetImageBlockPublicAccessStateCommand({ DryRun: true })))).toMatchObject({ name: 'DryRunOperation', status: 412 });
    expect(await failure(t.ec2.send(new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'block-new-sharing', DryRun: true })))).toMatchObject({
      name: 'DryRunOperation',
    });
    const ro = ec2Client(t.sim, SIM_ACCESS_KEYS.readOnly);
    expect(await failure(ro.send(new DisableImageBlockPublicAccessCommand({})))).toMatchObject({ name: 'UnauthorizedOperation', status: 403 });
    ro.destroy();
    expect(
      await failure(t.ec2.send(new EnableImageBlockPublicAccessCommand({ ImageBlockPublicAccessState: 'unblocked' as 'block-new-sharing' }))),
    ).toMatchObject({ name: 'InvalidParameterValue' });
    await admin(t.sim, 'clock/advance', { ms: 10 * MINUTE });
    expect(await bpa()).toBe('unblocked');
  });
});

test('deregistration protection: DescribeImages and DescribeImageAttribute show it; owners only may change it', async () => {
  expect((await image(DEMO_IDS.ownedImage)).DeregistrationProtection).toBe('enabled-with-cooldown');
  const img = privateImage();
  expect((await image(img)).DeregistrationProtection).toBe('disabled');
  expect((await t.ec2.send(new EnableImageDeregistrationProtectionCommand({ ImageId: img }))).Return).toBe('true');
  expect((await image(img)).DeregistrationProtection).toBe('enabled-without-cooldown');
  await t.ec2.send(new EnableImageDeregistrationProtectionCommand({ ImageId: img, WithCooldown: true }));
  const attr = await t.ec2.send(new DescribeImageAttributeCommand({ ImageId: img, Attribute: 'deregistrationProtection' }));
  expect(attr.DeregistrationProtection).toEqual({ Value: 'enabled-with-cooldown' });
  await t.ec2.send(new DisableImageDeregistrationProtectionCommand({ ImageId: img }));
  expect((await image(img)).DeregistrationProtection).toBe('disabled');
  const shared = (t.sim.world() as WorldSummary).images.shared[0];
  expect(await failure(t.ec2.send(new EnableImageDeregistrationProtectionCommand({ ImageId: shared })))).toMatchObject({ name: 'AuthFailure' });
  expect(await failure(t.ec2.send(new DisableImageDeregistrationProtectionCommand({ ImageId: img, DryRun: true })))).toMatchObject({ name: 'DryRunOperation' });
});

test('deprecation: rounded to the minute, not in the past, ≤ 10 years (public AMIs ≤ 2 years after creation)', async () => {
  const img = privateImage();
  // The seeded x86 build image was deprecated ten days before the epoch; its owner still sees it.
  expect((await image(img)).DeprecationTime).toBe(new Date(SIM_EPOCH_START - 10 * DAY).toISOString());
  const at = new Date(SIM_EPOCH_START + 30 * DAY + 29_000);
  expect((await t.ec2.send(new EnableImageDeprecationCommand({ ImageId: img, DeprecateAt: at }))).Return).toBe(true);
  expect((await image(img)).DeprecationTime).toBe(new Date(SIM_EPOCH_START + 30 * DAY).toISOString());
  expect(await failure(t.ec2.send(new EnableImageDeprecationCommand({ ImageId: img, DeprecateAt: new Date(SIM_EPOCH_START - DAY) })))).toMatchObject({
    name: 'InvalidParameterValue',
  });
  expect(await failure(t.ec2.send(new EnableImageDeprecationCommand({ ImageId: img, DeprecateAt: new Date(SIM_EPOCH_START + 11 * 365 * DAY) })))).toMatchObject({
    name: 'InvalidParameterValue',
  });
  const pub = await image(DEMO_IDS.ownedPublicImage);
  // A public AMI deprecates two years after its creation by default, and no later.
  expect(Date.parse(pub.DeprecationTime!)).toBe(Date.parse(pub.CreationDate!) + 2 * 365 * DAY);
  expect(await failure(t.ec2.send(new EnableImageDeprecationCommand({ ImageId: DEMO_IDS.ownedPublicImage, DeprecateAt: new Date(Date.parse(pub.CreationDate!) + 3 * 365 * DAY) })))).toMatchObject({
    name: 'InvalidParameterValue',
  });
  expect((await t.ec2.send(new DisableImageDeprecationCommand({ ImageId: img }))).Return).toBe(true);
  expect((await image(img)).DeprecationTime).toBeUndefined();
});

test('lastLaunchedTime: the latest launch from the AMI, shown to its owner only, at least a day old', async () => {
  const owned = (await t.ec2.send(new DescribeImagesCommand({ Owners: ['self'] }))).Images!;
  const launched = owned.filter((i) => i.LastLaunchedTime);
  expect(launched.length).toBeGreaterThan(0);
  for (const i of launched) expect(Date.parse(i.LastLaunchedTime!)).toBeLessThanOrEqual(SIM_EPOCH_START - DAY);
  const attr = await t.ec2.send(new DescribeImageAttributeCommand({ ImageId: launched[0].ImageId, Attribute: 'lastLaunchedTime' }));
  expect(attr.LastLaunchedTime).toEqual({ Value: launched[0].LastLaunchedTime });
  const amazon = (await t.ec2.send(new DescribeImagesCommand({ Owners: ['amazon'] }))).Images!;
  expect(amazon.every((i) => i.LastLaunchedTime === undefined)).toBe(true);
});
