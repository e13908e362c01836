import type {
  CreateDelegateMacVolumeOwnershipTaskCommandInput,
  CreateMacSystemIntegrityProtectionModificationTaskCommandInput,
  LaunchPermission as Ec2LaunchPermission,
  MacSystemIntegrityProtectionConfigurationRequest,
  TagSpecification,
} from '@aws-sdk/client-ec2';
import type { SipSetting } from '../../schema/enums';

/** Inputs of the EC2 mutations, in the gateway's terms; turned into SDK inputs here only. */

export interface TagValue {
  key: string;
  value: string;
}

export type SipKey = 'appleInternal' | 'baseSystem' | 'debuggingRestrictions' | 'dTraceRestrictions' | 'filesystemProtections' | 'kextSigning' | 'nvramProtections';

/** The Mac's own credentials. Sent to AWS as one JSON string (the SDK marks it sensitive); never kept or logged. */
export interface MacCredentials {
  internalDiskPassword?: string | null;
  rootVolumeUsername?: string | null;
  rootVolumePassword?: string | null;
}

export interface SipTaskInput {
  instanceId: string;
  /** Every setting, unless overridden per setting in `configuration`. */
  status: SipSetting;
  configuration?: Partial<Record<SipKey, SipSetting | null>> | null;
  macCredentials?: MacCredentials | null;
  tags?: TagValue[] | null;
  clientToken: string;
}

export interface VolumeOwnershipTaskInput {
  instanceId: string;
  macCredentials: MacCredentials;
  tags?: TagValue[] | null;
  clientToken: string;
}

/** One launch permission: exactly one of the fields is set (validated by the caller). */
export interface LaunchPermissionSpec {
  userId?: string | null;
  /** `ALL`: everyone, i.e. the AMI is public. */
  group?: 'ALL' | null;
  organizationArn?: string | null;
  organizationalUnitArn?: string | null;
}

const SIP_KEYS: Record<SipKey, keyof MacSystemIntegrityProtectionConfigurationRequest> = {
  appleInternal: 'AppleInternal',
  baseSystem: 'BaseSystem',
  debuggingRestrictions: 'DebuggingRestrictions',
  dTraceRestrictions: 'DTraceRestrictions',
  filesystemProtections: 'FilesystemProtections',
  kextSigning: 'KextSigning',
  nvramProtections: 'NvramProtections',
};

const awsSetting = (s: SipSetting) => (s === 'ENABLED' ? 'enabled' : 'disabled');

function sipOverrides(config: SipTaskInput['configuration']): MacSystemIntegrityProtectionConfigurationRequest | undefined {
  if (!config) return undefined;
  const out: MacSystemIntegrityProtectionConfigurationRequest = {};
  for (const [key, awsKey] of Object.entries(SIP_KEYS) as [SipKey, keyof MacSystemIntegrityProtectionConfigurationRequest][]) {
    const value = config[key];
    if (value) out[awsKey] = awsSetting(value);
  }
  return Object.keys(out).length ? out : undefined;
}

function credentialsJson(c: MacCredentials | null | undefined): string | undefined {
  const fields = c ? Object.entries(c).filter(([, v]) => v !== undefined && v !== null) : [];
  return fields.length ? JSON.stringify(Object.fromEntries(fields)) : undefined;
}

function tagSpecifications(tags: TagValue[] | null | undefined): TagSpecification[] | undefined {
  if (!tags?.length) return undefined;
  return [{ ResourceType: 'mac-modification-task', Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) }];
}

export function sipTaskInput(input: SipTaskInput, DryRun: boolean): CreateMacSystemIntegrityProtectionModificationTaskCommandInput {
  return {
    InstanceId: input.instanceId,
    MacSystemIntegrityProtectionStatus: awsSetting(input.status),
    MacSystemIntegrityProtectionConfiguration: sipOverrides(input.configuration),
    MacCredentials: credentialsJson(input.macCredentials),
    TagSpecifications: tagSpecifications(input.tags),
    ClientToken: input.clientToken,
    DryRun,
  };
}

export function volumeOwnershipTaskInput(input: VolumeOwnershipTaskInput, DryRun: boolean): CreateDelegateMacVolumeOwnershipTaskCommandInput {
  return {
    InstanceId: input.instanceId,
    MacCredentials: credentialsJson(input.macCredentials),
    TagSpecifications: tagSpecifications(input.tags),
    ClientToken: input.clientToken,
    DryRun,
  };
}

export function toEc2LaunchPermission(p: LaunchPermissionSpec): Ec2LaunchPermission {
  return {
    ...(p.userId != null ? { UserId: p.userId } : {}),
    ...(p.group === 'ALL' ? { Group: 'all' as const } : {}),
    ...(p.organizationArn != null ? { OrganizationArn: p.organizationArn } : {}),
    ...(p.organizationalUnitArn != null ? { OrganizationalUnitArn: p.organizationalUnitArn } : {}),
  };
}
