/** DescribeImages and DescribeImageAttribute: what the account may see of its AMIs and others'. */
import { SimError } from '../core/contract';
import { XmlObject, XmlValue, tagSet, xmlChildren } from '../core/xml';
import { ActionEnv, dryRunError } from './env';
import { compileFilters, FilterFields } from './filters';
import { ACCOUNT_RE, ID_PATTERNS, LaunchPermission, SimImage, isPublic } from './model';
import { paginate } from './paging';
import { bool, filters, list, maxResults, required } from './query';
import { isImageVisible } from './seed';

function imageFields(): FilterFields<SimImage> {
  return {
    'image-id': (i) => i.imageId,
    name: (i) => i.name,
    description: (i) => i.description,
    'is-public': (i) => String(isPublic(i)),
    'owner-id': (i) => i.ownerId,
    'owner-alias': (i) => i.ownerAlias,
    architecture: (i) => i.architecture,
    state: () => 'available',
    'image-type': () => 'machine',
    'virtualization-type': () => 'hvm',
    'root-device-type': () => 'ebs',
    'root-device-name': (i) => i.rootDeviceName,
    hypervisor: () => 'xen',
    platform: (i) => (i.platformDetails === 'Windows' ? 'windows' : undefined),
    'product-code': (i) => i.productCodes.map((p) => p.productCode),
    'product-code.type': (i) => i.productCodes.map((p) => p.type),
    'creation-date': (i) => new Date(i.creationDate).toISOString(),
    'imds-support': (i) => i.imdsSupport,
  };
}
const IMAGE_FIELDS = imageFields();

/** Visible images by id: Malformed first, then NotFound for the whole call. */
export function lookupImages(env: ActionEnv, ids: string[]): SimImage[] {
  const bad = ids.find((id) => !ID_PATTERNS.image.test(id));
  if (bad !== undefined) throw new SimError('InvalidAMIID.Malformed', `Invalid id: "${bad}"`);
  const missing = ids.filter((id) => {
    const img = env.world.imageById.get(id);
    return !img || !isImageVisible(img, env.ctx.accountId);
  });
  if (missing.length) throw new SimError('InvalidAMIID.NotFound', `The image id '[${missing.join(', ')}]' does not exist`);
  return [...new Set(ids)].map((id) => env.world.imageById.get(id)!);
}

