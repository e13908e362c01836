import type { Host as Ec2Host } from '@aws-sdk/client-ec2';
import { toEnumName } from '../../schema/enums';
import { HostState, type MacHost } from '../../schema/host.type';
import type { Scope } from '../scope';
import { isAppleSiliconInstanceType } from './mac-families';
import { mapTags } from './mappers';

/** Apple's licence: a Mac host cannot be released during its first 24 hours (ReleaseHosts refuses). */
export const MAC_HOST_MIN_ALLOCATION_MS = 24 * 3_600_000;

/**
 * Host states that change without anyone acting: PENDING (scrubbing after its Mac stopped or
 * terminated) and UNDER_ASSESSMENT (AWS examining a possible fault). The others hold until an
 * action (a stop, a release) moves the host.
 */
export const CHANGING_HOST_STATES: readonly HostState[] = [HostState.PENDING, HostState.UNDER_ASSESSMENT];

/** DescribeHosts' Host → the gateway's MacHost. The family is AWS's when given, else the type's prefix (`mac2-m2pro`). */
export function mapHost(h: Ec2Host, scope: Scope): MacHost {
  const type = h.HostProperties?.InstanceType ?? null;
  const allocation = h.AllocationTime ?? null;
  const capacity = h.AvailableCapacity?.AvailableInstanceCapacity?.find((c) => !type || c.InstanceType === type)?.AvailableCapacity;
  return {
    id: h.HostId ?? '',
    region: scope.region,
    accountId: scope.accountId,
    availabilityZone: h.AvailabilityZone ?? '',
    instanceType: type,
    instanceFamily: h.HostProperties?.InstanceFamily ?? (type ? type.split('.')[0] : null),
    state: toEnumName(h.State ?? 'pending') as HostState,
    allocationTime: allocation,
    releasableAfter: allocation ? new Date(allocation.getTime() + MAC_HOST_MIN_ALLOCATION_MS) : null,
    releaseTime: h.ReleaseTime ?? null,
    availableCapacity: capacity ?? null,
    isAppleSilicon: type ? isAppleSiliconInstanceType(type) : false,
    tags: mapTags(h.Tags),
    instanceIds: (h.Instances ?? []).map((i) => i.InstanceId ?? '').filter(Boolean),
  };
}
