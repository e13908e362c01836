import type {
  Image as Ec2Image,
  Instance as Ec2Instance,
  LaunchPermission as Ec2LaunchPermission,
  MacModificationTask as Ec2MacTask,
  Tag as Ec2Tag,
} from '@aws-sdk/client-ec2';
import type { Tag } from '../../schema/common.type';
import { InstanceState, LaunchPermissionGroup, MacModificationTaskState, MacModificationTaskType, SipSetting, toEnumName } from '../../schema/enums';
import type { Image, LaunchPermission } from '../../schema/image.type';
import type { Instance } from '../../schema/instance.type';
import type { MacModificationTask, MacSipConfiguration } from '../../schema/mac-task.type';
import type { Scope } from '../scope';
import { isAppleSiliconInstanceType, isMacInstanceType } from './mac-families';

/** EC2 SDK shapes → the gateway's records. Pure functions; the scope comes from the call. */

export function mapTags(tags: Ec2Tag[] | undefined): Tag[] {
  return (tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' }));
}

export function mapInstance(i: Ec2Instance, scope: Scope): Instance {
  const tags = mapTags(i.Tags);
  const type = i.InstanceType ?? '';
  return {
    id: i.InstanceId ?? '',
    region: scope.region,
    accountId: scope.accountId,
    instanceType: type,
    state: toEnumName(i.State?.Name ?? 'pending') as InstanceState,
    isMac: isMacInstanceType(type),
    isAppleSilicon: isAppleSiliconInstanceType(type),
    name: tags.find((t) => t.key === 'Name')?.value ?? null,
    platformDetails: i.PlatformDetails ?? null,
    architecture: i.Architecture ?? null,
    launchTime: i.LaunchTime ?? null,
    availabilityZone: i.Placement?.AvailabilityZone ?? null,
    hostId: i.Placement?.HostId ?? null,
    privateIpAddress: i.PrivateIpAddress ?? null,
    publicIpAddress: i.PublicIpAddress ?? null,
    imageId: i.ImageId ?? '',
    tags,
  };
}

export function mapImage(i: Ec2Image, scope: Scope): Image {
  return {
    id: i.ImageId ?? '',
    region: scope.region,
    accountId: scope.accountId,
    name: i.Name ?? null,
    description: i.Description ?? null,
    state: i.State ?? 'unknown',
    ownerId: i.OwnerId ?? '',
    ownerAlias: i.ImageOwnerAlias ?? null,
    public: i.Public ?? false,
    creationDate: i.CreationDate ? new Date(i.CreationDate) : null,
    architecture: i.Architecture ?? null,
    platformDetails: i.PlatformDetails ?? null,
    imdsSupport: i.ImdsSupport ?? null,
    productCodes: (i.ProductCodes ?? []).map((p) => p.ProductCodeId ?? '').filter(Boolean),
    tags: mapTags(i.Tags),
    deregistrationProtection: i.DeregistrationProtection ?? null,
    deprecationTime: i.DeprecationTime ? new Date(i.DeprecationTime) : null,
    lastLaunchedTime: i.LastLaunchedTime ? new Date(i.LastLaunchedTime) : null,
  };
}

export function mapLaunchPermission(p: Ec2LaunchPermission): LaunchPermission {
  return {
    group: p.Group === 'all' ? LaunchPermissionGroup.ALL : null,
    userId: p.UserId ?? null,
    organizationArn: p.OrganizationArn ?? null,
    organizationalUnitArn: p.OrganizationalUnitArn ?? null,
  };
}

const sip = (v: string | undefined): SipSetting | null => (v ? (v.toUpperCase() as SipSetting) : null);

export function mapMacTask(t: Ec2MacTask, scope: Scope): MacModificationTask {
  const state = toEnumName(t.TaskState ?? 'pending') as MacModificationTaskState;
  const c = t.MacSystemIntegrityProtectionConfig;
  const sipConfiguration: MacSipConfiguration | null = c
    ? {
        status: sip(c.Status) ?? SipSetting.ENABLED,
        appleInternal: sip(c.AppleInternal),
        baseSystem: sip(c.BaseSystem),
        debuggingRestrictions: sip(c.DebuggingRestrictions),
        dTraceRestrictions: sip(c.DTraceRestrictions),
        filesystemProtections: sip(c.FilesystemProtections),
        kextSigning: sip(c.KextSigning),
        nvramProtections: sip(c.NvramProtections),
      }
    : null;
  return {
    id: t.MacModificationTaskId ?? '',
    region: scope.region,
    accountId: scope.accountId,
    instanceId: t.InstanceId ?? '',
    taskType: toEnumName(t.TaskType ?? 'sip-modification') as MacModificationTaskType,
    state,
    startTime: t.StartTime ?? null,
    tags: mapTags(t.Tags),
    sipConfiguration,
    isTerminal: state === MacModificationTaskState.SUCCESSFUL || state === MacModificationTaskState.FAILED,
  };
}
