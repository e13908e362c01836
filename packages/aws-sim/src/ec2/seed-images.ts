/**
 * The seeded AMIs of one account: a fixed catalog first (its ids never move, whatever the world's
 * size), then drawn "golden" images until the world holds `count`.
 *
 * Fixed catalog: Amazon's public macOS / Linux / Windows AMIs; owned private AMIs (shared with an
 * account, the organisation, an OU); an owned AMI with a marketplace product code; an owned PUBLIC
 * AMI; AMIs a partner account shares with this account; one partner AMI this account cannot see.
 */
import { Prng, awsId } from '../core/rng';
import { BUILD_OU_ARN, EXTERNAL_GRANTEE_ACCOUNT_ID, ORGANIZATION_ARN, PARTNER_ACCOUNT_ID, memberAccountId } from '../org/ids';
import { InstanceKind, SimImage } from './model';

export const AMAZON_MACOS_OWNER = '100343932686';
export const AMAZON_LINUX_OWNER = '137112412989';
export const AMAZON_WINDOWS_OWNER = '801119661308';
export const MARKETPLACE_PRODUCT_CODE = '8fgjzy0crv7xkwx9uqd1mp3l2';

/** Names of the fixed images the demo ids point at. */
export const OWNED_DEMO_IMAGE = 'fleetgraph-macos-15-xcode-16-arm64';
export const OWNED_PUBLIC_DEMO_IMAGE = 'fleetgraph-macos-15-ci-runner-public';

const TEAMS = ['ios-build', 'platform', 'data', 'web', 'qa'];
const ENVS = ['prod', 'staging', 'dev'];
const DAY = 86_400_000;

export function archOf(kind: InstanceKind): SimImage['architecture'] {
  return kind === 'mac-x86' ? 'x86_64_mac' : kind === 'mac-arm' ? 'arm64_mac' : 'x86_64';
}

export function isImageVisible(img: SimImage, accountId: string): boolean {
  return img.ownerId === accountId || img.launchPermissions.some((p) => p.group === 'all' || p.userId === accountId);
}

/** The number of fixed images (the first of every world's image list). */
export const FIXED_IMAGE_COUNT = 14;