function isoOrUndefined(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

function imageXml(img: SimImage, accountId: string): XmlObject {
  const owned = img.ownerId === accountId;
  return {
    imageId: img.imageId,
    imageLocation: `${img.ownerAlias ?? img.ownerId}/${img.name}`,
    imageState: 'available',
    imageOwnerId: img.ownerId,
    creationDate: new Date(img.creationDate),
    isPublic: isPublic(img),
    productCodes: img.productCodes.map((p) => ({ productCode: p.productCode, type: p.type })),
    architecture: img.architecture,
    imageType: 'machine',
    imageOwnerAlias: img.ownerAlias,
    name: img.name,
    description: img.description,
    rootDeviceType: 'ebs',
    rootDeviceName: img.rootDeviceName,
    blockDeviceMapping: [
      { deviceName: img.rootDeviceName, ebs: { snapshotId: `snap-${img.imageId.slice(4)}`, volumeSize: img.kind.startsWith('mac') ? 100 : 8, deleteOnTermination: true, volumeType: 'gp3', encrypted: false } },
    ],
    virtualizationType: 'hvm',
    tagSet: img.ownerId === accountId && img.tags.length ? tagSet(img.tags) : undefined,
    hypervisor: 'xen',
    enaSupport: true,
    platform: img.platformDetails === 'Windows' ? 'windows' : undefined,
    platformDetails: img.platformDetails,
    usageOperation: img.platformDetails === 'Windows' ? 'RunInstances:0002' : 'RunInstances',
    imdsSupport: img.imdsSupport,
    deprecationTime: isoOrUndefined(img.deprecationTime),
    deregistrationProtection: img.deregistrationProtection,
    // Usage is the owner's to see.
    lastLaunchedTime: owned ? isoOrUndefined(img.lastLaunchedTime) : undefined,
  };
}

export function describeImages(env: ActionEnv): string {
  const { params, world, ctx } = env;
  const ids = list(params, 'ImageId');
  const owners = list(params, 'Owner');
  const executableBy = list(params, 'ExecutableBy');
  const fs = filters(params);
  const max = maxResults(params, 5, 1000);
  if (ids && max !== undefined) {
    throw new SimError('InvalidParameterCombination', 'The parameter imagesSet cannot be used with the parameter maxResults');
  }
  for (const o of owners ?? []) {
    if (!ACCOUNT_RE.test(o) && !['self', 'amazon', 'aws-marketplace', 'aws-backup-vault'].includes(o)) {
      throw new SimError('InvalidUserID.Malformed', `Invalid user id: "${o}"`);
    }
  }
  for (const e of executableBy ?? []) {
    if (!ACCOUNT_RE.test(e) && e !== 'self' && e !== 'all') throw new SimError('InvalidUserID.Malformed', `Invalid user id: "${e}"`);
  }
  const pred = compileFilters(fs, IMAGE_FIELDS);
  const includeDeprecated = bool(params, 'IncludeDeprecated');
  bool(params, 'IncludeDisabled');
  if (bool(params, 'DryRun')) throw dryRunError();
  const now = ctx.clock.now();
  // "If you are the AMI owner, all deprecated AMIs appear in the response regardless"; others' only on request.
  const shown = (img: SimImage) => includeDeprecated || img.ownerId === ctx.accountId || img.deprecationTime === undefined || img.deprecationTime > now;
  const base = ids ? lookupImages(env, ids) : world.images.filter((i) => isImageVisible(i, ctx.accountId) && shown(i));
  const ownerOk = (img: SimImage): boolean =>
    !owners ||
    owners.some((o) =>
      o === 'self' ? img.ownerId === ctx.accountId : o === 'amazon' || o === 'aws-marketplace' || o === 'aws-backup-vault' ? img.ownerAlias === o : img.ownerId === o,
    );
  const execOk = (img: SimImage): boolean =>
    !executableBy ||
    executableBy.some((e) => {
      if (e === 'all') return isPublic(img);
      if (e === 'self' || e === ctx.accountId) {
        return img.ownerId === ctx.accountId || img.launchPermissions.some((p) => p.userId === ctx.accountId);
      }
      return img.launchPermissions.some((p) => p.userId === e);
    });
  const matched = base.filter((i) => ownerOk(i) && execOk(i) && pred(i));
  const [page, next] = paginate('DescribeImages', matched, params, max);
  return xmlChildren({ imagesSet: page.map((i) => imageXml(i, ctx.accountId)), nextToken: next });
}

function permXml(p: LaunchPermission): XmlObject {
  return { group: p.group, userId: p.userId, organizationArn: p.organizationArn, organizationalUnitArn: p.organizationalUnitArn };
}

const READABLE_ATTRIBUTES = [
  'description', 'kernel', 'ramdisk', 'launchPermission', 'productCodes', 'blockDeviceMapping', 'sriovNetSupport',
  'bootMode', 'tpmSupport', 'uefiData', 'lastLaunchedTime', 'imdsSupport', 'deregistrationProtection',
];

export function describeImageAttribute(env: ActionEnv): string {
  const { params, ctx } = env;
  const imageId = required(params, 'ImageId');
  const attribute = required(params, 'Attribute');
  if (!READABLE_ATTRIBUTES.includes(attribute)) {
    throw new SimError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. Unknown attribute.`);
  }
  const [img] = lookupImages(env, [imageId]);
  if (bool(params, 'DryRun')) throw dryRunError();
  const owned = img.ownerId === ctx.accountId;
  if (!owned && (attribute === 'launchPermission' || attribute === 'productCodes' || attribute === 'blockDeviceMapping')) {
    throw new SimError('AuthFailure', `Not authorized for image:${img.imageId}`);
  }
  const body: Record<string, XmlValue> = { imageId: img.imageId };
  switch (attribute) {
    case 'launchPermission':
      body.launchPermission = img.launchPermissions.map(permXml);
      break;
    case 'description':
      body.description = img.description !== undefined ? { value: img.description } : {};
      break;
    case 'imdsSupport':
      body.imdsSupport = img.imdsSupport ? { value: img.imdsSupport } : {};
      break;
    case 'productCodes':
      body.productCodes = img.productCodes.map((p) => ({ productCode: p.productCode, type: p.type }));
      break;
    case 'blockDeviceMapping':
      body.blockDeviceMapping = [{ deviceName: img.rootDeviceName, ebs: { snapshotId: `snap-${img.imageId.slice(4)}` } }];
      break;
    case 'bootMode':
      body.bootMode = { value: img.kind.startsWith('mac') ? 'uefi' : 'legacy-bios' };
      break;
    case 'deregistrationProtection':
      body.deregistrationProtection = { value: img.deregistrationProtection };
      break;
    case 'lastLaunchedTime':
      body.lastLaunchedTime = owned && img.lastLaunchedTime !== undefined ? { value: new Date(img.lastLaunchedTime).toISOString() } : {};
      break;
    case 'sriovNetSupport':
      body.sriovNetSupport = { value: 'simple' };
      break;
    default:
      // kernel, ramdisk, tpmSupport, uefiData: unset in this world.
      body[attribute] = {};
  }
  return xmlChildren(body);
}
