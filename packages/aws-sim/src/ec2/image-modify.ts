/** ModifyImageAttribute: every documented form (LaunchPermission.Add/Remove, legacy lists, Description, ImdsSupport). */
import { SimError } from '../core/contract';
import { xmlChildren } from '../core/xml';
import { ActionEnv, authorizeMutation } from './env';
import { blockPublicAccessState } from './image-governance';
import { lookupImages } from './images';
import { ACCOUNT_RE, LaunchPermission } from './model';
import { bool, list, required, struct, structList } from './query';

const ORG_ARN_RE = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;
const OU_ARN_RE = /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;

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
        throw new SimError('OperationNotPermitted', 'Images with marketplace product codes may not be made public.');
      }
      if (mod.op.add.some((p) => p.group === 'all') && blockPublicAccessState(env.world, ctx.clock.now()) === 'block-new-sharing') {
        throw new SimError(
          'OperationNotPermitted',
          "You can’t publicly share this image because block public access for AMIs is enabled for this account. To publicly share the image, you must call the DisableImageBlockPublicAccess API.",
        );
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
