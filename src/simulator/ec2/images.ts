import { SimError } from '../core/contract';
import { ActionEnv, authorizeMutation, dryRunError } from './env';
import { compileFilters, FilterFields } from './filters';
import { ID_PATTERNS, LaunchPermission, SimImage } from './model';
import { paginate } from './paging';
import { bool, filters, list, maxResults, required, struct, structList } from './query';
import { isImageVisible } from './seed';
import { XmlObject, XmlValue, tagSet, xmlChildren } from './xml';

const ACCOUNT_RE = /^\d{12}$/;
const ORG_ARN_RE = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;
const OU_ARN_RE = /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;

function isPublic(img: SimImage): boolean {
  return img.launchPermissions.some((p) => p.group === 'all');
}

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

function imageXml(img: SimImage, accountId: string): XmlObject {
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
  if (bool(params, 'DryRun')) throw dryRunError();
  const base = ids ? lookupImages(env, ids) : world.images.filter((i) => isImageVisible(i, ctx.accountId));
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
      body.deregistrationProtection = { value: 'disabled' };
      break;
    case 'sriovNetSupport':
      body.sriovNetSupport = { value: 'simple' };
      break;
    default:
      // kernel, ramdisk, tpmSupport, uefiData, lastLaunchedTime: unset in this world.
      body[attribute] = {};
  }
  return xmlChildren(body);
}

type PermOp = { add: LaunchPermission[]; remove: LaunchPermission[] };

function parsePermission(raw: Record<string, string>): LaunchPermission {
  const keys = Object.keys(raw);
  const p: LaunchPermission = {};
  for (const k of keys) {
    const v = raw[k];
    if (k === 'UserId') {
      if (!ACCOUNT_RE.test(v)) throw new SimError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${v}" for userId item type.`);
      p.userId = v;
    } else if (k === 'Group') {
      if (v !== 'all') throw new SimError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${v}" for group item type.`);
      p.group = 'all';
    } else if (k === 'OrganizationArn') {
      if (!ORG_ARN_RE.test(v)) throw new SimError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${v}" for organizationArn item type.`);
      p.organizationArn = v;
    } else if (k === 'OrganizationalUnitArn') {
      if (!OU_ARN_RE.test(v)) throw new SimError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${v}" for organizationalUnitArn item type.`);
      p.organizationalUnitArn = v;
    } else {
      throw new SimError('UnknownParameter', `The parameter ${k} is not recognized`);
    }
  }
  const n = Object.keys(p).length;
  if (n !== 1) {
    throw new SimError('InvalidParameterCombination', 'Each launch permission must specify exactly one of UserId, Group, OrganizationArn or OrganizationalUnitArn.');
  }
  return p;
}

function samePerm(a: LaunchPermission, b: LaunchPermission): boolean {
  return a.userId === b.userId && a.group === b.group && a.organizationArn === b.organizationArn && a.organizationalUnitArn === b.organizationalUnitArn;
}

type Modification =
  | { kind: 'launchPermission'; op: PermOp }
  | { kind: 'description'; value: string }
  | { kind: 'imdsSupport'; value: string };

