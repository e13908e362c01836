/** DescribeInstanceInformation. */
import type { SharedInstanceView } from '../../core/contract';
import { SimError } from '../../core/contract';
import type { ManagedNode, NodeDirectory } from '../nodes';
import { paginate } from '../../core/json-pagination';
import { optInt, optString, sec, validation } from '../util';
import { type KeyValues, parseFilters } from './filters';

const LEGACY_KEYS = ['InstanceIds', 'AgentVersion', 'PingStatus', 'PlatformTypes', 'ActivationIds', 'IamRole', 'ResourceType', 'AssociationStatus'];
/** Most values one InstanceIds filter may carry (botocore: 1–100, for both filter shapes). */
export const MAX_INSTANCE_ID_VALUES = 100;

function badValue(v: string, key: string): SimError {
  return new SimError('InvalidInstanceInformationFilterValue', `${v} is not a valid value for the ${key} filter.`);
}

function nodePredicate(f: KeyValues, names: Map<string, string | undefined>): (n: ManagedNode) => boolean {
  const vals = f.Values;
  const oneOf = (allowed: string[]) => {
    const bad = vals.find((v) => !allowed.includes(v));
    if (bad !== undefined) throw badValue(bad, f.Key);
  };
  switch (f.Key) {
    case 'InstanceIds':
      return (n) => vals.includes(n.InstanceId);
    case 'SourceIds':
      return (n) => vals.includes(n.SourceId);
    case 'PingStatus':
      oneOf(['Online', 'ConnectionLost', 'Inactive']);
      return (n) => vals.includes(n.PingStatus);
    case 'PlatformTypes':
      oneOf(['Windows', 'Linux', 'MacOS']);
      return (n) => vals.includes(n.PlatformType);
    case 'ResourceType':
      oneOf(['EC2Instance', 'ManagedInstance']);
      return (n) => vals.includes(n.ResourceType);
    case 'SourceTypes':
      return (n) => vals.includes(n.SourceType);
    case 'AgentVersion':
      return (n) => vals.includes(n.AgentVersion);
    case 'AssociationStatus':
      oneOf(['Success', 'Pending', 'Failed']);
      return (n) => vals.includes(n.AssociationStatus);
    case 'IamRole':
      return (n) => vals.includes(n.IamRole);
    case 'ActivationIds':
      return () => false;
    case 'tag-key':
      return (n) => vals.includes('Name') && !!names.get(n.InstanceId);
    default:
      if (f.Key.startsWith('tag:')) {
        // the simulator shares only the Name tag with SSM
        return (n) => f.Key === 'tag:Name' && vals.includes(names.get(n.InstanceId) ?? '\u0000');
      }
      throw new SimError('InvalidFilterKey', `The filter key ${f.Key} is not valid.`);
  }
}

export function describeInstanceInformation(
  nodes: NodeDirectory,
  instances: readonly SharedInstanceView[],
  now: number,
  body: Record<string, unknown>,
) {
  if (body.InstanceInformationFilterList != null && body.Filters != null) {
    throw validation('InstanceInformationFilterList and Filters can not be specified together. Use Filters.');
  }
  const legacy = parseFilters(body.InstanceInformationFilterList, {
    member: 'InstanceInformationFilterList',
    maxFilters: 100,
    maxValues: MAX_INSTANCE_ID_VALUES,
    enumKeys: LEGACY_KEYS,
    keyMember: 'key',
    valuesMember: 'valueSet',
  });
  const filters = legacy ?? parseFilters(body.Filters, { member: 'Filters', maxFilters: 100, maxValues: MAX_INSTANCE_ID_VALUES });
  const max = optInt(body, 'MaxResults', 5, 50) ?? 10;
  const names = new Map(instances.map((i) => [i.instanceId, i.name]));
  const preds = (filters ?? []).map((f) => nodePredicate(f, names));
  let list: readonly SharedInstanceView[] = instances;
  const idFilter = filters?.find((f) => f.Key === 'InstanceIds');
  if (idFilter) {
    const wanted = new Set(idFilter.Values);
    list = instances.filter((i) => wanted.has(i.instanceId));
  }
  const items = nodes.list(list, now).filter((n) => preds.every((p) => p(n)));
  const { page, nextToken } = paginate('DescribeInstanceInformation', items, (n) => n.InstanceId, {
    nextToken: optString(body, 'NextToken'),
    maxResults: max,
    filters: filters ?? null,
  });
  return {
    InstanceInformationList: page.map((n) => ({
      InstanceId: n.InstanceId,
      PingStatus: n.PingStatus,
      LastPingDateTime: sec(n.LastPingDateTime),
      AgentVersion: n.AgentVersion,
      IsLatestVersion: n.IsLatestVersion,
      PlatformType: n.PlatformType,
      PlatformName: n.PlatformName,
      PlatformVersion: n.PlatformVersion,
      IamRole: n.IamRole,
      ResourceType: n.ResourceType,
      ...(n.IPAddress ? { IPAddress: n.IPAddress } : {}),
      ComputerName: n.ComputerName,
      AssociationStatus: n.AssociationStatus,
      SourceId: n.SourceId,
      SourceType: n.SourceType,
    })),
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}