export function seedImages(rng: Prng, count: number, t0: number, accountId: string): SimImage[] {
  let idx = 0;
  const img = (p: Partial<SimImage> & Pick<SimImage, 'name' | 'ownerId' | 'kind'>): SimImage => ({
    imageId: awsId('ami', rng, idx++),
    description: undefined,
    architecture: archOf(p.kind),
    platformDetails: p.kind === 'windows' ? 'Windows' : 'Linux/UNIX',
    creationDate: t0 - rng.int(5, 400) * DAY - rng.int(0, DAY - 1),
    productCodes: [],
    launchPermissions: [],
    tags: [],
    rootDeviceName: p.kind === 'windows' ? '/dev/sda1' : '/dev/xvda',
    deregistrationProtection: 'disabled',
    ...p,
  });
  const pub = [{ group: 'all' as const }];
  const self = accountId;
  // A grantee that is another account of the organisation (or the first member, seen from a member).
  const orgGrantee = memberAccountId(0) === self ? memberAccountId(1) : memberAccountId(0);
  const images: SimImage[] = [
    img({ name: 'amzn-ec2-macos-15.6-20260918-x86_64_mac', description: 'macOS Sequoia 15.6 (x86_64_mac)', ownerId: AMAZON_MACOS_OWNER, ownerAlias: 'amazon', kind: 'mac-x86', launchPermissions: pub }),
    img({ name: 'amzn-ec2-macos-15.6-20260918-arm64_mac', description: 'macOS Sequoia 15.6 (arm64_mac)', ownerId: AMAZON_MACOS_OWNER, ownerAlias: 'amazon', kind: 'mac-arm', launchPermissions: pub }),
    img({ name: 'amzn-ec2-macos-14.7-20260801-arm64_mac', description: 'macOS Sonoma 14.7 (arm64_mac)', ownerId: AMAZON_MACOS_OWNER, ownerAlias: 'amazon', kind: 'mac-arm', launchPermissions: pub, imdsSupport: 'v2.0' }),
    img({ name: 'al2023-ami-2023.9.20260920.0-kernel-6.1-x86_64', description: 'Amazon Linux 2023 AMI 2023.9.20260920.0 x86_64 HVM kernel-6.1', ownerId: AMAZON_LINUX_OWNER, ownerAlias: 'amazon', kind: 'linux', launchPermissions: pub, imdsSupport: 'v2.0' }),
    img({ name: 'Windows_Server-2022-English-Full-Base-2026.10.15', description: 'Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon', ownerId: AMAZON_WINDOWS_OWNER, ownerAlias: 'amazon', kind: 'windows', launchPermissions: pub }),
    img({ name: OWNED_DEMO_IMAGE, description: 'macOS 15 with Xcode 16 for the iOS build fleet', ownerId: self, kind: 'mac-arm',
      launchPermissions: [{ userId: orgGrantee }, { organizationArn: ORGANIZATION_ARN }], tags: [{ key: 'team', value: 'ios-build' }, { key: 'env', value: 'prod' }] }),
    img({ name: 'fleetgraph-macos-15-build-x86', description: 'macOS 15 build image (Intel)', ownerId: self, kind: 'mac-x86', tags: [{ key: 'team', value: 'ios-build' }] }),
    img({ name: 'fleetgraph-api-2026.10', description: 'API server image', ownerId: self, kind: 'linux', imdsSupport: 'v2.0',
      launchPermissions: [{ organizationalUnitArn: BUILD_OU_ARN }], tags: [{ key: 'team', value: 'platform' }, { key: 'env', value: 'prod' }] }),
    img({ name: 'fleetgraph-marketplace-agent-1.4', description: 'Marketplace monitoring agent (has a product code)', ownerId: self, kind: 'linux',
      productCodes: [{ productCode: MARKETPLACE_PRODUCT_CODE, type: 'marketplace' }], tags: [{ key: 'team', value: 'platform' }] }),
    img({ name: 'partner-macos-ci-runner-arm64', description: 'CI runner image shared by our partner', ownerId: PARTNER_ACCOUNT_ID, kind: 'mac-arm', launchPermissions: [{ userId: self }] }),
    img({ name: 'partner-hardened-al2023', description: 'Hardened Amazon Linux 2023 shared by our partner', ownerId: PARTNER_ACCOUNT_ID, kind: 'linux', launchPermissions: [{ userId: self }, { userId: EXTERNAL_GRANTEE_ACCOUNT_ID }] }),
    img({ name: 'fleetgraph-windows-build-2026.09', description: 'Windows build agents', ownerId: self, kind: 'windows', tags: [{ key: 'team', value: 'web' }, { key: 'env', value: 'staging' }] }),
    // Not visible to the account (partner-private): DescribeImages says NotFound.
    img({ name: 'partner-internal-only', description: 'Not shared with anyone', ownerId: PARTNER_ACCOUNT_ID, kind: 'linux' }),
    img({ name: OWNED_PUBLIC_DEMO_IMAGE, description: 'Public macOS 15 CI runner image published by the FleetGraph team', ownerId: self, kind: 'mac-arm', imdsSupport: 'v2.0',
      launchPermissions: pub, tags: [{ key: 'team', value: 'ios-build' }, { key: 'env', value: 'prod' }] }),
  ];
  const kinds: InstanceKind[] = ['mac-arm', 'mac-x86', 'linux', 'windows'];
  for (let n = 0; images.length < count; n++) {
    const kind = kinds[n % kinds.length];
    const shared = n % 7 === 6;
    const team = rng.pick(TEAMS);
    const slug = kind === 'mac-arm' ? 'macos-arm64' : kind === 'mac-x86' ? 'macos-x86' : kind;
    const perms: SimImage['launchPermissions'] = shared ? [{ userId: self }] : rng.chance(0.2) ? [{ userId: rng.pick([orgGrantee, EXTERNAL_GRANTEE_ACCOUNT_ID]) }] : [];
    images.push(
      img({
        name: `${shared ? 'partner' : 'fleetgraph'}-${slug}-golden-${String(n + 1).padStart(4, '0')}`,
        description: `${team} golden image #${n + 1}`,
        ownerId: shared ? PARTNER_ACCOUNT_ID : self,
        kind,
        imdsSupport: rng.chance(0.25) ? 'v2.0' : undefined,
        launchPermissions: perms,
        tags: shared ? [] : [{ key: 'team', value: team }, { key: 'env', value: rng.pick(ENVS) }],
      }),
    );
  }
  return images;
}