/** Every documented form of ModifyImageAttribute, normalised to one modification. */
function parseModification(params: Record<string, string>): Modification {
  const found: Modification[] = [];
  const attribute = params['Attribute'];
  if (attribute !== undefined && !['launchPermission', 'description', 'imdsSupport', 'productCodes'].includes(attribute)) {
    throw new SimError('InvalidParameterValue', `Value (${attribute}) for parameter attribute is invalid. Valid values: description | imdsSupport | launchPermission`);
  }
  if (attribute === 'productCodes' || list(params, 'ProductCode')) {
    throw new SimError('InvalidParameterValue', 'The productCodes attribute cannot be modified.');
  }
  const add = structList(params, 'LaunchPermission.Add');
  const remove = structList(params, 'LaunchPermission.Remove');
  if (add || remove) {
    found.push({ kind: 'launchPermission', op: { add: (add ?? []).map(parsePermission), remove: (remove ?? []).map(parsePermission) } });
  }
  const legacyLists: [string, keyof LaunchPermission][] = [
    ['UserId', 'userId'], ['UserGroup', 'group'], ['OrganizationArn', 'organizationArn'], ['OrganizationalUnitArn', 'organizationalUnitArn'],
  ];
  const legacyPerms: LaunchPermission[] = [];
  for (const [prefix, field] of legacyLists) {
    for (const v of list(params, prefix) ?? []) {
      const key = field === 'userId' ? 'UserId' : field === 'group' ? 'Group' : field === 'organizationArn' ? 'OrganizationArn' : 'OrganizationalUnitArn';
      legacyPerms.push(parsePermission({ [key]: v }));
    }
  }
  if (attribute === 'launchPermission' || legacyPerms.length) {
    if (attribute !== 'launchPermission') {
      throw new SimError('InvalidParameterCombination', 'UserId, UserGroup, OrganizationArn and OrganizationalUnitArn can be used only when Attribute is launchPermission.');
    }
    const opType = params['OperationType'];
    if (opType === undefined) throw new SimError('MissingParameter', 'The request must contain the parameter OperationType');
    if (opType !== 'add' && opType !== 'remove') throw new SimError('InvalidParameterValue', `Value (${opType}) for parameter operationType is invalid. Valid values: add | remove`);
    if (!legacyPerms.length) throw new SimError('MissingParameter', 'The request must contain at least one of UserId, UserGroup, OrganizationArn or OrganizationalUnitArn');
    found.push({ kind: 'launchPermission', op: opType === 'add' ? { add: legacyPerms, remove: [] } : { add: [], remove: legacyPerms } });
  } else if (params['OperationType'] !== undefined) {
    throw new SimError('InvalidParameterCombination', 'OperationType can be used only when Attribute is launchPermission.');
  }
  const desc = struct(params, 'Description');
  if (desc) found.push({ kind: 'description', value: desc['Value'] ?? '' });
  const imds = struct(params, 'ImdsSupport');
  if (imds) found.push({ kind: 'imdsSupport', value: imds['Value'] ?? '' });
  if (params['Value'] !== undefined) {
    if (attribute === 'description') found.push({ kind: 'description', value: params['Value'] });
    else if (attribute === 'imdsSupport') found.push({ kind: 'imdsSupport', value: params['Value'] });
    else throw new SimError('InvalidParameterCombination', 'Value can be used only when Attribute is description or imdsSupport.');
  } else if ((attribute === 'description' || attribute === 'imdsSupport') && !found.some((f) => f.kind === attribute)) {
    throw new SimError('MissingParameter', 'The request must contain the parameter Value');
  }
  if (found.length === 0) throw new SimError('MissingParameter', 'The request must contain the parameter Attribute or one of Description, ImdsSupport, LaunchPermission');
  if (found.length > 1) throw new SimError('InvalidParameterCombination', 'You can modify only one attribute at a time.');
  const m = found[0];
  if (m.kind === 'launchPermission' && m.op.add.length + m.op.remove.length === 0) {
    throw new SimError('MissingParameter', 'The request must contain at least one launch permission to add or remove');
  }
  if (m.kind === 'imdsSupport' && m.value !== 'v2.0') {
    throw new SimError('InvalidParameterValue', `Value (${m.value}) for parameter imdsSupport is invalid. The only valid value is v2.0.`);
  }
  if (m.kind === 'description' && m.value.length > 255) {
    throw new SimError('InvalidParameterValue', 'The description must be 255 characters or fewer.');
  }
  return m;
}

export function modifyImageAttribute(env: ActionEnv): string {
  const { params, ctx } = env;
  const imageId = required(params, 'ImageId');
  const dryRun = bool(params, 'DryRun');
  const mod = parseModification(params);
  const [img] = lookupImages(env, [imageId]);
  authorizeMutation(env, dryRun);
  if (img.ownerId !== ctx.accountId) throw new SimError('AuthFailure', `Not authorized for image:${img.imageId}`);
  switch (mod.kind) {
    case 'description':
      img.description = mod.value;
      break;
    case 'imdsSupport':
      img.imdsSupport = 'v2.0'; // irreversible: there is no way back
      break;
    case 'launchPermission': {
      if (mod.op.add.some((p) => p.group === 'all') && img.productCodes.length) {
        throw new SimError('InvalidParameter', `Images with an AWS Marketplace product code cannot be made public (image ${img.imageId}).`);
      }
      if (mod.op.add.some((p) => p.userId === ctx.accountId)) {
        throw new SimError('InvalidAMIAttributeItemValue', `Invalid attribute item value "${ctx.accountId}" for userId item type: you cannot share an image with its owner.`);
      }
      let perms = img.launchPermissions.filter((p) => !mod.op.remove.some((r) => samePerm(p, r)));
      for (const a of mod.op.add) if (!perms.some((p) => samePerm(p, a))) perms = [...perms, a];
      img.launchPermissions = perms;
      break;
    }
  }
  return xmlChildren({ return: true });
}
